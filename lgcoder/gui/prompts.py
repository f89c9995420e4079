"""Every question the workbench asks the user, in one replaceable object.

Keeping modal dialogs here (instead of scattered ``QMessageBox`` calls) lets tests answer them
without blocking, while real widgets do the rest of the work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

if TYPE_CHECKING:
    from lgcoder.gui.dialogs.open_team import TeamLogin


class Prompts:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def text(
        self, title: str, label: str, value: str = "", *, password: bool = False
    ) -> str | None:
        mode = QLineEdit.EchoMode.Password if password else QLineEdit.EchoMode.Normal
        text, ok = QInputDialog.getText(self.parent, title, label, mode, value)
        return text if ok else None

    def multiline(self, title: str, label: str, value: str = "") -> str | None:
        text, ok = QInputDialog.getMultiLineText(self.parent, title, label, value)
        return text if ok else None

    def confirm(self, title: str, question: str, *, default_yes: bool = False) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
        answer = QMessageBox.question(self.parent, title, question, buttons, default)
        return answer == QMessageBox.StandardButton.Yes

    def error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)

    def info(self, title: str, message: str) -> None:
        QMessageBox.information(self.parent, title, message)

    def color(self, current: str) -> str | None:
        chosen = QColorDialog.getColor(QColor(current), self.parent, "Code colour")
        return chosen.name() if chosen.isValid() else None

    def open_files(self, title: str, filters: str) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(self.parent, title, "", filters)
        return list(paths)

    def open_file(self, title: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, title, "", filters)
        return path or None

    def save_file(self, title: str, filters: str, suggested: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, title, suggested, filters)
        return path or None

    def choose(self, title: str, label: str, items: list[str], current: int = 0) -> str | None:
        item, ok = QInputDialog.getItem(self.parent, title, label, items, current, False)
        return item if ok else None

    # -- forms --------------------------------------------------------------------------------

    def new_code(self, parent_path: str | None, color: str) -> tuple[str, str, str] | None:
        """(name, colour, definition) for a new code, or None if cancelled; *color* is proposed."""
        from lgcoder.gui.dialogs.small_dialogs import NewCodeDialog

        dialog = NewCodeDialog(parent_path, color, self.parent)
        if dialog.exec() != NewCodeDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def compare_coders(self, coders: list[tuple[str, str]]) -> tuple[str, str] | None:
        from lgcoder.gui.dialogs.small_dialogs import CompareCodersDialog

        dialog = CompareCodersDialog(coders, self.parent)
        if dialog.exec() != CompareCodersDialog.DialogCode.Accepted:
            return None
        return dialog.pair()

    def team_login(self, recent: list[str], keyring_ok: bool) -> TeamLogin | None:
        """File ▸ Open team project…: a server address and, if needed, a password."""
        from lgcoder.gui.dialogs.open_team import ask_team_login

        return ask_team_login(recent, keyring_ok, self.parent)

    def settings(self, font_size: int, theme: str) -> tuple[int, str] | None:
        from lgcoder.gui.dialogs.small_dialogs import SettingsDialog

        dialog = SettingsDialog(font_size, theme, self.parent)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return None
        return dialog.values()

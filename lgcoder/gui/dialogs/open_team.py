"""File ▸ Open team project…: the address of a server project, and how to log in.

The address is ``postgresql://user@host:port/database`` (as the lead's admin gave it, with
``?sslmode=verify-full`` where the server uses TLS). The password is typed here only when
neither the OS keyring nor ``~/.pgpass`` has it, and it is kept, when asked, in the OS
keyring: never in the settings, the recent list or the project.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from lgcoder.gui.dialogs.buttons import ok_cancel


@dataclass(frozen=True)
class TeamLogin:
    """What the dialog returns: the address, a password if one was typed, and whether to
    keep that password in the OS keyring."""

    url: str
    password: str | None = None
    remember: bool = False


class OpenTeamDialog(QDialog):
    def __init__(self, recent: list[str], keyring_ok: bool, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open team project")
        self.address = QComboBox(self)
        self.address.setEditable(True)
        self.address.addItems(recent)
        self.address.setAccessibleName("Server address")
        self.address.setMinimumWidth(420)
        line = self.address.lineEdit()
        if line is not None:
            line.setPlaceholderText("postgresql://you@server.example.org:5432/study")
        if not recent:
            self.address.setEditText("")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setPlaceholderText("leave empty if ~/.pgpass or the keyring has it")
        self.remember = QCheckBox("Remember the password in this computer's keyring", self)
        self.remember.setChecked(keyring_ok)
        self.remember.setEnabled(keyring_ok)
        if not keyring_ok:
            self.remember.setToolTip("No system keyring here: put the password in ~/.pgpass")
        hint = QLabel(
            "One project per database, as your team's admin set it up "
            "(lgcoder server add-coder). Add ?sslmode=verify-full for a server that uses TLS.",
            self,
        )
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Address:", self.address)
        form.addRow("Password:", self.password)
        form.addRow("", self.remember)
        form.addRow(hint)
        form.addRow(ok_cancel(self, "Open"))

    def login(self) -> TeamLogin | None:
        url = self.address.currentText().strip()
        if not url:
            return None
        password = self.password.text() or None
        return TeamLogin(url, password, bool(password) and self.remember.isChecked())


def ask_team_login(recent: list[str], keyring_ok: bool, parent: QWidget) -> TeamLogin | None:
    dialog = OpenTeamDialog(recent, keyring_ok, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.login()

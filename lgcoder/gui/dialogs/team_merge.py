"""The merge preview and result dialogs: read the report, then apply it or restore the backup.

Both are plain widgets over a :class:`~lgcoder.team.report.MergeReport`; the work itself runs in
:mod:`lgcoder.gui.actions_team` on the task runner.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lgcoder.core.words import counted
from lgcoder.team.report import MergeReport


def _report_view(report: MergeReport) -> QPlainTextEdit:
    view = QPlainTextEdit(report.to_text())
    view.setObjectName("mergeReport")
    view.setReadOnly(True)
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    view.setFont(font)
    view.setMinimumSize(640, 360)
    return view


class MergePreviewDialog(QDialog):
    """Shows what a merge would do; "Merge" applies it (after a backup of the project)."""

    def __init__(
        self,
        report: MergeReport,
        on_apply: Callable[[], None],
        parent: QWidget | None = None,
        *,
        backup: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge project files: preview")
        self.setObjectName("mergePreview")
        self.report = report
        layout = QVBoxLayout(self)
        n = len(report.conflicts)
        # a server project is backed up by its admin (pg_dump); its merge is one transaction
        safety = (
            "the project is backed up before merging"
            if backup
            else "the server applies the merge as one transaction (its admin keeps backups)"
        )
        summary = QLabel(
            f"Nothing has been changed yet. {counted(n, 'conflict')} below {'is' if n == 1 else 'are'} resolved without losing "
            f"anything; {safety}."
            if n
            else f"Nothing has been changed yet. No conflicts; {safety}."
        )
        summary.setWordWrap(True)
        layout.addWidget(summary)
        layout.addWidget(_report_view(report))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("applyMerge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.accepted.connect(on_apply)
        layout.addWidget(buttons)


class MergeResultDialog(QDialog):
    """After a merge: the report, where the backup is, and a one-click way back."""

    def __init__(
        self, report: MergeReport, on_restore: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge finished")
        self.setObjectName("mergeResult")
        layout = QVBoxLayout(self)
        note = QLabel(
            f"The project was backed up before merging to:\n{report.backup}\n"
            "If the result is not what you wanted, restore that backup."
            if report.backup
            else "The merge is done. No backup was made by lgcoder: a server project is backed "
            "up by its admin with pg_dump (packaging/server/README.md)."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(_report_view(report))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("&Restore the backup")
        self.restore_button.setObjectName("restoreBackup")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.restore_button.clicked.connect(on_restore)
        self.restore_button.clicked.connect(self.accept)
        self.restore_button.setVisible(bool(report.backup))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

"""The memo pane: notes on whatever is selected (project, document, code or coding).

Imported Word comments and merge-conflict notes are listed read-only; the researcher's own memo
is edited in place and saved (as one undoable action) when they press Save or leave the box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lgcoder.core.queries_view import MemoInfo


class MemoView(QWidget):
    #: target type, target guid, memo guid ("" for a new memo), old text, new text
    saveRequested = Signal(str, str, str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target: tuple[str, str] = ("project", "")
        self._memo_guid = ""
        self._old = ""
        self.title = QLabel("Project memo", self)
        self.others = QTextBrowser(self)
        self.others.setAccessibleName("Other notes on this item")
        self.others.setMaximumHeight(90)
        self.others.hide()
        self.edit = QPlainTextEdit(self)
        self.edit.setAccessibleName("Memo text")
        self.edit.setPlaceholderText("Write a memo…")
        self.save_button = QPushButton("Save memo", self)
        self.save_button.setEnabled(False)
        self.edit.textChanged.connect(
            lambda: self.save_button.setEnabled(self.edit.toPlainText().strip() != self._old)
        )
        self.save_button.clicked.connect(self.save)
        self.edit.installEventFilter(self)
        row = QHBoxLayout()
        row.addWidget(self.title, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(row)
        layout.addWidget(self.others)
        layout.addWidget(self.edit, 1)

    def show_memos(
        self, title: str, target_type: str, target_guid: str, memos: list[MemoInfo]
    ) -> None:
        """Show the memos of a target; the first own memo is the editable one."""
        if self.save_button.isEnabled():
            self.save()
        self.target = (target_type, target_guid)
        self.title.setText(title)
        own = next((m for m in memos if m.kind == "memo" and m.start is None), None)
        rest = [m for m in memos if m is not own]
        self._memo_guid = own.guid if own else ""
        self._old = own.text if own else ""
        self.edit.blockSignals(True)
        self.edit.setPlainText(self._old)
        self.edit.blockSignals(False)
        self.save_button.setEnabled(False)
        if rest:
            lines = []
            for m in rest:
                head = m.title or m.kind.capitalize()
                who = f" ({m.author})" if m.author else ""
                lines.append(f"<p><b>{head}</b>{who}: {m.text}</p>")
            self.others.setHtml("".join(lines))
            self.others.show()
        else:
            self.others.hide()

    def show_coding_memo(self, title: str, coding_guid: str, memo: str) -> None:
        if self.save_button.isEnabled():
            self.save()
        self.target = ("coding", coding_guid)
        self.title.setText(title)
        self._memo_guid = coding_guid
        self._old = memo
        self.others.hide()
        self.edit.blockSignals(True)
        self.edit.setPlainText(memo)
        self.edit.blockSignals(False)
        self.save_button.setEnabled(False)

    def save(self) -> None:
        new = self.edit.toPlainText().strip()
        if new == self._old:
            return
        old = self._old
        self._old = new
        self.save_button.setEnabled(False)
        self.saveRequested.emit(self.target[0], self.target[1], self._memo_guid, old, new)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leaving the memo box saves it, as in a paper notebook there is no Save to forget."""
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.save()
        return super().eventFilter(watched, event)

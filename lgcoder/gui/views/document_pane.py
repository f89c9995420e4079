"""The centre of the workbench: the open document's name, the text view, a find bar and,
in comparison mode, a banner saying whose stripes are where and how many disagreements remain.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lgcoder.core.words import counted
from lgcoder.gui.views.document_view import DocumentView


class FindBar(QFrame):
    """Ctrl+F: incremental find with next/previous and a match count; Escape closes it."""

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in document")
        self.edit.setAccessibleName("Find in document")
        self.status = QLabel(self)
        prev_btn = QToolButton(self)
        prev_btn.setText("▲")
        prev_btn.setAccessibleName("Previous match")
        next_btn = QToolButton(self)
        next_btn.setText("▼")
        next_btn.setAccessibleName("Next match")
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName("Close find bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(prev_btn)
        layout.addWidget(next_btn)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.edit.textChanged.connect(lambda _t: self.find(from_start=True))
        self.edit.returnPressed.connect(self.find)
        next_btn.clicked.connect(lambda: self.find())
        prev_btn.clicked.connect(lambda: self.find(backwards=True))
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.edit, lambda: self.find(backwards=True))

    def open_bar(self) -> None:
        self.show()
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def find(self, *, backwards: bool = False, from_start: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            self.status.setText("")
            return False
        flags = QTextDocument.FindFlag(0)
        if backwards:
            flags |= QTextDocument.FindFlag.FindBackward
        if from_start:
            cursor = self.view.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.view.setTextCursor(cursor)
        found = self.view.find(needle, flags)
        if not found:  # wrap around
            cursor = self.view.textCursor()
            cursor.movePosition(
                cursor.MoveOperation.End if backwards else cursor.MoveOperation.Start
            )
            self.view.setTextCursor(cursor)
            found = self.view.find(needle, flags)
        count = self.view.document().toPlainText().lower().count(needle.lower()) if found else 0
        self.status.setText(f"{counted(count, 'match')}" if found else "not found")
        return found


class DocumentPane(QWidget):
    compareClosed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel("No document open. Pick one in the Documents list.", self)
        self.header.setObjectName("documentHeader")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        font = self.header.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.header.setFont(font)
        self.view = DocumentView(self)
        self.findbar = FindBar(self.view, self)
        self.findbar.hide()
        self.banner = QFrame(self)
        self.banner.setObjectName("compareBanner")
        self.banner_label = QLabel(self.banner)
        # the banner must not widen the document area and squeeze the docks beside it
        self.banner_label.setWordWrap(True)
        self.banner_label.setMinimumWidth(120)
        self.prev_button = QPushButton("◀ Previous", self.banner)
        self.prev_button.setToolTip("Previous disagreement")
        self.next_button = QPushButton("Next ▶", self.banner)
        self.next_button.setToolTip("Next disagreement (F8)")
        done = QPushButton("End comparison", self.banner)
        blay = QHBoxLayout(self.banner)
        blay.setContentsMargins(6, 3, 6, 3)
        blay.addWidget(self.banner_label, 1)
        blay.addWidget(self.prev_button)
        blay.addWidget(self.next_button)
        blay.addWidget(done)
        self.prev_button.clicked.connect(lambda: self.view.next_disagreement(backwards=True))
        self.next_button.clicked.connect(lambda: self.view.next_disagreement())
        done.clicked.connect(self.compareClosed.emit)
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.findbar)

    def set_header(self, text: str) -> None:
        self.header.setText(text)

    def show_compare(self, left: str, right: str) -> None:
        count = len(self.view.disagreements())
        self.banner_label.setText(
            f"Comparing {left} (left stripes) with {right} (right stripes): "
            f"{counted(count, 'passage')} where they disagree (red)."
        )
        self.banner.show()

    def hide_compare(self) -> None:
        self.banner.hide()

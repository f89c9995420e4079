"""The coded-segments dock: every passage coded with the selected code(s), filterable.

Double-click (or Enter) jumps to the passage in its document; Ctrl+C copies the selected rows as
quotable text with their citations.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from lgcoder.core.queries import CodingRow
from lgcoder.gui.models.segments_model import SegmentsModel, as_text
from lgcoder.gui.views.columns import fit_columns
from lgcoder.gui.views.row_table import RowTable


class _TitleLine(QWidget):
    """One line of text whose changes never relayout the dock.

    The title's count changes with every coding applied; a label in a layout would ask the dock,
    and so the window, to lay out and repaint each time. Here the label is placed by hand in a
    box of fixed height, so a new text only repaints the label.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.label.fontMetrics().height() + 4)
        self.setMinimumWidth(80)

    def sizeHint(self) -> QSize:
        return QSize(240, self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.label.setGeometry(self.rect())
        super().resizeEvent(event)


class SegmentsView(QWidget):
    jumpRequested = Signal(str, int, int, str)  # document guid, start, end, coding guid
    filtersChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SegmentsModel(self)
        self.title_line = _TitleLine(self)
        self.title = self.title_line.label
        self.title.setText("Select a code to see its coded passages.")
        self.doc_filter = QComboBox(self)
        self.doc_filter.setAccessibleName("Filter coded segments by document")
        self.coder_filter = QComboBox(self)
        self.coder_filter.setAccessibleName("Filter coded segments by coder")
        self.subcodes = QCheckBox("Include sub-codes", self)
        self.subcodes.setChecked(True)
        for box in (self.doc_filter, self.coder_filter):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _i: self.filtersChanged.emit())
        self.subcodes.toggled.connect(lambda _b: self.filtersChanged.emit())
        self.table = RowTable(self)
        self.table.setObjectName("segmentsTable")
        self.table.setAccessibleName("Coded segments")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(40)  # measure a screenful, not every row
        # the passage is what people read: code, document and memo get at most a few words'
        # width (elided at the end, full text in the tooltip), the passage all the rest
        fit_columns(self.table, 0, {1: 130, 2: 150, 3: 140, 4: 110, 5: 110})
        self.table.doubleClicked.connect(self._jump)
        self.table.installEventFilter(self)
        bar = QHBoxLayout()
        bar.addWidget(self.title_line, 1)
        bar.addWidget(QLabel("Document:", self))
        bar.addWidget(self.doc_filter)
        bar.addWidget(QLabel("Coder:", self))
        bar.addWidget(self.coder_filter)
        bar.addWidget(self.subcodes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.set_choices([], [])

    def set_choices(self, documents: list[tuple[str, str]], coders: list[tuple[str, str]]) -> None:
        """(guid, name) pairs for the filter boxes; keeps the current choice when still there."""
        for box, items, everyone in (
            (self.doc_filter, documents, "All documents"),
            (self.coder_filter, coders, "All coders"),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everyone, None)
            for guid, name in items:
                box.addItem(name, guid)
            found = box.findData(current)
            box.setCurrentIndex(found if found >= 0 else 0)
            box.blockSignals(False)

    def document_filter(self) -> str | None:
        value = self.doc_filter.currentData()
        return str(value) if value else None

    def coder_filter_guid(self) -> str | None:
        value = self.coder_filter.currentData()
        return str(value) if value else None

    def set_rows(self, title: str, rows: list[CodingRow]) -> None:
        self.title.setText(title)
        self.title.setToolTip(title)
        self.model.set_rows(rows)

    def selected_rows(self) -> list[CodingRow]:
        out = []
        for idx in sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row()):
            row = self.model.row(idx)
            if row is not None:
                out.append(row)
        return out

    def copy_selection(self) -> str:
        text = "\n\n".join(as_text(r) for r in self.selected_rows())
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def _jump(self, idx: QModelIndex) -> None:
        row = self.model.row(idx)
        if row is not None:
            self.jumpRequested.emit(row.document_guid, row.start, row.end, row.guid)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and isinstance(event, QKeyEvent):
            if event.type() != QEvent.Type.KeyPress:
                return super().eventFilter(watched, event)
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return True
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._jump(self.table.currentIndex())
                return True
        return super().eventFilter(watched, event)

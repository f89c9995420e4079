"""The documents dock: every document with its type, share coded, and speakers or cases."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lgcoder.core.words import counted
from lgcoder.gui.models.documents_model import DocumentsModel
from lgcoder.gui.views.cases_view import DOCUMENTS_MIME, documents_mime
from lgcoder.gui.views.columns import names_first


class DocumentsProxy(QSortFilterProxyModel):
    """Text filter plus the selected case's documents; drags carry the documents' guids."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.allowed: set[str] | None = None

    def set_allowed(self, guids: set[str] | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9; invalidateFilter is deprecated there
            self.beginFilterChange()
            self.allowed = guids
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.allowed = guids
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self.allowed is not None:
            model = self.sourceModel()
            assert isinstance(model, DocumentsModel)
            doc = model.summary(model.index(row, 0))
            if doc is None or doc.guid not in self.allowed:
                return False
        return super().filterAcceptsRow(row, parent)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [DOCUMENTS_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        model = self.sourceModel()
        assert isinstance(model, DocumentsModel)
        guids: list[str] = []
        for idx in indexes:
            doc = model.summary(self.mapToSource(idx))
            if doc is not None and doc.guid not in guids:
                guids.append(doc.guid)
        return documents_mime(guids)


class DocumentsView(QWidget):
    documentActivated = Signal(str)
    caseFilterCleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentsModel(self)
        self.proxy = DocumentsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter documents…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter documents")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setObjectName("documentsTable")
        self.table.setAccessibleName("Documents")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(40)  # measure a screenful, not every row
        # names get the room first and elide at the end (eliding in the middle made all three
        # sample files look alike); cases and speakers take what is left, full in the tooltip
        names_first(self.table, name=0, fill=2)
        self.table.setMinimumWidth(260)
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._activated)
        # shown while a case filters the list, so a short list is never mistaken for the project
        self.case_label = QLabel(self)
        self.case_label.setObjectName("documentsCaseFilter")
        self.case_clear = QToolButton(self)
        self.case_clear.setText("Show all")
        self.case_clear.setAutoRaise(True)
        self.case_clear.clicked.connect(self.caseFilterCleared.emit)
        self.case_bar = QWidget(self)
        bar = QHBoxLayout(self.case_bar)
        bar.setContentsMargins(4, 0, 0, 0)
        bar.addWidget(self.case_label, 1)
        bar.addWidget(self.case_clear)
        self.case_bar.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.filter)
        layout.addWidget(self.case_bar)
        layout.addWidget(self.table)

    def set_case_filter(self, name: str | None, guids: set[str] | None) -> None:
        """Show only *guids* (the documents of case *name*); None shows every document."""
        self.proxy.set_allowed(guids)
        self.case_bar.setVisible(guids is not None)
        if guids is not None:
            count = len(guids)
            self.case_label.setText(f"Case “{name}”: {counted(count, 'document')}")

    def selected_guids(self) -> list[str]:
        """The selected documents in list order (the current one if nothing is selected)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        guids = []
        for row in rows:
            doc = self.model.summary(self.proxy.mapToSource(self.proxy.index(row, 0)))
            if doc is not None:
                guids.append(doc.guid)
        current = self.current_guid()
        return guids or ([current] if current else [])

    def _activated(self, idx: QModelIndex) -> None:
        doc = self.model.summary(self.proxy.mapToSource(idx))
        if doc is not None:
            self.documentActivated.emit(doc.guid)

    def current_guid(self) -> str | None:
        doc = self.model.summary(self.proxy.mapToSource(self.table.currentIndex()))
        return doc.guid if doc else None

    def select_guid(self, guid: str) -> None:
        row = self.model.row_of(guid)
        if row is None:
            return
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().blockSignals(True)
        self.table.setCurrentIndex(idx)
        self.table.selectionModel().blockSignals(False)
        self.table.viewport().update()

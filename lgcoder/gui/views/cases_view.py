"""The cases dock: every case with its document count; drop documents on a case to assign them.

The first row, "All documents", is not a case: selecting it lifts the filter that selecting a
case puts on the documents list. The widget only shows and reports (``caseSelected``,
``documentsDropped``); the cases controller does the rest through undoable commands.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lgcoder.core.queries_cases import CaseInfo
from lgcoder.core.words import counted

#: what the documents list puts on a drag: the dragged documents' guids, one per line
DOCUMENTS_MIME = "application/x-lgcoder-documents"
Index = QModelIndex | QPersistentModelIndex


def documents_mime(guids: list[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(DOCUMENTS_MIME, QByteArray("\n".join(guids).encode("utf-8")))
    return mime


def guids_from_mime(mime: QMimeData) -> list[str]:
    if not mime.hasFormat(DOCUMENTS_MIME):
        return []
    raw = bytes(mime.data(DOCUMENTS_MIME).data()).decode("utf-8")
    return [g for g in raw.split("\n") if g]


class CasesModel(QAbstractListModel):
    """Row 0 is "All documents"; then the cases by name. A thin cache of ``list_cases``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cases: list[CaseInfo] = []
        self._total = 0

    def set_cases(self, cases: list[CaseInfo], total_documents: int) -> None:
        self.beginResetModel()
        self._cases, self._total = list(cases), total_documents
        self.endResetModel()

    def case(self, index: Index) -> CaseInfo | None:
        if not index.isValid() or index.row() == 0 or index.row() > len(self._cases):
            return None
        return self._cases[index.row() - 1]

    def cases(self) -> list[CaseInfo]:
        return list(self._cases)

    def row_of(self, guid: str | None) -> int:
        return next((i + 1 for i, c in enumerate(self._cases) if c.guid == guid), 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cases) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self.case(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if case is None:
                return f"All documents  ({self._total})"
            return f"{case.name}  ({len(case.documents)})"
        if role == Qt.ItemDataRole.FontRole and case is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and case is not None:
            tip = f"<b>{case.name}</b>"
            if case.description:
                tip += f"<br/>{case.description}"
            names = [n for _g, n in case.documents]
            if names:
                shown = ", ".join(names[:8]) + (
                    f" and {len(names) - 8} more" if len(names) > 8 else ""
                )
                tip += f"<br/>Documents: {shown}"
            else:
                tip += "<br/>No documents yet: drag documents here."
            for key, value in case.values.items():
                tip += f"<br/>{key}: {value}"
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if case is None:
                return f"All documents, {self._total}"
            return f"Case {case.name}, {counted(len(case.documents), 'document')}"
        return None


class CaseList(QListView):
    """A list that accepts documents dragged from the documents list onto a case."""

    documentsDropped = Signal(str, list)  # case guid, document guids

    def _case_at(self, event: QDragMoveEvent | QDropEvent) -> CaseInfo | None:
        model = self.model()
        assert isinstance(model, CasesModel)
        return model.case(self.indexAt(event.position().toPoint()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(DOCUMENTS_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not event.mimeData().hasFormat(DOCUMENTS_MIME):
            super().dragMoveEvent(event)
            return
        if self._case_at(event) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.setCurrentIndex(self.indexAt(event.position().toPoint()))
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        guids = guids_from_mime(event.mimeData())
        case = self._case_at(event)
        if not guids or case is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.documentsDropped.emit(case.guid, guids)


class CasesView(QWidget):
    caseSelected = Signal(str)  # "" for "All documents"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CasesModel(self)
        self.list = CaseList(self)
        self.list.setObjectName("casesList")
        self.list.setAccessibleName("Cases")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAcceptDrops(True)
        self.list.setDropIndicatorShown(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        for key, text, tip in (
            ("new", "New…", "New case (holding the selected documents)"),
            ("speakers", "From speakers", "One case per transcript speaker"),
            ("properties", "Properties…", "The selected case's attribute values"),
            ("delete", "Delete…", "Delete the selected case (its documents stay)"),
        ):
            button = QToolButton(self)
            button.setObjectName(f"cases_{key}")
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setAutoRaise(True)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self._update_buttons()

    def set_cases(self, cases: list[CaseInfo], total_documents: int) -> None:
        """Show *cases*, keeping the selected case selected (quietly) if it still exists."""
        current = self.current_guid()
        self.list.selectionModel().blockSignals(True)
        self.model.set_cases(cases, total_documents)
        self.list.setCurrentIndex(self.model.index(self.model.row_of(current), 0))
        self.list.selectionModel().blockSignals(False)
        self._update_buttons()

    def current_guid(self) -> str | None:
        case = self.model.case(self.list.currentIndex())
        return case.guid if case else None

    def current_case(self) -> CaseInfo | None:
        return self.model.case(self.list.currentIndex())

    def select_guid(self, guid: str | None) -> None:
        self.list.setCurrentIndex(self.model.index(self.model.row_of(guid), 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        case = self.model.case(current)
        self._update_buttons()
        self.caseSelected.emit(case.guid if case else "")

    def _update_buttons(self) -> None:
        has_case = self.current_case() is not None
        self.buttons["properties"].setEnabled(has_case)
        self.buttons["delete"].setEnabled(has_case)

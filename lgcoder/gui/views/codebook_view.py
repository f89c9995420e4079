"""The codebook dock: colour swatches, counts, a filter box, drag-and-drop editing.

Double-clicking a code applies it to the selected passage (or lists its coded segments when
nothing is selected); dropping a selected passage on a code codes it; dragging a code onto
another reparents it, between two codes reorders it.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from lgcoder.core.queries import CodeNode
from lgcoder.gui.models.code_tree_model import CodeTreeModel

#: the Key, Codings and Docs columns
COUNT_COLUMNS = (1, 2, 3)


class CodeFilterProxy(QSortFilterProxyModel):
    """Filters by name, keeping the ancestors of matches (Qt's recursive filtering).

    Not dynamic: names change only when the tree is read again (a reset, which re-filters), so
    a count changing after each coding must not make the proxy re-examine the whole tree.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(0)


class CodebookView(QWidget):
    codeActivated = Signal(str)  # double-click / Enter on a code
    selectionChangedGuids = Signal(list)

    def __init__(self, model: CodeTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = CodeFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter codes…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter codes")
        self.filter.textChanged.connect(self._on_filter)
        self.tree = QTreeView(self)
        self.tree.setObjectName("codebookTree")
        self.tree.setAccessibleName("Codebook")
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setResizeContentsPrecision(60)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The key and count columns fit their contents, but measured by us: Qt's
        # ResizeToContents would measure every row of the tree each time one count changes.
        for col in COUNT_COLUMNS:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        model.modelReset.connect(self.fit_count_columns)
        model.dataChanged.connect(self._grow_count_columns)
        self.tree.doubleClicked.connect(self._on_double_click)
        self.tree.installEventFilter(self)
        self.tree.selectionModel().selectionChanged.connect(self._on_selection)
        self.filter.returnPressed.connect(self._on_filter_enter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self._last_activation = -1
        self.fit_count_columns()

    def fit_count_columns(self) -> None:
        for col in COUNT_COLUMNS:
            self.tree.resizeColumnToContents(col)

    def _grow_count_columns(self, top: QModelIndex, bottom: QModelIndex, *_roles: object) -> None:
        """Widen a count column if the changed cell no longer fits (only the cells changed)."""
        header = self.tree.header()
        for col in range(max(1, top.column()), bottom.column() + 1):
            for row in {top.row(), bottom.row()}:
                index = self.proxy.mapFromSource(self.model.index(row, col, top.parent()))
                if not index.isValid():
                    continue
                wanted = self.tree.sizeHintForIndex(index).width() + self.tree.indentation() // 4
                if wanted > header.sectionSize(col):
                    header.resizeSection(col, wanted)

    # -- state across model resets -----------------------------------------------------------

    def expanded_guids(self) -> set[str]:
        out: set[str] = set()
        for node in self.model.nodes():
            idx = self.proxy.mapFromSource(self.model.index_of(node.guid))
            if idx.isValid() and self.tree.isExpanded(idx):
                out.add(node.guid)
        return out

    def set_tree(self, roots: list[CodeNode]) -> None:
        """Replace the tree, keeping what was expanded and selected (new codes show expanded)."""
        known = {n.guid for n in self.model.nodes()}
        expanded = self.expanded_guids()
        selected = self.selected_guids()
        self.model.set_tree(roots)
        for node in self.model.nodes():
            if node.guid in expanded or node.guid not in known:
                self.tree.setExpanded(
                    self.proxy.mapFromSource(self.model.index_of(node.guid)), True
                )
        if selected:
            self.select_guids(selected, emit=False)

    def selected_guids(self) -> list[str]:
        out = []
        for idx in self.tree.selectionModel().selectedRows(0):
            node = self.model.node(self.proxy.mapToSource(idx))
            if node is not None:
                out.append(node.guid)
        return out

    def current_guid(self) -> str | None:
        node = self.model.node(self.proxy.mapToSource(self.tree.currentIndex()))
        return node.guid if node else None

    def select_guids(self, guids: list[str], *, emit: bool = True) -> None:
        sm = self.tree.selectionModel()
        if not emit:
            sm.blockSignals(True)
        sm.clearSelection()
        first = True
        for guid in guids:
            idx = self.proxy.mapFromSource(self.model.index_of(guid))
            if not idx.isValid():
                continue
            flags = sm.SelectionFlag.Select | sm.SelectionFlag.Rows
            if first:
                sm.setCurrentIndex(idx, flags)
                self.tree.scrollTo(idx)
                first = False
            else:
                sm.select(idx, flags)
        if not emit:
            sm.blockSignals(False)
            self.tree.viewport().update()

    # -- events ----------------------------------------------------------------------------

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.tree.expandAll()

    def _on_filter_enter(self) -> None:
        idx = self.proxy.index(0, 0)
        while idx.isValid() and self.proxy.rowCount(idx) and not self._matches(idx):
            idx = self.proxy.index(0, 0, idx)
        if idx.isValid():
            self.tree.setCurrentIndex(idx)
            self.tree.setFocus()

    def _matches(self, idx: QModelIndex) -> bool:
        text = self.filter.text().strip().lower()
        return bool(text) and text in str(idx.data()).lower()

    def _on_double_click(self, idx: QModelIndex) -> None:
        node = self.model.node(self.proxy.mapToSource(idx))
        if node is not None:
            self.codeActivated.emit(node.guid)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a code applies it, like a double-click (keyboard-only coding)."""
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.tree.currentIndex().isValid():
                self._on_double_click(self.tree.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _on_selection(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self.selectionChangedGuids.emit(self.selected_guids())

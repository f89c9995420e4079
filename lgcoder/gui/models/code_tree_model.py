"""The codebook as a QAbstractItemModel: a thin, documented cache over ``queries.code_tree``.

The model never writes. Drag-and-drop inside the tree (reparent/reorder) and passages dropped
from the document view are turned into *requests* (signals) that the window runs as undoable
commands; the broadcast then refreshes the model. Counts update in place for just the codes an
action touched, so coding a passage never resets the tree (no lost expansion or selection).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from lgcoder.core.queries import CodeNode
from lgcoder.core.words import counted
from lgcoder.gui.mime import CODE_MIME, PASSAGE_MIME, read_passage_mime

COLUMNS = ("Code", "Key", "Codings", "Docs")
Index = QModelIndex | QPersistentModelIndex

_swatches: dict[str, QIcon] = {}


def swatch(color: str) -> QIcon:
    """A small rounded colour square, cached per colour."""
    icon = _swatches.get(color)
    if icon is None:
        pix = QPixmap(14, 14)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(color))
        painter.setPen(QColor(color).darker(140))
        painter.drawRoundedRect(1, 1, 12, 12, 3, 3)
        painter.end()
        icon = _swatches[color] = QIcon(pix)
    return icon


class _Item:
    __slots__ = ("children", "node", "parent", "row")

    def __init__(self, node: CodeNode | None, parent: _Item | None, row: int) -> None:
        self.node = node
        self.parent = parent
        self.row = row
        self.children: list[_Item] = []


class CodeTreeModel(QAbstractItemModel):
    codeMoveRequested = Signal(str, object, object)  # guid, new parent guid | None, position
    passageDropped = Signal(str, str, int, int)  # code guid, document guid, start, end

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = _Item(None, None, 0)
        self._by_guid: dict[str, _Item] = {}
        self.pins: dict[str, int] = {}

    # -- content ---------------------------------------------------------------------------

    def set_tree(self, roots: list[CodeNode]) -> None:
        self.beginResetModel()
        self._root = _Item(None, None, 0)
        self._by_guid = {}

        def build(nodes: list[CodeNode], parent: _Item) -> None:
            for row, node in enumerate(nodes):
                item = _Item(node, parent, row)
                parent.children.append(item)
                self._by_guid[node.guid] = item
                build(node.children, item)

        build(roots, self._root)
        self.endResetModel()

    def set_pins(self, pins: dict[str, int]) -> None:
        self.pins = dict(pins)
        if self._root.children:
            self._emit_column_changed(1)

    def _emit_column_changed(self, column: int) -> None:
        for item in self._by_guid.values():
            idx = self.createIndex(item.row, column, item)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DisplayRole])

    def update_counts(self, counts: dict[str, tuple[int, int]]) -> None:
        """New (codings, documents) for some codes, updated in place."""
        for guid, (n, d) in counts.items():
            item = self._by_guid.get(guid)
            if item is None or item.node is None:
                continue
            item.node.codings, item.node.documents = n, d
            while item is not None and item.node is not None:  # parents show totals too
                item.node.total_codings = item.node.codings + sum(
                    c.node.total_codings for c in item.children if c.node is not None
                )
                left = self.createIndex(item.row, 2, item)
                right = self.createIndex(item.row, 3, item)
                self.dataChanged.emit(left, right, [Qt.ItemDataRole.DisplayRole])
                item = item.parent

    def node(self, index: Index) -> CodeNode | None:
        if not index.isValid():
            return None
        item: _Item = index.internalPointer()
        return item.node

    def node_by_guid(self, guid: str) -> CodeNode | None:
        item = self._by_guid.get(guid)
        return item.node if item else None

    def index_of(self, guid: str, column: int = 0) -> QModelIndex:
        item = self._by_guid.get(guid)
        if item is None:
            return QModelIndex()
        return self.createIndex(item.row, column, item)

    def nodes(self) -> list[CodeNode]:
        """Every code, depth-first (parents first)."""
        out: list[CodeNode] = []

        def walk(item: _Item) -> None:
            for child in item.children:
                assert child.node is not None
                out.append(child.node)
                walk(child)

        walk(self._root)
        return out

    # -- QAbstractItemModel ----------------------------------------------------------------

    def _item(self, index: Index) -> _Item:
        return index.internalPointer() if index.isValid() else self._root  # type: ignore[no-any-return]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        item = self._item(parent)
        if row >= len(item.children):
            return QModelIndex()
        return self.createIndex(row, column, item.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        item: _Item = index.internalPointer()
        parent = item.parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._item(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return (
                "Code name",
                "Keyboard key (1–9) that applies this code to the selection",
                "Coded passages",
                "Documents with this code",
            )[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._item(index).node
        if node is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return node.name
            if col == 1:
                key = self.pins.get(node.guid)
                return str(key) if key else ""
            return node.count_label if col == 2 else str(node.documents)
        if role == Qt.ItemDataRole.EditRole and col == 0:
            return node.name
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return swatch(node.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"<b>{node.path}</b>"
            if node.description:
                tip += f"<br/>{node.description}"
            tip += (
                f"<br/>{counted(node.codings, 'coding')} in {counted(node.documents, 'document')}"
            )
            if node.children:
                tip += f"; with sub-codes {counted(node.total_codings, 'coding')}"
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 0:
            return f"{node.path}, {counted(node.codings, 'coding')}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (
            base
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    # -- drag and drop ---------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME, PASSAGE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        guids = []
        for idx in indexes:
            node = self.node(idx)
            if node is not None and idx.column() == 0:
                guids.append(node.guid)
        if guids:
            mime.setData(CODE_MIME, QByteArray(guids[0].encode("ascii")))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if data.hasFormat(PASSAGE_MIME):
            return parent.isValid() and row == -1
        return data.hasFormat(CODE_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        passage = read_passage_mime(data)
        if passage is not None:
            node = self.node(parent)
            if node is None or row != -1:
                return False
            self.passageDropped.emit(node.guid, *passage)
            return True
        if not data.hasFormat(CODE_MIME):
            return False
        guid = bytes(data.data(CODE_MIME).data()).decode("ascii")
        moving = self._by_guid.get(guid)
        if moving is None:
            return False
        target = self.node(parent)
        parent_guid = target.guid if target else None
        position: int | None = None if row < 0 else row
        current_parent = moving.parent.node.guid if moving.parent and moving.parent.node else None
        if position is not None and current_parent == parent_guid and moving.row < position:
            position -= 1  # the list the core indexes into excludes the moving code
        self.codeMoveRequested.emit(guid, parent_guid, position)
        return False  # the broadcast rebuilds the tree; Qt must not remove the source row

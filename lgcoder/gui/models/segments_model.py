"""The coded-segments table: one row per coded passage of the selected code(s)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from lgcoder.core.queries import Citation, CodingRow
from lgcoder.gui.models.code_tree_model import swatch
from lgcoder.gui.models.list_model import Index, ListTableModel

COLUMNS = ("Passage", "Code", "Document", "Where", "Coder", "Memo")


def cite(citation: Citation) -> str:
    """A short human citation: page, speaker, timestamp or paragraph, as available."""
    parts = []
    if citation.page:
        parts.append(f"p. {citation.page}")
    if citation.speaker:
        parts.append(citation.speaker)
    if citation.timestamp is not None:
        total = int(citation.timestamp)
        parts.append(f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}")
    if not parts and citation.paragraph:
        parts.append(f"para. {citation.paragraph}")
    return ", ".join(parts)


def as_text(row: CodingRow) -> str:
    """How a copied row reads when pasted into notes or an email."""
    where = ", ".join(p for p in (row.document, cite(row.citation)) if p)
    text = f"“{' '.join(row.text.split())}” ({where}) [{row.code}; {row.coder}]"
    if row.memo:
        text += f"\n    Memo: {row.memo}"
    return text


class SegmentsModel(ListTableModel[CodingRow]):
    """Rows in the order the service returns them (document, then position); single rows go
    in and out where they sort, without a reset, so the list keeps its scroll and selection."""

    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._by_guid: dict[str, CodingRow] = {}
        #: the shown text of each cell, by coding (rows are plain values: a guid's row changes
        #: only by being taken out and put back, which drops its entry)
        self._cells: dict[str, tuple[str, ...]] = {}

    def set_rows(self, rows: list[CodingRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._by_guid = {r.guid: r for r in self._rows}
        self._cells = {}
        self.endResetModel()

    def has(self, guid: str) -> bool:
        return guid in self._by_guid

    def remove_guids(self, guids: Iterable[str], key: Callable[[CodingRow], Any]) -> int:
        """Take out the rows of these codings, found by bisection on *key* (the order the rows
        are in); no reset."""
        removed = 0
        for guid in guids:
            row = self._by_guid.pop(guid, None)
            self._cells.pop(guid, None)
            if row is None:
                continue
            at = bisect.bisect_left(self._rows, key(row), key=key)
            while at < len(self._rows) and self._rows[at].guid != guid:
                at += 1
            if at == len(self._rows):  # not where it sorts (never expected): look everywhere
                at = next(i for i, r in enumerate(self._rows) if r.guid == guid)
            self.beginRemoveRows(QModelIndex(), at, at)
            del self._rows[at]
            self.endRemoveRows()
            removed += 1
        return removed

    def insert_sorted(self, rows: Iterable[CodingRow], key: Callable[[CodingRow], Any]) -> None:
        """Insert each row where *key* sorts it among rows already sorted by *key*; no reset."""
        for row in rows:
            at = bisect.bisect_right(self._rows, key(row), key=key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, row)
            self._by_guid[row.guid] = row
            self._cells.pop(row.guid, None)
            self.endInsertRows()

    def row(self, index: Index) -> CodingRow | None:
        return self.row_at(index)

    def rows(self) -> list[CodingRow]:
        return self.all_rows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A painted screenful asks every cell for eight or so roles; most are answered "no"
        # here before the row is looked up, and the shown texts are worked out once per row.
        if role not in _ROLES:
            return None
        row = self.row(index)
        if row is None:
            return None
        col = index.column()
        if role == _DISPLAY:
            cells = self._cells.get(row.guid)
            if cells is None:
                if len(self._cells) > 5000:
                    self._cells.clear()
                cells = self._cells[row.guid] = (
                    " ".join(row.text.split()),
                    row.code,
                    row.document,
                    cite(row.citation),
                    row.coder,
                    row.memo,
                )
            return cells[col]
        if role == _TOOLTIP:  # the full text of whatever is elided
            return (row.text, row.code, row.document, cite(row.citation), row.coder, row.memo)[
                col
            ] or None
        if col == 1:  # decoration
            return swatch(row.code_color)
        return None


_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ROLES = frozenset({_DISPLAY, _TOOLTIP, Qt.ItemDataRole.DecorationRole})

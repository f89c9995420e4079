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
    COLUMNS = COLUMNS

    def set_rows(self, rows: list[CodingRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def remove_guids(self, guids: Iterable[str]) -> int:
        """Take out the rows of these codings (each run of rows in one step); no reset."""
        gone = set(guids)
        removed = 0
        i = len(self._rows) - 1
        while i >= 0:
            if self._rows[i].guid not in gone:
                i -= 1
                continue
            last = i
            while i >= 0 and self._rows[i].guid in gone:
                i -= 1
            self.beginRemoveRows(QModelIndex(), i + 1, last)
            del self._rows[i + 1 : last + 1]
            self.endRemoveRows()
            removed += last - i
        return removed

    def insert_sorted(self, rows: Iterable[CodingRow], key: Callable[[CodingRow], Any]) -> None:
        """Insert each row where *key* sorts it among rows already sorted by *key*; no reset."""
        for row in rows:
            at = bisect.bisect_right(self._rows, key(row), key=key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, row)
            self.endInsertRows()

    def row(self, index: Index) -> CodingRow | None:
        return self.row_at(index)

    def rows(self) -> list[CodingRow]:
        return self.all_rows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index)
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                " ".join(row.text.split()),
                row.code,
                row.document,
                cite(row.citation),
                row.coder,
                row.memo,
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole:  # the full text of whatever is elided
            return (row.text, row.code, row.document, cite(row.citation), row.coder, row.memo)[
                col
            ] or None
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return swatch(row.code_color)
        return None

"""The coded-segments table: one row per coded passage of the selected code(s)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

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

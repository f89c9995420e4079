"""The documents list: name with a type icon, share coded, codings, speakers or cases."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from lgcoder.core.queries_view import DocumentSummary
from lgcoder.core.words import counted, noun_for
from lgcoder.gui.models.list_model import Index, ListTableModel

COLUMNS = ("Document", "Coded", "People")

#: letter and colour of the type badge for each document kind an importer may report
_KINDS: dict[str, tuple[str, str]] = {
    "transcript": ("T", "#117733"),
    "subtitles": ("T", "#117733"),
    "vtt": ("T", "#117733"),
    "srt": ("T", "#117733"),
    "pdf": ("P", "#cc3311"),
    "docx": ("W", "#2b579a"),
    "word": ("W", "#2b579a"),
    "odt": ("W", "#2b579a"),
    "rtf": ("W", "#2b579a"),
    "html": ("H", "#aa4499"),
    "markdown": ("M", "#555555"),
    "text": ("A", "#777777"),
}
_icons: dict[str, QIcon] = {}


def kind_icon(kind: str) -> QIcon:
    letter, color = _KINDS.get(kind.lower(), (kind[:1].upper() or "?", "#777777"))
    key = letter + color
    icon = _icons.get(key)
    if icon is None:
        pix = QPixmap(16, 16)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(color))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(0, 0, 16, 16, 3, 3)
        painter.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, letter)
        painter.end()
        icon = _icons[key] = QIcon(pix)
    return icon


class DocumentsModel(ListTableModel[DocumentSummary]):
    COLUMNS = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._row_of: dict[str, int] = {}

    def set_documents(self, rows: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {r.guid: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def update_shares(self, shares: dict[str, tuple[float, int]]) -> None:
        """Refresh coded share and count for the documents an action touched."""
        for guid, (share, count) in shares.items():
            row = self._row_of.get(guid)
            if row is None:
                continue
            self._rows[row] = replace(self._rows[row], coded_share=share, codings=count)
            self.dataChanged.emit(self.index(row, 1), self.index(row, 1))

    def update_codings(self, counts: dict[str, int]) -> None:
        """Refresh just the number of codings of some documents (their share follows later)."""
        for guid, count in counts.items():
            row = self._row_of.get(guid)
            if row is None or self._rows[row].codings == count:
                continue
            self._rows[row] = replace(self._rows[row], codings=count)
            self.dataChanged.emit(self.index(row, 1), self.index(row, 1))

    def summary(self, index: Index) -> DocumentSummary | None:
        return self.row_at(index)

    def row_of(self, guid: str) -> int | None:
        return self._row_of.get(guid)

    def summaries(self) -> list[DocumentSummary]:
        return self.all_rows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        doc = self.summary(index)
        if doc is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return doc.name
            if col == 1:
                return f"{doc.coded_share:.0%}"
            people = ", ".join(doc.speakers)
            cases = ", ".join(doc.cases)
            return "; ".join(p for p in (cases, people) if p)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return kind_icon(doc.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"<b>{doc.name}</b><br/>{doc.kind}, {doc.chars:,} {noun_for(doc.chars, 'character')}"
            tip += f"<br/>{doc.coded_share:.0%} coded ({counted(doc.codings, 'coding')})"
            if doc.speakers:
                tip += "<br/>Speakers: " + ", ".join(doc.speakers)
            if doc.cases:
                tip += "<br/>Cases: " + ", ".join(doc.cases)
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

"""Column widths for tables whose text matters: the long column gets the spare room.

Qt's ResizeToContents on a document-name or memo column lets one long value take half a laptop
screen, leaving the passage itself 20 characters wide. :func:`fit_columns` gives short columns
their content width up to a cap (the rest elides at the end, with the full text in the tooltip)
and lets one column stretch over everything left.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView
from shiboken6 import isValid

#: Room for the sort arrow and cell padding beside the measured text.
_PADDING = 14
#: Rows measured for a column's width (sizeHintForColumn reads the vertical header's precision,
#: 1000 by default): a screenful and some, so 10,000 coded passages re-measure quickly.
_MEASURED_ROWS = 60


class _Refit(QObject):
    """Runs *refit* once the event loop is free, however many changes asked for it (a project
    opening updates hundreds of rows), and whenever the watched viewport changes size."""

    def __init__(self, parent: QObject, refit: Callable[[], None]) -> None:
        super().__init__(parent)
        self.refit = refit
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(refit)

    def soon(self, *_args: object) -> None:
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.soon()
        return False


def fit_columns(table: QTableView, stretch: int, caps: dict[int, int]) -> Callable[[], None]:
    """Stretch column *stretch*; size the others to their content, at most ``caps[col]`` px.

    Columns without a cap size to their content exactly (short values: a percentage, a page).
    Widths are re-measured whenever the model's rows change or the table is resized; the
    returned function re-measures on demand (after filling a QTableWidget cell by cell).
    """
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    table.verticalHeader().setResizeContentsPrecision(_MEASURED_ROWS)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    model = table.model()
    for col in range(model.columnCount()):
        if col == stretch:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        elif col in caps:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        else:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

    def measure() -> None:
        if not isValid(table):  # the model may signal while the table is being destroyed
            return
        wanted = {
            col: max(table.sizeHintForColumn(col), header.sectionSizeHint(col)) + _PADDING
            for col in caps
        }
        others = sum(
            header.sectionSize(c)
            for c in range(model.columnCount())
            if c != stretch and c not in caps
        )
        # on a wide screen everything fits in half the width: no need to cut anything short
        roomy = others + sum(wanted.values()) <= table.viewport().width() // 2
        for col, cap in caps.items():
            header.resizeSection(col, max(40, wanted[col] if roomy else min(cap, wanted[col])))

    def inserted(_parent: QModelIndex, first: int, last: int) -> None:
        """A few rows in (one coding applied): re-measure only if one of them is wider than
        its column and the column may still grow; measuring a screenful costs a frame."""
        if last - first > 10:
            later.soon()
            return
        for col, cap in caps.items():
            size = header.sectionSize(col)
            if size >= cap:
                continue
            for row in range(first, last + 1):
                hint = table.sizeHintForIndex(model.index(row, col)).width() + _PADDING
                if hint > size:
                    later.soon()
                    return

    later = _Refit(table, measure)
    table.viewport().installEventFilter(later)
    for signal in (model.modelReset, model.layoutChanged):
        signal.connect(later.soon)
    model.rowsInserted.connect(inserted)
    measure()
    return measure


def names_first(table: QTableView, name: int, fill: int, fill_min: int = 40) -> None:
    """Column *name* gets its full content width when it fits, *fill* whatever is left.

    For a narrow dock listing long, similar file names ("harrowfield-roundtable-session1.docx",
    "...-session2.vtt"): the names are what tell rows apart, so they get the room first and the
    secondary column (people, cases) shrinks; only a name too long for the whole width elides,
    at its end, with the full name in the tooltip.
    """
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    table.verticalHeader().setResizeContentsPrecision(_MEASURED_ROWS)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    model = table.model()
    for col in range(model.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Interactive
            if col in (name, fill)
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(col, mode)

    def refit() -> None:
        if not isValid(table):
            return
        room = table.viewport().width()
        others = sum(
            header.sectionSize(c) for c in range(model.columnCount()) if c not in (name, fill)
        )
        wanted = max(table.sizeHintForColumn(name), header.sectionSizeHint(name)) + _PADDING
        width = max(80, min(wanted, room - others - fill_min))
        header.resizeSection(name, width)
        header.resizeSection(fill, max(fill_min, room - others - width))

    later = _Refit(table, refit)
    table.viewport().installEventFilter(later)
    for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.dataChanged):
        signal.connect(later.soon)
    refit()

"""A table view that repaints only what a single row going in or out actually moved.

Qt answers any inserted or removed row with a delayed re-layout that repaints the whole
viewport: on the coded-segments list that was a screenful of cells asked for again (several
roles each, through Python) on every coding applied or undone, even when the row went in far
below what is on screen. Rows here all have the same height (the vertical header is never
resized to contents), so a row that changes at position *r* moves only the rows from *r*
down: this view repaints from there to the bottom, or nothing but the scroll bar when the row
is below the last one shown. Anything else (a reset, a sort, new columns) gets Qt's full
re-layout as before.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QTableView, QWidget


class RowTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: the viewport y from which rows moved since the last layout (None: no row change)
        self._moved_from: int | None = None
        #: something other than single rows changed: the next layout is Qt's full one
        self._full = False

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._full = True
        if model is None:
            return
        model.rowsAboutToBeInserted.connect(self._rows_changing)
        model.rowsAboutToBeRemoved.connect(self._rows_changing)
        for signal in (
            model.modelAboutToBeReset,
            model.layoutAboutToBeChanged,
            model.columnsAboutToBeInserted,
            model.columnsAboutToBeRemoved,
            model.rowsAboutToBeMoved,
        ):
            signal.connect(self._everything_changing)

    def _everything_changing(self, *_args: object) -> None:
        self._full = True

    def _rows_changing(
        self, parent: QModelIndex | QPersistentModelIndex, first: int, _last: int
    ) -> None:
        """Before rows *first*.. go in or out: where on screen the rows start to move."""
        if parent.isValid():
            self._full = True
            return
        height = self.viewport().height()
        top = self.rowAt(0)
        bottom = self.rowAt(height - 1)
        if top >= 0 and bottom >= 0 and first > bottom:
            y = height  # below everything shown: only the scroll bar changes
        elif top < 0 or first <= top:
            y = 0
        elif first >= self.model().rowCount():  # after the last row, which ends on screen
            y = self.rowViewportPosition(first - 1) + self.rowHeight(first - 1)
        else:
            y = max(0, self.rowViewportPosition(first))
        self._moved_from = y if self._moved_from is None else min(self._moved_from, y)

    def doItemsLayout(self) -> None:
        moved, full = self._moved_from, self._full
        self._moved_from, self._full = None, False
        if full or moved is None:
            super().doItemsLayout()
            return
        self.updateGeometries()  # scroll bar range, header geometry
        header = self.verticalHeader()
        if not header.updatesEnabled():  # QTableView turns it off while rows are removed
            header.setUpdatesEnabled(True)
        viewport = self.viewport()
        if moved < viewport.height():
            viewport.update(0, moved, viewport.width(), viewport.height() - moved)

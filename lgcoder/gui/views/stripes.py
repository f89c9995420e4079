"""The coding-stripe margin beside the text (MAXQDA/NVivo style).

One vertical bar per coding, in its code's colour, with the code's name written along it. Bars
for overlapping codings sit in separate lanes. In comparison mode the left lanes are the first
coder's, the right lanes the second's, and a red mark in the middle column flags every passage
where the two disagree. Clicking a bar selects that coding; hovering shows its details.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from lgcoder.gui.offsets import OffsetMap
from lgcoder.gui.views.looks import CodeLook
from lgcoder.gui.views.span_index import SpanIndex
from lgcoder.gui.views.text_layout import Visible


class StripeSource(Protocol):
    """What the gutter reads from the document view beside it."""

    index: SpanIndex
    omap: OffsetMap
    compare_pair: tuple[str, str] | None
    focused_coding: str | None

    def code_look(self, guid: str) -> CodeLook: ...

    def disagreements_between(self, lo: int, hi: int) -> list[tuple[int, int]]: ...

    def tooltip_for(self, guids: Iterable[str]) -> str: ...

    def on_screen(self) -> Visible: ...


LANE_W = 15
PAD = 4
MID_W = 10
MAX_LANES = 14
LABEL_W = 96  # the column of code names beside the bars (normal mode)


class StripeGutter(QWidget):
    codingClicked = Signal(str)

    def __init__(self, view: StripeSource, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        self.view = view
        self.edit = edit
        self.setAccessibleName("Coding stripes")
        self.setMouseTracking(True)
        self._hits: list[tuple[QRectF, str]] = []
        self._ys_key: tuple[object, ...] = ()
        self._ys: dict[str, tuple[float, float] | None] = {}
        #: code names cut to the label column's width (measuring text is the slow part), for
        #: the font they were measured in
        self._elisions: dict[tuple[str, float], str] = {}
        self._elisions_font = ""
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        self._font = font

    # -- geometry --------------------------------------------------------------------------

    def lanes(self, group: int) -> int:
        return min(MAX_LANES, max(1, self.view.index.lanes.get(group, 0)))

    def preferred_width(self) -> int:
        if self.view.compare_pair is not None:
            return PAD * 2 + (self.lanes(0) + self.lanes(1)) * LANE_W + MID_W
        return PAD * 2 + self.lanes(0) * LANE_W + LABEL_W

    def lane_x(self, group: int, lane: int) -> float:
        lane = min(lane, MAX_LANES - 1)
        if self.view.compare_pair is None:
            return PAD + lane * LANE_W
        if group == 0:  # first coder: lanes grow leftwards from the middle column
            return PAD + (self.lanes(0) - 1 - lane) * LANE_W
        return PAD + self.lanes(0) * LANE_W + MID_W + lane * LANE_W

    # -- painting --------------------------------------------------------------------------

    def forget(self, guid: str) -> None:
        """A coding moved or went: where its bar was is no longer known."""
        self._ys.pop(guid, None)

    def _elided(self, fm: QFontMetricsF, name: str, width: float) -> str:
        key = (name, width)
        label = self._elisions.get(key)
        if label is None:
            if len(self._elisions) > 2000:
                self._elisions.clear()
            label = self._elisions[key] = fm.elidedText(name, Qt.TextElideMode.ElideRight, width)
        return label

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        area = QRectF(event.rect())
        painter.fillRect(event.rect(), palette.alternateBase())
        painter.setPen(palette.mid().color())
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        self._hits = []
        # the blocks on screen as the text beside measured them for its paint, when the two
        # are as tall (no horizontal scroll bar): measured once, not once each
        viewport = self.edit.viewport()
        same = self.height() == viewport.height()
        visible = self.view.on_screen() if same else Visible(self.edit, 0, self.height())
        if not visible.blocks:
            return
        omap = self.view.omap
        lo, hi = omap.to_codepoint(visible.start), omap.to_codepoint(visible.end, round_up=True)
        painter.setFont(self._font)
        fm = QFontMetricsF(self._font)
        edit_font = self.edit.font().key()  # QFont.key() is slow: once per paint
        if edit_font != self._elisions_font:
            self._elisions, self._elisions_font = {}, edit_font
        focused = self.view.focused_coding
        if self.view.compare_pair is not None:
            self._paint_disagreements(painter, visible, lo, hi)
        spans_drawn: list[tuple[float, float, float, str, QColor]] = []
        # Where each coding's lines are depends only on the layout on screen: kept while it is
        # unchanged, so a repaint after one coding applied measures only that coding.
        doc = self.edit.document()
        key = (
            self.edit.verticalScrollBar().value(),
            self.edit.viewport().width(),
            self.height(),
            id(doc),
            doc.characterCount(),
            edit_font,
        )
        if key != self._ys_key:
            self._ys_key, self._ys = key, {}
        for span in self.view.index.overlapping(lo, hi):
            if span.guid in self._ys:
                ys = self._ys[span.guid]
            else:
                a, b = omap.span_to_utf16(span.start, span.end)
                ys = self._ys[span.guid] = visible.y_range(a, b, self.height())
            if ys is None:
                continue
            top, bottom = ys[0] + 1, ys[1] - 1
            x = self.lane_x(span.group, span.lane)
            look = self.view.code_look(span.code_guid)
            color = QColor(look.color)
            if bottom >= area.top() and top <= area.bottom():  # a partial repaint skips the rest
                bar = QRectF(x, top, 3 if span.guid != focused else 5, max(2.0, bottom - top))
                painter.fillRect(bar, color)
                painter.fillRect(QRectF(x, top, 7, 1.5), color)
                painter.fillRect(QRectF(x, bottom - 1.5, 7, 1.5), color)
            self._hits.append((QRectF(x - 1, top, LANE_W - 1, bottom - top), span.guid))
            spans_drawn.append((top, bottom, x, look.name, color))
        if self.view.compare_pair is None:
            self._paint_labels(painter, fm, spans_drawn, area)
        else:
            self._paint_vertical_names(painter, fm, spans_drawn)

    def _paint_labels(
        self,
        painter: QPainter,
        fm: QFontMetricsF,
        spans: list[tuple[float, float, float, str, QColor]],
        area: QRectF,
    ) -> None:
        """Code names in a column beside the bars, at each bracket's top, never overlapping.

        Which names are shown depends on every bracket above; only those inside *area* (the
        part being repainted) are drawn."""
        left = PAD + self.lanes(0) * LANE_W + 3
        width = self.width() - left - PAD
        line_h = fm.height()
        taken = -1e9
        text_color = self.palette().text().color()
        for top, _bottom, x, name, color in sorted(spans, key=lambda t: (max(t[0], 0), t[2])):
            y = max(top, 0.0)
            if y < taken:
                continue
            taken = y + line_h
            if taken < area.top() or y > area.bottom():
                continue
            painter.setPen(color)
            painter.drawLine(QPointF(x + 7, y + 0.75), QPointF(left - 1, y + line_h / 2))
            painter.setPen(text_color)
            label = self._elided(fm, name, width)
            painter.drawText(QRectF(left, y, width, line_h), Qt.AlignmentFlag.AlignLeft, label)

    def _paint_vertical_names(
        self,
        painter: QPainter,
        fm: QFontMetricsF,
        spans: list[tuple[float, float, float, str, QColor]],
    ) -> None:
        """In comparison mode there is no label column: names run down long bars."""
        painter.setPen(self.palette().text().color())
        for top, bottom, x, name, _color in spans:
            room = bottom - top - 8
            if room > 24:
                painter.save()
                painter.translate(QPointF(x + 5, top + 4))
                painter.rotate(90)
                painter.drawText(
                    QPointF(0, -fm.descent() - 1),
                    fm.elidedText(name, Qt.TextElideMode.ElideRight, room),
                )
                painter.restore()

    def _paint_disagreements(self, painter: QPainter, visible: Visible, lo: int, hi: int) -> None:
        x = PAD + self.lanes(0) * LANE_W + 2
        red = QColor("#d62728")
        for start, end in self.view.disagreements_between(lo, hi):
            a, b = self.view.omap.span_to_utf16(start, end)
            ys = visible.y_range(a, b, self.height())
            if ys is not None:
                painter.fillRect(QRectF(x, ys[0], MID_W - 4, max(3.0, ys[1] - ys[0])), red)

    # -- interaction -----------------------------------------------------------------------

    def coding_at(self, pos: QPointF) -> str | None:
        for rect, guid in reversed(self._hits):
            if rect.contains(pos):
                return guid
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        guid = self.coding_at(event.position())
        if guid is not None and event.button() == Qt.MouseButton.LeftButton:
            self.codingClicked.emit(guid)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.coding_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            guid = self.coding_at(QPointF(event.pos()))
            if guid is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.view.tooltip_for([guid]), self)
            return True
        return super().event(event)

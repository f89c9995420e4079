"""Geometry helpers shared by the highlight painter and the stripe gutter.

Both only ever look at the blocks (paragraphs) currently on screen, which is what keeps painting
cost independent of the document's length.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock, QTextLine
from PySide6.QtWidgets import QPlainTextEdit


@dataclass
class VisibleBlock:
    block: QTextBlock
    position: int  # UTF-16 position of the block's first character
    length: int  # including the paragraph separator
    rect: QRectF  # in viewport coordinates


class _Line(NamedTuple):
    line: QTextLine
    start: int  # in the block, UTF-16
    end: int
    x_start: float  # x of the line's first and last text positions, in the block's layout
    x_end: float
    ox: float  # where the block's layout starts on the viewport
    y: float  # the line's top on the viewport
    height: float


class Visible:
    """The blocks on screen (top to bottom) and how to find rectangles for text inside them."""

    def __init__(self, edit: QPlainTextEdit, top: float, bottom: float) -> None:
        self.blocks: list[VisibleBlock] = []
        offset = edit.contentOffset()
        block = edit.firstVisibleBlock()
        while block.isValid():
            rect = edit.blockBoundingGeometry(block).translated(offset)
            if rect.top() > bottom:
                break
            if block.isVisible() and rect.bottom() >= top:
                self.blocks.append(VisibleBlock(block, block.position(), block.length(), rect))
            block = block.next()
        self._starts = [b.position for b in self.blocks]
        self._line_cache: dict[int, list[_Line]] = {}

    @property
    def start(self) -> int:
        return self.blocks[0].position if self.blocks else 0

    @property
    def end(self) -> int:
        last = self.blocks[-1] if self.blocks else None
        return last.position + last.length if last else 0

    def _index(self, pos: int) -> int:
        return bisect.bisect_right(self._starts, pos) - 1

    def _lines(self, i: int) -> list[_Line]:
        """Block *i*'s laid-out lines, measured once per Visible: many codings share a line,
        and asking Qt for a line's ends was most of what painting highlights cost."""
        lines = self._line_cache.get(i)
        if lines is None:
            vb = self.blocks[i]
            layout = vb.block.layout()
            origin = vb.rect.topLeft() + layout.position()
            ox, oy = origin.x(), origin.y()
            lines = []
            for n in range(layout.lineCount()):
                line = layout.lineAt(n)
                ls = line.textStart()
                le = ls + line.textLength()
                lines.append(
                    _Line(
                        line,
                        ls,
                        le,
                        line.cursorToX(ls)[0],
                        line.cursorToX(le)[0],
                        ox,
                        oy + line.y(),
                        line.height(),
                    )
                )
            self._line_cache[i] = lines
        return lines

    def line_rects(self, start: int, end: int) -> list[QRectF]:
        """One rectangle per laid-out line that text [start, end) (UTF-16) covers on screen."""
        rects: list[QRectF] = []
        if not self.blocks or end <= self.start or start >= self.end:
            return rects
        i = max(0, self._index(start))
        while i < len(self.blocks):
            vb = self.blocks[i]
            if vb.position >= end:
                break
            lo = max(start, vb.position) - vb.position
            hi = min(end, vb.position + vb.length - 1) - vb.position
            for ln in self._lines(i):
                if ln.end <= lo:
                    continue
                if ln.start >= hi:
                    break
                x1 = ln.x_start if lo <= ln.start else ln.line.cursorToX(lo)[0]
                x2 = ln.x_end if hi >= ln.end else ln.line.cursorToX(hi)[0]
                if x1 > x2:  # right-to-left text
                    x1, x2 = x2, x1
                if x2 > x1:
                    rects.append(QRectF(ln.ox + x1, ln.y, x2 - x1, ln.height))
            i += 1
        return rects

    def y_range(self, start: int, end: int, height: float) -> tuple[float, float] | None:
        """Top and bottom (viewport y) of the lines holding [start, end), clipped to the screen."""
        if not self.blocks or end <= self.start or start >= self.end:
            return None
        top = -2.0 if start < self.start else self._line_edge(start, bottom=False)
        last = end - 1
        bottom = height + 2 if last >= self.end else self._line_edge(last, bottom=True)
        return top, bottom

    def _line_edge(self, pos: int, *, bottom: bool) -> float:
        vb = self.blocks[max(0, self._index(pos))]
        layout = vb.block.layout()
        line = layout.lineForTextPosition(max(0, pos - vb.position))
        origin = vb.rect.top() + layout.position().y()
        if not line.isValid():
            return vb.rect.bottom() if bottom else vb.rect.top()
        return origin + line.y() + (line.height() if bottom else 0.0)

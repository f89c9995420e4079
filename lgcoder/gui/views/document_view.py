"""The document view: read-only text with code-coloured highlights and coding stripes.

Built on QPlainTextEdit because it lays out lazily: a 500,000-character report opens without
laying out pages nobody has scrolled to. Highlights are *painted* (not QTextCharFormats or
ExtraSelections): each paint asks the :class:`SpanIndex` only for codings overlapping the blocks
on screen, so applying or removing one coding is an index update plus a repaint, never a rebuild.

All positions crossing the Qt boundary go through the document's :class:`OffsetMap`; the view
speaks code-point offsets to everyone else.
"""

from __future__ import annotations

import bisect
import html
import itertools
import math
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QToolTip,
    QWidget,
)

from lgcoder.core.gc_pause import cycle_collection_paused
from lgcoder.core.queries_view import CodingSpan, DocumentContent
from lgcoder.gui.mime import passage_mime
from lgcoder.gui.offsets import OffsetMap
from lgcoder.gui.views.looks import UNKNOWN as _UNKNOWN
from lgcoder.gui.views.looks import CodeLook
from lgcoder.gui.views.span_index import Span, SpanIndex
from lgcoder.gui.views.stripes import StripeGutter
from lgcoder.gui.views.structure import fill_document, structure_of
from lgcoder.gui.views.text_layout import Visible


def _interval_union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _xor(x: list[tuple[int, int]], y: list[tuple[int, int]]) -> list[tuple[int, int]]:
    edges = sorted({p for s in (*x, *y) for p in s})
    out: list[tuple[int, int]] = []

    def inside(spans: list[tuple[int, int]], at: int) -> bool:
        return any(a <= at < b for a, b in spans)

    for a, b in itertools.pairwise(edges):
        if inside(x, a) != inside(y, a):
            if out and out[-1][1] == a:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
    return out


class DocumentView(QPlainTextEdit):
    """Shows one document; emits what the user asks for, never writes anything itself."""

    pinnedKeyPressed = Signal(int)
    contextRequested = Signal(QPoint, int)  # global position, code-point offset under the mouse
    codingFocused = Signal(str)  # a coding was picked (stripe click)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAccessibleName("Document text")
        self.setAccessibleDescription(
            "Select a passage, then press 1 to 9, Ctrl+E, or drag it onto a code to code it"
        )
        self.setCenterOnScroll(False)
        self.document_guid: str | None = None
        self.document_name = ""
        self.omap = OffsetMap("")
        self.index = SpanIndex()
        self.focused_coding: str | None = None
        self.compare_pair: tuple[str, str] | None = None
        self.coder_filter: set[str] | None = None
        self.dark = False
        self._all: dict[str, Span] = {}
        self._codes: dict[str, CodeLook] = {}
        self._coders: dict[str, str] = {}
        self._pages: list[tuple[int, str]] = []
        self._disagreements: list[tuple[int, int]] | None = None
        self._press: QPoint | None = None
        #: highlight rectangles per coding for the layout on screen (see _paint_highlights)
        self._generation = 0
        self._rects_key: tuple[object, ...] = ()
        self._rects: dict[str, list[QRectF]] = {}
        self._visible: Visible | None = None
        #: each code's highlight colour, with the alpha of the theme it was made for
        self._fills: dict[str, QColor] = {}
        self._fills_alpha = 0
        self.gutter = StripeGutter(self, self)
        self.gutter.codingClicked.connect(self.focus_coding)
        self.updateRequest.connect(self._on_update_request)
        self._fit_gutter()

    # -- content ---------------------------------------------------------------------------

    def load(self, content: DocumentContent, spans: Iterable[CodingSpan]) -> None:
        """Show a document. The text is laid out lazily; structure gets light formatting."""
        with cycle_collection_paused():  # a span and index entries per coding: no cycles
            self.show_built(self.build(content), content)
            self.take_spans(spans)

    # The three stages of showing a document, apart so the benchmark can time each.

    def build(self, content: DocumentContent) -> QTextDocument:
        """The document's text with its structure's formats, not laid out yet.

        Built whole before Qt lays anything out: no undo history for text nobody edits, the
        editor's wrap mode and font set first (setting them later walks every block again),
        the layout attached last, once the text and its formats are in."""
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(self.font())
        doc.setDefaultTextOption(self.document().defaultTextOption())
        self.omap = OffsetMap(content.text)
        structure = structure_of(
            content, self.omap, dark=self.dark, point_size=self.font().pointSizeF()
        )
        fill_document(doc, content.text, structure, astral=not self.omap.identity)
        self._pages = structure.pages
        return doc

    def show_built(self, doc: QTextDocument, content: DocumentContent) -> None:
        """Put the document from :meth:`build` on screen (no coding shown yet)."""
        doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
        # setDocument deletes only the editor's own first document, not one of ours: every
        # document opened stayed in memory (text and layout) until the window closed.
        old = self.document()
        ours = old if old is not None and old.parent() is self else None
        # Two measurements of text nobody sees, avoided:
        # - the new document starts where the old one was scrolled to, and Qt measures the
        #   paragraphs between there and its start before scrolling back: the old top is
        #   reset first, with the viewport's updates off, which Qt takes as a bare note;
        # - setDocument measures the last screen of text for the scroll bar's range twice,
        #   first before it gives the layout the view's width (each paragraph as one endless
        #   line). Centring on scroll skips that one; turning it off measures once, to the
        #   same range.
        # Together 3.5-6 ms of setDocument's 5-7 on a 500k document.
        viewport = self.viewport()
        updates = viewport.updatesEnabled()
        viewport.setUpdatesEnabled(False)
        try:
            self.verticalScrollBar().setValue(0)
            self.setCenterOnScroll(True)
            self.setDocument(doc)
            self.setCenterOnScroll(False)
        finally:
            viewport.setUpdatesEnabled(updates)
        self.gutter.update()
        if ours is not None:
            ours.deleteLater()  # once the new one has painted
        self._generation += 1  # a new layout: no rectangle of the last one holds
        self.document_guid = content.guid
        self.document_name = content.name
        self.focused_coding = None

    def take_spans(self, spans: Iterable[CodingSpan]) -> None:
        """Show these codings of the document on screen (replacing any shown)."""
        self._all = {
            guid: Span(guid, code, coder, start, end, memo)
            for guid, _doc, code, coder, start, end, memo in spans
        }
        self._rebuild_index()

    def clear_document(self) -> None:
        self.load(DocumentContent(guid="", name="", kind="", text=""), [])
        self.document_guid = None

    def set_code_looks(self, looks: dict[str, CodeLook]) -> None:
        self._codes = dict(looks)
        self._fills.clear()
        self._repaint()

    def set_coders(self, names: dict[str, str]) -> None:
        self._coders = dict(names)

    def coder_name(self, guid: str) -> str:
        return self._coders.get(guid, "?")

    def code_look(self, guid: str) -> CodeLook:
        return self._codes.get(guid, _UNKNOWN)

    # -- which codings are shown -----------------------------------------------------------

    def _span(self, s: CodingSpan) -> Span:
        return Span(s.guid, s.code_guid, s.coder_guid, s.start, s.end, s.memo)

    def _shown(self, span: Span) -> bool:
        if self.compare_pair is not None:
            return span.coder_guid in self.compare_pair
        return self.coder_filter is None or span.coder_guid in self.coder_filter

    def _rebuild_index(self) -> None:
        pair = self.compare_pair
        self.index = SpanIndex((lambda s: 0 if s.coder_guid == pair[0] else 1) if pair else None)
        everyone = pair is None and self.coder_filter is None
        self.index.fill(self._all.values() if everyone else filter(self._shown, self._all.values()))
        self._disagreements = None
        self._fit_gutter()
        self._repaint()

    def set_coder_filter(self, coders: set[str] | None) -> None:
        """Show only these coders' codings (``None``: everyone's), e.g. for blind coding."""
        self.coder_filter = coders
        self._rebuild_index()

    def set_compare(self, pair: tuple[str, str] | None) -> None:
        """Side-by-side stripes of two coders with disagreements marked (``None`` ends it)."""
        self.compare_pair = pair
        self._rebuild_index()

    # -- incremental updates -----------------------------------------------------------------

    def upsert_spans(self, spans: Iterable[CodingSpan]) -> None:
        """Add or update codings of this document: touches only the index, then repaints the
        lines (and the stripe band) of what changed."""
        lanes_before = dict(self.index.lanes)
        touched: list[tuple[int, int]] = []
        for s in spans:
            if s.document_guid != self.document_guid:
                continue
            span = self._span(s)
            self._all[s.guid] = span
            old = self.index.remove(s.guid)
            if old is not None:
                touched.append((old.start, old.end))
            if self._shown(span):
                self.index.add(Span(**vars(span)))
                touched.append((span.start, span.end))
            self._forget_geometry(s.guid)
        self._after_change(lanes_before, touched)

    def remove_spans(self, guids: Iterable[str]) -> None:
        lanes_before = dict(self.index.lanes)
        touched: list[tuple[int, int]] = []
        for guid in guids:
            self._all.pop(guid, None)
            old = self.index.remove(guid)
            if old is not None:
                touched.append((old.start, old.end))
            self._forget_geometry(guid)
            if guid == self.focused_coding:
                self.focused_coding = None
        self._after_change(lanes_before, touched)

    def _forget_geometry(self, guid: str) -> None:
        """A coding moved or went: its cached rectangles and stripe ends no longer hold."""
        self._rects.pop(guid, None)
        self.gutter.forget(guid)

    def _after_change(self, lanes_before: dict[int, int], touched: list[tuple[int, int]]) -> None:
        self._disagreements = None
        if self.index.lanes != lanes_before:
            self._fit_gutter()  # the gutter's width changes: everything moves
            self._repaint()
        elif self.compare_pair is not None:
            self._repaint()  # disagreement marks are unions over both coders' codings
        else:
            self._repaint_passages(touched)

    def _repaint(self) -> None:
        self.viewport().update()
        self.gutter.update()

    def _repaint_passages(self, spans: Iterable[tuple[int, int]]) -> None:
        """Repaint only the lines holding these passages (code points), and the stripe margin
        from their top down (a new bracket's label can push the labels below it): painting
        the whole screen of text again cost a few milliseconds per coding."""
        viewport = self.viewport()
        height = viewport.height()
        visible: Visible | None = None
        for start, end in spans:
            if visible is None:
                visible = self.on_screen()
                if not visible.blocks:
                    return
            ys = visible.y_range(*self.omap.span_to_utf16(start, end), height)
            if ys is None:
                continue
            top = max(0, math.floor(ys[0]) - 2)
            bottom = min(height, math.ceil(ys[1]) + 2)
            if bottom > top:
                viewport.update(QRect(0, top, viewport.width(), bottom - top))
                self.gutter.update(QRect(0, top, self.gutter.width(), self.gutter.height() - top))

    def spans_at(self, offset: int) -> list[Span]:
        return [s for s in self.index.at(offset)]

    def spans_in(self, start: int, end: int) -> list[Span]:
        return self.index.overlapping(start, end)

    def all_spans(self) -> list[Span]:
        return sorted(self._all.values(), key=lambda s: (s.start, s.end))

    # -- comparison ------------------------------------------------------------------------

    def disagreements(self) -> list[tuple[int, int]]:
        """Passages (code points) that one compared coder coded with a code and the other not."""
        if self.compare_pair is None:
            return []
        if self._disagreements is None:
            a, b = self.compare_pair
            by_code: dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
            for s in self._all.values():
                if s.coder_guid in (a, b):
                    pair = by_code.setdefault(s.code_guid, ([], []))
                    pair[0 if s.coder_guid == a else 1].append((s.start, s.end))
            found: list[tuple[int, int]] = []
            for left, right in by_code.values():
                found.extend(_xor(_interval_union(left), _interval_union(right)))
            self._disagreements = _interval_union(found)
        return self._disagreements

    def disagreements_between(self, lo: int, hi: int) -> list[tuple[int, int]]:
        return [(a, b) for a, b in self.disagreements() if a < hi and b > lo]

    def next_disagreement(self, backwards: bool = False) -> tuple[int, int] | None:
        here = self.selection_span() or (self.cursor_offset(), self.cursor_offset())
        items = self.disagreements()
        if backwards:
            candidates = [d for d in items if d[0] < here[0]]
            pick = candidates[-1] if candidates else (items[-1] if items else None)
        else:
            candidates = [d for d in items if d[0] > here[0]]
            pick = candidates[0] if candidates else (items[0] if items else None)
        if pick is not None:
            self.show_span(*pick)
        return pick

    # -- selection -------------------------------------------------------------------------

    def selection_span(self) -> tuple[int, int] | None:
        """The selected passage as code points, without surrounding whitespace; None if empty."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.omap.span_to_codepoints(cursor.selectionStart(), cursor.selectionEnd())
        text = self.document().toRawText() if False else None
        del text
        raw = self.selected_text_raw()
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        start, end = start + lead, end - trail
        return (start, end) if end > start else None

    def selected_text_raw(self) -> str:
        return self.textCursor().selectedText().replace("\u2029", "\n")

    def cursor_offset(self) -> int:
        return self.omap.to_codepoint(self.textCursor().position())

    def text_of(self, start: int, end: int) -> str:
        a, b = self.omap.span_to_utf16(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")

    def show_span(self, start: int, end: int, *, select: bool = True) -> None:
        """Scroll to a passage (code points) and select it, as a jump from the segments list."""
        a, b = self.omap.span_to_utf16(start, end)
        self._jump_near(b)
        cursor = QTextCursor(self.document())
        cursor.setPosition(b)
        self.setTextCursor(cursor)
        self.centerCursor()
        cursor.setPosition(a)
        if select:
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _jump_near(self, position: int) -> None:
        """Put the block holding Qt *position* at the top of the screen, if it is far away,
        without laying out the text in between.

        QPlainTextEdit scrolls by measuring the blocks from the old top towards the new one,
        up to two screens of them: opening a long document at a passage in its middle laid out
        some forty paragraphs at its start that nobody sees (~4 ms on a 500k document). With
        the viewport's updates off it only takes note of the new top; the caller then centres
        the passage as before, measuring just the blocks on screen."""
        block = self.document().findBlock(position)
        bar = self.verticalScrollBar()
        line, page = block.firstLineNumber(), max(1, bar.pageStep())
        if not block.isValid() or bar.value() - page <= line <= bar.value() + 2 * page:
            return  # near: Qt's own scroll measures only what is about to be seen
        viewport = self.viewport()
        if not viewport.updatesEnabled() or not viewport.isVisible():
            return  # Qt does not measure anything then either
        viewport.setUpdatesEnabled(False)
        try:
            bar.setValue(line)
        finally:
            viewport.setUpdatesEnabled(True)  # repaints the whole viewport
        self.gutter.update()

    def focus_coding(self, guid: str) -> None:
        span = self._all.get(guid)
        if span is None:
            return
        self.focused_coding = guid
        self.show_span(span.start, span.end)
        self.codingFocused.emit(guid)
        self._repaint()

    # -- painting --------------------------------------------------------------------------

    def _fit_gutter(self) -> None:
        self.setViewportMargins(self.gutter.preferred_width(), 0, 0, 0)
        self._place_gutter()

    def _place_gutter(self) -> None:
        cr = self.contentsRect()
        self.gutter.setGeometry(
            QRect(cr.left(), cr.top(), self.gutter.preferred_width(), cr.height())
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_gutter()

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        self._paint_highlights(painter, QRectF(event.rect()))
        painter.end()
        super().paintEvent(event)

    def on_screen(self) -> Visible:
        """The blocks on screen and their lines, kept (with each coding's highlight rectangles)
        while the layout on screen is unchanged: a repaint after one coding applied measures
        only that coding's lines."""
        viewport = self.viewport()
        key = (
            viewport.height(),
            viewport.width(),
            self.verticalScrollBar().value(),
            self.horizontalScrollBar().value(),
            self._generation,
        )
        if key != self._rects_key or self._visible is None:
            self._rects_key, self._rects = key, {}
            self._visible = Visible(self, 0.0, float(viewport.height()))
        return self._visible

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._generation += 1  # text laid out again: no rectangle of the last font holds
        super().changeEvent(event)

    def _paint_highlights(self, painter: QPainter, area: QRectF) -> None:
        # Geometry comes from every block on screen (so a rectangle cached during a partial
        # repaint is whole); only the codings in the blocks of *area* are painted.
        visible = self.on_screen()
        shown = [vb for vb in visible.blocks if vb.rect.bottom() >= area.top()]
        shown = [vb for vb in shown if vb.rect.top() <= area.bottom()]
        if not shown:
            return
        omap = self.omap
        last = shown[-1]
        lo = omap.to_codepoint(shown[0].position)
        hi = omap.to_codepoint(last.position + last.length, round_up=True)
        alpha = 95 if self.dark else 70
        fills = self._fills
        if self._fills_alpha != alpha:  # the theme changed: every code's fill again
            fills.clear()
            self._fills_alpha = alpha
        fill = painter.fillRect
        for span in self.index.overlapping(lo, hi):
            color = fills.get(span.code_guid)
            if color is None:  # parsed once per code, not once per coding on screen
                color = fills[span.code_guid] = QColor(self.code_look(span.code_guid).color)
                color.setAlpha(alpha)
            rects = self._rects.get(span.guid)
            if rects is None:
                a, b = omap.span_to_utf16(span.start, span.end)
                rects = self._rects[span.guid] = visible.line_rects(a, b)
            for rect in rects:
                fill(rect, color)
            if span.guid == self.focused_coding:
                solid = QColor(self.code_look(span.code_guid).color)
                painter.setPen(QPen(solid, 1.5))
                for rect in rects:
                    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        if self.compare_pair is not None:
            pen = QPen(QColor("#d62728"), 2, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            for start, end in self.disagreements_between(lo, hi):
                for rect in visible.line_rects(*omap.span_to_utf16(start, end)):
                    painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        self._paint_pages(painter, visible)

    def _paint_pages(self, painter: QPainter, visible: Visible) -> None:
        if not self._pages:
            return
        i = bisect.bisect_left(self._pages, (visible.start, ""))
        pen = QPen(self.palette().mid().color(), 1, Qt.PenStyle.DashLine)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        width = self.viewport().width()
        while i < len(self._pages) and self._pages[i][0] < visible.end:
            pos, label = self._pages[i]
            ys = visible.y_range(pos, pos + 1, self.viewport().height())
            i += 1
            if ys is None or pos == 0:
                continue
            painter.setPen(pen)
            painter.drawLine(0, int(ys[0]), width, int(ys[0]))
            painter.setPen(self.palette().placeholderText().color())
            tag = f"page {label}" if label else "page break"
            painter.drawText(QRectF(0, ys[0], width - 6, 14), Qt.AlignmentFlag.AlignRight, tag)

    # -- interaction -----------------------------------------------------------------------

    def tooltip_for(self, guids: Iterable[str]) -> str:
        parts = []
        for guid in guids:
            span = self._all.get(guid)
            if span is None:
                continue
            look = self.code_look(span.code_guid)
            line = (
                f"<span style='color:{look.color}'>■</span> <b>{html.escape(look.path)}</b>"
                f" — {html.escape(self._coders.get(span.coder_guid, '?'))}"
            )
            if span.memo:
                line += f"<br/><i>{html.escape(span.memo)}</i>"
            parts.append(line)
        return "<br/>".join(parts)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = event.pos()
            offset = self.omap.to_codepoint(self.cursorForPosition(pos).position())
            spans = self.spans_at(offset)
            if spans:
                QToolTip.showText(
                    event.globalPos(),
                    self.tooltip_for(s.guid for s in spans),
                    self.viewport(),
                )
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and mods == Qt.KeyboardModifier.NoModifier:
            self.pinnedKeyPressed.emit(key - Qt.Key.Key_0)
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        offset = self.omap.to_codepoint(self.cursorForPosition(event.pos()).position())
        if self.receivers(self.contextRequested) > 0:  # type: ignore[arg-type]
            self.contextRequested.emit(event.globalPos(), offset)
        else:
            super().contextMenuEvent(event)

    def passage_mime(self) -> QMimeData | None:
        span = self.selection_span()
        if span is None or self.document_guid is None:
            return None
        return passage_mime(self.document_guid, span[0], span[1], self.text_of(*span))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = None
        if event.button() == Qt.MouseButton.LeftButton and self.textCursor().hasSelection():
            pos = self.cursorForPosition(event.position().toPoint()).position()
            cursor = self.textCursor()
            if cursor.selectionStart() <= pos < cursor.selectionEnd():
                self._press = event.position().toPoint()
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:
            distance = (event.position().toPoint() - self._press).manhattanLength()
            if distance >= QApplication.startDragDistance():
                self._press = None
                mime = self.passage_mime()
                if mime is not None:
                    drag = QDrag(self)
                    drag.setMimeData(mime)
                    drag.exec(Qt.DropAction.CopyAction)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:  # a click inside the selection without dragging
            self._press = None
            cursor = self.cursorForPosition(event.position().toPoint())
            self.setTextCursor(cursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

"""Views that repaint only what a change touched must show exactly what a full repaint shows.

The document view repaints just the lines (and the stripe band) of a coding applied or removed,
and the coded-segments table just the rows that moved. A mistake there leaves stale pixels on
screen, so these tests compare what is *on screen* (the window's backing store, as the offscreen
platform keeps it) with a freshly opened view of the same state.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget

from lgcoder.core.queries import Citation, CodingRow
from lgcoder.core.queries_view import CodingSpan, DocumentContent
from lgcoder.gui.views.document_view import DocumentView
from lgcoder.gui.views.looks import CodeLook
from lgcoder.gui.views.segments_view import SegmentsView

TEXT = "\n".join(f"Paragraph {i}: " + "the council said words " * 8 for i in range(80))
LOOKS = {
    "c1": CodeLook("Barriers", "Barriers", "#d62728"),
    "c2": CodeLook("Funding", "Funding", "#1f77b4"),
}


def _on_screen(widget: QWidget) -> QImage:
    """The pixels the window shows for *widget* now (no repaint is forced; the events already
    queued are run twice, as a table's delayed layout asks for its paint from inside the
    first pass)."""
    QApplication.processEvents()
    QApplication.processEvents()
    screen = widget.screen()
    top_left = widget.mapTo(widget.window(), widget.rect().topLeft())
    grabbed = screen.grabWindow(
        widget.window().winId(), top_left.x(), top_left.y(), widget.width(), widget.height()
    )
    return grabbed.toImage()


def _spans(leave_out: str = "") -> list[CodingSpan]:
    """Two codes over the text: c1 passages, and c2 passages overlapping every other one (so
    c2 keeps the second stripe lane however the codings are added)."""
    out = []
    for i in range(60):
        out.append(CodingSpan(f"a{i}", "d", "c1", "k", i * 200, i * 200 + 150, ""))
        if i % 2 == 0:
            out.append(CodingSpan(f"b{i}", "d", "c2", "k", i * 200 + 100, i * 200 + 180, ""))
    return [s for s in out if s.guid != leave_out]


def _document_view(qtbot: Any, spans: list[CodingSpan]) -> DocumentView:
    view = DocumentView()
    qtbot.addWidget(view)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a blinking cursor would make views differ
    view.resize(640, 420)
    view.set_code_looks(LOOKS)
    view.show()
    qtbot.waitExposed(view)
    view.load(DocumentContent(guid="d", name="d", kind="text", text=TEXT), spans)
    view.verticalScrollBar().setValue(6)
    QApplication.processEvents()
    return view


def test_a_coding_applied_then_another_removed_shows_what_a_fresh_view_shows(qtbot: Any) -> None:
    live = _document_view(qtbot, _spans(leave_out="b8"))
    _on_screen(live)  # everything painted once
    added = CodingSpan("b8", "d", "c2", "k", 8 * 200 + 100, 8 * 200 + 180, "")
    live.upsert_spans([added])
    after_apply = _on_screen(live)
    fresh = _document_view(qtbot, _spans())
    assert after_apply == _on_screen(fresh)
    fresh.close()

    live.remove_spans(["a9"])
    after_remove = _on_screen(live)
    fresh = _document_view(qtbot, [s for s in _spans() if s.guid != "a9"])
    assert after_remove == _on_screen(fresh)
    assert after_remove != after_apply  # the removal did change what is shown


def test_a_larger_text_size_moves_the_highlights_with_the_text(qtbot: Any) -> None:
    """Highlight rectangles are kept while the layout on screen stays; a new font (View ▸
    text size) lays the text out again, and the highlights must follow it."""
    live = _document_view(qtbot, _spans())
    live.verticalScrollBar().setValue(0)  # the top: where a relayout cannot move it
    before = _on_screen(live)
    font = QFont(live.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    live.setFont(font)
    after = _on_screen(live)
    fresh = DocumentView()
    qtbot.addWidget(fresh)
    fresh.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    fresh.resize(640, 420)
    fresh.setFont(font)
    fresh.set_code_looks(LOOKS)
    fresh.show()
    qtbot.waitExposed(fresh)
    fresh.load(DocumentContent(guid="d", name="d", kind="text", text=TEXT), _spans())
    QApplication.processEvents()
    assert after != before
    # the text with its highlights, and the stripes (the scroll bar's handle may differ: Qt
    # counts the lines of a relaid-out text lazily)
    assert _on_screen(live.viewport()) == _on_screen(fresh.viewport())
    assert _on_screen(live.gutter) == _on_screen(fresh.gutter)


def test_opening_documents_one_after_another_keeps_one_in_memory(qtbot: Any) -> None:
    view = _document_view(qtbot, [])
    for n in range(3):
        view.load(DocumentContent(guid=f"d{n}", name="d", kind="text", text=TEXT), [])
    qtbot.waitUntil(lambda: len(view.findChildren(QTextDocument)) == 1)
    assert view.document().toPlainText() == TEXT


_WHEN = datetime(2026, 12, 3, tzinfo=UTC)


def _row(n: int) -> CodingRow:
    return CodingRow(
        guid=f"r{n}",
        document_guid="d",
        document="Interview",
        code_guid="c1",
        code="Barriers",
        code_color="#d62728",
        coder_guid="k",
        coder="Ann",
        start=n * 100,
        end=n * 100 + 40,
        text=f"passage number {n}",
        memo="",
        citation=Citation(paragraph=n + 100),  # all as wide: no column widens
        created=_WHEN,
        updated=_WHEN,
    )


def _segments(qtbot: Any, rows: list[CodingRow], top: int) -> SegmentsView:
    view = SegmentsView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    qtbot.waitExposed(view)
    view.set_rows("rows", rows)
    QApplication.processEvents()
    view.table.verticalScrollBar().setValue(top)
    QApplication.processEvents()
    return view


def _key(row: CodingRow) -> tuple[int, int]:
    return row.start, row.end


def test_segments_rows_going_in_and_out_on_screen_show_what_a_fresh_list_shows(
    qtbot: Any,
) -> None:
    rows = [_row(n) for n in range(0, 200, 2)]
    live = _segments(qtbot, rows, top=20)
    table = live.table
    first = table.rowAt(0)
    shown = table.rowAt(table.viewport().height() - 1)
    assert first == 20 and shown > first + 3
    _on_screen(table.viewport())
    on_screen_row = rows[first + 2]
    for change, expected in (
        # a row in the middle of the screen: it and those below move
        (lambda: live.model.insert_sorted([_row(on_screen_row.start // 100 + 1)], _key), "mid"),
        # a row far below the screen: nothing on screen moves
        (lambda: live.model.insert_sorted([_row(191)], _key), "below"),
        # a row above the screen: everything shown moves down one
        (lambda: live.model.insert_sorted([_row(3)], _key), "above"),
        # and out again
        (lambda: live.model.remove_guids([f"r{on_screen_row.start // 100 + 1}"], _key), "out"),
        (lambda: live.model.remove_guids(["r3"], _key), "out above"),
    ):
        change()
        now = _on_screen(table.viewport())
        fresh = _segments(qtbot, live.model.rows(), top=table.verticalScrollBar().value())
        assert now == _on_screen(fresh.table.viewport()), expected
        fresh.close()

    # scrolled to the end, the last rows go: the list scrolls back as far as it must
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    _on_screen(table.viewport())
    last = live.model.rows()[-3:]
    live.model.remove_guids([r.guid for r in last], _key)
    now = _on_screen(table.viewport())
    fresh = _segments(qtbot, live.model.rows(), top=table.verticalScrollBar().value())
    assert now == _on_screen(fresh.table.viewport()), "out at the end"

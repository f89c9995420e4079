"""Coding and undoing update every view in place: no model is reset, and every number is right.

Each test records resets of the codebook, documents and coded-segments models; a coding applied
or undone must change rows and counts without one (a reset loses the reader's scroll position,
selection and expanded codes, and on a large project costs more than a frame).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lgcoder.gui.main_window import MainWindow
from tests.gui.conftest import TEXT, add_codes, select


@contextmanager
def no_resets(window: MainWindow) -> Iterator[list[str]]:
    resets: list[str] = []
    models = {
        "codebook": window.code_model,
        "documents": window.documents.model,
        "segments": window.segments.model,
    }
    slots = {}
    for name, model in models.items():
        slots[name] = lambda name=name: resets.append(name)
        model.modelReset.connect(slots[name])
    try:
        yield resets
    finally:
        for name, model in models.items():
            model.modelReset.disconnect(slots[name])
    assert resets == [], f"models reset: {resets}"


def _segment_guids(window: MainWindow) -> list[str]:
    return [r.guid for r in window.segments.model.rows()]


def _code(window: MainWindow, guid: str) -> tuple[int, int, int]:
    node = window.code_model.node_by_guid(guid)
    assert node is not None
    return node.codings, node.documents, node.total_codings


def _doc_codings(window: MainWindow) -> int:
    return window.documents.model.summaries()[0].codings


def test_apply_and_undo_update_every_view_without_a_reset(window: MainWindow, qtbot: Any) -> None:
    parent = add_codes(window, "barriers")["barriers"]
    assert window.codebook_ctl.add_named("contracts", parent)
    child = add_codes(window)["barriers/contracts"]
    window.codebook.select_guids([parent])  # the segments list shows barriers + sub-codes
    first = (TEXT.index("legacy"), TEXT.index("legacy") + 16)
    second = (TEXT.index("Leadership"), TEXT.index("Leadership") + 10)
    assert window.segments.model.rowCount() == 0

    with no_resets(window):
        select(window.view, TEXT, *second)
        assert window.coding.apply_code(parent)
        select(window.view, TEXT, *first)
        assert window.coding.apply_code(child)
        # highlights and stripes
        assert [s.code_guid for s in window.view.spans_at(first[0])] == [child]
        assert [s.code_guid for s in window.view.spans_at(second[0])] == [parent]
        # codebook: own codings, documents, and the parent's total with its sub-code
        assert _code(window, child) == (1, 1, 1)
        assert _code(window, parent) == (1, 1, 2)
        # documents list and status bar
        assert _doc_codings(window) == 2
        assert "2 codings" in window.status_counts.text()
        # coded segments, in text order, with the title's count
        rows = window.segments.model.rows()
        assert [(r.start, r.end, r.code) for r in rows] == [
            (*first, "barriers/contracts"),
            (*second, "barriers"),
        ]
        assert rows[0].text == TEXT[first[0] : first[1]]
        assert window.segments.title.text().startswith("2 passages")

        window.undo_stack.undo()  # the sub-code's coding
        assert window.view.spans_at(first[0]) == []
        assert _code(window, child) == (0, 0, 0)
        assert _code(window, parent) == (1, 1, 1)
        assert _doc_codings(window) == 1
        assert "1 coding" in window.status_counts.text()
        assert [(r.start, r.end) for r in window.segments.model.rows()] == [second]
        assert window.segments.title.text().startswith("1 passage")

        window.undo_stack.redo()
        assert _code(window, parent) == (1, 1, 2)
        assert [(r.start, r.end) for r in window.segments.model.rows()] == [first, second]
    qtbot.waitUntil(lambda: window.documents.model.summaries()[0].coded_share > 0)


def test_undo_after_another_change_removes_the_right_row(window: MainWindow) -> None:
    guids = add_codes(window, "barriers", "leadership")
    window.codebook.select_guids([guids["barriers"], guids["leadership"]])
    spans = [
        (TEXT.index("biggest"), TEXT.index("biggest") + 7),
        (TEXT.index("legacy"), TEXT.index("legacy") + 6),
        (TEXT.index("Leadership"), TEXT.index("Leadership") + 10),
    ]
    with no_resets(window):
        for (start, end), code in zip(spans, ("barriers", "barriers", "leadership"), strict=True):
            select(window.view, TEXT, start, end)
            assert window.coding.apply_code(guids[code])
        applied = _segment_guids(window)
        assert len(applied) == 3
        # another change in between: the middle coding is uncoded from the caret
        middle = window.view.spans_at(spans[1][0])[0].guid
        assert window.coding.uncode(middle)
        assert _segment_guids(window) == [applied[0], applied[2]]
        assert _code(window, guids["barriers"]) == (1, 1, 1)
        # undo the uncode: the same coding comes back in its place
        window.undo_stack.undo()
        assert _segment_guids(window) == applied
        assert _code(window, guids["barriers"]) == (2, 1, 2)
        # undo the last apply (leadership), then the one before (barriers, "legacy")
        window.undo_stack.undo()
        assert _segment_guids(window) == applied[:2]
        assert _code(window, guids["leadership"]) == (0, 0, 0)
        window.undo_stack.undo()
        assert _segment_guids(window) == applied[:1]
        assert [s.start for s in window.view.all_spans()] == [spans[0][0]]
        assert _doc_codings(window) == 1
        assert "1 coding" in window.status_counts.text()


def test_segments_list_keeps_its_filters_when_a_coding_is_applied(window: MainWindow) -> None:
    guids = add_codes(window, "barriers")
    window.codebook.select_guids([guids["barriers"]])
    other = window.documents.model.summaries()[1].guid
    window.segments.doc_filter.setCurrentIndex(window.segments.doc_filter.findData(other))
    with no_resets(window):
        select(window.view, TEXT, TEXT.index("legacy"), TEXT.index("legacy") + 6)
        assert window.coding.apply_code(guids["barriers"])
        assert window.segments.model.rowCount() == 0  # coded in the other document
        assert _code(window, guids["barriers"]) == (1, 1, 1)

"""The document view's span index: overlap queries and stripe lanes (no Qt needed)."""

from __future__ import annotations

from lgcoder.gui.views.span_index import BUCKET, Span, SpanIndex


def test_overlapping_finds_spans_across_buckets() -> None:
    idx = SpanIndex()
    idx.fill(
        [
            Span("a", "c1", "k", 0, 10),
            Span("b", "c2", "k", 5, BUCKET * 3),  # a long span crossing buckets
            Span("c", "c1", "k", BUCKET * 2 + 5, BUCKET * 2 + 9),
        ]
    )
    assert [s.guid for s in idx.overlapping(0, 4)] == ["a"]
    assert {s.guid for s in idx.overlapping(BUCKET * 2, BUCKET * 2 + 6)} == {"b", "c"}
    assert idx.at(10) == [idx.get("b")]  # end is exclusive: "a" ends at 10
    idx.remove("b")
    assert {s.guid for s in idx.overlapping(0, BUCKET * 4)} == {"a", "c"}


def test_overlapping_codings_get_different_lanes_and_a_code_keeps_its_lane() -> None:
    idx = SpanIndex()
    idx.fill([Span("a", "c1", "k", 0, 50), Span("b", "c2", "k", 10, 20)])
    assert idx.get("a").lane != idx.get("b").lane  # type: ignore[union-attr]
    later = idx.add(Span("c", "c2", "k", 100, 120))
    assert later.lane == idx.get("b").lane  # type: ignore[union-attr]
    assert idx.lanes[0] == 2


def test_groups_have_separate_lanes() -> None:
    idx = SpanIndex(lambda s: 0 if s.coder_guid == "ann" else 1)
    idx.fill([Span("a", "c1", "ann", 0, 50), Span("b", "c1", "ben", 0, 50)])
    assert idx.get("a").lane == idx.get("b").lane == 0  # type: ignore[union-attr]
    assert idx.get("b").group == 1  # type: ignore[union-attr]

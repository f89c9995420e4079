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


def test_fill_gives_the_lanes_adding_one_by_one_gives() -> None:
    """The one-sweep fill used when a document opens matches adding in text order."""
    import random

    rng = random.Random(7)
    for _ in range(30):
        spans = []
        for i in range(rng.randint(1, 120)):
            start = rng.randrange(0, 5000)
            spans.append((f"s{i}", f"c{rng.randrange(6)}", f"k{rng.randrange(2)}", start))
        made = [Span(g, c, k, start, start + rng.randint(1, 900)) for g, c, k, start in spans]
        group_of = (lambda s: 0 if s.coder_guid == "k0" else 1) if rng.random() < 0.5 else None
        filled, added = SpanIndex(group_of), SpanIndex(group_of)
        filled.fill(Span(**vars(s)) for s in made)
        for s in sorted(made, key=lambda s: (s.start, -s.end)):
            added.add(Span(**vars(s)))
        assert {g: (s.lane, s.group) for g, s in ((s.guid, s) for s in filled.spans())} == {
            g: (s.lane, s.group) for g, s in ((s.guid, s) for s in added.spans())
        }
        assert filled.lanes == added.lanes
        assert [s.guid for s in filled.overlapping(0, 6000)] == [
            s.guid for s in added.overlapping(0, 6000)
        ]

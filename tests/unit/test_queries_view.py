"""The workbench's narrow queries agree with the general ones they stand in for."""

from __future__ import annotations

from typing import Any

import pytest

from lgcoder.core.db import Project
from lgcoder.core.imported import SegmentSpec
from lgcoder.core.ops import codes, codings
from lgcoder.core.ops.coders import get_coder
from lgcoder.core.ops.documents import document_by_guid, list_documents
from lgcoder.core.queries import RetrievalCache, retrieve_codings
from lgcoder.core.queries_view import (
    code_counts,
    coded_shares,
    coding_spans,
    codings_by_guid,
    document_content,
)
from tests.helpers import add_text

#: each test using `project` runs on a file and on a PostgreSQL server (tests/unit/conftest.py)
pytestmark = pytest.mark.both_backends


def test_coded_shares_match_the_reference_union(project: Project) -> None:
    a = add_text(project, "0123456789" * 10, "a.txt")
    b = add_text(project, "abcdefghij" * 5, "b.txt")
    add_text(project, "never coded", "c.txt")
    with project.transaction() as s:
        code = codes.get_code(s, codes.add_code(s, "x") and "x")
        other = codes.get_code(s, codes.add_code(s, "y") and "y")
        ann = get_coder(s, "Ann")
        doc_a, doc_b = document_by_guid(s, a), document_by_guid(s, b)
        for doc, c, start, end in (
            (doc_a, code, 0, 10),
            (doc_a, other, 5, 20),  # overlaps the first
            (doc_a, code, 30, 31),
            (doc_a, other, 50, 100),
            (doc_a, code, 60, 70),  # inside the previous one
            (doc_b, code, 10, 20),
        ):
            codings.apply_coding(s, doc, c, ann, start, end)
    with project.reading() as s:
        reference = _covered_share_by_characters(s)
        fast = coded_shares(s)
        assert {g: round(v, 9) for g, v in reference.items()} == {
            g: round(v[0], 9) for g, v in fast.items()
        }
        assert fast[a] == (0.71, 5)
        assert coded_shares(s, [b, "missing"]) == {b: (0.2, 1), "missing": (0.0, 0)}


def test_spans_counts_and_cached_retrieval(project: Project) -> None:
    text = "Priya: we saw real synergy 😀 here."
    guid = add_text(project, text, "t.txt")
    start = text.index("real")
    with project.transaction() as s:
        codes.add_code(s, "synergy")
        code = codes.get_code(s, "synergy")
        created = codings.apply_coding(
            s, document_by_guid(s, guid), code, get_coder(s, "Ann"), start, start + 15
        ).created[0]
    with project.reading() as s:
        spans = coding_spans(s, guid)
        assert [(x.guid, x.start, x.end) for x in spans] == [(created, start, start + 15)]
        assert codings_by_guid(s, [created, "gone"]) == spans
        assert code_counts(s, [code.guid]) == {code.guid: (1, 1)}
        cache = RetrievalCache()
        first = retrieve_codings(s, cache=cache)
    with project.reading() as s:  # the cache outlives the session that filled it
        again = retrieve_codings(s, cache=cache)
    assert first == again
    assert again[0].text == "real synergy 😀 "


def _covered_share_by_characters(session: Any) -> dict[str, float]:
    """Independent reference: mark every covered character, then count (slow but obvious)."""
    covered: dict[str, set[int]] = {}
    lengths = {d.guid: d.text_length for d in list_documents(session)}
    for row in retrieve_codings(session, with_text=False):
        covered.setdefault(row.document_guid, set()).update(range(row.start, row.end))
    return {g: len(chars) / lengths[g] for g, chars in covered.items()}


def test_document_content_gives_the_structure_in_reading_order_without_cues(
    project: Project,
) -> None:
    """What the document view formats: pages, headings and speaker turns with their labels, by
    position; cues (subtitle timing) are not shown. Read with the driver's own cursor, so it
    is checked on both homes."""
    text = "Minutes\n\nPriya: first point.\n\nTom: second point."
    priya, tom = text.index("Priya"), text.index("Tom")
    segments = [
        SegmentSpec("turn", tom, len(text), "Tom", None, 12.5),
        SegmentSpec("heading", 0, 7, "Minutes", 1),
        SegmentSpec("cue", priya, priya + 5),
        SegmentSpec("turn", priya, tom - 2, "Priya"),
        SegmentSpec("page", 0, len(text), "1"),
    ]
    guid = add_text(project, text, "minutes.txt", segments)
    with project.reading() as s:
        content = document_content(s, guid)
        assert content is not None and document_content(s, "no such guid") is None
    assert content.text == text
    assert [(g.kind, g.start, g.end, g.label, g.level) for g in content.segments] == [
        ("page", 0, len(text), "1", None),
        ("heading", 0, 7, "Minutes", 1),
        ("turn", priya, tom - 2, "Priya", None),
        ("turn", tom, len(text), "Tom", None),
    ]

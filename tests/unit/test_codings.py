"""Applying and removing codings: validation, duplicates, tombstones, citations, offsets."""

from __future__ import annotations

import pytest

from lgcoder.core.db import Project
from lgcoder.core.errors import DuplicateError, NotFoundError, ValidationError
from lgcoder.core.imported import SegmentSpec
from lgcoder.core.ops import coders, codes, codings, documents, memos
from lgcoder.core.queries import flat_code_tree, retrieve_codings
from lgcoder.core.queries_view import coded_shares
from lgcoder.core.textnorm import normalise_text
from tests.helpers import add_text

#: each test runs on a project file and on a PostgreSQL server (tests/unit/conftest.py)
pytestmark = pytest.mark.both_backends

ASTRAL = "Intro 😀 then 𝕏 matters. Café 👩🏽‍💻 leadership."


def _apply(
    project: Project, doc: str, start: int, end: int, code: str = "theme", coder: str = "Ann"
) -> str:
    with project.transaction() as s:
        found = codes.find_code(s, code)
        if found is None:
            codes.add_code(s, code)
            found = codes.get_code(s, code)
        return codings.apply_coding(
            s, documents.document_by_guid(s, doc), found, coders.ensure_coder(s, coder), start, end
        ).created[0]


def test_offsets_are_code_points_even_after_astral_characters(project: Project) -> None:
    doc = add_text(project, ASTRAL)
    start = ASTRAL.index("matters")
    _apply(project, doc, start, start + len("matters"))
    start2 = ASTRAL.index("leadership")
    _apply(project, doc, start2, start2 + len("leadership"))
    with project.reading() as s:
        rows = retrieve_codings(s)
    assert [r.text for r in rows] == ["matters", "leadership"]
    assert rows[0].start == 15  # 😀 and 𝕏 count as one character each


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(5, 5, "empty"), (6, 2, "empty"), (-1, 3, "negative"), (0, 10_000, "outside")],
)
def test_bad_spans_are_refused_with_a_reason(
    project: Project, start: int, end: int, message: str
) -> None:
    doc = add_text(project, "short text")
    with pytest.raises(ValidationError, match=message):
        _apply(project, doc, start, end)
    with project.reading() as s:
        assert retrieve_codings(s) == []


def test_same_passage_same_code_same_coder_is_a_duplicate(project: Project) -> None:
    doc = add_text(project, "Funding is a barrier.")
    _apply(project, doc, 0, 7)
    with pytest.raises(DuplicateError):
        _apply(project, doc, 0, 7)
    _apply(project, doc, 0, 7, coder="Ben")  # another coder may code the same passage


def test_remove_leaves_tombstone_and_recoding_revives_the_same_row(project: Project) -> None:
    doc = add_text(project, "Funding is a barrier.")
    guid = _apply(project, doc, 0, 7)
    with project.transaction() as s:
        codings.remove_coding(s, guid)
    with project.reading() as s:
        assert retrieve_codings(s) == []
        assert flat_code_tree(s)[0].codings == 0
    with pytest.raises(NotFoundError), project.transaction() as s:
        codings.remove_coding(s, guid)
    assert _apply(project, doc, 0, 7) == guid


def test_citations_come_from_pages_turns_and_paragraphs(project: Project) -> None:
    text = "Priya: Contracts block us.\nTom: Leaders must act.\n"
    segs = [
        SegmentSpec("page", 0, 27, "iv"),
        SegmentSpec("page", 27, len(text), "v"),
        SegmentSpec("turn", 0, 26, "Priya", time_start=12.0),
        SegmentSpec("turn", 27, 49, "Tom", time_start=30.5),
        SegmentSpec("paragraph", 0, 26),
        SegmentSpec("paragraph", 27, 49),
    ]
    doc = add_text(project, text, segments=segs)
    _apply(project, doc, 7, 25)
    _apply(project, doc, 32, 48)
    with project.reading() as s:
        rows = retrieve_codings(s)
    assert [(r.page, r.speaker, r.citation.paragraph, r.citation.timestamp) for r in rows] == [
        ("iv", "Priya", 1, 12.0),
        ("v", "Tom", 2, 30.5),
    ]


def test_retrieval_filters_and_subcodes(project: Project) -> None:
    doc = add_text(project, "Funding is a barrier. Leaders must own change.")
    other = add_text(project, "Another text about barriers.", name="other.txt")
    with project.transaction() as s:
        codes.add_code(s, "barriers/funding")
    _apply(project, doc, 0, 7, "barriers/funding")
    _apply(project, doc, 0, 21, "barriers", coder="Ben")
    _apply(project, other, 19, 27, "barriers")
    with project.reading() as s:
        assert len(retrieve_codings(s, codes=["barriers"])) == 2
        assert len(retrieve_codings(s, codes=["barriers"], include_subcodes=True)) == 3
        assert [r.document for r in retrieve_codings(s, documents=["other.txt"])] == ["other.txt"]
        assert [r.coder for r in retrieve_codings(s, coders=["Ben"])] == ["Ben"]
        with pytest.raises(NotFoundError):
            retrieve_codings(s, coders=["Nobody"])
        share = coded_shares(s)
    assert share[doc][0] == pytest.approx(21 / 46)


def test_code_counts_per_coder(project: Project) -> None:
    doc = add_text(project, "Funding is a barrier. Leaders must own change.")
    _apply(project, doc, 0, 7)
    _apply(project, doc, 8, 20, coder="Ben")
    with project.reading() as s:
        ann = coders.get_coder(s, "Ann").guid
        assert flat_code_tree(s)[0].codings == 2
        assert flat_code_tree(s, [ann])[0].codings == 1


def test_memos_on_every_target(project: Project) -> None:
    doc = add_text(project, "Funding is a barrier.")
    coding = _apply(project, doc, 0, 7)
    with project.transaction() as s:
        code_guid = codes.get_code(s, "theme").guid
        memos.add_memo(s, "project", "", "Overall impressions")
        memos.add_memo(s, "document", doc, "Anchored", start=0, end=7)
        memos.add_memo(s, "code", code_guid, "Definition notes")
        m = memos.add_memo(s, "coding", coding, "Strong quote").created[0]
        memos.edit_memo(s, m, "Very strong quote")
    with project.reading() as s:
        assert [x.text for x in memos.memos_for(s, "project")] == ["Overall impressions"]
        assert memos.memos_for(s, "document", doc)[0].start == 0
        assert [x.text for x in memos.memos_for(s, "coding", coding)] == ["Very strong quote"]
    with pytest.raises(NotFoundError), project.transaction() as s:
        memos.add_memo(s, "code", "no-such-guid", "x")
    with pytest.raises(ValidationError), project.transaction() as s:
        memos.add_memo(s, "document", doc, "x", start=0, end=999)


def test_find_occurrence_counts_from_one_and_normalises_the_needle() -> None:
    text = normalise_text("Café and cafe\u0301 and Café")
    assert codings.find_occurrence(text, "Cafe\u0301", 2) == (18, 22)
    with pytest.raises(NotFoundError, match="occurs 2 time"):
        codings.find_occurrence(text, "Café", 3)
    with pytest.raises(NotFoundError, match="does not occur"):
        codings.find_occurrence(text, "tea")

"""Text search, autocoding and co-occurrence across a project."""

from __future__ import annotations

import pytest

from lgcoder.analysis.cooccurrence import cooccurrence
from lgcoder.analysis.search import SearchOptions, autocode, search
from lgcoder.core.db import Project
from lgcoder.core.errors import NotFoundError, ValidationError
from lgcoder.core.imported import SegmentSpec
from lgcoder.core.ops import coders, codes, codings, documents
from lgcoder.core.queries import retrieve_codings
from tests.helpers import add_text

#: each test using `project` runs on a file and on a PostgreSQL server (tests/unit/conftest.py)
pytestmark = pytest.mark.both_backends

TEXT = (
    "Priya: Legacy contracts are a barrier. We can't change forms 😀 quickly!\n"
    "Tom: Barriers? Leadership matters more. Contracts can be renegotiated.\n"
)
P1 = TEXT.index("\n")


@pytest.fixture
def doc(project: Project) -> str:
    segs = [
        SegmentSpec("turn", 0, P1, "Priya", time_start=0.0),
        SegmentSpec("turn", P1 + 1, len(TEXT) - 1, "Tom", time_start=9.0),
        SegmentSpec("paragraph", 0, P1),
        SegmentSpec("paragraph", P1 + 1, len(TEXT) - 1),
    ]
    guid = add_text(project, TEXT, "rt.txt", segs)
    add_text(project, "Nothing about b-a-r-r-i-e-r-s here.", "other.txt")
    with project.transaction() as s:
        codes.add_code(s, "barriers")
        codes.add_code(s, "leadership")
    return guid


def test_search_is_case_insensitive_and_cites_speakers(project: Project, doc: str) -> None:
    with project.reading() as s:
        hits = search(s, SearchOptions("barrier"))
    assert [(h.text, h.citation.speaker) for h in hits] == [
        ("barrier", "Priya"),
        ("Barrier", "Tom"),
    ]
    assert all(TEXT[h.start : h.end] == h.text for h in hits)
    with project.reading() as s:
        assert [h.text for h in search(s, SearchOptions("barrier", whole_word=True))] == ["barrier"]
        assert len(search(s, SearchOptions("Barrier", case_sensitive=True))) == 1
        assert [h.text for h in search(s, SearchOptions(r"contracts?\b", regex=True))] == [
            "contracts",
            "Contracts",
        ]
        assert search(s, SearchOptions("contracts", speakers=("tom",)))[0].citation.speaker == "Tom"


def test_bad_queries_are_clear_errors(project: Project, doc: str) -> None:
    with project.reading() as s:
        with pytest.raises(ValidationError, match="regular expression"):
            search(s, SearchOptions("(", regex=True))
        with pytest.raises(ValidationError, match="empty"):
            search(s, SearchOptions("x*", regex=True))
        with pytest.raises(ValidationError, match="give the text"):
            search(s, SearchOptions("  "))
        with pytest.raises(NotFoundError):
            search(s, SearchOptions("a", documents=("missing.txt",)))


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("match", ["contracts", "Contracts"]),
        ("sentence", ["Legacy contracts are a barrier.", "Contracts can be renegotiated."]),
        ("turn", [TEXT[:P1], TEXT[P1 + 1 : -1]]),
    ],
)
def test_autocode_widens_hits_and_is_idempotent(
    project: Project, doc: str, unit: str, expected: list[str]
) -> None:
    with project.transaction() as s:
        result = autocode(
            s,
            SearchOptions("contracts"),
            codes.get_code(s, "barriers"),
            coders.ensure_coder(s, "Ann"),
            unit,  # type: ignore[arg-type]
        )
    assert (result.hits, result.coded) == (2, 2)
    with project.reading() as s:
        got = [r.text for r in retrieve_codings(s, codes=["barriers"])]
    assert got == expected
    with project.transaction() as s:
        again = autocode(
            s,
            SearchOptions("contracts"),
            codes.get_code(s, "barriers"),
            coders.ensure_coder(s, "Ann"),
            unit,  # type: ignore[arg-type]
        )
    assert (again.coded, again.already) == (0, 2)


def test_autocode_every_turn_of_a_speaker(project: Project, doc: str) -> None:
    with project.transaction() as s:
        autocode(
            s,
            SearchOptions(speakers=("Tom",)),
            codes.get_code(s, "leadership"),
            coders.ensure_coder(s, "Ann"),
        )
    with project.reading() as s:
        assert [r.speaker for r in retrieve_codings(s)] == ["Tom"]


def test_cooccurrence_counts_overlapping_codings(project: Project, doc: str) -> None:
    with project.transaction() as s:
        d = documents.document_by_guid(s, doc)
        ann, ben = coders.ensure_coder(s, "Ann"), coders.ensure_coder(s, "Ben")
        b, lead = codes.get_code(s, "barriers"), codes.get_code(s, "leadership")
        codings.apply_coding(s, d, b, ann, 0, 40)
        codings.apply_coding(s, d, lead, ann, 30, 60)  # overlaps the first
        codings.apply_coding(s, d, lead, ben, 41, 50)  # overlaps only the second (same code)
        codings.apply_coding(s, d, b, ben, 100, 110)  # alone
    with project.reading() as s:
        table = cooccurrence(s)
        only_ben = cooccurrence(s, coders=("Ben",))
    assert table.counts == {("barriers", "leadership"): 1}
    assert table.count("leadership", "barriers") == 1
    assert only_ben.counts == {}


def test_code_matrix_by_document_speaker_coder_and_case(project: Project, doc: str) -> None:
    from lgcoder.analysis.matrix import code_matrix
    from lgcoder.core.ops.cases import assign_documents, create_case

    with project.transaction() as s:
        d = documents.document_by_guid(s, doc)
        ann, ben = coders.ensure_coder(s, "Ann"), coders.ensure_coder(s, "Ben")
        codes.add_code(s, "barriers/contracts")
        codings.apply_coding(s, d, codes.get_code(s, "barriers/contracts"), ann, 7, 23)  # Priya
        codings.apply_coding(s, d, codes.get_code(s, "barriers"), ben, P1 + 6, P1 + 14)  # Tom
        codings.apply_coding(s, d, codes.get_code(s, "leadership"), ann, P1 + 16, P1 + 26)
        case = create_case(s, "Exampleshire").created[0]
        assign_documents(s, case, [doc])
    with project.reading() as s:
        by_doc = code_matrix(s, "document")
        by_speaker = code_matrix(s, "speaker")
        flat = code_matrix(s, "speaker", rollup=False)
        by_coder = code_matrix(s, "coder", coders=("Ann",))
        by_case = code_matrix(s, "case")
    assert by_doc.columns == ["rt.txt", "other.txt"]
    assert by_doc.count("barriers", "rt.txt") == 2  # its own passage plus the sub-code's
    assert by_doc.count("barriers/contracts", "rt.txt") == 1
    assert by_speaker.columns == ["Priya", "Tom"]
    assert (by_speaker.count("barriers", "Priya"), by_speaker.count("barriers", "Tom")) == (1, 1)
    assert flat.count("barriers", "Priya") == 0
    assert by_coder.columns == ["Ann"] and by_coder.row_total("leadership") == 1
    assert by_case.count("leadership", "Exampleshire") == 1
    with pytest.raises(ValidationError):
        code_matrix(s, "paragraph")

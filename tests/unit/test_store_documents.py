"""Storing a parsed document: every segment lands in reading order in one go, and a document
whose structure points outside its text is refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from lgcoder.core.db import Project
from lgcoder.core.errors import ValidationError
from lgcoder.core.imported import SEGMENT_KINDS, SegmentSpec
from lgcoder.core.ops.documents import (
    add_document,
    document_by_guid,
    list_documents,
    segments_of,
)
from lgcoder.importers.registry import parse_file
from tests.helpers import make_doc


def test_a_long_transcript_stores_every_segment_in_reading_order(
    tmp_path: Path, corpus: Path
) -> None:
    doc = parse_file(corpus / "txt/apollo13-air-to-ground-transcript.txt")
    assert len(doc.segments) > 20_000
    with Project.create(tmp_path / "p.lgc", coder="Ann") as project:
        with project.transaction() as s:
            guid = add_document(s, doc).created[0]
        with project.reading() as s:
            stored = segments_of(s, document_by_guid(s, guid))
            got = [
                SegmentSpec(r.kind, r.start, r.end, r.label, r.level, r.time_start, r.time_end)  # type: ignore[arg-type]
                for r in stored
            ]
            ordinals = [r.ordinal for r in stored]
    want = sorted(doc.segments, key=lambda g: (g.start, -g.end, SEGMENT_KINDS.index(g.kind)))
    assert got == want
    assert ordinals == list(range(len(want)))
    turns = [g for g in got if g.kind == "turn"]
    assert turns[0].label == "LCC" and turns[0].time_start is not None


@pytest.mark.parametrize(
    ("segment", "message"),
    [
        (SegmentSpec("paragraph", 0, 99), "segment 0:99 is out of range"),
        (SegmentSpec("paragraph", 4, 2), "segment 4:2 is out of range"),
        (SegmentSpec("chapter", 0, 2), "unknown segment kind 'chapter'"),  # type: ignore[arg-type]
    ],
)
def test_structure_outside_the_text_is_refused_and_nothing_is_stored(
    tmp_path: Path, segment: SegmentSpec, message: str
) -> None:
    good = SegmentSpec("paragraph", 0, 5)
    with Project.create(tmp_path / "p.lgc", coder="Ann") as project:
        with pytest.raises(ValidationError, match=message), project.transaction() as s:
            add_document(s, make_doc("Hello world.", segments=[good, segment]))
        with project.reading() as s:
            assert list_documents(s) == []


def test_an_imported_attribute_reuses_a_live_one_and_takes_over_a_deleted_name(
    tmp_path: Path,
) -> None:
    """A file's attributes (its encoding, a Word file's author) land on the project's attribute
    of that name; a deleted one gives up its name instead of taking the new value."""
    from lgcoder.core.ops.attributes import delete_attribute, find_attribute
    from lgcoder.core.ops.documents import document_attributes

    first, second, third = (make_doc(f"Text number {n}.", f"d{n}.txt") for n in range(3))
    for doc in (first, second, third):
        doc.attributes = {"encoding": "utf-8", "author": f"Ann {doc.source_filename}"}
    with Project.create(tmp_path / "p.lgc", coder="Ann") as project:
        with project.transaction() as s:
            a = add_document(s, first).created[0]
            b = add_document(s, second).created[0]
        with project.transaction() as s:
            author = find_attribute(s, "author")
            assert author is not None
            delete_attribute(s, author.guid)
        with project.transaction() as s:
            c = add_document(s, third).created[0]
        with project.reading() as s:
            values = {g: document_attributes(s, document_by_guid(s, g)) for g in (a, b, c)}
            live = find_attribute(s, "author")
            assert live is not None and live.guid != author.guid and not live.deleted
    assert values[a] == {"encoding": "utf-8"}  # the deleted attribute's values are not shown
    assert values[b] == {"encoding": "utf-8"}
    assert values[c] == {"encoding": "utf-8", "author": "Ann d2.txt"}

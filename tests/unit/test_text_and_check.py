"""Text normalisation at import, documents, and the integrity checker catching planted damage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lgcoder.core.check import check_project
from lgcoder.core.db import Project
from lgcoder.core.errors import DuplicateError, ValidationError
from lgcoder.core.ops import coders, codes, codings, documents
from lgcoder.core.textnorm import is_normalised, normalise_text
from lgcoder.importers.registry import parse_bytes
from tests.helpers import add_text, make_doc

#: each test using `project` runs on a file and on a PostgreSQL server (tests/unit/conftest.py)
pytestmark = pytest.mark.both_backends


def test_normalisation_removes_bom_unifies_line_ends_and_composes() -> None:
    raw = "\ufeffline one\r\nline two\rline three\u0085cafe\u0301\ufeff"
    assert normalise_text(raw) == "line one\nline two\nline three\ncafé"
    assert is_normalised("plain\ntext 😀")
    assert not is_normalised("a\r\nb")


def test_txt_import_applies_the_rule_and_keeps_the_original_bytes() -> None:
    data = "\ufeffPriya: cafe\u0301 😀\r\nTom: yes\r\n".encode()
    doc = parse_bytes(data, "t.txt")
    assert doc.text == "Priya: café 😀\nTom: yes\n"
    assert doc.source_bytes == data


def test_same_text_twice_is_refused_and_a_different_text_gets_a_new_name(project: Project) -> None:
    add_text(project, "First version.", name="notes.txt")
    with pytest.raises(DuplicateError, match=r"already in the project as 'notes\.txt'"):
        add_text(project, "First version.", name="renamed copy.txt")
    guid = add_text(project, "Second version.", name="notes.txt")
    with project.transaction() as s:
        forced = documents.add_document(
            s, make_doc("First version.", "notes.txt"), allow_duplicate_text=True
        ).created[0]
    with project.reading() as s:
        assert documents.document_by_guid(s, guid).name == "notes (2).txt"
        assert documents.document_by_guid(s, forced).name == "notes (3).txt"


def test_unnormalised_text_is_never_stored(project: Project) -> None:
    with pytest.raises(ValidationError), project.transaction() as s:
        documents.add_document(s, make_doc("a\r\nb"))
    with project.reading() as s:
        assert documents.list_documents(s) == []


def test_check_is_clean_on_a_sound_project(project: Project) -> None:
    doc = add_text(project, "Funding is a barrier.")
    with project.transaction() as s:
        codes.add_code(s, "barriers")
        codings.apply_coding(
            s,
            documents.document_by_guid(s, doc),
            codes.get_code(s, "barriers"),
            coders.ensure_coder(s, "Ann"),
            0,
            7,
        )
    with project.reading() as s:
        assert check_project(s) == []


@pytest.mark.parametrize(
    ("sql", "finding"),
    [
        ('UPDATE coding SET "end" = 500', "outside the document"),
        ("UPDATE document SET text = 'tampered'", "SHA-256"),
        ("UPDATE code SET parent_id = id", "cycle"),
        ("UPDATE document SET text_length = 3", "stored length"),
    ],
)
def test_check_finds_damage_planted_with_raw_sql(tmp_path: Path, sql: str, finding: str) -> None:
    path = tmp_path / "p.lgc"
    with Project.create(path, coder="Ann") as proj:
        doc = add_text(proj, "Funding is a barrier.")
        with proj.transaction() as s:
            codes.add_code(s, "barriers")
            codings.apply_coding(
                s,
                documents.document_by_guid(s, doc),
                codes.get_code(s, "barriers"),
                coders.ensure_coder(s, "Ann"),
                0,
                7,
            )
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    with Project.open(path) as proj, proj.reading() as s:
        findings = check_project(s)
    assert any(finding in f for f in findings), findings

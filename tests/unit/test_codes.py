"""The codebook: paths, sibling uniqueness, moves, deletes with tombstones, merging codes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lgcoder.core.db import Project
from lgcoder.core.errors import DuplicateError, NotFoundError, ValidationError
from lgcoder.core.models import Code, Coding
from lgcoder.core.ops import coders, codes, codings, documents
from lgcoder.core.queries import flat_code_tree, retrieve_codings
from tests.helpers import add_text

#: each test runs on a project file and on a PostgreSQL server (tests/unit/conftest.py)
pytestmark = pytest.mark.both_backends

TEXT = "Funding is a barrier. Leaders must own change. Teams working together is synergy."


def _code(project: Project, path: str, **kw: str) -> str:
    with project.transaction() as s:
        return codes.add_code(s, path, **kw).created[-1]


def _apply(
    project: Project, doc: str, code_path: str, start: int, end: int, coder: str = "Ann"
) -> str:
    with project.transaction() as s:
        return codings.apply_coding(
            s,
            documents.document_by_guid(s, doc),
            codes.get_code(s, code_path),
            coders.ensure_coder(s, coder),
            start,
            end,
        ).created[0]


def test_add_code_creates_missing_parents_and_reports_paths(project: Project) -> None:
    _code(project, "barriers/funding", description="Money troubles")
    with project.reading() as s:
        tree = flat_code_tree(s)
    assert [n.path for n in tree] == ["barriers", "barriers/funding"]
    assert tree[1].description == "Money troubles"
    assert tree[0].children[0].name == "funding"


def test_sibling_names_are_unique_case_insensitively(project: Project) -> None:
    _code(project, "Barriers")
    with pytest.raises(DuplicateError), project.transaction() as s:
        codes.add_code(s, "barriers")
    _code(project, "leadership/barriers")  # same name at another level is fine


def test_names_with_slash_or_blank_are_refused(project: Project) -> None:
    with pytest.raises(ValidationError), project.transaction() as s:
        codes.add_code(s, "   ")
    guid = _code(project, "synergy")
    with pytest.raises(ValidationError), project.transaction() as s:
        codes.rename_code(s, guid, "a/b")


def test_rename_recolour_describe(project: Project) -> None:
    guid = _code(project, "synergy")
    with project.transaction() as s:
        codes.rename_code(s, guid, "Synergy between services")
        codes.recolour_code(s, guid, "#ABC")
        codes.describe_code(s, guid, "  Joint working  ")
    with project.reading() as s:
        node = flat_code_tree(s)[0]
    assert (node.name, node.color, node.description) == (
        "Synergy between services",
        "#aabbcc",
        "Joint working",
    )
    with pytest.raises(ValidationError), project.transaction() as s:
        codes.recolour_code(s, guid, "blue-ish")


def test_move_reparents_and_reorders_and_refuses_cycles(project: Project) -> None:
    a = _code(project, "a")
    b = _code(project, "b")
    c = _code(project, "c")
    with project.transaction() as s:
        codes.move_code(s, c, None, 0)
    with project.reading() as s:
        assert [n.name for n in flat_code_tree(s)] == ["c", "a", "b"]
    with project.transaction() as s:
        codes.move_code(s, b, a)
    with project.reading() as s:
        assert [n.path for n in flat_code_tree(s)] == ["c", "a", "a/b"]
    with pytest.raises(ValidationError), project.transaction() as s:
        codes.move_code(s, a, b)


def test_delete_code_tombstones_codings_and_restore_brings_them_back(project: Project) -> None:
    doc = add_text(project, TEXT)
    _code(project, "barriers/funding")
    _apply(project, doc, "barriers", 0, 21)
    _apply(project, doc, "barriers/funding", 0, 7)
    with project.transaction() as s:
        changes = codes.delete_code(s, codes.get_code(s, "barriers").guid)
    with project.reading() as s:
        assert flat_code_tree(s) == []
        assert retrieve_codings(s) == []
        rows = s.scalars(select(Coding)).all()
        assert len(rows) == 2 and all(r.deleted for r in rows)  # tombstones, not gone
        assert all(c.deleted for c in s.scalars(select(Code)))
    with project.transaction() as s:
        codes.restore_code(s, changes.code_guids, changes.coding_guids)
    with project.reading() as s:
        assert [r.text for r in retrieve_codings(s)] == ["Funding", "Funding is a barrier."]


def test_merge_code_moves_codings_without_duplicates_and_undoes(project: Project) -> None:
    doc = add_text(project, TEXT)
    _code(project, "leaders")
    _code(project, "leadership")
    _apply(project, doc, "leaders", 22, 46)
    _apply(project, doc, "leaders", 0, 7)
    _apply(project, doc, "leadership", 22, 46)  # same passage: must end up once
    with project.transaction() as s:
        record, _ = codes.merge_code(
            s, codes.get_code(s, "leaders").guid, codes.get_code(s, "leadership").guid
        )
    with project.reading() as s:
        assert [n.path for n in flat_code_tree(s)] == ["leadership"]
        got = [(r.code, r.start, r.end) for r in retrieve_codings(s)]
    assert got == [("leadership", 0, 7), ("leadership", 22, 46)]
    with project.transaction() as s:
        codes.unmerge_code(s, record)
    with project.reading() as s:
        got = sorted((r.code, r.start, r.end) for r in retrieve_codings(s))
    assert got == [("leaders", 0, 7), ("leaders", 22, 46), ("leadership", 22, 46)]


def test_unknown_code_path_is_not_found(project: Project) -> None:
    with pytest.raises(NotFoundError, match="no code 'nothing'"), project.reading() as s:
        codes.get_code(s, "nothing")

"""Cases on real project files: create, rename, membership, delete/restore, from speakers."""

from __future__ import annotations

import pytest

from lgcoder.core.db import Project
from lgcoder.core.errors import DuplicateError, NotFoundError, ValidationError
from lgcoder.core.imported import SegmentSpec
from lgcoder.core.ops import attributes as attr_ops
from lgcoder.core.ops import cases as case_ops
from lgcoder.core.queries_cases import case_documents, list_cases
from lgcoder.core.queries_view import document_summaries
from lgcoder.exporters.options import Scope
from lgcoder.exporters.scope import documents_in_scope
from tests.helpers import add_text

#: each test runs on a project file and on a PostgreSQL server (tests/unit/conftest.py)
pytestmark = pytest.mark.both_backends

TRANSCRIPT = "Priya: contracts.\nTom: leadership.\nPriya: synergy."


def _turns(text: str) -> list[SegmentSpec]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append(SegmentSpec("turn", pos, pos + len(line), line.split(":")[0]))
        pos += len(line) + 1
    return out


@pytest.fixture
def docs(project: Project) -> dict[str, str]:
    return {
        "round": add_text(project, TRANSCRIPT, "round.txt", _turns(TRANSCRIPT)),
        "other": add_text(project, "Cllr Jones: budgets.", "other.txt", _turns("Cllr Jones: b")),
        "notes": add_text(project, "Plain notes about barriers.", "notes.txt"),
    }


def _create(project: Project, name: str, description: str = "") -> str:
    with project.transaction() as s:
        return case_ops.create_case(s, name, description).created[0]


def test_create_assign_and_list(project: Project, docs: dict[str, str]) -> None:
    guid = _create(project, "  Exampleshire   Council ", "a district")
    with project.transaction() as s:
        changes = case_ops.assign_documents(s, guid, [docs["notes"], docs["round"]])
    assert changes.cases and changes.document_guids == {docs["notes"], docs["round"]}
    with project.transaction() as s:  # assigning again changes nothing (membership is a set)
        again = case_ops.assign_documents(s, guid, [docs["round"]])
    assert not again.any()
    with project.reading() as s:
        (case,) = list_cases(s)
        summaries = {d.name: d.cases for d in document_summaries(s)}
        in_scope = [d.name for d in documents_in_scope(s, Scope(cases=("exampleshire council",)))]
    assert case.name == "Exampleshire Council" and case.description == "a district"
    assert [n for _g, n in case.documents] == ["round.txt", "notes.txt"]
    assert summaries["notes.txt"] == ("Exampleshire Council",)
    assert in_scope == ["round.txt", "notes.txt"]


def test_names_are_unique_case_insensitively_and_errors_are_clear(
    project: Project, docs: dict[str, str]
) -> None:
    guid = _create(project, "North")
    other = _create(project, "South")
    with (
        pytest.raises(DuplicateError, match="already a case named 'north'"),
        project.transaction() as s,
    ):
        case_ops.create_case(s, "north")
    with pytest.raises(DuplicateError), project.transaction() as s:
        case_ops.rename_case(s, other, "NORTH")
    with pytest.raises(ValidationError, match="needs a name"), project.transaction() as s:
        case_ops.create_case(s, "   ")
    with (
        pytest.raises(NotFoundError, match=r"no case named 'East'.*North, South"),
        project.reading() as s,
    ):
        case_ops.get_case(s, "East")
    with pytest.raises(NotFoundError), project.transaction() as s:  # all or nothing
        case_ops.assign_documents(s, guid, [docs["round"], "no-such-guid"])
    with project.reading() as s:
        assert case_documents(s, guid) == set()
    with project.transaction() as s:
        case_ops.rename_case(s, guid, "north")  # changing only the capitals is allowed
        case_ops.describe_case(s, guid, " coastal ")
    with project.reading() as s:
        assert [(c.name, c.description) for c in list_cases(s)] == [
            ("north", "coastal"),
            ("South", ""),
        ]


def test_remove_documents_reports_only_what_was_removed(
    project: Project, docs: dict[str, str]
) -> None:
    guid = _create(project, "North")
    with project.transaction() as s:
        case_ops.assign_documents(s, guid, [docs["round"], docs["notes"]])
        changes = case_ops.remove_documents(s, guid, [docs["notes"], docs["other"]])
    assert changes.document_guids == {docs["notes"]}
    with project.reading() as s:
        assert case_documents(s, guid) == {docs["round"]}


def test_delete_keeps_documents_and_restore_brings_back_everything(
    project: Project, docs: dict[str, str]
) -> None:
    guid = _create(project, "North", "coastal")
    with project.transaction() as s:
        case_ops.assign_documents(s, guid, [docs["round"]])
        attr_ops.set_case_value(s, case_ops.case_by_guid(s, guid), "population", "12500", "number")
        record = case_ops.case_record(s, guid)
        case_ops.delete_case(s, guid)
    with project.reading() as s:
        assert list_cases(s) == []
        assert len(document_summaries(s)) == 3
    with project.transaction() as s:
        case_ops.restore_case(s, record)
    with project.reading() as s:
        (case,) = list_cases(s)
    assert case.guid == guid and case.description == "coastal"
    assert case.documents == ((docs["round"], "round.txt"),)
    assert case.values == {"population": "12500"}


def test_cases_from_speakers_makes_one_case_per_speaker(
    project: Project, docs: dict[str, str]
) -> None:
    existing = _create(project, "priya")
    with project.transaction() as s:
        changes = case_ops.cases_from_speakers(s)
    with project.reading() as s:
        cases = {c.name: [n for _g, n in c.documents] for c in list_cases(s)}
    assert cases == {"Cllr Jones": ["other.txt"], "priya": ["round.txt"], "Tom": ["round.txt"]}
    assert len(changes.created) == 2 and existing not in changes.created
    with project.transaction() as s:  # running it again adds nothing
        assert not case_ops.cases_from_speakers(s).created


def test_deleting_a_document_drops_it_from_its_cases(
    project: Project, docs: dict[str, str]
) -> None:
    from lgcoder.core.ops.documents import delete_document

    guid = _create(project, "North")
    with project.transaction() as s:
        case_ops.assign_documents(s, guid, [docs["round"], docs["notes"]])
    with project.transaction() as s:
        delete_document(s, docs["notes"])
    with project.reading() as s:
        assert case_documents(s, guid) == {docs["round"]}

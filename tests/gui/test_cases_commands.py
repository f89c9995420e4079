"""Each cases/attributes command on a bare QUndoStack: undo restores the stored content exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from lgcoder.app.project_service import ProjectService
from lgcoder.core.db import Project
from lgcoder.core.dump import dump
from lgcoder.core.imported import SegmentSpec
from lgcoder.gui.commands import (
    ATTRIBUTE_NAME,
    CASE_DESCRIPTION,
    CASE_NAME,
    AssignDocumentsCommand,
    CreateCaseCommand,
    DefineAttributeCommand,
    DeleteAttributeCommand,
    DeleteCaseCommand,
    EditFieldCommand,
    RemoveDocumentsCommand,
    ServiceCommand,
    SetValueCommand,
    cases_from_speakers_command,
    edit_properties_command,
)
from tests.helpers import add_text


def content(project: Project) -> str:
    with project.reading() as s:
        data = dump(s)

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not k.endswith(("updated", "created"))}
        if isinstance(value, list):  # tombstones are merge state, not what undo restores
            return [strip(v) for v in value if not (isinstance(v, dict) and v.get("deleted"))]
        return value

    return json.dumps(strip(data), sort_keys=True)


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[ProjectService, dict[str, str], str]]:
    project = Project.create(tmp_path / "p.lgc", title="T", coder="Ann")
    text = "Priya: contracts.\nTom: leadership."
    segs = [SegmentSpec("turn", 0, 17, "Priya"), SegmentSpec("turn", 18, len(text), "Tom")]
    docs = {
        "round": add_text(project, text, "round.txt", segs),
        "notes": add_text(project, "Plain notes.", "notes.txt"),
    }
    service = ProjectService(project)
    stack = QUndoStack()
    stack.push(CreateCaseCommand(service, "North", "coastal", [docs["round"]]))
    stack.push(DefineAttributeCommand(service, "population", "number", "case"))
    stack.push(DefineAttributeCommand(service, "region", "text", "document"))
    case_guid = stack.command(0).case_guid  # type: ignore[attr-defined]
    stack.push(SetValueCommand(service, stack.command(1).attribute_guid, case_guid, "pop", "12"))  # type: ignore[attr-defined]
    stack.push(SetValueCommand(service, stack.command(2).attribute_guid, docs["notes"], "r", "N"))  # type: ignore[attr-defined]
    yield service, docs, case_guid
    project.close()


def _attr(service: ProjectService, name: str) -> str:
    from lgcoder.core.queries_cases import list_attributes

    with service.project.reading() as s:
        return next(a.guid for a in list_attributes(s) if a.name == name)


def test_every_command_undoes_and_redoes_exactly(
    setup: tuple[ProjectService, dict[str, str], str],
) -> None:
    service, docs, case_guid = setup
    commands: list[ServiceCommand] = [
        EditFieldCommand(service, CASE_NAME, case_guid, "North", "Northborough"),
        EditFieldCommand(service, CASE_DESCRIPTION, case_guid, "coastal", "inland", "North"),
        AssignDocumentsCommand(service, case_guid, "North", [docs["round"], docs["notes"]]),
        RemoveDocumentsCommand(service, case_guid, "North", [docs["round"]]),
        DeleteCaseCommand(service, case_guid, "North"),
        EditFieldCommand(service, ATTRIBUTE_NAME, _attr(service, "region"), "region", "area"),
        DeleteAttributeCommand(service, _attr(service, "region"), "region"),
        DeleteAttributeCommand(service, _attr(service, "population"), "population"),
        SetValueCommand(service, _attr(service, "region"), docs["notes"], "region", ""),
        cases_from_speakers_command(
            service, {"Priya": [docs["round"]], "north": [docs["notes"]]}, {"north": case_guid}
        ),
        edit_properties_command(
            service,
            docs["round"],
            "round.txt",
            "document",
            [(None, "held", "date", "2024-01-31"), (_attr(service, "region"), "region", "", "S")],
        ),
    ]
    for command in commands:
        stack = QUndoStack()
        before = content(service.project)
        stack.push(command)
        assert command.outcome.error is None, (command.text(), command.outcome.error)
        after = content(service.project)
        assert after != before, command.text()
        stack.undo()
        assert content(service.project) == before, command.text()
        stack.redo()
        assert content(service.project) == after, command.text()
        stack.undo()


def test_a_refused_command_is_dropped_and_changes_nothing(
    setup: tuple[ProjectService, dict[str, str], str],
) -> None:
    service, _docs, case_guid = setup
    stack = QUndoStack()
    before = content(service.project)
    bad = SetValueCommand(service, _attr(service, "population"), case_guid, "pop", "lots")
    stack.push(bad)
    assert bad.outcome.error is not None and "is a number" in str(bad.outcome.error)
    assert stack.count() == 0 and content(service.project) == before
    dup = CreateCaseCommand(service, "north")
    stack.push(dup)
    assert dup.outcome.error is not None and stack.count() == 0

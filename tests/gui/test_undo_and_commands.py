"""Undo/redo restores the stored state exactly; each command also works on a bare QUndoStack."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack

from lgcoder.app.project_service import ProjectService
from lgcoder.core.db import Project
from lgcoder.core.dump import dump
from lgcoder.gui.commands import (
    CODE_COLOR,
    CODE_DESCRIPTION,
    CODE_NAME,
    AddCodeCommand,
    AddMemoCommand,
    ApplyCodingCommand,
    DeleteCodeCommand,
    EditFieldCommand,
    MergeCodeCommand,
    MoveCodeCommand,
    NewCodeAndApplyCommand,
    RemoveCodingCommand,
)
from lgcoder.gui.main_window import MainWindow
from tests.gui.conftest import TEXT, add_codes, select
from tests.helpers import add_text


def content(project: Project) -> str:
    """The project's live content, without timestamps or tombstones.

    Undoing an addition leaves a tombstone (so a team merge knows it was removed, DESIGN §4);
    what a user can see and export must be exactly as before.
    """
    with project.reading() as s:
        data = dump(s)

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not k.endswith(("updated", "created"))}
        if isinstance(value, list):
            return [strip(v) for v in value if not (isinstance(v, dict) and v.get("deleted"))]
        return value

    return json.dumps(strip(data), sort_keys=True)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[ProjectService]:
    project = Project.create(tmp_path / "p.lgc", title="T", coder="Ann")
    add_text(project, TEXT, "roundtable.txt")
    yield ProjectService(project)
    project.close()


def test_every_codebook_and_coding_command_undoes_and_redoes(
    qtbot: Any, service: ProjectService
) -> None:
    stack = QUndoStack()
    ann = service.default_coder_guid()
    assert ann
    doc = service.documents()[0].guid
    states = [content(service.project)]

    def push(cmd: Any) -> Any:
        stack.push(cmd)
        assert cmd.outcome.error is None, cmd.outcome.error
        states.append(content(service.project))
        return cmd

    barriers = push(AddCodeCommand(service, "barriers", description="What stops change")).code_guid
    funding = push(AddCodeCommand(service, "funding")).code_guid
    push(MoveCodeCommand(service, funding, "funding", barriers, None))
    push(EditFieldCommand(service, CODE_NAME, funding, "funding", "money"))
    push(EditFieldCommand(service, CODE_COLOR, barriers, "#cc6677", "#117733", "barriers"))
    push(
        EditFieldCommand(
            service, CODE_DESCRIPTION, barriers, "What stops change", "Obstacles", "barriers"
        )
    )
    coding = push(ApplyCodingCommand(service, doc, funding, ann, 7, 20, "money")).coding_guid
    push(NewCodeAndApplyCommand(service, doc, ann, 30, 40, "legacy"))
    legacy = next(n.guid for n in service.flat_codes() if n.name == "legacy")
    push(MergeCodeCommand(service, legacy, "legacy", barriers, "barriers"))
    push(RemoveCodingCommand(service, coding, "money"))
    push(AddMemoCommand(service, "code", barriers, "Keep an eye on this", ann))
    push(DeleteCodeCommand(service, barriers, "barriers"))
    assert len(set(states)) == len(states)  # every step really changed something
    for expected in reversed(states[:-1]):
        stack.undo()
        assert content(service.project) == expected
    for expected in states[1:]:
        stack.redo()
        assert content(service.project) == expected
    assert stack.undoText() == "Delete code 'barriers'"


def test_a_refused_command_leaves_no_undo_entry(qtbot: Any, service: ProjectService) -> None:
    stack = QUndoStack()
    stack.push(AddCodeCommand(service, "barriers"))
    duplicate = AddCodeCommand(service, "Barriers")
    stack.push(duplicate)
    assert duplicate.outcome.error is not None
    assert "already exists" in str(duplicate.outcome.error)
    assert stack.count() == 1


def test_a_compound_command_rolls_back_when_a_part_fails(
    qtbot: Any, service: ProjectService
) -> None:
    stack = QUndoStack()
    ann = service.default_coder_guid()
    assert ann
    doc = service.documents()[0].guid
    before = content(service.project)
    bad = NewCodeAndApplyCommand(service, doc, ann, 50, 10_000, "too long")  # span out of range
    stack.push(bad)
    assert bad.outcome.error is not None
    assert content(service.project) == before  # the new code was taken back too
    assert stack.count() == 0


def test_undo_and_redo_in_the_window_restore_views_and_file(window: MainWindow, qtbot: Any) -> None:
    guids = add_codes(window, "barriers")
    start = TEXT.index("legacy")
    select(window.view, TEXT, start, start + 6)
    window.coding.apply_code(guids["barriers"])
    assert window.actions_by_name["undo"].text() == "&Undo Code passage as 'barriers'"
    window.actions_by_name["undo"].trigger()
    assert window.view.spans_at(start) == []
    assert window.code_model.node_by_guid(guids["barriers"]).codings == 0  # type: ignore[union-attr]
    # the count is kept current at once; the share coded follows a moment later
    assert window.documents.model.summaries()[0].codings == 0
    qtbot.waitUntil(lambda: window.documents.model.summaries()[0].coded_share == 0)
    window.actions_by_name["redo"].trigger()
    assert len(window.view.spans_at(start)) == 1
    assert window.code_model.node_by_guid(guids["barriers"]).codings == 1  # type: ignore[union-attr]
    assert window.documents.model.summaries()[0].codings == 1
    qtbot.waitUntil(lambda: window.documents.model.summaries()[0].coded_share > 0)
    window.undo_stack.undo()
    window.undo_stack.undo()  # the code itself
    assert window.code_model.nodes() == []
    window.undo_stack.redo()
    assert [n.name for n in window.code_model.nodes()] == ["barriers"]

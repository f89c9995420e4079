"""The app opens what it is given: a project opens, a document is offered for import."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from lgcoder import __version__
from lgcoder.core.db import Project
from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.open_files import NEW_PROJECT, is_project_file, open_given
from tests.gui.conftest import Answers

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _titles(window: MainWindow) -> list[str]:
    assert window.service is not None
    return [d.name for d in window.service.documents()]


def test_a_document_given_goes_into_a_new_project(
    window: MainWindow, answers: Answers, tmp_path: Path
) -> None:
    window.close_project()
    vtt = SAMPLES / "harrowfield-roundtable-session2.vtt"
    target = tmp_path / "from-captions.lgc"
    answers.give("choose", NEW_PROJECT)
    window.prompts.save_file = lambda *a: str(target)  # type: ignore[method-assign]
    open_given(window, [str(vtt)])
    assert window.project is not None and window.project.path == target
    assert _titles(window) == [vtt.name]
    _kind, (_title, label, choices) = answers.asked[0]
    assert "not an lgcoder project" in label and vtt.name in label
    assert choices[0] == NEW_PROJECT and any("recent project" in c for c in choices)


def test_a_document_given_goes_into_the_open_project(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    docx = SAMPLES / "harrowfield-roundtable-session1.docx"
    answers.give("choose", "Into the open project, Roundtable")
    open_given(window, [str(docx)])
    assert window.project is not None and window.project.path == project_path
    assert docx.name in _titles(window)


def test_cancelling_the_offer_imports_nothing(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    before = _titles(window)
    open_given(window, [str(SAMPLES / "harrowfield-roundtable-report.pdf")])  # choose -> None
    assert _titles(window) == before


def test_a_project_given_opens_even_without_the_lgc_name(
    window: MainWindow, tmp_path: Path
) -> None:
    renamed = tmp_path / "copy-from-email.dat"
    with Project.create(renamed, title="Emailed", coder="Ann"):
        pass
    assert is_project_file(renamed)
    open_given(window, [str(renamed)])
    assert window.project is not None and window.project.path == renamed


def test_another_sqlite_file_is_not_taken_for_a_project(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert not is_project_file(other)


def test_about_shows_the_version(window: MainWindow, answers: Answers) -> None:
    window.trigger("about")
    kind, (_title, message) = answers.asked[-1]
    assert kind == "info" and f"lgcoder {__version__}" in message

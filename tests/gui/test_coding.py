"""Every way of coding a selected passage, checked against what the project file stores.

The passages sit after emoji, so a UTF-16/code-point mix-up would store the wrong text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from lgcoder.gui.main_window import MainWindow
from tests.gui.conftest import TEXT, Answers, add_codes, select, send_drop, stored_codings

# after the first emoji (😀) and, for the second, after 🎉 too
LEADERSHIP = "Leadership has to own channel shift"
SYNERGY = "real synergy"


def span_of(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def test_code_by_pinned_shortcut(window: MainWindow, qtbot: Any, project_path: Path) -> None:
    add_codes(window, "barriers", "leadership")
    start, end = span_of(LEADERSHIP)
    select(window.view, TEXT, start, end)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # keys follow the codebook order until pinned
    assert stored_codings(project_path) == [
        ("roundtable.txt", "leadership", "Ann", start, end, LEADERSHIP)
    ]
    # highlight and stripe are there without reloading the document
    assert [window.view.code_look(s.code_guid).name for s in window.view.spans_at(start)] == [
        "leadership"
    ]


def test_code_by_double_click_on_a_code(window: MainWindow, qtbot: Any, project_path: Path) -> None:
    add_codes(window, "barriers", "synergy")
    start, end = span_of(SYNERGY)
    select(window.view, TEXT, start, end)
    tree = window.codebook.tree
    idx = window.codebook.proxy.mapFromSource(
        window.code_model.index_of(window.code_model.nodes()[1].guid)
    )
    rect = tree.visualRect(idx)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert stored_codings(project_path) == [
        ("roundtable.txt", "synergy", "Ann", start, end, SYNERGY)
    ]
    # the tree's count went up in place and the segments list shows the new passage
    assert window.code_model.node_by_guid(window.code_model.nodes()[1].guid).codings == 1  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: [r.text for r in window.segments.model.rows()] == [SYNERGY])


def test_code_by_dragging_the_selection_onto_a_code(
    window: MainWindow, qtbot: Any, project_path: Path
) -> None:
    guids = add_codes(window, "barriers", "leadership")
    start, end = span_of("legacy contracts 😀 and")
    select(window.view, TEXT, start, end)
    mime = window.view.passage_mime()
    assert mime is not None and mime.text() == "legacy contracts 😀 and"
    tree = window.codebook.tree
    idx = window.codebook.proxy.mapFromSource(window.code_model.index_of(guids["barriers"]))
    send_drop(tree.viewport(), tree.visualRect(idx).center(), mime, Qt.DropAction.CopyAction)
    assert stored_codings(project_path) == [
        ("roundtable.txt", "barriers", "Ann", start, end, "legacy contracts 😀 and")
    ]


def test_in_vivo_coding_names_a_new_code_after_the_words(
    window: MainWindow, qtbot: Any, project_path: Path
) -> None:
    start, end = span_of("stays an IT project")
    select(window.view, TEXT, start, end)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert stored_codings(project_path) == [
        ("roundtable.txt", "stays an IT project", "Ann", start, end, "stays an IT project")
    ]
    assert window.undo_stack.undoText() == "In-vivo code 'stays an IT project'"
    window.undo_stack.undo()  # one step removes both the coding and the new code
    assert stored_codings(project_path) == []
    assert window.code_model.nodes() == []


def test_quick_code_box_with_type_ahead(window: MainWindow, qtbot: Any, project_path: Path) -> None:
    add_codes(window, "barriers", "channel shift")
    start, end = span_of("channel shift 🎉 or")
    select(window.view, TEXT, start, end)
    box = window.coding.quick_code()
    assert box is not None
    qtbot.keyClicks(box.edit, "chan")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert stored_codings(project_path) == [
        ("roundtable.txt", "channel shift", "Ann", start, end, "channel shift 🎉 or")
    ]


def test_quick_code_box_creates_a_code_that_does_not_exist(
    window: MainWindow, qtbot: Any, project_path: Path
) -> None:
    start, end = span_of(SYNERGY)
    select(window.view, TEXT, start, end)
    box = window.coding.quick_code()
    assert box is not None
    box.edit.setText("partnership")
    box.accept_text()
    assert stored_codings(project_path)[0][1:] == ("partnership", "Ann", start, end, SYNERGY)


def test_context_menu_offers_code_as_uncode_and_memo(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    guids = add_codes(window, "synergy")
    start, end = span_of(SYNERGY)
    select(window.view, TEXT, start, end)
    menu = window.coding.build_context_menu(start)
    titles = [a.text() for a in menu.actions()]
    assert {"Code as…", "Uncode", "Add memo"} <= set(titles)
    code_as = next(a for a in menu.actions() if a.text() == "Code as…").menu()
    next(a for a in code_as.actions() if a.text().startswith("synergy")).trigger()
    assert len(stored_codings(project_path)) == 1
    # memo on that coding, then uncode, both from a fresh menu
    answers.give("multiline", "Good example for the report")
    menu = window.coding.build_context_menu(start)
    memo = next(a for a in menu.actions() if a.text() == "Add memo").menu()
    memo.actions()[0].trigger()
    coding = window.view.spans_at(start)[0]
    assert coding.memo == "Good example for the report"
    assert "Good example" in window.view.tooltip_for([coding.guid])
    uncode = next(a for a in menu.actions() if a.text() == "Uncode").menu()
    uncode.actions()[0].trigger()
    assert stored_codings(project_path) == []
    assert window.view.spans_at(start) == []
    assert guids["synergy"]


def test_clicking_a_stripe_selects_that_coding(window: MainWindow, qtbot: Any) -> None:
    add_codes(window, "leadership")
    start, end = span_of(LEADERSHIP)
    select(window.view, TEXT, start, end)
    window.coding.apply_code(window.code_model.nodes()[0].guid)
    window.view.setTextCursor(window.view.textCursor().__class__(window.view.document()))
    window.view.gutter.repaint()
    assert window.view.gutter._hits
    rect, guid = window.view.gutter._hits[0]
    qtbot.mouseClick(window.view.gutter, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.view.focused_coding == guid
    assert window.view.selection_span() == (start, end)
    assert window.memo.target == ("coding", guid)


def test_nothing_selected_gives_a_hint_not_a_coding(window: MainWindow, project_path: Path) -> None:
    add_codes(window, "barriers")
    window.coding.apply_pinned(1)
    assert "Select a passage" in window.statusBar().currentMessage()
    assert stored_codings(project_path) == []


def test_coding_the_same_passage_twice_is_refused_in_words(
    window: MainWindow, project_path: Path
) -> None:
    guids = add_codes(window, "barriers")
    start, end = span_of("legacy contracts")
    select(window.view, TEXT, start, end)
    assert window.coding.apply_code(guids["barriers"])
    assert not window.coding.apply_code(guids["barriers"])
    assert "already coded" in (window.last_error or "")
    assert window.undo_stack.count() == 2  # add code + one coding; the refusal left no entry

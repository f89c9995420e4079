"""Search and autocode from the workbench: hits listed, jump to one, code all as one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from lgcoder.gui.dialogs.text_search import TextSearchDialog
from lgcoder.gui.main_window import MainWindow
from tests.gui.conftest import TEXT, add_codes, stored_codings


def _dialog(window: MainWindow, qtbot: Any) -> TextSearchDialog:
    window.trigger("text_search")
    dialog = window.text_search_dialog
    assert isinstance(dialog, TextSearchDialog)
    return dialog


def test_search_lists_hits_and_jumps(window: MainWindow, qtbot: Any) -> None:
    dialog = _dialog(window, qtbot)
    qtbot.keyClicks(dialog.query, "barrier")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert dialog.table.rowCount() == 2
    assert "2 hits in 2 documents" in dialog.summary.text()
    assert dialog.table.item(0, 1).text() == "Priya"
    dialog.jump(0)
    assert window.view.document_guid == dialog.hits[0].document_guid


def test_code_all_hits_by_sentence_then_undo_and_redo(
    window: MainWindow, qtbot: Any, project_path: Path
) -> None:
    add_codes(window, "barriers")
    dialog = _dialog(window, qtbot)
    dialog.refresh_choices()
    qtbot.keyClicks(dialog.query, "barrier")
    dialog.run_search()
    dialog.unit.setCurrentIndex(1)  # the sentence
    dialog.code.setCurrentIndex(dialog.code.findText("barriers"))
    qtbot.mouseClick(dialog.code_all, Qt.MouseButton.LeftButton)
    coded = sorted(text for *_rest, text in stored_codings(project_path))
    first = TEXT[TEXT.index("Our biggest") : TEXT.index("forms.") + len("forms.")]
    assert coded == sorted([first, "A second document about budgets and barriers."])
    assert "Coded 2 passages" in dialog.summary.text()
    window.undo_stack.undo()
    assert stored_codings(project_path) == []
    window.undo_stack.redo()
    assert len(stored_codings(project_path)) == 2
    assert window.undo_stack.undoText().startswith("Autocode")


def test_choices_follow_the_project_and_the_window_closes_with_it(
    window: MainWindow, qtbot: Any
) -> None:
    add_codes(window, "barriers")
    dialog = _dialog(window, qtbot)
    dialog.code.setCurrentIndex(dialog.code.findText("barriers"))
    dialog.scope.setCurrentIndex(dialog.scope.findText("notes.txt"))
    # a theme added in the codebook while the search is open is offered at once,
    # and what the researcher had picked stays picked
    add_codes(window, "synergy")
    qtbot.waitUntil(lambda: dialog.code.findText("synergy") >= 0, timeout=3000)
    assert dialog.code.currentText() == "barriers"
    assert dialog.scope.currentText() == "notes.txt"

    window.close_project()
    assert not dialog.isVisible()
    assert window.text_search_dialog is None

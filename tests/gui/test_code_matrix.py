"""The code matrix dialog: counts per theme and column, speakers, row jump, CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from lgcoder.gui.dialogs.code_matrix import CodeMatrixDialog
from lgcoder.gui.main_window import MainWindow
from tests.gui.conftest import TEXT, add_codes, select


def test_matrix_counts_by_document_and_speaker(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    guids = add_codes(window, "barriers", "synergy")
    start = TEXT.index("legacy contracts")
    select(window.view, TEXT, start, start + len("legacy contracts"))
    window.coding.apply_code(guids["barriers"])
    start = TEXT.index("real synergy")
    select(window.view, TEXT, start, start + len("real synergy"))
    window.coding.apply_code(guids["synergy"])
    window.trigger("code_matrix")
    dialog = window.code_matrix_dialog
    assert isinstance(dialog, CodeMatrixDialog)
    headers = [
        dialog.table.horizontalHeaderItem(i).text() for i in range(dialog.table.columnCount())
    ]
    assert headers == ["roundtable.txt", "notes.txt", "Total"]
    assert dialog.table.item(0, 0).text() == "1" and dialog.table.item(0, 1).text() == ""
    dialog.by.setCurrentIndex(dialog.by.findData("speaker"))
    headers = [
        dialog.table.horizontalHeaderItem(i).text() for i in range(dialog.table.columnCount())
    ]
    # the third paragraph is in no speaker's turn: counted under "(no speaker)", not dropped
    assert headers == ["Priya", "(no speaker)", "Total"]
    assert (dialog.table.item(0, 0).text(), dialog.table.item(1, 0).text()) == ("1", "")
    dialog.show_passages(1, 0)
    assert window.codebook.current_guid() == guids["synergy"]
    out = dialog.save_csv(str(tmp_path / "m.csv"))
    assert out is not None
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows == [
        ["code", "Priya", "(no speaker)", "total"],
        ["barriers", "1", "0", "1"],
        ["synergy", "0", "1", "1"],
    ]


def test_matrix_follows_coding_and_closes_with_the_project(window: MainWindow, qtbot: Any) -> None:
    guids = add_codes(window, "barriers")
    window.trigger("code_matrix")
    dialog = window.code_matrix_dialog
    assert isinstance(dialog, CodeMatrixDialog)
    assert dialog.table.item(0, 0).text() == ""  # nothing coded yet
    start = TEXT.index("legacy contracts")
    select(window.view, TEXT, start, start + len("legacy contracts"))
    window.coding.apply_code(guids["barriers"])
    # the open matrix counts the new passage without being reopened
    qtbot.waitUntil(lambda: dialog.table.item(0, 0).text() == "1", timeout=3000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: dialog.table.item(0, 0).text() == "", timeout=3000)

    window.close_project()
    assert not dialog.isVisible()
    assert window.code_matrix_dialog is None

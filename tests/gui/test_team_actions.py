"""Team menu: merge with preview and restore, agreement table with export, coder copies."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPlainTextEdit

from lgcoder.core.db import Project
from lgcoder.core.ops import coders as coder_ops
from lgcoder.core.ops import codes as code_ops
from lgcoder.core.ops import codings as coding_ops
from lgcoder.core.ops.documents import get_document
from lgcoder.gui import actions_team
from tests.gui.conftest import stored_codings


def _coded_copy(src: Path, dest: Path, coder: str, span: tuple[int, int]) -> Path:
    shutil.copyfile(src, dest)
    with Project.open(dest) as p, p.transaction() as s:
        if code_ops.find_code(s, "barriers") is None:
            code_ops.add_code(s, "barriers")
        code = code_ops.get_code(s, "barriers")
        doc = get_document(s, "roundtable.txt")
        coding_ops.apply_coding(s, doc, code, coder_ops.ensure_coder(s, coder), *span)
    return dest


def test_merge_preview_apply_and_restore(
    window: Any, project_path: Path, tmp_path: Path, monkeypatch: Any, qtbot: Any
) -> None:
    """The merge and the restore cannot be undone: the undo stack is emptied (earlier steps may
    name rows the merge joined), and every view reads the same open project again at once."""
    window.project.close()
    copy = _coded_copy(project_path, tmp_path / "ben.lgc", "Ben", (7, 20))
    window.reload_project()
    service = window.service
    window.codebook_ctl.add_named("themes", None)  # one undoable step before the merge
    assert window.undo_stack.count() == 1
    monkeypatch.setattr(actions_team, "ask_open_files", lambda *_a: [str(copy)])
    assert actions_team.merge_projects(window) == [str(copy)]
    preview = window.merge_dialog
    report = preview.findChild(QPlainTextEdit, "mergeReport")
    assert report is not None and "would merge 1 file into" in report.toPlainText()
    assert "would merge" in preview.report.to_text()
    assert stored_codings(project_path) == []  # a preview changes nothing
    assert window.undo_stack.count() == 1
    preview.apply_button.click()
    result = window.merge_dialog
    assert [row[2] for row in stored_codings(project_path)] == ["Ben"]
    assert window.service is service  # the same open project, not closed and reopened
    assert window.undo_stack.count() == 0
    assert window.view.document_guid is not None
    assert [(s.start, s.end) for s in window.view.all_spans()] == [(7, 20)]  # Ben's highlight
    assert "barriers" in [n.path for n in window.code_model.nodes()]  # the codebook read it too
    assert window.documents.model.summaries()[0].codings == 1
    assert "Ben" in [a.text() for a in window.coders.coder_menu.actions()]
    result.restore_button.click()
    assert stored_codings(project_path) == []
    assert window.service is service
    assert window.view.all_spans() == []
    assert "barriers" not in [n.path for n in window.code_model.nodes()]
    assert window.documents.model.summaries()[0].codings == 0


def test_agreement_dialog_table_and_export(
    window: Any, project_path: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    with window.project.transaction() as s:
        code_ops.add_code(s, "barriers")
        code = code_ops.get_code(s, "barriers")
        doc = get_document(s, "roundtable.txt")
        for coder, span in (("Ann", (7, 20)), ("Ben", (40, 60))):
            coding_ops.apply_coding(s, doc, code, coder_ops.ensure_coder(s, coder), *span)
    dialog = actions_team.show_agreement(window)
    assert dialog is not None and dialog.agreement is not None  # computed at once: two coders
    assert dialog.table.rowCount() == 2  # barriers + pooled
    assert dialog.low_rows() == ["barriers"]  # no overlap at all: low agreement stands out
    out = tmp_path / "agreement.csv"
    monkeypatch.setattr(actions_team, "ask_save_file", lambda *_a: str(out))
    dialog.csv_button.click()
    table = list(csv.reader(out.open(encoding="utf-8")))
    assert table[0][0] == "code" and table[1][0] == "barriers" and table[2][0] == "(pooled)"
    docx = tmp_path / "agreement.docx"
    monkeypatch.setattr(actions_team, "ask_save_file", lambda *_a: str(docx))
    dialog.docx_button.click()
    assert docx.stat().st_size > 0
    dialog.unit.setCurrentIndex(1)
    dialog.compute()
    assert dialog.agreement.unit == "segment"


def test_prepare_copies_writes_one_file_per_coder(window: Any, project_path: Path) -> None:
    dialog = actions_team.prepare_coder_copies(window)
    assert dialog is not None
    dialog.names.setText("Ben, Cat")
    dialog.accept()
    for name in ("Ben", "Cat"):
        copy = project_path.with_name(f"roundtable-{name}.lgc")
        with Project.open(copy, readonly=True) as p, p.reading() as s:
            from lgcoder.core.ops.project import default_coder

            assert default_coder(s).name == name

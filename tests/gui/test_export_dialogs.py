"""The export dialogs, driven like a user would: tick, type, click Export (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from lgcoder.core.db import Project
from lgcoder.core.ops.changes import Changes
from lgcoder.gui import actions_export
from lgcoder.gui.settings import AppSettings
from lgcoder.gui.tasks import TaskRunner
from tests.export_fixtures import CODES, SampleProject, build_sample_project


class FakeWindow:
    """The WindowApi the main window offers, with a synchronous task runner."""

    def __init__(self, project: Project | None, widget: QWidget, settings: AppSettings) -> None:
        self.project = project
        self.widget = widget
        self.settings = settings
        self.tasks = TaskRunner(widget, synchronous=True)
        self.undo_stack = QUndoStack(widget)

    def as_widget(self) -> QWidget:
        return self.widget

    def broadcast(self, changes: Changes) -> None:
        pass

    def current_coder_guid(self) -> str | None:
        return None

    def reload_project(self) -> None:
        pass


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[SampleProject]:
    sample = build_sample_project(tmp_path / "sample.lgc")
    yield sample
    sample.project.close()


@pytest.fixture
def window(qtbot, sample: SampleProject, tmp_path: Path) -> FakeWindow:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    return FakeWindow(sample.project, widget, settings)


def messages(window: FakeWindow) -> list[str]:
    return [box.text() for box in window.widget.findChildren(QMessageBox) if box.isVisible()]


def test_word_summary_dialog_exports_the_ticked_themes(
    qtbot, window: FakeWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = actions_export.export_word_summary(window)
    assert dialog is not None and dialog.isVisible()
    picker = dialog.scope_picker
    assert picker.codes.topLevelItemCount() == 4
    assert picker.code_item("Barriers/Funding") is not None
    assert picker.scope().is_everything
    picker.code_item("Leadership").setCheckState(0, Qt.CheckState.Unchecked)
    picker.code_item("Channel shift/Digital exclusion").setCheckState(0, Qt.CheckState.Unchecked)
    assert picker.scope().codes == ("Barriers", "Synergy")
    dialog.max_quotes.setValue(2)
    dialog.order.setCurrentIndex(1)
    out = tmp_path / "from dialog.docx"
    dialog.output.edit.setText(str(out))
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert out.exists()
    assert any("from dialog.docx" in m for m in messages(window))
    paras = [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs]
    chapters = [t for s, t in paras if s in ("Heading 1", "Heading 2")]
    assert "Leadership" not in chapters and "Digital exclusion" not in chapters
    assert chapters[1:5] == ["Barriers", "Funding", "Capacity", "Data sharing"]
    assert ("Heading 3", "Roundtable 1 - Northshire") in paras  # grouped by document title


def test_export_button_waits_for_a_valid_choice(qtbot, window: FakeWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = actions_export.export_word_summary(window)
    assert dialog is not None
    dialog.output.edit.setText(str(tmp_path / "x.docx"))
    assert dialog.ok_button.isEnabled()
    for i in range(dialog.scope_picker.coders.count()):
        dialog.scope_picker.coders.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.ok_button.isEnabled() and "coder" in dialog.problem.text()
    dialog.scope_picker.coders.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.scope_picker.scope().coders == ("Ann",)
    dialog.output.edit.setText(str(tmp_path / "x.pdf"))
    assert not dialog.ok_button.isEnabled()
    dialog.output.edit.setText(str(tmp_path / "x.docx"))
    dialog.template.edit.setText(str(tmp_path / "missing.dotx"))
    assert not dialog.ok_button.isEnabled() and "template" in dialog.problem.text()
    dialog.reject()


def test_failed_export_shows_the_reason(qtbot, window: FakeWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = actions_export.export_word_summary(window)
    assert dialog is not None
    dialog.output.edit.setText(str(tmp_path / "no such folder" / "x.docx"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert any("does not exist" in m for m in messages(window))


def test_table_dialog_writes_passages_and_codebook(
    qtbot, window: FakeWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = actions_export.export_table(window)
    assert dialog is not None
    assert dialog.output.edit.text().endswith(".xlsx")
    out = tmp_path / "passages.xlsx"
    dialog.output.edit.setText(str(out))
    dialog.scope_picker.documents.item(4).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    ws = openpyxl.load_workbook(out).active
    assert ws.max_row == 1 + 14  # 17 passages, 3 of them in the unticked forum notes

    dialog = actions_export.export_table(window)
    assert dialog is not None
    dialog.output.edit.setText(str(tmp_path / "codebook.xlsx"))
    dialog.format.setCurrentIndex(4)  # codebook as CSV: the suffix follows
    assert dialog.output.edit.text().endswith("codebook.csv")
    assert not dialog.scope_picker.codes.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    lines = (tmp_path / "codebook.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + len(CODES)


def test_without_a_project_the_user_is_told(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    window = FakeWindow(None, widget, AppSettings(QSettings()))
    assert actions_export.export_word_summary(window) is None
    assert actions_export.export_table(window) is None
    assert messages(window) == ["Open a project first.", "Open a project first."]


def test_word_and_table_dialogs_narrow_by_document_attribute(
    qtbot, window: FakeWindow, sample: SampleProject, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    north = {"Roundtable 1 - Northshire.txt", "Council annual report 2023.pdf"}
    expected = sorted(c.text for c in sample.coded if c.document in north)

    dialog = actions_export.export_table(window)
    assert dialog is not None
    region = dialog.scope_picker.attributes["Region"]
    assert [region.itemText(i) for i in range(region.count())] == ["(any)", "East", "North"]
    region.setCurrentIndex(region.findText("North"))
    out = tmp_path / "north.xlsx"
    dialog.output.edit.setText(str(out))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(2)]
    assert {r["document"] for r in rows} == north
    assert len(rows) == len(expected)

    dialog = actions_export.export_word_summary(window)
    assert dialog is not None
    council = dialog.scope_picker.attributes["Council type"]
    council.setCurrentIndex(council.findText("County"))
    out = tmp_path / "county.docx"
    dialog.output.edit.setText(str(out))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Council annual report 2023" in text
    assert "Roundtable 1 - Northshire" not in text and "Eastvale" not in text

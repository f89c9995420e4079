"""Exports a researcher can find (issue 11): the real window, the real sample project.

The default folder is Documents (then the last export folder), never the app's data folder where
the sample lives; the finished box opens the file or its folder through the desktop seam.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from lgcoder.gui import actions_export, desktop
from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.settings import AppSettings, documents_folder
from lgcoder.gui.tasks import TaskRunner


class RecordingDesktop(desktop.Desktop):
    """Stands in for the file manager and the user's default programs."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Path]] = []

    def open_file(self, path: Path) -> bool:
        self.calls.append(("open", path))
        return True

    def show_in_folder(self, path: Path) -> bool:
        self.calls.append(("folder", path))
        return True


@pytest.fixture
def recorder(monkeypatch: Any) -> RecordingDesktop:
    fake = RecordingDesktop()
    monkeypatch.setattr(desktop, "service", fake)
    return fake


@pytest.fixture
def sample_window(qtbot: Any, tmp_path: Path) -> Any:
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "Ann"
    w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(w)
    w.sample_location = lambda: tmp_path / "appdata" / "Sample roundtable.lgc"  # type: ignore[method-assign]
    w.show()
    w.trigger("open_sample")
    assert w.service is not None
    yield w
    w.close()


def finished_box(w: MainWindow) -> QMessageBox:
    boxes = [
        b
        for b in w.findChildren(QMessageBox)
        if b.objectName() == "exportMessage" and b.isVisible()
    ]
    assert len(boxes) == 1, [b.text() for b in boxes]
    return boxes[0]


def button(box: QMessageBox, name: str) -> QPushButton:
    found = box.findChild(QPushButton, name)
    assert found is not None, name
    return found


@pytest.mark.slow
def test_exports_land_where_people_look_and_open_from_the_finished_box(
    qtbot: Any, sample_window: MainWindow, tmp_path: Path, recorder: RecordingDesktop
) -> None:
    w = sample_window
    dialog = actions_export.export_word_summary(w)
    assert dialog is not None
    suggested = Path(dialog.output.edit.text())
    assert suggested.parent == documents_folder()
    assert suggested.parent != (tmp_path / "appdata")  # not beside the sample project
    chosen = tmp_path / "reports"
    chosen.mkdir()
    out = chosen / "sample summary.docx"
    dialog.output.edit.setText(str(out))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert out.is_file() and stat.S_IMODE(out.stat().st_mode) & 0o044  # others may read it
    box = finished_box(w)
    assert str(chosen) in box.informativeText()
    labels = {b.text().replace("&", "") for b in box.buttons()}
    assert labels == {"Open", "Show in folder", "Close"}
    qtbot.mouseClick(button(box, "openExport"), Qt.MouseButton.LeftButton)
    assert recorder.calls == [("open", out)]

    table = actions_export.export_table(w)  # the next export starts in the folder just used
    assert table is not None
    assert Path(table.output.edit.text()).parent == chosen
    qtbot.mouseClick(table.ok_button, Qt.MouseButton.LeftButton)
    written = Path(table.output.edit.text())
    assert written.is_file()
    box = finished_box(w)
    qtbot.mouseClick(button(box, "showExportFolder"), Qt.MouseButton.LeftButton)
    assert recorder.calls[-1] == ("folder", written)
    assert not box.isVisible()


def test_summary_dialog_offers_pdf_coder_and_layout_choices(qtbot: Any, tmp_path: Path) -> None:
    from lgcoder.exporters.scope import ScopeChoices
    from lgcoder.gui.dialogs.export_summary import ExportSummaryDialog

    choices = ScopeChoices(codes=[], documents=["a.txt"], coders=["Ann"], title="T")
    out = tmp_path / "summary.docx"
    dialog = ExportSummaryDialog(choices, str(out), has_libreoffice=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pdf_path() is None and not dialog.pdf_note.isVisible()
    dialog.pdf.setChecked(True)
    assert dialog.pdf_path() == tmp_path / "summary.pdf"
    dialog.cite_coder.setCurrentIndex(dialog.cite_coder.findData("initials"))
    dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData("chapters"))
    options = dialog.options()
    assert (options.cite_coder, options.layout) == ("initials", "chapters")

    without = ExportSummaryDialog(choices, str(out), has_libreoffice=False)
    qtbot.addWidget(without)
    without.show()
    assert not without.pdf.isEnabled() and without.pdf_path() is None
    assert without.pdf_note.isVisible() and "LibreOffice" in without.pdf_note.text()
    assert "Save as" in without.pdf_note.text()


def test_export_dialog_mnemonics_are_unique_and_reach_a_field(qtbot: Any, tmp_path: Path) -> None:
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    from lgcoder.exporters.scope import ScopeChoices
    from lgcoder.gui.dialogs.export_summary import ExportSummaryDialog

    choices = ScopeChoices(codes=[], documents=["a.txt"], coders=["Ann"], title="T")
    dialog = ExportSummaryDialog(choices, str(tmp_path / "s.docx"))
    qtbot.addWidget(dialog)
    dialog.show()
    keys: list[str] = []
    for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        found = re.search(r"&(\w)", widget.text())
        if found and widget.isVisible():
            keys.append(found.group(1).lower())
            if isinstance(widget, QLabel):
                assert widget.buddy() is not None, widget.text()
    keys += [
        m.group(1).lower()
        for box in dialog.findChildren(QGroupBox)
        if (m := re.search(r"&(\w)", box.title()))
    ]
    assert len(keys) == len(set(keys)), sorted(keys)
    template_label = next(lb for lb in dialog.findChildren(QLabel) if lb.text() == "Te&mplate:")
    template_label.buddy().setFocus()
    assert dialog.focusWidget() is dialog.template.edit


def test_without_libreoffice_the_summary_dialog_says_what_to_do(
    sample_window: MainWindow, monkeypatch: Any
) -> None:
    monkeypatch.setenv("LGCODER_SOFFICE", "")  # as on a machine without LibreOffice
    dialog = actions_export.export_word_summary(sample_window)
    assert dialog is not None
    assert not dialog.pdf.isEnabled() and dialog.pdf_note.isVisible()
    assert "libreoffice.org" in dialog.pdf_note.text()
    dialog.reject()


@pytest.mark.slow
def test_summary_dialog_makes_the_pdf_too(
    qtbot: Any, sample_window: MainWindow, tmp_path: Path, recorder: RecordingDesktop
) -> None:
    from lgcoder.exporters.pdf_render import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    dialog = actions_export.export_word_summary(sample_window)
    assert dialog is not None and dialog.pdf.isEnabled()
    out = tmp_path / "summary.docx"
    dialog.output.edit.setText(str(out))
    dialog.pdf.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "summary.pdf"
    assert out.is_file() and pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    box = finished_box(sample_window)
    assert str(pdf) in box.text()
    qtbot.mouseClick(button(box, "openExportPdf"), Qt.MouseButton.LeftButton)
    assert recorder.calls == [("open", pdf)]

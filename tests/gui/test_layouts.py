"""Panels readable on a laptop and on a desktop (issue 11), with the real sample project.

Checked at 1280x800 and 1920x1080: the passage gets the spare width, short columns fit their
content, names elide at the end with the full name in a tooltip, dialog lists never scroll
sideways, recent projects show name and (shortened) path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from lgcoder.gui import actions_export
from lgcoder.gui.dialogs.text_search import open_text_search
from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.settings import AppSettings
from lgcoder.gui.tasks import TaskRunner
from lgcoder.samples import build_sample_project

SIZES = [(1280, 800), (1920, 1080)]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("layouts") / "Sample roundtable.lgc"
    build_sample_project(path, "Ann Newcomer")
    return path


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def window(request: Any, qtbot: Any, sample: Path, tmp_path: Path) -> Any:
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "Ann Newcomer"
    w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(w)
    w.resize(*request.param)
    w.show()
    assert w.open_project_path(str(sample))
    barriers = next(n.guid for n in w.code_model.nodes() if n.path == "barriers")
    w.codebook.select_guids([barriers])
    qtbot.wait(10)
    yield w
    w.close()


def test_the_passage_column_takes_the_spare_width(window: MainWindow) -> None:
    table = window.segments.table
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    room = table.viewport().width()
    assert window.segments.model.rowCount() == 4
    assert widths[0] == max(widths) and widths[0] >= 0.35 * room, widths
    assert sum(widths) <= room + 1  # nothing hidden off to the right
    model = window.segments.model
    for col in (2, 3):  # document, where: elided ones still say it all in the tooltip
        idx = model.index(0, col)
        assert model.data(idx, Qt.ItemDataRole.ToolTipRole) == model.data(idx)
    if window.width() >= 1920:  # on a desktop nothing needs cutting
        for col in range(1, header.count()):
            assert widths[col] >= table.sizeHintForColumn(col), (col, widths)


def test_document_names_show_in_full_and_elide_at_the_end(window: MainWindow) -> None:
    table = window.documents.table
    assert table.textElideMode() == Qt.TextElideMode.ElideRight
    header = table.horizontalHeader()
    assert header.sectionSize(0) >= table.sizeHintForColumn(0)  # all three names readable
    assert not table.horizontalScrollBar().isVisible()
    model = table.model()
    for row in range(model.rowCount()):
        name = model.data(model.index(row, 0))
        assert name in model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
        people = model.data(model.index(row, 2))
        if people:
            assert people.split("; ")[-1].split(", ")[0] in model.data(
                model.index(row, 2), Qt.ItemDataRole.ToolTipRole
            )


def test_export_dialog_lists_do_not_scroll_sideways(window: MainWindow, qtbot: Any) -> None:
    dialog = actions_export.export_word_summary(window)
    assert dialog is not None
    qtbot.wait(10)
    documents = dialog.scope_picker.documents
    assert not documents.horizontalScrollBar().isVisible()
    names = [documents.item(i).text() for i in range(documents.count())]
    assert [documents.item(i).toolTip() for i in range(documents.count())] == names
    # In a narrow list (the Charts window's scope panel) the names are shortened, and the two
    # session transcripts, which differ only near the end, must still look different.
    room = 180
    assert max(documents.fontMetrics().horizontalAdvance(n) for n in names) > room
    shown = [documents.fontMetrics().elidedText(n, documents.textElideMode(), room) for n in names]
    assert len(set(shown)) == len(names), shown
    assert all(s.endswith(Path(n).suffix) for s, n in zip(shown, names, strict=True)), shown
    assert not dialog.scope_picker.codes.horizontalScrollBar().isVisible()
    dialog.reject()


def test_search_dialog_shows_its_label_without_an_ampersand(window: MainWindow) -> None:
    dialog = open_text_search(window)
    label = next(lb for lb in dialog.findChildren(QLabel) if lb.text() == "&Find:")
    assert label.buddy() is dialog.query  # with a buddy Qt shows "Find:" with F underlined
    dialog.reject()


def test_recent_projects_show_the_name_and_a_shortened_path(window: MainWindow, qtbot: Any) -> None:
    deep = Path("/srv/shared/research/2026/digital-services-roundtables/harrowfield/projects")
    long_path = deep / "Harrowfield roundtable coding.lgc"
    window.close_project()
    welcome = window.welcome
    welcome.set_recent([str(long_path)])
    qtbot.wait(20)  # let the welcome page lay out
    item = welcome.recent.item(0)
    assert item.text().startswith("Harrowfield roundtable coding  \u2014  /srv/")
    assert "\u2026" in item.text() and item.text().endswith("coding.lgc")
    assert item.toolTip() == str(long_path)
    metrics = welcome.recent.fontMetrics()
    assert metrics.horizontalAdvance(item.text()) <= welcome.recent.viewport().width()


def test_recent_menu_shortens_deep_paths(window: MainWindow, tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 8)
    deep.mkdir(parents=True)
    project = deep / "R&D roundtable.lgc"
    project.write_bytes(b"")  # the menu lists files that exist
    window.settings.add_recent(project)
    window.project_actions_ctl.fill_recent()
    menu = window.recent_menu
    action = next(a for a in menu.actions() if a.toolTip() == str(project.resolve()))
    assert action.text().startswith("R&&D roundtable  —  ") and "\u2026" in action.text()
    assert menu.fontMetrics().horizontalAdvance(action.text()) < 700

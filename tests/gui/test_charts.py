"""The Charts window: drawn for the scope, clickable into Coded segments, themed, saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from lgcoder.analysis.chart_data import Network, Prevalence
from lgcoder.gui.dialogs.charts import ChartsWindow
from lgcoder.gui.main_window import MainWindow
from tests.chart_fixtures import build_chart_project
from tests.gui.conftest import TEXT, add_codes, select


def _code(window: MainWindow, guid: str, words: str) -> None:
    start = TEXT.index(words)
    select(window.view, TEXT, start, start + len(words))
    window.coding.apply_code(guid)


def _open(window: MainWindow) -> ChartsWindow:
    guids = add_codes(window, "barriers", "synergy")
    _code(window, guids["barriers"], "legacy contracts")
    _code(window, guids["barriers"], "cannot change forms")
    _code(window, guids["synergy"], "real synergy")
    window.trigger("charts")
    dialog = window._charts  # type: ignore[attr-defined]
    assert isinstance(dialog, ChartsWindow)
    dialog.refresh()  # the window's task runner is synchronous in tests
    assert dialog.view.rendered is not None
    return dialog


def _click(qtbot: Any, dialog: ChartsWindow, label: str) -> None:
    rendered = dialog.view.rendered
    assert rendered is not None
    region = next(r for r in rendered.regions if r.target.label == label)
    ratio = dialog.view.ratio
    centre = QPoint(
        int((region.x0 + region.x1) / 2 / ratio), int((region.y0 + region.y1) / 2 / ratio)
    )
    qtbot.mouseClick(dialog.view, Qt.MouseButton.LeftButton, pos=centre)


def test_clicking_a_bar_lists_its_passages_in_coded_segments(
    window: MainWindow, qtbot: Any
) -> None:
    dialog = _open(window)
    assert dialog.data is not None and dialog.data.kind == "prevalence"
    _click(qtbot, dialog, "barriers")
    rows = window.segments.model.rows()
    assert [r.text for r in rows] == ["legacy contracts", "cannot change forms"]
    assert window.segments.title.text() == "2 passages: barriers"
    assert window.docks["segments"].isVisible()

    # live: coding another passage redraws the chart
    guids = {n.path: n.guid for n in window.code_model.nodes()}
    _code(window, guids["synergy"], "Leadership has to own")
    qtbot.waitUntil(lambda: {b.path: b.value for b in dialog.data.bars}["synergy"] == 2)

    dialog.kind.setCurrentIndex(dialog.kind.findData("speakers"))
    dialog.refresh()
    assert dialog.data is not None and dialog.data.kind == "speakers"
    assert dialog.data.rows[-1] == "(no speaker)"
    _click(qtbot, dialog, "(no speaker) on synergy")  # the third paragraph is in no turn
    assert [r.text for r in window.segments.model.rows()] == ["real synergy"]


def test_scope_theme_and_saving(window: MainWindow, qtbot: Any, tmp_path: Path) -> None:
    dialog = _open(window)
    item = dialog.scope_picker.code_item("synergy")
    assert item is not None
    item.setCheckState(0, Qt.CheckState.Unchecked)
    dialog.refresh()
    assert dialog.data is not None
    assert [b.path for b in dialog.data.bars] == ["barriers"]  # type: ignore[union-attr]

    light = QImage.fromData(dialog.view.rendered.png)  # type: ignore[union-attr]
    window.dark = True
    dialog.refresh()
    dark = QImage.fromData(dialog.view.rendered.png)  # type: ignore[union-attr]
    assert light.pixelColor(3, 3).lightness() > 200 and dark.pixelColor(3, 3).lightness() < 80

    png = dialog.save(str(tmp_path / "chart.png"))
    svg = dialog.save(str(tmp_path / "chart"), suffix=".svg")
    assert png is not None and QImage(str(png)).width() == 2100  # 7 in at 300 dpi
    assert svg is not None and svg.suffix == ".svg" and "<svg" in svg.read_text(encoding="utf-8")


def test_cases_attributes_network_and_closing_the_project(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    """The scope's case and attribute filters narrow the chart like the Word export's; the
    network is one more chart to choose; closing the project closes the window."""
    assert window.open_project_path(str(build_chart_project(tmp_path / "charts.lgc")))
    window.trigger("charts")
    dialog = window._charts  # type: ignore[attr-defined]
    assert isinstance(dialog, ChartsWindow)
    dialog.refresh()

    def themes() -> dict[str, int]:
        assert isinstance(dialog.data, Prevalence)
        return {b.path: b.value for b in dialog.data.bars if b.depth == 0}

    assert themes() == {"Barriers": 5, "Leadership": 3, "Synergy": 2}
    picker = dialog.scope_picker
    assert picker.cases is not None and picker.cases.item(0).text() == "North"
    picker.cases.item(0).setCheckState(Qt.CheckState.Checked)  # the roundtable's case
    dialog.refresh()
    assert themes() == {"Barriers": 3, "Leadership": 2, "Synergy": 1}
    picker.cases.item(0).setCheckState(Qt.CheckState.Unchecked)
    kind = picker.attributes["Kind"]
    assert [kind.itemText(i) for i in range(kind.count())] == ["(any)", "report", "roundtable"]
    kind.setCurrentIndex(kind.findText("report"))
    dialog.refresh()
    assert themes() == {"Barriers": 2, "Leadership": 1, "Synergy": 1}

    # the network, for the same scope: the report's one overlap, clickable
    dialog.kind.setCurrentIndex(dialog.kind.findData("cooccurrence-network"))
    dialog.refresh()
    assert isinstance(dialog.data, Network)
    assert [(x.a, x.b, x.weight) for x in dialog.data.links] == [
        ("Barriers", "Barriers/Funding", 1)
    ]
    _click(qtbot, dialog, "Barriers + Funding")
    assert sorted(r.text for r in window.segments.model.rows()) == [
        "Funding is the main barrier",
        "main barrier to joint working",
    ]

    window.close_project()
    assert not dialog.isVisible()
    assert window._charts is None  # type: ignore[attr-defined]


def test_coder_comparison_needs_two_coders_and_says_so(window: MainWindow) -> None:
    dialog = _open(window)
    dialog.kind.setCurrentIndex(dialog.kind.findData("coders"))
    dialog.refresh()
    assert "at least two coders" in dialog.status.text()
    assert dialog.view.rendered is None
    assert dialog.save(str(Path("never.png"))) is None


def test_export_dialog_asks_for_figures(qtbot: Any) -> None:
    from lgcoder.exporters.scope import ScopeChoices
    from lgcoder.gui.dialogs.export_summary import ExportSummaryDialog

    choices = ScopeChoices(codes=[], documents=["a.txt"], coders=["Ann"], title="T")
    dialog = ExportSummaryDialog(choices, "/tmp/x.docx")
    qtbot.addWidget(dialog)
    assert dialog.options().include_charts is False
    dialog.charts.setChecked(True)
    assert dialog.options().include_charts is True

"""Take the README's Charts window screenshots (light and dark) from the sample project.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_chart_screenshots.py

The sample project is built in a temporary folder; the light shot shows passages per theme
split by speaker with the scope open (themes, documents, coders, cases and attributes), the
dark one the co-occurrence network. The sample codes each passage with one theme, so before
the shots the script does what a user would: *Cases ▸ Cases from speakers*, and a second
theme on every other coded passage (otherwise no two themes would overlap).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent


def shoot(
    app: QApplication, tmp: Path, theme: str, kind: str, split: str | None, scope: bool
) -> None:
    from lgcoder.gui.dialogs.charts import open_charts
    from lgcoder.gui.main_window import MainWindow
    from lgcoder.gui.settings import AppSettings
    from lgcoder.gui.tasks import TaskRunner

    settings = AppSettings(QSettings(str(tmp / f"{theme}.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "Ann"
    settings.theme = theme
    window = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    window.sample_location = lambda: tmp / f"Sample {theme}.lgc"  # type: ignore[method-assign]
    window.resize(1440, 900)
    window.show()
    window.trigger("open_sample")
    _more_evidence(window)
    charts = open_charts(window)
    assert charts is not None
    charts.resize(1000, 720)
    charts.kind.setCurrentIndex(charts.kind.findData(kind))
    charts.split.setCurrentIndex(charts.split.findData(split))
    charts.scope_button.setChecked(scope)
    for _ in range(5):
        app.processEvents()
    charts.refresh()
    for _ in range(5):
        app.processEvents()
    charts.grab().save(str(OUT / f"charts-{theme}.png"))
    charts.close()
    window.close()


def _more_evidence(window: object) -> None:
    """Cases from speakers, and a second theme on every other coded passage."""
    from lgcoder.core.ops import coders, codes, codings
    from lgcoder.core.ops.cases import cases_from_speakers
    from lgcoder.core.ops.documents import document_by_guid
    from lgcoder.core.queries import retrieve_codings

    hub = window.hub  # type: ignore[attr-defined]
    with hub.service.project.transaction() as s:
        cases_from_speakers(s)
        ann = coders.ensure_coder(s, "Ann")
        rows = retrieve_codings(s)
        themes = sorted({r.code.split("/")[0] for r in rows})
        for i, row in enumerate(rows):
            if i % 2:
                continue
            other = themes[(themes.index(row.code.split("/")[0]) + 1) % len(themes)]
            document = document_by_guid(s, row.document_guid)
            codings.apply_coding(s, document, codes.get_code(s, other), ann, row.start, row.end)
    hub.reload()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        shoot(app, Path(tmp), "light", "prevalence", "speaker", True)
        shoot(app, Path(tmp), "dark", "cooccurrence-network", None, False)
    QTimer.singleShot(0, app.quit)
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

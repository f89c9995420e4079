"""Take the README's Charts window screenshots (light and dark) from the sample project.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_chart_screenshots.py

The sample project is built in a temporary folder; the light shot shows passages per theme
split by speaker, the dark one who raised what (speakers x themes).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent


def shoot(app: QApplication, tmp: Path, theme: str, kind: str, split: str | None) -> None:
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
    charts = open_charts(window)
    assert charts is not None
    charts.resize(1000, 720)
    charts.kind.setCurrentIndex(charts.kind.findData(kind))
    charts.split.setCurrentIndex(charts.split.findData(split))
    for _ in range(5):
        app.processEvents()
    charts.refresh()
    for _ in range(5):
        app.processEvents()
    charts.grab().save(str(OUT / f"charts-{theme}.png"))
    charts.close()
    window.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        shoot(app, Path(tmp), "light", "prevalence", "speaker")
        shoot(app, Path(tmp), "dark", "speakers", None)
    QTimer.singleShot(0, app.quit)
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

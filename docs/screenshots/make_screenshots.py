"""Take the README's workbench screenshots (light and dark) from the sample project.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py
    # or on a virtual display:  Xvfb :99 & DISPLAY=:99 .venv/bin/python docs/screenshots/...

The sample project is built in a temporary folder from ``resources/samples/``; a few passages
are selected and a code is picked so the highlights, stripes and coded-segments list all show.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent


def shoot(app: QApplication, tmp: Path, theme: str) -> None:
    from lgcoder.gui.main_window import MainWindow
    from lgcoder.gui.settings import AppSettings
    from lgcoder.gui.tasks import TaskRunner

    settings = AppSettings(QSettings(str(tmp / f"{theme}.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "Ann"
    settings.theme = theme
    window = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    window.sample_location = lambda: tmp / "Sample roundtable.lgc"  # type: ignore[method-assign]
    window.resize(1440, 900)
    window.show()
    if theme == "light":
        app.processEvents()
        window.grab().save(str(OUT / "welcome.png"))
    window.trigger("open_sample")
    transcript = next(
        (d for d in window.documents.model.summaries() if d.kind in ("transcript", "docx")),
        None,
    )
    if transcript is not None:
        window.open_document(transcript.guid)
    nodes = window.code_model.nodes()
    if nodes:
        window.codebook.select_guids([nodes[0].guid])
    text = window.view.toPlainText()
    at = max(0, text.find("barrier"))
    window.view.show_span(at, at + 7, select=False)
    window.view.viewport().update()
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(OUT / f"workbench-{theme}.png"))
    window.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        shoot(app, Path(tmp), "light")
        shoot(app, Path(tmp), "dark")
    QTimer.singleShot(0, app.quit)
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Screenshots of the main window, the export dialog and the search dialog at laptop and desktop
sizes, from the real sample project, for looking at layouts (issue 11).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take.py

writes ``{main,export,search}-{1280x800,1920x1080}.png`` beside this file. The settings live in
a temporary folder, so the user's own preferences are neither used nor changed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from lgcoder.gui import actions_export
from lgcoder.gui.dialogs.text_search import open_text_search
from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.settings import AppSettings
from lgcoder.gui.tasks import TaskRunner
from lgcoder.samples import build_sample_project

HERE = Path(__file__).resolve().parent
SIZES = ((1280, 800), (1920, 1080))


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def grab(widget: QWidget, name: str) -> None:
    path = HERE / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = folder / "Sample roundtable.lgc"
        build_sample_project(sample, "Ann Newcomer")
        for width, height in SIZES:
            size = f"{width}x{height}"
            settings = AppSettings(
                QSettings(str(folder / f"settings-{size}.ini"), QSettings.Format.IniFormat)
            )
            settings.coder_name = "Ann Newcomer"
            settings.add_recent(sample)
            window = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
            window.resize(width, height)
            window.show()
            settle(app)
            grab(window, f"welcome-{size}.png")
            window.open_project_path(str(sample))
            nodes = window.code_model.nodes()
            window.codebook.select_guids([next(n.guid for n in nodes if n.path == "barriers")])
            settle(app)
            grab(window, f"main-{size}.png")
            dialog = actions_export.export_word_summary(window)
            assert dialog is not None
            settle(app)
            grab(dialog, f"export-{size}.png")
            dialog.reject()
            search = open_text_search(window)
            search.query.setText("contract")
            search.run_search()
            settle(app)
            grab(search, f"search-{size}.png")
            search.reject()
            window.close()
            settle(app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

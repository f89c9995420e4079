"""Workbench speed against issue 4's targets, with the GUI offscreen.

* a 500,000-character document with 5,000 codings opens and paints in < 200 ms;
* applying or removing one coding updates highlights and stripes in < 16 ms (one frame);
* a project of 300 documents and 100,000 codings shows the main window in < 1.5 s.

Run: ``QT_QPA_PLATFORM=offscreen python -m benchmarks bench_gui``. Numbers, not pass/fail.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from benchmarks.timing import median_seconds, print_table
from benchmarks.workload import build_project
from lgcoder.core.db import Project
from lgcoder.core.queries_view import CodingSpan


def _app() -> QApplication:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication([])


def bench_big_document(tmp: Path) -> list[tuple[str, float, float | None]]:
    from lgcoder.app.project_service import ProjectService
    from lgcoder.gui.commands import ApplyCodingCommand
    from lgcoder.gui.main_window import MainWindow
    from lgcoder.gui.settings import AppSettings
    from lgcoder.gui.tasks import TaskRunner
    from lgcoder.gui.views.document_view import CodeLook, DocumentView

    app = _app()
    path = build_project(tmp / "big.lgc", documents=1, chars=500_000, codings=5_000)
    rows: list[tuple[str, float, float | None]] = []
    with Project.open(path) as project:
        service = ProjectService(project)
        doc = service.documents()[0]
        view = DocumentView()
        view.resize(1100, 800)
        view.set_code_looks(
            {n.guid: CodeLook(n.name, n.path, n.color) for n in service.flat_codes()}
        )
        view.show()
        app.processEvents()

        def open_and_paint() -> None:
            content = service.document(doc.guid)
            assert content is not None
            view.load(content, service.spans(doc.guid))
            view.show_span(250_000, 250_050)  # the middle, where codings are dense
            view.viewport().repaint()
            view.gutter.repaint()

        rows.append(
            (
                f"open + paint {doc.chars:,}-char doc, {len(service.spans(doc.guid)):,} codings",
                median_seconds(open_and_paint, repeat=5),
                0.200,
            )
        )
        code = service.flat_codes()[0].guid
        coder = service.default_coder_guid() or ""
        counter = iter(range(10**6))

        def apply_view_only() -> None:
            n = next(counter)
            span = CodingSpan(f"bench-{n}", doc.guid, code, coder, 250_000 + n % 40, 250_030, "")
            view.upsert_spans([span])
            view.viewport().repaint()
            view.gutter.repaint()

        def remove_view_only() -> None:
            guid = next(iter(s.guid for s in view.all_spans() if s.guid.startswith("bench-")))
            view.remove_spans([guid])
            view.viewport().repaint()
            view.gutter.repaint()

        rows.append(
            (
                "apply one coding: highlight + stripe repaint",
                median_seconds(apply_view_only, repeat=15),
                0.016,
            )
        )
        rows.append(
            (
                "remove one coding: highlight + stripe repaint",
                median_seconds(remove_view_only, repeat=10),
                0.016,
            )
        )

    # the same, end to end in the window: command, commit, broadcast, every dock updates
    settings = AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "Ann"
    window = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    window.resize(1300, 850)
    window.show()
    window.open_project_path(str(path))
    app.processEvents()
    assert window.service is not None
    node = window.code_model.nodes()[0]
    window.codebook.select_guids([node.guid])  # the segments list shows this code too
    starts = iter(range(100_000, 400_000, 997))

    def full_apply() -> None:
        start = next(starts)
        assert window.service is not None and window.coder_guid is not None
        window.push(
            ApplyCodingCommand(
                window.service,
                doc.guid,
                node.guid,
                window.coder_guid,
                start,
                start + 40,
                node.path,
            )
        )
        window.view.viewport().repaint()
        app.processEvents()  # the coded-segments list refreshes right after the paint

    def full_undo() -> None:
        window.undo_stack.undo()
        window.view.viewport().repaint()
        app.processEvents()

    rows.append(
        (
            "apply via undo stack: commit, views, segments list (info)",
            median_seconds(full_apply, repeat=9),
            None,
        )
    )
    rows.append(
        (
            "undo that coding: commit, views, segments list (info)",
            median_seconds(full_undo, repeat=9),
            None,
        )
    )
    window.close()
    return rows


def bench_big_project(tmp: Path) -> list[tuple[str, float, float | None]]:
    from lgcoder.gui.main_window import MainWindow
    from lgcoder.gui.settings import AppSettings
    from lgcoder.gui.tasks import TaskRunner

    app = _app()
    t0 = time.perf_counter()
    path = build_project(tmp / "large.lgc", documents=300, chars=20_000, codings=100_000)
    print(f"(built the 300-document project in {time.perf_counter() - t0:.0f} s)", flush=True)
    settings = AppSettings(QSettings(str(tmp / "s2.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "Ann"

    def open_window() -> None:
        window = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
        window.resize(1300, 850)
        window.show()
        window.open_project_path(str(path))
        app.processEvents()
        window.close()
        window.deleteLater()
        app.processEvents()

    return [
        (
            "main window with 300 docs / 100,000 codings shown",
            median_seconds(open_window, repeat=3),
            1.5,
        )
    ]


def main() -> None:
    _app()
    with tempfile.TemporaryDirectory() as tmp:
        rows = bench_big_document(Path(tmp))
        rows += bench_big_project(Path(tmp))
    print_table(rows)


if __name__ == "__main__":
    main()

"""Workbench speed against issue 16's targets, with the GUI offscreen.

* a 500,000-character document with 5,000 codings opens and paints in < 100 ms, in the
  document view alone (stage by stage) and in the main window from a jump;
* a project of 300 documents and 100,000 codings shows the main window in < 1 s;
* one coding applied (or undone) through the undo stack, from the command to the database
  committed and every view updated (highlights, stripes, counts, codebook, coded-segments list)
  and painted, in < 16 ms on the 500k document and < 50 ms on the 300/100k project.

The full path is timed as the user meets it (``window.push`` / ``undo_stack.undo``, then the
event loop runs until every view has painted). Each stage is then timed on its own, calling the
same pieces in the order the hub calls them, each followed by the event loop so that the paint
it caused is counted with it: commit (the service call, one transaction), counts (the tally),
codebook, highlight and stripes (the document view), documents list and status bar, the
coded-segments list, and whatever else was left queued.

Run: ``QT_QPA_PLATFORM=offscreen python -m benchmarks bench_gui``.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from benchmarks.timing import Result, Sample, machine, report
from benchmarks.workload import build_project
from lgcoder.core.db import Project
from lgcoder.core.ops.changes import Changes
from lgcoder.core.queries_view import DocumentContent

RUNS = 7
STAGES = (
    "commit (one transaction)",
    "counts (tally)",
    "codebook (update, paint)",
    "highlight + stripes (update, paint)",
    "documents list + status bar (update, paint)",
    "coded-segments list (update, paint)",
    "anything else Qt had queued",
)


def _app() -> QApplication:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication([])


OPEN_STAGES = (
    "read text and structure",
    "read codings",
    "build text + formats (not laid out)",
    "into the view (scroll range measured)",
    "codings indexed, stripe lanes",
    "scroll to the passage",
    "paint: text, highlights, stripes, scroll bar",
)


def bench_open_and_paint(path: Path) -> list[Result]:
    """The document view alone: read the document and its codings, show it at a passage in
    its middle (as a jump from the coded-segments list does), paint. Then the same stage by
    stage, calling the view's three loading steps in the order ``load`` calls them."""
    from lgcoder.app.project_service import ProjectService
    from lgcoder.core.gc_pause import cycle_collection_paused
    from lgcoder.gui.views.document_view import DocumentView
    from lgcoder.gui.views.looks import CodeLook

    app = _app()
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
            view.repaint()  # text, highlights, stripes and scroll bar, in one pass as Qt does

        def staged() -> dict[str, tuple[float, float]]:
            times: dict[str, tuple[float, float]] = {}

            def timed(stage: str, fn: Callable[[], object]) -> object:
                t0, c0 = time.perf_counter(), time.thread_time()
                out = fn()
                times[stage] = (time.perf_counter() - t0, time.thread_time() - c0)
                return out

            content = timed(OPEN_STAGES[0], lambda: service.document(doc.guid))
            spans = timed(OPEN_STAGES[1], lambda: service.spans(doc.guid))
            assert isinstance(content, DocumentContent) and isinstance(spans, list)
            with cycle_collection_paused():  # as load() runs them
                built = timed(OPEN_STAGES[2], lambda: view.build(content))
                assert isinstance(built, QTextDocument)
                timed(OPEN_STAGES[3], lambda: view.show_built(built, content))
                timed(OPEN_STAGES[4], lambda: view.take_spans(spans))
            timed(OPEN_STAGES[5], lambda: view.show_span(250_000, 250_050))
            timed(OPEN_STAGES[6], view.repaint)
            return times

        walls: list[float] = []
        cpus: list[float] = []
        stages: list[dict[str, tuple[float, float]]] = []
        for run in range(RUNS + 1):  # the first is the warm-up
            # the last document is deleted once the app is back in its event loop, after the
            # new one painted: done here, untimed, as the app does it after the paint
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            wall, cpu = _timed(open_and_paint)
            if run:
                walls.append(wall)
                cpus.append(cpu)
        for _run in range(RUNS):
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            stages.append(staged())
        n = len(service.spans(doc.guid))
        view.close()

    def median_ms(stage: str, clock: int) -> str:
        return f"{Sample.of([r[stage][clock] for r in stages]).median * 1000:.1f}"

    parts = "; ".join(f"{stage} {median_ms(stage, 1)}" for stage in OPEN_STAGES)
    return [
        Result(
            f"open + paint {doc.chars:,}-char doc, {n:,} codings",
            Sample.of(walls),
            target=0.100,
            note="read text, structure and codings; lay out, format, index; paint text, "
            "highlights and stripes",
        ),
        Result(
            "    ... CPU time of the UI thread",
            Sample.of(cpus),
            target=0.100,
            note=f"stages, median ms CPU: {parts}",
        ),
    ] + [
        Result(
            f"    open: {stage}",
            Sample.of([r[stage][0] for r in stages]),
            note=f"CPU {median_ms(stage, 1)} ms",
        )
        for stage in OPEN_STAGES
    ]


class CodingPath:
    """A main window on *path* with the first document open and the first code's coded
    segments listed, ready to apply and undo codings."""

    def __init__(self, tmp: Path, path: Path, name: str) -> None:
        from lgcoder.gui.main_window import MainWindow
        from lgcoder.gui.settings import AppSettings
        from lgcoder.gui.tasks import TaskRunner
        from lgcoder.gui.views.text_layout import Visible

        self.app = _app()
        settings = AppSettings(QSettings(str(tmp / f"{name}.ini"), QSettings.Format.IniFormat))
        settings.coder_name = "Ann"
        self.window = w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
        w.resize(1300, 850)
        w.show()
        w.open_project_path(str(path))
        self.app.processEvents()
        assert w.service is not None and w.view.document_guid is not None
        self.node = w.code_model.nodes()[0]
        w.codebook.select_guids([self.node.guid])  # the segments list shows this code too
        middle = w.view.omap.length // 2
        w.view.show_span(middle, middle + 10)
        self.app.processEvents()
        self.doc = w.view.document_guid
        # Passages on screen, as a user codes what they read (each applied coding is undone
        # before the next, so they can repeat): its lines and stripes really are repainted.
        self._starts = itertools.cycle(range(middle - 600, middle + 600, 53))
        height = w.view.viewport().height()
        visible = Visible(w.view, 0, height)
        for start in (middle - 600, middle + 600 + 40):
            ys = visible.y_range(*w.view.omap.span_to_utf16(start, start + 1), height)
            assert ys is not None and ys[0] >= 0 and ys[1] <= height, "passages off screen"
        # ...and the coded-segments list scrolled to where they go in: the worst case, every
        # row below the new one moves on screen.
        self._show_segments_near(middle)
        self.applied: list[str] = []

    def _show_segments_near(self, offset: int) -> None:
        table, model = self.window.segments.table, self.window.segments.model
        rows = model.rows()
        near = min(
            (i for i, r in enumerate(rows) if r.document_guid == self.doc),
            key=lambda i: abs(rows[i].start - offset),
            default=None,
        )
        if near is not None:
            table.scrollTo(model.index(near, 0), table.ScrollHint.PositionAtCenter)
        self.app.processEvents()

    def _span(self) -> tuple[int, int]:
        start = next(self._starts)
        return start, start + 40

    def _paint(self) -> None:
        """Run the event loop until the views have painted what the change marked (as the
        app does after a key press: each view asked for an update, Qt paints them once).
        Twice: a table's delayed layout runs in the first pass and asks for its paint there."""
        self.app.processEvents()
        self.app.processEvents()

    # -- the full path, as the user meets it ---------------------------------------------------

    def full_apply(self) -> None:
        from lgcoder.gui.commands import ApplyCodingCommand

        w = self.window
        assert w.service is not None and w.coder_guid is not None
        start, end = self._span()
        command = ApplyCodingCommand(
            w.service, self.doc, self.node.guid, w.coder_guid, start, end, self.node.path
        )
        assert w.push(command)
        self._paint()

    def full_undo(self) -> None:
        self.window.undo_stack.undo()
        self._paint()

    # -- stage by stage ------------------------------------------------------------------------

    def _stages(self, commit: Callable[[], Changes]) -> dict[str, tuple[float, float]]:
        """Each stage's (wall, CPU) seconds; CPU is this thread's own, which the load of other
        processes on the machine changes far less than wall time."""
        w = self.window
        assert w.service is not None
        times: dict[str, tuple[float, float]] = {}

        def timed(stage: str, fn: Callable[[], object], paint: bool = True) -> object:
            t0, c0 = time.perf_counter(), time.thread_time()
            out = fn()
            if paint:
                self.app.processEvents()
            times[stage] = (time.perf_counter() - t0, time.thread_time() - c0)
            return out

        changes = timed(STAGES[0], commit, paint=False)
        assert isinstance(changes, Changes)
        timed(STAGES[1], lambda: w.service and w.service.settle(changes), paint=False)
        timed(STAGES[2], lambda: w.codebook_sync.on_changed(changes))
        timed(STAGES[3], lambda: w.document_sync.on_changed(changes))

        def lists() -> None:
            w.documents_sync.on_changed(changes)
            w._on_changed(changes)

        timed(STAGES[4], lists)
        timed(STAGES[5], lambda: w.segments_sync.on_changed(changes))
        timed(STAGES[6], self._paint)
        return times

    def staged_apply(self) -> dict[str, tuple[float, float]]:
        w = self.window
        assert w.service is not None and w.coder_guid is not None
        service, coder = w.service, w.coder_guid
        start, end = self._span()

        def commit() -> Changes:
            changes = service.apply_coding(self.doc, self.node.guid, coder, start, end)
            self.applied.append(changes.created[0])
            return changes

        return self._stages(commit)

    def staged_undo(self) -> dict[str, tuple[float, float]]:
        w = self.window
        assert w.service is not None
        service, guid = w.service, self.applied.pop()
        return self._stages(lambda: service.remove_coding(guid))

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()
        self.app.processEvents()


def _timed(fn: Callable[[], None]) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.thread_time()
    fn()
    return time.perf_counter() - t0, time.thread_time() - c0


def bench_coding_path(tmp: Path, path: Path, label: str, target: float) -> list[Result]:
    bench = CodingPath(tmp, path, label.split()[0])
    for _ in range(2):  # warm up: first paints, caches, the first WAL write
        bench.full_apply()
        bench.full_undo()
    full: dict[str, list[tuple[float, float]]] = {"apply": [], "undo": []}
    for _ in range(RUNS):
        full["apply"].append(_timed(bench.full_apply))
        full["undo"].append(_timed(bench.full_undo))
    staged: dict[str, list[dict[str, tuple[float, float]]]] = {"apply": [], "undo": []}
    for _ in range(RUNS):
        staged["apply"].append(bench.staged_apply())
        staged["undo"].append(bench.staged_undo())
    bench.close()
    results = []
    for what in ("apply", "undo"):
        runs = staged[what]

        def median_ms(
            stage: str, clock: int, runs: list[dict[str, tuple[float, float]]] = runs
        ) -> str:
            return f"{Sample.of([r[stage][clock] for r in runs]).median * 1000:.1f}"

        parts = "; ".join(f"{stage} {median_ms(stage, 0)}" for stage in STAGES)
        cpu_parts = "; ".join(f"{stage} {median_ms(stage, 1)}" for stage in STAGES)
        results += [
            Result(
                f"{label}: {what} one coding via undo stack, all views",
                Sample.of([wall for wall, _cpu in full[what]]),
                target=target,
                note=f"stages, median ms wall: {parts}",
            ),
            Result(
                "    ... CPU time of the UI thread",
                Sample.of([cpu for _wall, cpu in full[what]]),
                target=target,
                note=f"stages, median ms CPU: {cpu_parts}",
            ),
        ]
        for stage in STAGES:
            results.append(
                Result(
                    f"    {what}: {stage}",
                    Sample.of([r[stage][0] for r in runs]),
                    note=f"CPU {median_ms(stage, 1)} ms",
                )
            )
    return results


def bench_open_in_window(tmp: Path, path: Path) -> list[Result]:
    """As the user meets it, in the main window: a passage in the middle of the document
    chosen in the coded-segments list (``jump_to`` opens the document and scrolls to it),
    then the event loop until everything has painted: the text with its highlights and
    stripes, the header with its count, the documents list's selection, the memos. Each run
    starts from an empty view (cleared untimed), so the document is read and built afresh."""
    bench = CodingPath(tmp, path, "open")
    w, doc, app = bench.window, bench.doc, bench.app

    def jump() -> None:
        w.jump_to(doc, 250_000, 250_050)
        bench._paint()

    walls: list[float] = []
    cpus: list[float] = []
    for run in range(RUNS + 1):  # the first is the warm-up
        w.view.clear_document()
        bench._paint()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        wall, cpu = _timed(jump)
        assert w.view.document_guid == doc
        if run:
            walls.append(wall)
            cpus.append(cpu)
    bench.close()
    return [
        Result(
            "main window: jump into the 500k doc from the segments list, all painted",
            Sample.of(walls),
            target=0.100,
            note="open_document + show_span, then the event loop until painted",
        ),
        Result("    ... CPU time of the UI thread", Sample.of(cpus), target=0.100),
    ]


def bench_main_window(tmp: Path, path: Path) -> list[Result]:
    """Open the project in a new window, as the app does (worker threads on): shown and usable
    when the open returns and the first paint is done; the documents' shares coded are read on
    a worker meanwhile and timed until they are all in the list."""
    from lgcoder.gui.main_window import MainWindow
    from lgcoder.gui.settings import AppSettings
    from lgcoder.gui.tasks import TaskRunner

    app = _app()
    settings = AppSettings(QSettings(str(tmp / "open.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "Ann"
    shown: list[float] = []
    shares: list[float] = []
    for run in range(6):
        t0 = time.perf_counter()
        window = MainWindow(settings, TaskRunner(), ask_coder=False)
        window.resize(1300, 850)
        window.show()
        window.open_project_path(str(path))
        app.processEvents()
        t1 = time.perf_counter()
        model = window.documents.model
        while not all(model.share_known(d.guid) for d in model.summaries()):
            app.processEvents()
            time.sleep(0.002)
        t2 = time.perf_counter()
        window.close()
        window.deleteLater()
        app.processEvents()
        if run:  # the first is the warm-up
            shown.append(t1 - t0)
            shares.append(t2 - t0)
    return [
        Result(
            "main window with 300 docs / 100,000 codings shown",
            Sample.of(shown),
            target=1.0,
            note="includes the backup copy every open makes; shares coded arrive after",
        ),
        Result("    ... and every document's share coded filled in", Sample.of(shares)),
    ]


def main() -> None:
    """``LGCODER_BENCH_GUI=big`` runs only the 500k-document rows (quick to repeat),
    ``LGCODER_BENCH_GUI=open`` only its open + paint rows."""
    _app()
    if os.environ.get("LGCODER_BENCH_GUI") == "open":
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            big = build_project(tmp / "big.lgc", documents=1, chars=500_000, codings=5_000)
            results = bench_open_and_paint(big) + bench_open_in_window(tmp, big)
        print(f"taken under load: {machine()}")
        report("gui", results)
        return
    if os.environ.get("LGCODER_BENCH_GUI") == "big":
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            big = build_project(tmp / "big.lgc", documents=1, chars=500_000, codings=5_000)
            results = bench_open_and_paint(big)
            results += bench_open_in_window(tmp, big)
            results += bench_coding_path(tmp, big, "500k doc, 5,000 codings", 0.016)
        print(f"taken under load: {machine()}")
        report("gui", results)
        return
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        big = build_project(tmp / "big.lgc", documents=1, chars=500_000, codings=5_000)
        t0 = time.perf_counter()
        large = build_project(tmp / "large.lgc", documents=300, chars=20_000, codings=100_000)
        print(f"(built the 300-document project in {time.perf_counter() - t0:.0f} s)")
        results = bench_open_and_paint(big)
        results += bench_open_in_window(tmp, big)
        results += bench_main_window(tmp, large)
        results += bench_coding_path(tmp, big, "500k doc, 5,000 codings", 0.016)
        results += bench_coding_path(tmp, large, "300 docs, 100k codings", 0.050)
    print(f"taken under load: {machine()}")
    report("gui", results)


if __name__ == "__main__":
    main()

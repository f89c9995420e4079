"""Import in the background: progress and per-file errors come as signals; passwords; cancel;
no thread left behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QThreadPool, QUrl

from lgcoder.app.project_service import ProjectService
from lgcoder.core.db import Project
from lgcoder.gui.import_controller import ImportController, ImportReport
from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.tasks import TaskRunner
from tests.gui.conftest import Answers, send_drop

VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Priya>Our biggest barrier is legacy contracts.\n\n"
    "00:00:05.000 --> 00:00:08.000\n<v Tom>Leadership has to own channel shift.\n"
)


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    good = tmp_path / "session.vtt"
    good.write_text(VTT, encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("Workshop notes: residents want online forms.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    return good, notes, empty


def test_worker_reports_progress_and_errors_through_signals(qtbot: Any, tmp_path: Path) -> None:
    good, notes, empty = _files(tmp_path)
    missing = tmp_path / "missing.docx"
    with Project.create(tmp_path / "p.lgc", coder="Ann") as project:
        controller = ImportController(
            ProjectService(project), TaskRunner(synchronous=True), lambda *_: None
        )
        progress: list[tuple[int, int, str]] = []
        failures: list[tuple[str, str]] = []
        controller.progress.connect(lambda *a: progress.append(a))
        controller.fileFailed.connect(lambda *a: failures.append(a))
        with qtbot.waitSignal(controller.finished, timeout=10_000) as blocker:
            controller.start([str(good), str(empty), str(notes), str(missing)])
        report: ImportReport = blocker.args[0]
        assert [r.status for r in report.results] == ["imported", "failed", "imported", "failed"]
        assert [Path(p).name for p, _ in failures] == ["empty.txt", "missing.docx"]
        assert "empty" in failures[0][1]
        assert "no such file" in failures[1][1]
        assert progress[0][:2] == (0, 400) and progress[-1][:2] == (400, 400)
        assert [done for done, *_ in progress] == sorted(done for done, *_ in progress)
        assert any("session.vtt" in message for *_, message in progress)
        names = [d.name for d in ProjectService(project).documents()]
        assert names == ["session.vtt", "notes.txt"]


def test_cancel_stops_before_the_next_file(qtbot: Any, tmp_path: Path) -> None:
    good, notes, _ = _files(tmp_path)
    with Project.create(tmp_path / "p.lgc", coder="Ann") as project:
        controller = ImportController(
            ProjectService(project), TaskRunner(synchronous=True), lambda *_: None
        )

        def cancel_after_first(done: int, _total: int, message: str) -> None:
            if message.startswith("Storing"):
                for task in list(controller.tasks._live):  # the running import
                    task.cancel()

        controller.progress.connect(cancel_after_first)
        with qtbot.waitSignal(controller.finished) as blocker:
            controller.start([str(good), str(notes)])
        report: ImportReport = blocker.args[0]
        assert report.cancelled
        assert [r.status for r in report.results] == ["imported", "cancelled"]


def test_encrypted_pdf_asks_for_the_password(qtbot: Any, tmp_path: Path, corpus: Path) -> None:
    pdf = corpus / "pdf" / "password-example.pdf"
    asked: list[tuple[str, bool]] = []
    answers = iter(["wrong", "test"])

    def ask(name: str, wrong: bool) -> str | None:
        asked.append((name, wrong))
        return next(answers)

    with Project.create(tmp_path / "p.lgc", coder="Ann") as project:
        controller = ImportController(ProjectService(project), TaskRunner(synchronous=True), ask)
        with qtbot.waitSignal(controller.finished, timeout=60_000) as blocker:
            controller.start([str(pdf)])
        report: ImportReport = blocker.args[0]
        assert asked == [("password-example.pdf", False), ("password-example.pdf", True)]
        assert [r.status for r in report.results] == ["imported"]


def test_import_in_the_window_by_menu_and_by_drop(
    window: MainWindow, answers: Answers, tmp_path: Path
) -> None:
    good, notes, empty = _files(tmp_path)
    answers.give("open_files", [str(good), str(empty)])
    window.trigger("import")
    names = [d.name for d in window.documents.model.summaries()]
    assert "session.vtt" in names
    summary = window.importing.summary_dialog
    assert summary.isVisible()
    assert "1 failed" in summary.headline.text()
    assert summary.table.item(1, 0).text() == "empty.txt"
    assert "empty" in summary.table.item(1, 2).text()
    summary.close()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    from PySide6.QtCore import QPoint, Qt

    send_drop(window, QPoint(50, 50), mime, Qt.DropAction.CopyAction)
    assert "notes (2).txt" in [d.name for d in window.documents.model.summaries()]
    # the speakers of the transcript show in the documents list
    vtt = next(d for d in window.documents.model.summaries() if d.name == "session.vtt")
    assert vtt.speakers == ("Priya", "Tom")


def test_background_import_leaks_no_thread(qtbot: Any, tmp_path: Path) -> None:
    good, notes, _ = _files(tmp_path)
    with Project.create(tmp_path / "p.lgc", coder="Ann") as project:
        runner = TaskRunner()  # a real pool this time
        controller = ImportController(ProjectService(project), runner, lambda *_: None)
        with qtbot.waitSignal(controller.finished, timeout=20_000) as blocker:
            controller.start([str(good), str(notes)])
        assert len(blocker.args[0].imported) == 2
        assert runner.wait(5000)
        assert runner.pool.activeThreadCount() == 0
        assert not runner._live
        runner.pool.clear()
        runner.pool.setExpiryTimeout(0)
        runner.pool.waitForDone(1000)
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def test_long_pdf_reports_pages_and_cancel_stops_mid_file(
    qtbot: Any, tmp_path: Path, corpus: Path
) -> None:
    pdf = corpus / "pdf" / "long-117p-german-math-lecture-notes.pdf"
    with Project.create(tmp_path / "p.lgc", coder="Ann") as project:
        service = ProjectService(project)
        controller = ImportController(service, TaskRunner(synchronous=True), lambda *_: None)
        messages: list[str] = []

        def cancel_at_page_10(_done: int, _total: int, message: str) -> None:
            messages.append(message)
            if "page 10 of 117" in message:
                for task in list(controller.tasks._live):
                    task.cancel()

        controller.progress.connect(cancel_at_page_10)
        with qtbot.waitSignal(controller.finished, timeout=60_000) as blocker:
            controller.start([str(pdf)])
        report: ImportReport = blocker.args[0]
        assert "page 1 of 117" in messages[1]
        assert report.cancelled and [r.status for r in report.results] == ["cancelled"]
        assert not any("page 117 of 117" in m for m in messages)
        assert service.documents() == []


BATCH = [
    "vtt/zoom-real-two-person-meeting.vtt",
    "pdf/scotus-transcript-p1.pdf",
    "docx/docx2python-apple-pages.docx",
    "txt/utf8-crlf-spanish-bible.txt",
    "txt/qualcoder-focus-group-transcript.txt",
    "pdf/two-column-latex-lorem.pdf",
    "vtt/teams-style-fixture-synthetic.vtt",
    "docx/docx2python-curly-quotes.docx",
]


def _stored(service: ProjectService) -> list[tuple[str, str, str, tuple[object, ...]]]:
    """Every stored document as the document view would show it, in the project's order."""
    out = []
    for summary in service.documents():
        content = service.document(summary.guid)
        assert content is not None
        out.append((content.name, content.kind, content.text, content.segments))
    return out


def _pool_helpers() -> list[Any]:
    import multiprocessing

    return [p for p in multiprocessing.active_children() if p.name == "lgcoder-import-pool"]


def test_batch_on_the_pool_stores_what_one_at_a_time_stores(
    qtbot: Any, tmp_path: Path, corpus: Path
) -> None:
    from lgcoder.importers.registry import parse_file

    paths = [str(corpus / rel) for rel in reversed(BATCH)]  # the user's order, not the disk's
    bad = tmp_path / "scan.txt"
    bad.write_bytes(bytes(range(256)) * 40)
    paths.insert(3, str(bad))
    with Project.create(tmp_path / "pool.lgc", coder="Ann") as pooled:
        service = ProjectService(pooled)
        controller = ImportController(service, TaskRunner(synchronous=True), lambda *_: None)
        failures: list[tuple[str, str]] = []
        controller.fileFailed.connect(lambda *a: failures.append(a))
        with qtbot.waitSignal(controller.finished, timeout=120_000) as blocker:
            controller.start(paths)
        report: ImportReport = blocker.args[0]
        assert [r.path for r in report.results] == paths
        assert [r.status for r in report.results].count("imported") == len(BATCH)
        assert failures == [(str(bad), failures[0][1])] and "binary" in failures[0][1]
        got = _stored(service)
    with Project.create(tmp_path / "serial.lgc", coder="Ann") as serial:
        reference = ProjectService(serial)
        for path in paths:
            if path != str(bad):
                reference.import_document(parse_file(path))
        assert got == _stored(reference)
    assert [name for name, *_ in got] == [Path(p).name for p in paths if p != str(bad)]
    assert not _pool_helpers()


@pytest.mark.slow
def test_progress_dialog_names_each_file_and_cancel_stops_the_batch(
    qtbot: Any, tmp_path: Path, corpus: Path
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

    small = [str(corpus / rel) for rel in BATCH if not rel.startswith("pdf/")]
    long_pdfs = [
        str(corpus / "pdf/long-117p-german-math-lecture-notes.pdf"),
        str(corpus / "pdf/irs-instructions-1040nr-50p.pdf"),
        str(corpus / "pdf/chelsea-transport-plan-65p-french.pdf"),
    ]
    paths = small + long_pdfs + small[:2]
    parent = QWidget()
    qtbot.addWidget(parent)
    with Project.create(tmp_path / "p.lgc", coder="Ann") as project:
        service = ProjectService(project)
        runner = TaskRunner()  # real threads: the dialog must stay live while files are read
        controller = ImportController(service, runner, lambda *_: None, parent)
        labels: list[str] = []
        values: list[int] = []

        def seen(done: int, _total: int, message: str) -> None:
            labels.append(message)
            values.append(done)

        controller.progress.connect(seen)
        with qtbot.waitSignal(controller.finished, timeout=120_000) as blocker:
            controller.start(paths)
            dialog = parent.findChild(QProgressDialog)
            assert dialog is not None
            # wait until the small files are stored and the long PDFs are being read
            qtbot.waitUntil(
                lambda: any(f"({len(small) + 1} of {len(paths)})" in m for m in labels),
                timeout=60_000,
            )
            assert str(len(paths)) in dialog.labelText()
            button = dialog.findChild(QPushButton)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        report: ImportReport = blocker.args[0]
        assert runner.wait(10_000)
        stored = [d.name for d in service.documents()]
    assert report.cancelled
    statuses = [r.status for r in report.results]
    assert statuses[: len(small)] == ["imported"] * len(small)
    assert statuses[-2:] == ["cancelled", "cancelled"]  # nothing stored after the cancel
    assert stored == [r.name for r in report.results if r.status == "imported"]
    # one line of progress per file, in the user's order, on a bar that only moves forward
    for i, path in enumerate(paths[: len(small)]):
        assert any(Path(path).name in m and f"({i + 1} of {len(paths)})" in m for m in labels)
    assert values == sorted(values)
    assert not _pool_helpers()

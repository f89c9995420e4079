"""Import in the background: progress and per-file errors come as signals; passwords; cancel;
no thread left behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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

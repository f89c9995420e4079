"""Import files in the background: per-file progress, Cancel, passwords, and a summary.

The worker (:func:`import_files`) runs on the TaskRunner's pool: the files are parsed on the
import pool (:mod:`lgcoder.importers.batch`, one reader process per core) and stored here through
the service, in the order chosen, one transaction per file, so a failure or a cancel never
leaves half a document behind. The controller lives on the UI thread and turns
the outcome into signals: ``progress`` while it runs, one ``fileFailed`` per file that did not
make it, then ``finished`` with the whole report. Encrypted PDFs come back as "needs password";
the controller asks for it and imports those files again.
"""

from __future__ import annotations

import gc
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from lgcoder.app.project_service import ProjectService
from lgcoder.core.errors import ImportCancelledError, LgcoderError, PasswordRequiredError
from lgcoder.core.ops.changes import Changes
from lgcoder.gui.tasks import Task, TaskContext, TaskRunner

MAX_PASSWORD_TRIES = 3


@dataclass
class FileResult:
    path: str
    status: str  # imported | failed | password | cancelled
    message: str = ""
    document_guid: str | None = None
    wrong_password: bool = False

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    def by_status(self, status: str) -> list[FileResult]:
        return [r for r in self.results if r.status == status]

    @property
    def imported(self) -> list[FileResult]:
        return self.by_status("imported")

    def changes(self) -> Changes:
        guids = {r.document_guid for r in self.imported if r.document_guid}
        return Changes(documents=True, memos=True, document_guids=guids, created=sorted(guids))


#: Progress units per file: pages of a long PDF move the bar within its file's share.
STEPS = 100


def import_files(
    ctx: TaskContext,
    service: ProjectService,
    paths: list[str],
    passwords: dict[str, str] | None = None,
) -> ImportReport:
    """Worker: parse the files on the import pool and store each, in the order given; never
    raises for a bad file (it is reported).

    The pool (:mod:`lgcoder.importers.batch`) parses several files at once in helper
    processes; storing stays here, one transaction per file, so SQLite has one writer and a
    failure or a cancel never leaves half a document behind. After Cancel nothing more is
    stored; the files stored before it stay.
    """
    from lgcoder.importers.batch import parse_files

    report = ImportReport()
    total = len(paths)
    units = [0] * total  # progress of each file, up to STEPS when stored
    shown = 0
    current = 0  # the file the user is told about: the next one to store
    label = f"Reading {Path(paths[0]).name} (1 of {total})…" if total else "Done"

    def advance(i: int, value: int, message: str | None = None) -> None:
        nonlocal shown, label
        if value > units[i]:
            shown += value - units[i]
            units[i] = value
        label = message or label
        ctx.progress(shown, total * STEPS, label)

    def pages(i: int, done: int, of: int) -> None:
        # Files read ahead move the bar; the words stay on the file the user is waiting for.
        message = None
        if i == current:
            message = f"Reading {Path(paths[i]).name} ({i + 1} of {total}): page {done} of {of}…"
        advance(i, (STEPS - 1) * done // max(1, of), message)

    if total:
        ctx.progress(0, total * STEPS, label)
    results = parse_files(
        paths, passwords=passwords or {}, cancelled=lambda: ctx.cancelled, pages=pages
    )
    with closing(results):
        for parsed in results:
            i, path, name = parsed.index, parsed.path, parsed.name
            if ctx.cancelled or isinstance(parsed.error, ImportCancelledError):
                report.cancelled = True
                report.results.extend(
                    FileResult(p, "cancelled", "not imported: you pressed Cancel")
                    for p in paths[i:]
                )
                break
            current = i + 1
            if current < total:
                following = f"Reading {Path(paths[current]).name} ({current + 1} of {total})…"
            else:
                following = "Done"
            if isinstance(parsed.error, PasswordRequiredError):
                password = (passwords or {}).get(path)
                report.results.append(
                    FileResult(
                        path, "password", str(parsed.error), wrong_password=password is not None
                    )
                )
                advance(i, STEPS, following)
                continue
            if parsed.error is not None or parsed.document is None:
                report.results.append(FileResult(path, "failed", str(parsed.error)))
                advance(i, STEPS, following)
                continue
            doc = parsed.document
            advance(i, STEPS - 1, f"Storing {name} ({i + 1} of {total})…")
            try:
                changes = service.import_document(doc)
            except LgcoderError as exc:
                report.results.append(FileResult(path, "failed", f"{name}: {exc}"))
            else:
                note = "; ".join(doc.warnings)
                report.results.append(FileResult(path, "imported", note, changes.created[0]))
            advance(i, STEPS, following)
    ctx.progress(total * STEPS, total * STEPS, "Done")
    return report


class ImportController(QObject):
    progress = Signal(int, int, str)
    fileFailed = Signal(str, str)  # path, reason
    finished = Signal(object)  # ImportReport (all rounds together)

    def __init__(
        self,
        service: ProjectService,
        tasks: TaskRunner,
        ask_password: object,
        parent_widget: QWidget | None = None,
        *,
        show_progress: bool = True,
    ) -> None:
        super().__init__(parent_widget)
        self.service = service
        self.tasks = tasks
        self.ask_password = ask_password  # callable(name, wrong: bool) -> str | None
        self.parent_widget = parent_widget
        self.show_progress = show_progress
        self.task: Task | None = None
        self.dialog: QProgressDialog | None = None
        self.report = ImportReport()
        self._tries: dict[str, int] = {}
        self.running = False

    def start(self, paths: list[str]) -> None:
        self.running = True
        self.report = ImportReport()
        # The objects alive now (the window, its models, the ORM) are set aside from the
        # cyclic garbage collector until the import ends. Storing a batch allocates enough for
        # the collector to run full passes from the import thread, and a full pass over the
        # whole application held the interpreter lock for 100-170 ms: a frozen window.
        gc.freeze()
        self._run(paths, {})

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _run(self, paths: list[str], passwords: dict[str, str]) -> None:
        if self.show_progress and self.parent_widget is not None:
            dialog = QProgressDialog(
                "Starting import…", "Cancel", 0, len(paths), self.parent_widget
            )
            dialog.setWindowTitle("Importing documents")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel)
            self.dialog = dialog
        self.task = self.tasks.run(
            import_files,
            self.service,
            paths,
            passwords,
            on_done=self._round_done,
            on_error=self._crashed,
            on_progress=self._on_progress,
        )

    def _on_progress(self, done: int, total: int, message: str) -> None:
        # Announced first: setValue() on a modal progress dialog processes events, which may
        # deliver the next progress (or the end of the import, closing the dialog) re-entrantly.
        self.progress.emit(done, total, message)
        dialog = self.dialog
        if dialog is not None:
            dialog.setLabelText(message)
            dialog.setMaximum(total)
            dialog.setValue(done)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _crashed(self, exc: BaseException) -> None:
        self._close_dialog()
        self.report.results.append(FileResult("", "failed", f"import stopped: {exc}"))
        self._finish()

    def _round_done(self, report: ImportReport) -> None:
        self._close_dialog()
        self.report.cancelled = self.report.cancelled or report.cancelled
        retry: dict[str, str] = {}
        for result in report.results:
            if result.status == "password" and not report.cancelled:
                tries = self._tries.get(result.path, 0)
                answer = None
                if tries < MAX_PASSWORD_TRIES:
                    answer = self.ask_password(result.name, result.wrong_password)  # type: ignore[operator]
                self._tries[result.path] = tries + 1
                if answer:
                    retry[result.path] = answer
                    continue
                result.status = "failed"
                result.message = (
                    f"{result.name}: encrypted; the password was wrong"
                    if result.wrong_password
                    else f"{result.name}: encrypted and no password was given"
                )
            self.report.results.append(result)
        if retry:
            self._run(list(retry), retry)
            return
        self._finish()

    def _finish(self) -> None:
        self.running = False
        self.task = None
        gc.unfreeze()  # back under the collector's watch, as the oldest generation
        for result in self.report.results:
            if result.status != "imported":
                self.fileFailed.emit(result.path, result.message)
        self.finished.emit(self.report)

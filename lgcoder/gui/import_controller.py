"""Import files in the background: per-file progress, Cancel, passwords, and a summary.

The worker (:func:`import_files`) runs on the TaskRunner's pool: it parses each file with the
importer registry and stores it through the service, one transaction per file, so a failure or
a cancel never leaves half a document behind. The controller lives on the UI thread and turns
the outcome into signals: ``progress`` while it runs, one ``fileFailed`` per file that did not
make it, then ``finished`` with the whole report. Encrypted PDFs come back as "needs password";
the controller asks for it and imports those files again.
"""

from __future__ import annotations

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
    """Worker: parse and store each file; never raises for a bad file (it is reported)."""
    from lgcoder.importers.base import ImportOptions
    from lgcoder.importers.registry import parse_file

    report = ImportReport()
    total = len(paths)
    for i, path in enumerate(paths):
        name = Path(path).name
        if ctx.cancelled:
            report.cancelled = True
            report.results.extend(
                FileResult(p, "cancelled", "not imported: you pressed Cancel") for p in paths[i:]
            )
            break
        ctx.progress(i * STEPS, total * STEPS, f"Reading {name} ({i + 1} of {total})…")
        password = (passwords or {}).get(path)

        def pages(done: int, of: int, i: int = i, name: str = name) -> None:
            ctx.progress(
                i * STEPS + (STEPS - 1) * done // max(1, of),
                total * STEPS,
                f"Reading {name} ({i + 1} of {total}): page {done} of {of}…",
            )

        options = ImportOptions(password=password, progress=pages, cancelled=lambda: ctx.cancelled)
        try:
            doc = parse_file(path, options)
        except ImportCancelledError:
            report.cancelled = True
            report.results.extend(
                FileResult(p, "cancelled", "not imported: you pressed Cancel") for p in paths[i:]
            )
            break
        except PasswordRequiredError as exc:
            report.results.append(
                FileResult(path, "password", str(exc), wrong_password=password is not None)
            )
            continue
        except LgcoderError as exc:
            report.results.append(FileResult(path, "failed", str(exc)))
            continue
        except Exception as exc:  # an importer bug must not take the whole batch down
            report.results.append(
                FileResult(path, "failed", f"{name}: unexpected error ({type(exc).__name__})")
            )
            continue
        ctx.progress(i * STEPS + STEPS - 1, total * STEPS, f"Storing {name} ({i + 1} of {total})…")
        try:
            changes = service.import_document(doc)
        except LgcoderError as exc:
            report.results.append(FileResult(path, "failed", f"{name}: {exc}"))
            continue
        note = "; ".join(doc.warnings)
        report.results.append(FileResult(path, "imported", note, changes.created[0]))
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
        if self.dialog is not None:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)
            self.dialog.setLabelText(message)
        self.progress.emit(done, total, message)

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
        for result in self.report.results:
            if result.status != "imported":
                self.fileFailed.emit(result.path, result.message)
        self.finished.emit(self.report)

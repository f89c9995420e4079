"""Menu actions "Export Word summary…" and "Export table…" (called by the main window's menus).

The dialogs collect choices; the export runs on the window's TaskRunner, off the UI thread,
with a cancellable progress dialog. The exporters open their own read-only sessions from the
Project, so nothing here touches the database. Both functions return the dialog they opened
(window-modal, not blocking), which lets tests drive it like a user would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError
from lgcoder.exporters.codebook import export_codebook
from lgcoder.exporters.docx_report import export_summary
from lgcoder.exporters.options import SummaryOptions, TableOptions
from lgcoder.exporters.pdf_render import find_soffice
from lgcoder.exporters.scope import load_scope_choices
from lgcoder.exporters.tables import export_table as write_table
from lgcoder.gui.dialogs.export_finished import export_finished
from lgcoder.gui.dialogs.export_summary import ExportSummaryDialog
from lgcoder.gui.dialogs.export_table import ExportTableDialog, TableFormat
from lgcoder.gui.tasks import Task, TaskCancelled, TaskContext
from lgcoder.gui.window_api import WindowApi


def _message(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """A window-modal message that does not block the event loop (tests can read it)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("exportMessage")
    box.open()
    return box


def _suggested(window: WindowApi, project: Project, suffix: str, tail: str) -> str:
    """A file in the last export folder (else Documents) named after the project."""
    return str(window.settings.export_folder() / f"{project.path.stem} {tail}{suffix}")


def _reporting(context: TaskContext) -> Callable[[int, int, str], None]:
    def progress(done: int, total: int, message: str) -> None:
        context.check()  # lets Cancel stop a long export between batches
        context.progress(done, total, message)

    return progress


def _summary_job(
    context: TaskContext, project: Project, out: Path, options: SummaryOptions, pdf: Path | None
) -> Any:
    return export_summary(project, out, options, progress=_reporting(context), pdf=pdf)


def _table_job(
    context: TaskContext, project: Project, out: Path, fmt: TableFormat, options: TableOptions
) -> Any:
    if fmt.what == "codebook":
        return export_codebook(project, out, coders=options.scope.coders)
    return write_table(project, out, options, progress=_reporting(context))


def _run(window: WindowApi, label: str, job: Callable[..., Any], *args: Any) -> Task:
    parent = window.as_widget()
    progress = QProgressDialog(label, "Cancel", 0, 0, parent)
    progress.setWindowTitle("Exporting")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)

    def done(result: Any) -> None:
        progress.close()
        window.settings.remember_export(result.path)
        export_finished(parent, result.path, result.describe(), getattr(result, "pdf", None))

    def failed(exc: BaseException) -> None:
        progress.close()
        if isinstance(exc, TaskCancelled):
            return
        text = str(exc) if isinstance(exc, LgcoderError) else f"Unexpected error: {exc!r}"
        _message(parent, QMessageBox.Icon.Warning, "Export failed", text)

    def advance(done_: int, total: int, _message_text: str) -> None:
        progress.setMaximum(total)
        progress.setValue(min(done_, total))

    task = window.tasks.run(job, *args, on_done=done, on_error=failed, on_progress=advance)
    progress.canceled.connect(task.cancel)
    return task


def _need_project(window: WindowApi) -> Project | None:
    if window.project is None:
        _message(
            window.as_widget(), QMessageBox.Icon.Information, "Export", "Open a project first."
        )
    return window.project


def export_word_summary(window: WindowApi) -> ExportSummaryDialog | None:
    """Ask for the summary's scope and options, then write it in the background."""
    project = _need_project(window)
    if project is None:
        return None
    dialog = ExportSummaryDialog(
        load_scope_choices(project),
        _suggested(window, project, ".docx", "evidence summary"),
        window.as_widget(),
        has_libreoffice=find_soffice() is not None,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def start() -> None:
        _run(
            window,
            "Writing the Word summary…",
            _summary_job,
            project,
            dialog.output_path(),
            dialog.options(),
            dialog.pdf_path(),
        )

    dialog.accepted.connect(start)
    dialog.open()
    return dialog


def export_table(window: WindowApi) -> ExportTableDialog | None:
    """Ask what to tabulate (passages or codebook) and where, then write it in the background."""
    project = _need_project(window)
    if project is None:
        return None
    dialog = ExportTableDialog(
        load_scope_choices(project),
        _suggested(window, project, ".xlsx", "coded passages"),
        window.as_widget(),
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def start() -> None:
        _run(
            window,
            "Writing the table…",
            _table_job,
            project,
            dialog.output_path(),
            dialog.chosen_format(),
            dialog.options(),
        )

    dialog.accepted.connect(start)
    dialog.open()
    return dialog

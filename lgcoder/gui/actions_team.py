"""Team menu actions: prepare coder copies, merge project files, inter-coder agreement.

Each takes the :class:`~lgcoder.gui.window_api.WindowApi`. Slow work (merging, statistics) runs
on ``window.tasks``; all database work lives in :mod:`lgcoder.team`. File choosers are module
functions (``ask_open_files`` ...) so tests can answer them without a modal dialog.

Preparing copies (it adds coders), merging and restoring the pre-merge backup cannot be undone
with Edit ▸ Undo: each goes through :mod:`lgcoder.gui.commands.irreversible`, which says what
happens to the undo stack and broadcasts the change. A merge or a restore rewrites the project
underneath every view, so it is published as ``Changes(rewritten=True)`` and every view reads
the same open project again (no reopening, no second backup).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from lgcoder.app.project_service import ProjectService
from lgcoder.core.errors import LgcoderError
from lgcoder.core.ops.changes import Changes
from lgcoder.gui.commands.irreversible import Stack, run_irreversible, settle_irreversible
from lgcoder.gui.dialogs.export_finished import export_finished
from lgcoder.gui.dialogs.team_agreement import AgreementDialog
from lgcoder.gui.dialogs.team_copies import PrepareCopiesDialog
from lgcoder.gui.dialogs.team_merge import MergePreviewDialog, MergeResultDialog
from lgcoder.gui.settings import documents_folder
from lgcoder.gui.tasks import TaskContext
from lgcoder.gui.window_api import WindowApi
from lgcoder.team.agreement import AgreementResult
from lgcoder.team.agreement_export import export_csv, export_docx
from lgcoder.team.report import MergeReport

FILTER = "lgcoder projects (*.lgc);;All files (*)"


def ask_open_files(parent: QWidget, folder: str) -> list[str]:
    files, _ = QFileDialog.getOpenFileNames(parent, "Merge project files", folder, FILTER)
    return list(files)


def ask_save_file(parent: QWidget, suggested: str, filt: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, "Export agreement", suggested, filt)
    return str(path)


def message(parent: QWidget, title: str, text: str, error: bool = False) -> QMessageBox:
    """Window-modal, non-blocking (tests read it): errors and confirmations."""
    icon = QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("teamMessage")
    box.open()
    return box


def rewritten() -> Changes:
    """What a merge or a restored backup changed: everything, underneath every view."""
    return Changes(project=True, coders=True, rewritten=True)


def _failed(window: WindowApi, title: str) -> Any:
    def show(exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, LgcoderError) else f"Unexpected error: {exc!r}"
        message(window.as_widget(), title, text, error=True)

    return show


def start_folder(service: ProjectService) -> str:
    """Where the team dialogs start: beside the project file; for a server project (which has
    no folder), the user's Documents."""
    if service.project.is_server:
        return str(documents_folder())
    return str(service.path.parent)


# -- prepare copies ----------------------------------------------------------------------------


def prepare_coder_copies(window: WindowApi) -> PrepareCopiesDialog | None:
    service = window.service
    if service is None:
        return None
    team = service.team
    existing = team.coder_names()
    dialog = PrepareCopiesDialog(existing, start_folder(service), window.as_widget())

    def accepted() -> None:
        written: list[tuple[str, Path]] = []

        def write() -> Changes:
            written.extend(team.prepare_copies(dialog.coders(), Path(dialog.folder.text())))
            return Changes(project=True, coders=True)  # the coders named were added

        changes = run_irreversible(
            "Prepare coder copies",
            write,
            stack=Stack.KEEP,  # adding coders invalidates no earlier step
            undo_stack=window.undo_stack,
            publish=window.broadcast,
            report=lambda title, text: message(window.as_widget(), title, text, error=True),
        )
        if changes is None:
            return
        lines = "\n".join(f"{coder}: {path}" for coder, path in written)
        message(window.as_widget(), "Coder copies written", f"Hand these files out:\n{lines}")

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


# -- merge -------------------------------------------------------------------------------------


def merge_projects(window: WindowApi) -> list[str] | None:
    """Pick files, preview the merge report, apply it, offer to restore the backup.

    Merging rewrites the project underneath every view and cannot be undone with Edit ▸ Undo
    (the merge keeps a backup, offered afterwards): the undo stack is cleared, since earlier
    steps may name rows the merge joined, and every view reads the project again."""
    service = window.service
    if service is None:
        return None
    team = service.team
    files = ask_open_files(window.as_widget(), start_folder(service))
    if not files:
        return None

    def preview(context: TaskContext) -> MergeReport:
        return team.merge(files, dry_run=True, progress=context.progress)

    def show_preview(report: MergeReport) -> None:
        dialog = MergePreviewDialog(
            report,
            lambda: _apply(window, files),
            window.as_widget(),
            backup=not team.project.is_server,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        window.merge_dialog = dialog

    window.tasks.run(preview, on_done=show_preview, on_error=_failed(window, "Cannot merge"))
    return files


def _apply(window: WindowApi, files: list[str]) -> None:
    service = window.service
    if service is None:
        return
    team = service.team

    def run(context: TaskContext) -> MergeReport:
        return team.merge(files, progress=context.progress)

    def done(report: MergeReport) -> None:
        settle_irreversible(
            rewritten(), stack=Stack.CLEAR, undo_stack=window.undo_stack, publish=window.broadcast
        )
        dialog = MergeResultDialog(report, lambda: _restore(window, report), window.as_widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        window.merge_dialog = dialog

    window.tasks.run(run, on_done=done, on_error=_failed(window, "The merge was not applied"))


def _restore(window: WindowApi, report: MergeReport) -> None:
    service = window.service
    if service is None or not report.backup:
        return
    backup = report.backup

    def write() -> Changes:
        service.team.restore_backup(backup)
        return rewritten()

    changes = run_irreversible(
        "Restore failed",
        write,
        stack=Stack.CLEAR,  # the steps since opening name rows the backup never had
        undo_stack=window.undo_stack,
        publish=window.broadcast,
        report=lambda title, text: message(window.as_widget(), title, text, error=True),
    )
    if changes is None:
        return
    message(window.as_widget(), "Backup restored", "The project is back as it was before merging.")


# -- agreement ---------------------------------------------------------------------------------


def show_agreement(window: WindowApi) -> AgreementDialog | None:
    service = window.service
    if service is None:
        return None
    team, project = service.team, service.project
    dialog: AgreementDialog

    def compute(coders: list[str], unit: str) -> None:
        def job(_context: TaskContext) -> AgreementResult:
            return team.agreement(coders, unit=unit)

        def failed(exc: BaseException) -> None:
            dialog.failed(str(exc))

        window.tasks.run(job, on_done=dialog.show_result, on_error=failed)

    def export(result: AgreementResult, fmt: str) -> None:
        folder = window.settings.export_folder()
        suggested = str(folder / f"{project.path.stem} agreement.{fmt}")
        filt = "CSV (*.csv)" if fmt == "csv" else "Word document (*.docx)"
        path = ask_save_file(dialog, suggested, filt)
        if not path:
            return
        try:
            (export_csv if fmt == "csv" else export_docx)(result, Path(path))
        except LgcoderError as exc:
            message(dialog, "Export failed", str(exc), error=True)
            return
        window.settings.remember_export(path)
        export_finished(dialog, Path(path), f"Agreement table saved as {Path(path).name}")

    dialog = AgreementDialog(team.coder_names(), compute, export, window.as_widget())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    if len(dialog.chosen_coders()) >= 2:
        dialog.compute()
    return dialog

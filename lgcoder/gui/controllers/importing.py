"""File ▸ Import documents… and files dropped on the window: import in the background.

Importing adds documents outside the undo stack (Edit ▸ Undo does not un-import; the document's
context menu removes one). The worker and its progress live in ``gui/import_controller.py``;
here the finished report is broadcast through the irreversible-change path, keeping the stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lgcoder.core.words import counted
from lgcoder.gui.commands import Stack, settle_irreversible
from lgcoder.gui.workbench import ImportWindow

if TYPE_CHECKING:
    from lgcoder.gui.dialogs.import_summary import ImportSummaryDialog
    from lgcoder.gui.import_controller import ImportController, ImportReport


class ImportActions:
    def __init__(self, window: ImportWindow) -> None:
        self.w = window
        self.importer: ImportController | None = None
        #: the summary shown when some files did not import (tests read it)
        self.summary_dialog: ImportSummaryDialog | None = None

    def ask_import(self) -> None:
        from lgcoder.importers.registry import supported_extensions

        try:
            exts = " ".join(f"*{e}" for e in supported_extensions())
        except Exception:  # an importer module failing to load must not block the dialog
            exts = "*"
        paths = self.w.prompts.open_files("Import documents", f"Documents ({exts});;All files (*)")
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> ImportController | None:
        from lgcoder.gui.import_controller import ImportController

        w = self.w
        if w.service is None:
            return None
        if self.importer is not None and self.importer.running:
            w.message("An import is already running.")
            return None

        def ask_password(name: str, wrong: bool) -> str | None:
            label = (
                f"The password for {name} was wrong. Try again:"
                if wrong
                else f"{name} is encrypted. Password:"
            )
            return w.prompts.text("Password needed", label, password=True)

        self.importer = ImportController(
            w.service, w.tasks, ask_password, w.as_widget(), show_progress=not w.tasks.synchronous
        )
        self.importer.finished.connect(self._import_finished)
        self.importer.start(list(paths))
        return self.importer

    def _import_finished(self, report: ImportReport) -> None:
        from lgcoder.gui.dialogs.import_summary import ImportSummaryDialog

        w = self.w
        if w.service is None:
            return
        changes = report.changes()
        if changes.document_guids:
            settle_irreversible(
                changes, stack=Stack.KEEP, undo_stack=w.undo_stack, publish=w.broadcast
            )
            if w.view.document_guid is None and changes.created:
                w.open_document(changes.created[0])
        ok = len(report.imported)
        if len(report.results) != ok:
            dialog = ImportSummaryDialog(report, w.as_widget())
            dialog.setObjectName("importSummary")
            self.summary_dialog = dialog
            dialog.show()
        else:
            w.message(f"Imported {counted(ok, 'document')}.")

"""File-menu actions: new, open, recent, the sample project, settings and help."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from lgcoder import __version__
from lgcoder.core.errors import LgcoderError
from lgcoder.gui.commands import (
    DOCUMENT_NAME,
    PROJECT_TITLE,
    EditFieldCommand,
    Stack,
    run_irreversible,
)
from lgcoder.gui.workbench import ProjectWindow

SHORTCUTS = """\
<table cellpadding='3'>
<tr><td><b>1 … 9</b></td><td>code the selection with the pinned code</td></tr>
<tr><td><b>Ctrl+E</b></td><td>quick-code box (type a code's name, Enter)</td></tr>
<tr><td><b>Ctrl+I</b></td><td>in-vivo: new code named after the selected words</td></tr>
<tr><td><b>Ctrl+Enter</b></td><td>code with the code selected in the codebook</td></tr>
<tr><td><b>Enter / double-click</b></td><td>on a code: code the selection with it</td></tr>
<tr><td><b>Ctrl+U</b></td><td>uncode (the clicked stripe, or the coding at the caret)</td></tr>
<tr><td><b>Ctrl+M</b></td><td>memo on the coding or the selected passage</td></tr>
<tr><td><b>Ctrl+F</b></td><td>find in document</td></tr>
<tr><td><b>Ctrl+Z / Ctrl+Shift+Z</b></td><td>undo / redo</td></tr>
<tr><td><b>Alt+1 … Alt+5</b></td><td>go to documents, text, codebook, segments, memo</td></tr>
<tr><td><b>F2</b></td><td>rename the selected code</td></tr>
<tr><td><b>F8 / Shift+F8</b></td><td>next / previous disagreement when comparing coders</td></tr>
<tr><td><b>Ctrl+Shift+B</b></td><td>show only my coding (blind coding)</td></tr>
</table>
<p>Shift+arrow keys select text in the document for keyboard-only coding.</p>
"""


class ProjectActions:
    def __init__(self, window: ProjectWindow) -> None:
        self.w = window

    def new_project(self) -> None:
        path = self.w.prompts.save_file("New project", "lgcoder projects (*.lgc)", "Roundtable.lgc")
        if not path:
            return
        if not path.endswith(".lgc"):
            path += ".lgc"
        self.w.create_project(path)

    def ask_open(self) -> None:
        path = self.w.prompts.open_file("Open project", "lgcoder projects (*.lgc);;All files (*)")
        if path:
            self.w.open_project_path(path)

    def fill_recent(self) -> None:
        menu = self.w.recent_menu
        menu.clear()
        paths = self.w.settings.recent() + self.w.settings.recent_team()  # files, then servers
        metrics = menu.fontMetrics()
        menu.setToolTipsVisible(True)
        for path in paths:
            # a deep folder would make the menu as wide as the screen: shorten it in the middle
            shown = metrics.elidedText(path, Qt.TextElideMode.ElideMiddle, 420)
            action = menu.addAction(f"{Path(path).stem}  —  {shown}".replace("&", "&&"))
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.w.open_project_path(p))
        if not paths:
            menu.addAction("(none)").setEnabled(False)

    def open_sample(self) -> None:
        """Open the sample project, building it first (in the background) if needed."""
        from lgcoder.samples import build_sample_project

        w = self.w
        dest = w.sample_location()
        if dest.exists():
            if w.open_project_path(str(dest)):
                return
            dest.unlink(missing_ok=True)  # a broken sample is rebuilt rather than shown broken
        coder = w.settings.coder
        w.message("Building the sample project…", 0)

        def work(_ctx: object) -> object:
            return build_sample_project(dest, coder, w.sample_folder)

        def done(result: object) -> None:
            w.message("Sample project ready.", 4000)
            w.open_project_path(str(dest))

        def failed(exc: BaseException) -> None:
            w.prompts.error("Sample project", f"Could not build the sample project: {exc}")

        w.tasks.run(work, on_done=done, on_error=failed)

    def new_from_refi(self) -> None:
        """File ▸ New project from REFI-QDA…: import a .qdpx in the background, then show the
        import report (counts, offset unit, what was skipped) and open the new project."""
        from lgcoder.refi.read import RefiReport, import_refi

        w = self.w
        source = w.prompts.open_file(
            "New project from REFI-QDA",
            "REFI-QDA projects (*.qdpx *.qde *.qdc);;All files (*)",
        )
        if not source:
            return
        suggested = str(Path(source).with_suffix(".lgc"))
        path = w.prompts.save_file("Save the new project as", "lgcoder projects (*.lgc)", suggested)
        if not path:
            return
        if not path.endswith(".lgc"):
            path += ".lgc"
        coder = w.settings.coder_name or None
        w.message(f"Importing {Path(source).name}…", 0)

        def work(_ctx: object) -> RefiReport:
            return import_refi(source, path, coder=coder)

        def done(result: RefiReport) -> None:
            w.message("Import finished.", 4000)
            if w.open_project_path(path):
                lines = result.lines()
                w.prompts.info(
                    "Imported from REFI-QDA",
                    f"Created {Path(path).name} from {Path(source).name}:\n\n" + "\n".join(lines),
                )

        def failed(exc: BaseException) -> None:
            w.message("", 1)
            detail = str(exc) if isinstance(exc, LgcoderError) else f"internal error: {exc!r}"
            w.prompts.error("New project from REFI-QDA", detail)

        w.tasks.run(work, on_done=done, on_error=failed)

    def retitle_project(self) -> bool:
        """The title a Word summary opens with and the window shows; one undoable step."""
        w = self.w
        if w.service is None:
            return False
        old = w.service.title()
        new = w.prompts.text("Project title", "Title (the Word summary's title page uses it):", old)
        if new is None or not new.strip() or new.strip() == old:
            return False
        return w.push(EditFieldCommand(w.service, PROJECT_TITLE, "", old, new.strip()))

    def rename_document(self, guid: str) -> bool:
        w = self.w
        doc = next((d for d in w.documents.model.summaries() if d.guid == guid), None)
        if doc is None or w.service is None:
            return False
        new = w.prompts.text("Rename document", "New name:", doc.name)
        if not new or new.strip() == doc.name:
            return False
        return w.push(EditFieldCommand(w.service, DOCUMENT_NAME, guid, doc.name, new.strip()))

    def delete_document(self, guid: str) -> bool:
        """Removing a document deletes its codings for good, so it asks and cannot be undone."""
        w = self.w
        doc = next((d for d in w.documents.model.summaries() if d.guid == guid), None)
        if doc is None or w.service is None:
            return False
        question = (
            f"Remove “{doc.name}” and its {doc.codings} coded passages from the project?\n\n"
            "This cannot be undone (a backup of the project was made when it was opened)."
        )
        if not w.prompts.confirm("Remove document", question):
            return False
        service = w.service
        changes = run_irreversible(
            "Remove document",
            lambda: service.delete_document(guid),
            stack=Stack.CLEAR,  # earlier steps may refer to the removed document
            undo_stack=w.undo_stack,
            publish=w.broadcast,
            report=w.prompts.error,
        )
        return changes is not None

    def settings_dialog(self) -> None:
        w = self.w
        answer = w.prompts.settings(w.settings.font_size, w.settings.theme)
        if answer is None:
            return
        w.settings.font_size, w.settings.theme = answer
        w.apply_appearance()
        if w.view.document_guid and w.service is not None:
            guid = w.view.document_guid
            w.view.document_guid = None
            w.open_document(guid)  # re-format headings/speakers at the new size and theme

    def show_shortcuts(self) -> None:
        self.w.prompts.info("Keyboard shortcuts", SHORTCUTS)

    def about(self) -> None:
        self.w.prompts.info(
            "About lgcoder",
            f"<b>lgcoder {__version__}</b><br/>Offline qualitative coding for local-government "
            "research. Your project stays in one file on this computer.",
        )

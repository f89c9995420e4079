"""What controllers may use of the main window: a protocol, so none of them imports it.

The main window builds every view and controller and passes itself in as this protocol; the
controllers see the widgets they act on, the hub (the open project's service, who is coding,
and the one broadcast of changes) and a few window services (push a command, show a message,
open a document). Feature modules that need less get :class:`~lgcoder.gui.window_api.WindowApi`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QAction, QUndoStack
    from PySide6.QtWidgets import QDialog, QMenu, QWidget

    from lgcoder.app.project_service import ProjectService
    from lgcoder.core.ops.changes import Changes
    from lgcoder.gui.commands.base import ServiceCommand
    from lgcoder.gui.controllers.importing import ImportActions
    from lgcoder.gui.hub import ProjectHub
    from lgcoder.gui.models.code_tree_model import CodeTreeModel
    from lgcoder.gui.prompts import Prompts
    from lgcoder.gui.settings import AppSettings
    from lgcoder.gui.tasks import TaskRunner
    from lgcoder.gui.views.cases_view import CasesView
    from lgcoder.gui.views.codebook_view import CodebookView
    from lgcoder.gui.views.document_pane import DocumentPane
    from lgcoder.gui.views.document_view import DocumentView
    from lgcoder.gui.views.documents_view import DocumentsView
    from lgcoder.gui.views.segments_view import SegmentsView


class Workbench(Protocol):
    hub: ProjectHub
    settings: AppSettings
    prompts: Prompts
    tasks: TaskRunner
    undo_stack: QUndoStack
    view: DocumentView
    pane: DocumentPane
    code_model: CodeTreeModel
    codebook: CodebookView
    documents: DocumentsView
    cases: CasesView
    segments: SegmentsView
    actions_by_name: dict[str, QAction]
    #: the non-modal analysis windows, kept so a second request raises the open one
    text_search_dialog: QDialog | None
    code_matrix_dialog: QDialog | None

    @property
    def service(self) -> ProjectService | None: ...

    @property
    def coder_guid(self) -> str | None: ...

    def as_widget(self) -> QWidget: ...

    def push(self, command: ServiceCommand) -> bool: ...

    def broadcast(self, changes: Changes) -> None: ...

    def message(self, text: str, msecs: int = 5000) -> None: ...

    def open_document(self, guid: str) -> None: ...

    def jump_to(self, document_guid: str, start: int, end: int, coding_guid: str = "") -> None: ...

    def update_status(self) -> None: ...


class AppWindow(Workbench, Protocol):
    """What the File-menu actions use besides: the project's lifecycle and appearance."""

    recent_menu: QMenu
    sample_folder: Path | None
    importing: ImportActions

    def open_project_path(self, path: str, *, reopen_document: str | None = None) -> bool: ...

    def create_project(self, path: str) -> bool: ...

    def sample_location(self) -> Path: ...

    def apply_appearance(self) -> None: ...

"""What controllers may use of the main window: protocols, so none of them imports it.

The main window builds every view and controller and passes itself in. Each controller declares
what it really uses as its own protocol (:class:`CodingWindow`, :class:`CodersWindow`, ...): the
widgets it acts on, the hub (the open project's service, who is coding, the one broadcast of
changes) and a few window services (push a command, show a message, open a document). So a
controller can be read, and tested, against a short list; :class:`Workbench` is their union for
the analysis dialogs, and feature modules that need less get
:class:`~lgcoder.gui.window_api.WindowApi`.
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


class Shell(Protocol):
    """What every controller uses: the open project's services, questions, the status line."""

    prompts: Prompts

    @property
    def service(self) -> ProjectService | None: ...

    def message(self, text: str, msecs: int = 5000) -> None: ...


# -- one protocol per controller: exactly what it uses of the window ---------------------------


class CodingWindow(Shell, Protocol):
    """For :class:`~lgcoder.gui.controllers.coding.CodingController`."""

    view: DocumentView
    code_model: CodeTreeModel
    codebook: CodebookView
    actions_by_name: dict[str, QAction]

    @property
    def coder_guid(self) -> str | None: ...

    def as_widget(self) -> QWidget: ...

    def push(self, command: ServiceCommand) -> bool: ...


class CodersWindow(Shell, Protocol):
    """For :class:`~lgcoder.gui.controllers.coders.CodersController`."""

    hub: ProjectHub
    settings: AppSettings
    undo_stack: QUndoStack
    view: DocumentView
    pane: DocumentPane
    actions_by_name: dict[str, QAction]

    @property
    def coder_guid(self) -> str | None: ...

    def broadcast(self, changes: Changes) -> None: ...

    def update_status(self) -> None: ...


class CodebookWindow(Shell, Protocol):
    """For :class:`~lgcoder.gui.controllers.codebook.CodebookController`."""

    settings: AppSettings
    view: DocumentView
    code_model: CodeTreeModel
    codebook: CodebookView
    actions_by_name: dict[str, QAction]

    def as_widget(self) -> QWidget: ...

    def push(self, command: ServiceCommand) -> bool: ...


class CasesWindow(Shell, Protocol):
    """For :class:`~lgcoder.gui.controllers.cases.CasesController`."""

    hub: ProjectHub
    cases: CasesView
    documents: DocumentsView

    def as_widget(self) -> QWidget: ...

    def push(self, command: ServiceCommand) -> bool: ...

    def open_document(self, guid: str) -> None: ...


class ImportWindow(Shell, Protocol):
    """For :class:`~lgcoder.gui.controllers.importing.ImportingController`."""

    tasks: TaskRunner
    undo_stack: QUndoStack
    view: DocumentView

    def as_widget(self) -> QWidget: ...

    def broadcast(self, changes: Changes) -> None: ...

    def open_document(self, guid: str) -> None: ...


class ProjectWindow(Shell, Protocol):
    """For :class:`~lgcoder.gui.controllers.project.ProjectController` (the File menu)."""

    settings: AppSettings
    tasks: TaskRunner
    undo_stack: QUndoStack
    view: DocumentView
    documents: DocumentsView
    recent_menu: QMenu
    sample_folder: Path | None

    def push(self, command: ServiceCommand) -> bool: ...

    def broadcast(self, changes: Changes) -> None: ...

    def open_document(self, guid: str) -> None: ...

    def open_project_path(self, path: str, *, reopen_document: str | None = None) -> bool: ...

    def create_project(self, path: str) -> bool: ...

    def sample_location(self) -> Path: ...

    def apply_appearance(self) -> None: ...


# -- the whole workbench: what the analysis dialogs and the menus get -----------------------


class Workbench(CodingWindow, CodersWindow, CodebookWindow, CasesWindow, ImportWindow, Protocol):
    """Everything the controllers use together, plus what the analysis dialogs need."""

    tasks: TaskRunner
    segments: SegmentsView
    #: the non-modal analysis windows, kept so a second request raises the open one
    text_search_dialog: QDialog | None
    code_matrix_dialog: QDialog | None

    def jump_to(self, document_guid: str, start: int, end: int, coding_guid: str = "") -> None: ...


class AppWindow(Workbench, ProjectWindow, Protocol):
    """What the menus and opening files use: the whole workbench and the project's lifecycle."""

    recent_menu: QMenu
    sample_folder: Path | None

    def open_project_path(self, path: str, *, reopen_document: str | None = None) -> bool: ...

    def create_project(self, path: str) -> bool: ...

    def import_paths(self, paths: list[str]) -> object: ...

    def sample_location(self) -> Path: ...

    def apply_appearance(self) -> None: ...

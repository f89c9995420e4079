"""The workbench window: docks around the document view, menus, and the one push path.

Layout (DESIGN §6): documents on the left, the document in the centre, the codebook on the
right, coded segments and the memo pane at the bottom. The window builds every view, listener
and controller, and owns the open project (through the hub), the undo stack and the task runner.
It declares every attribute it has here; nothing adds attributes to it from outside.

Every change arrives through :meth:`broadcast`, which hands it to the hub: the hub brings the
counts up to date and emits ``changed(Changes)``, to which each view's listener (``gui/sync``)
is subscribed. The window itself only keeps its status bar current.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from lgcoder.app.project_service import ProjectService
from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError
from lgcoder.core.gc_pause import cycle_collection_paused
from lgcoder.core.ops.changes import Changes
from lgcoder.core.server_url import is_server_url
from lgcoder.core.words import counted, noun_for
from lgcoder.gui.commands import ServiceCommand
from lgcoder.gui.controllers.cases import CasesController
from lgcoder.gui.controllers.codebook import CodebookController
from lgcoder.gui.controllers.coders import CodersController
from lgcoder.gui.controllers.coding import CodingController
from lgcoder.gui.controllers.importing import ImportActions
from lgcoder.gui.controllers.project import ProjectActions
from lgcoder.gui.controllers.team_server import TeamServerActions
from lgcoder.gui.hub import ProjectHub
from lgcoder.gui.menus import build_menus
from lgcoder.gui.models.code_tree_model import CodeTreeModel
from lgcoder.gui.prompts import Prompts
from lgcoder.gui.settings import CHANGE_NAME_HINT, AppSettings
from lgcoder.gui.sync.codebook_sync import CodebookSync
from lgcoder.gui.sync.document_sync import DocumentSync
from lgcoder.gui.sync.documents_sync import DocumentsSync
from lgcoder.gui.sync.memo_sync import MemoSync
from lgcoder.gui.sync.segments_sync import SegmentsSync
from lgcoder.gui.tasks import TaskRunner
from lgcoder.gui.themes import apply_theme
from lgcoder.gui.views.cases_view import CasesView
from lgcoder.gui.views.codebook_view import CodebookView
from lgcoder.gui.views.document_pane import DocumentPane
from lgcoder.gui.views.documents_view import DocumentsView
from lgcoder.gui.views.memo_view import MemoView
from lgcoder.gui.views.segments_view import SegmentsView
from lgcoder.gui.views.welcome import WelcomePage


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: AppSettings | None = None,
        tasks: TaskRunner | None = None,
        *,
        ask_coder: bool = True,
    ) -> None:
        super().__init__()
        self.setObjectName("lgcoderMainWindow")
        self.settings = settings or AppSettings()
        # False for a one-off painted run (``--screenshot``): its window size says nothing about
        # the user's screen, so it must not become the layout their next session restores
        self.remembers_layout = True
        self.tasks = tasks or TaskRunner(self)
        self.prompts = Prompts(self)
        self.undo_stack = QUndoStack(self)
        self.hub = ProjectHub(self)
        self.project: Project | None = None
        self.dark = False
        self.sample_folder: Path | None = None  # tests point this somewhere temporary
        self.last_error: str | None = None
        #: non-modal windows opened from the menus, kept so a second request raises them
        self.text_search_dialog: QDialog | None = None
        self.code_matrix_dialog: QDialog | None = None
        self.merge_dialog: QDialog | None = None
        self.setWindowTitle("lgcoder")
        self.resize(1360, 860)
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)

        self.welcome = WelcomePage(self)
        self.pane = DocumentPane(self)
        self.view = self.pane.view
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.pane)
        self.setCentralWidget(self.stack)

        self.code_model = CodeTreeModel(self)
        self.codebook = CodebookView(self.code_model, self)
        self.documents = DocumentsView(self)
        self.cases = CasesView(self)
        self.segments = SegmentsView(self)
        self.memo = MemoView(self)
        self.docks: dict[str, QDockWidget] = {}
        self._lay_out_docks()

        self.status_path = QLabel(self)
        self.status_coder = QLabel(self)
        self.status_counts = QLabel(self)
        for label in (self.status_path, self.status_coder, self.status_counts):
            self.statusBar().addPermanentWidget(label)

        # controllers (what actions do), then listeners (what views show), in the order the
        # views must hear of a change: the codebook before what reads codes from it
        self.codebook_ctl = CodebookController(self)
        self.coding = CodingController(self, self.codebook_ctl.code_for_key)
        self.codebook_ctl.apply_code = self.coding.apply_code
        self.coders = CodersController(self)
        self.importing = ImportActions(self)
        self.project_actions_ctl = ProjectActions(self)
        self.team_server = TeamServerActions(self)
        self.codebook_sync = CodebookSync(self.hub, self.codebook)
        self.document_sync = DocumentSync(
            self.hub,
            self.view,
            self.code_model,
            after_codings=self.coders.refresh_compare_banner,
            removed=lambda: self.pane.set_header("That document was removed."),
        )
        self.documents_sync = DocumentsSync(self.hub, self.documents, self.tasks)
        self.segments_sync = SegmentsSync(
            self.hub, self.segments, self.codebook, self.documents.model
        )
        self.memo_sync = MemoSync(self.hub, self.memo, self.codebook, self.view, self.push)
        self.cases_ctl = CasesController(
            self, self.project_actions_ctl.rename_document, self.project_actions_ctl.delete_document
        )
        self.hub.changed.connect(self._on_changed)

        menus = build_menus(self)
        self.actions_by_name: dict[str, QAction] = menus.actions
        self.project_actions: list[QAction] = menus.project_only
        self.recent_menu: QMenu = menus.recent
        self.coders.coder_menu = menus.code_as
        self._connect()
        self.apply_appearance()
        geometry, state = self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self.show_welcome()
        if ask_coder and not self.settings.coder_name:
            QTimer.singleShot(0, self.ask_coder_name)

    def _lay_out_docks(self) -> None:
        left, right, bottom = (
            Qt.DockWidgetArea.LeftDockWidgetArea,
            Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        for name, title, widget, area in (
            ("documents", "Documents", self.documents, left),
            ("cases", "Cases", self.cases, left),
            ("codebook", "Codebook", self.codebook, right),
            ("segments", "Coded segments", self.segments, bottom),
            ("memo", "Memo", self.memo, bottom),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"{name}Dock")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[name] = dock
        self.splitDockWidget(self.docks["segments"], self.docks["memo"], Qt.Orientation.Horizontal)
        self.splitDockWidget(self.docks["documents"], self.docks["cases"], Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["cases"]], [200], Qt.Orientation.Vertical)
        # wide enough for a full "harrowfield-roundtable-session1.docx" on a 1280 px laptop
        self.resizeDocks([self.docks["documents"]], [370], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["codebook"]], [300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["segments"]], [220], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.docks["segments"], self.docks["memo"]], [760, 320], Qt.Orientation.Horizontal
        )

    # -- the open project, as the hub holds it ---------------------------------------------

    @property
    def service(self) -> ProjectService | None:
        return self.hub.service

    @property
    def coder_guid(self) -> str | None:
        return self.hub.coder_guid

    @property
    def only_mine(self) -> bool:
        return self.hub.only_mine

    # -- WindowApi -------------------------------------------------------------------------

    def as_widget(self) -> QWidget:
        return self

    def current_coder_guid(self) -> str | None:
        return self.hub.coder_guid

    def broadcast(self, changes: Changes) -> None:
        """Tell every view what changed; each refreshes just that."""
        self.hub.publish(changes)

    def _on_changed(self, changes: Changes) -> None:
        self.update_status()
        if changes.coders:
            self.coders.update_coder_menu()
        if changes.project and self.service is not None:
            self._show_title(self.service)  # retitled here, by undo, or by another coder

    def _show_title(self, service: ProjectService) -> None:
        self.setWindowTitle(f"{service.title()} — lgcoder")

    def reload_project(self) -> None:
        if self.project is None:
            return
        where = self.project.location  # a file's path or a server's address
        current = self.view.document_guid
        self.open_project_path(where, reopen_document=current)

    # -- commands --------------------------------------------------------------------------

    def push(self, command: ServiceCommand) -> bool:
        """The one way a change is made: through the undo stack, its views told by the hub;
        a refusal is reported in words, not a traceback."""
        outcome = command.outcome
        command.notify = self.broadcast
        self.team_server.prepare(command)
        self.undo_stack.push(command)
        if outcome.error is not None:
            self.last_error = str(outcome.error)
            self.statusBar().showMessage(str(outcome.error), 8000)
            QApplication.beep()
            return False
        return True

    def message(self, text: str, msecs: int = 5000) -> None:
        self.statusBar().showMessage(text, msecs)

    # -- project lifecycle -----------------------------------------------------------------

    def show_welcome(self) -> None:
        self.welcome.set_recent(self.settings.recent() + self.settings.recent_team())
        self.stack.setCurrentWidget(self.welcome)
        for dock in self.docks.values():
            dock.setVisible(False)
        self._set_project_actions(False)
        self.setWindowTitle("lgcoder")
        self.status_path.setText("")
        self.status_coder.setText("")
        self.status_counts.setText("")

    def _set_project_actions(self, enabled: bool) -> None:
        for action in self.project_actions:
            action.setEnabled(enabled)

    def open_project_path(self, path: str, *, reopen_document: str | None = None) -> bool:
        try:
            if is_server_url(path):
                project = self.team_server.open_project(path)
            else:
                project = Project.open(path, backup=True)
        except LgcoderError as exc:
            self.prompts.error("Cannot open project", str(exc))
            return False
        self.close_project()
        self.project = project
        self.hub.service = ProjectService(project)  # the one service of this open project
        if project.is_server:
            self.settings.add_recent_team(path)
        else:
            self.settings.add_recent(path)
        return self._after_open(reopen_document)

    def import_paths(self, paths: list[str]) -> object:
        """Import files into the open project in the background (File ▸ Import documents…)."""
        return self.importing.import_paths(paths)

    def create_project(self, path: str) -> bool:
        from lgcoder.core.db import create_project_file

        try:
            create_project_file(Path(path), "", self.settings.coder)
        except LgcoderError as exc:
            self.prompts.error("Cannot create project", str(exc))
            return False
        return self.open_project_path(path)

    def close_project(self) -> None:
        if self.project is None:
            return
        self.remember_layout()
        self.memo.save()
        self.team_server.closing()
        self.tasks.wait()
        self.undo_stack.clear()
        self.view.set_compare(None)
        self.pane.hide_compare()
        self.view.clear_document()
        self.project.close()
        self.project = None
        self.hub.service = None
        self.hub.closed.emit()
        self.show_welcome()

    def _after_open(self, reopen_document: str | None) -> bool:
        service = self.hub.service
        assert service is not None
        if service.project.is_server:
            # on a server you code as your login (None: this login may read but not code)
            self.hub.coder_guid = self.team_server.my_coder(service)
        # in a file, the person at the keyboard joins the project's coders if new: a write the
        # undo stack cannot take back, made like every other one (refused: the project is not
        # kept open)
        elif self.coders.become(self.settings.coder, "Cannot open project") is None:
            service.project.close()  # never shown: nothing of it to remember or save
            self.project = None
            self.hub.service = None
            self.show_welcome()
            return False
        self.stack.setCurrentWidget(self.pane)
        for dock in self.docks.values():
            dock.setVisible(True)
        state = self.settings.window_state()[1]
        if state is not None:
            self.restoreState(state)  # the user's dock layout, as they left it
        self._set_project_actions(True)
        self._show_title(service)
        self.status_path.setText(str(service.path))
        self.view.set_coders({c.guid: c.name for c in service.coders()})
        self.codebook_ctl.load_pins()
        self.hub.reload()
        self.memo_sync.show_project_memos()
        docs = self.documents.model.summaries()
        target = reopen_document or (docs[0].guid if docs else None)
        if target:
            self.open_document(target)
        else:
            self.pane.set_header(
                "No documents yet: use File ▸ Import documents… or drop files here."
            )
        self.update_status()
        self.coders.update_coder_menu()
        self.team_server.opened(service)
        return True

    def open_document(self, guid: str) -> None:
        service = self.hub.service
        if service is None or guid == self.view.document_guid:
            return
        # Read and shown in one pause of the cycle collector: the rows, structure and spans
        # read are freed before it runs again, so it walks only what the view keeps.
        with cycle_collection_paused():
            content = service.document(guid)
            if content is None:
                return
            self.memo.save()
            self.view.load(content, service.spans(guid))
            name = content.name
            del content
        self.documents_sync.current = guid
        self.documents.select_guid(guid)
        row = self.documents.model.row_of(guid)
        summary = self.documents.model.summaries()[row] if row is not None else None
        extra = f"  ·  {summary.chars:,} {noun_for(summary.chars, 'character')}" if summary else ""
        self.pane.set_header(f"{name}{extra}")
        if self.view.compare_pair:
            self.coders.refresh_compare_banner()
        self.memo_sync.show_document_memos()

    def update_status(self) -> None:
        service = self.hub.service
        if service is None:
            return
        # read off the lists and the tally, which are current: no counting query per click
        documents = self.documents.model.rowCount()
        codes = self.code_model.count()
        codings = service.tally.total
        self.status_counts.setText(
            f"{counted(documents, 'document')} · {counted(codes, 'code')} · "
            f"{counted(codings, 'coding')}"
        )
        coder = self.team_server.coder_name or self.settings.coder
        blind = " (showing only my coding)" if self.hub.only_mine else ""
        from_os = self.settings.coder_from_os and not self.team_server.coder_name
        hint = f" \u2014 change it in {CHANGE_NAME_HINT}" if from_os else ""
        self.status_coder.setText(f"Coder: {coder}{blind}{hint}")
        self.status_coder.setToolTip(
            f"New codings are saved under {coder}. Change the name in {CHANGE_NAME_HINT}"
        )

    # -- first run, appearance ---------------------------------------------------------------

    def ask_coder_name(self) -> None:
        name = self.prompts.text(
            "Welcome to lgcoder",
            "Your name as a coder (shown on every passage you code, used in team merges):",
            self.settings.coder_name,
        )
        if name and name.strip():
            self.settings.coder_name = " ".join(name.split())
        elif not self.settings.coder_name:
            used = self.settings.use_os_name()
            self.message(
                f"Coding as {used}, your computer's user name. "
                f"Change it any time in {CHANGE_NAME_HINT}",
                0,
            )
        if self.hub.service is not None:
            self.coders.become(self.settings.coder)
            self.coders.update_coder_menu()
            self.update_status()

    def apply_appearance(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.dark = apply_theme(app, self.settings.theme, self.settings.font_size)
        self.view.dark = self.dark
        font = self.view.font()
        if self.settings.font_size > 0:
            font.setPointSize(self.settings.font_size + 1)
        self.view.setFont(font)
        self.view.viewport().update()

    def sample_location(self) -> Path:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        return Path(base or Path.home() / ".lgcoder") / "Sample roundtable.lgc"

    # -- window events -----------------------------------------------------------------------

    def _connect(self) -> None:
        pa = self.project_actions_ctl
        self.welcome.newRequested.connect(pa.new_project)
        self.welcome.openRequested.connect(pa.ask_open)
        self.welcome.sampleRequested.connect(pa.open_sample)
        self.welcome.teamRequested.connect(self.team_server.ask_open)
        self.welcome.recentRequested.connect(self.open_project_path)
        self.documents.documentActivated.connect(self.open_document)
        self.segments.jumpRequested.connect(self.jump_to)
        self.pane.compareClosed.connect(self.coders.end_compare)

    def trigger(self, name: str) -> None:
        self.actions_by_name[name].trigger()

    def jump_to(self, document_guid: str, start: int, end: int, coding_guid: str = "") -> None:
        self.open_document(document_guid)
        if coding_guid and coding_guid in self.view.index:
            self.view.focus_coding(coding_guid)
        else:
            self.view.show_span(start, end)
        self.view.setFocus()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        if len(paths) == 1 and paths[0].lower().endswith(".lgc"):
            self.open_project_path(paths[0])
        elif self.hub.service is None:
            self.prompts.info("Import", "Open or create a project first, then drop files on it.")
        else:
            self.importing.import_paths(paths)

    def remember_layout(self) -> None:
        """Save geometry always, dock layout only while the workbench (not welcome) shows."""
        if not self.remembers_layout:
            return
        state = self.saveState() if self.project is not None else None
        previous = self.settings.window_state()[1]
        # Closed on the welcome screen before any project: there is no dock layout to keep yet
        # (the welcome screen's, all docks hidden, would hide them on the next project).
        self.settings.save_window_state(self.saveGeometry(), state or previous)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.remember_layout()
        self.close_project()
        self.tasks.wait()
        self.settings.sync()
        super().closeEvent(event)

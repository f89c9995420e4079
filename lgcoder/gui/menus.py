"""The menu bar: every action has a menu entry, a readable name and (mostly) a shortcut.

Every action is bound to a real callable: a controller's method, or one of the small functions
below for features whose modules (python-docx, openpyxl, the merge) are imported on first use,
so they do not slow start-up. Export and team functions receive the window as a
:class:`~lgcoder.gui.window_api.WindowApi`; the analysis dialogs as a
:class:`~lgcoder.gui.workbench.Workbench`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar

if TYPE_CHECKING:
    from lgcoder.gui.controllers.codebook import CodebookController
    from lgcoder.gui.controllers.coders import CodersController
    from lgcoder.gui.controllers.coding import CodingController
    from lgcoder.gui.controllers.importing import ImportActions
    from lgcoder.gui.controllers.project import ProjectActions
    from lgcoder.gui.controllers.team_server import TeamServerActions
    from lgcoder.gui.views.memo_view import MemoView

from lgcoder.gui.window_api import WindowApi
from lgcoder.gui.workbench import AppWindow


class MenuWindow(AppWindow, WindowApi, Protocol):
    """The window as the menus see it: its controllers, docks and two lifecycle calls."""

    coding: CodingController
    coders: CodersController
    codebook_ctl: CodebookController
    importing: ImportActions
    project_actions_ctl: ProjectActions
    team_server: TeamServerActions
    docks: dict[str, QDockWidget]
    memo: MemoView

    def close_project(self) -> None: ...

    def close(self) -> bool: ...

    def menuBar(self) -> QMenuBar: ...


@dataclass
class Menus:
    actions: dict[str, QAction]
    #: actions that need an open project (disabled on the welcome screen)
    project_only: list[QAction]
    recent: QMenu
    code_as: QMenu


def export_word_summary(w: MenuWindow) -> None:
    from lgcoder.gui.actions_export import export_word_summary as run

    run(w)


def export_table(w: MenuWindow) -> None:
    from lgcoder.gui.actions_export import export_table as run

    run(w)


def open_text_search(w: MenuWindow) -> None:
    from lgcoder.gui.dialogs.text_search import open_text_search as run

    run(w)


def open_code_matrix(w: MenuWindow) -> None:
    from lgcoder.gui.dialogs.code_matrix import open_code_matrix as run

    run(w)


def open_charts(w: MenuWindow) -> None:
    from lgcoder.gui.dialogs.charts import open_charts as run

    run(w)


def prepare_coder_copies(w: MenuWindow) -> None:
    from lgcoder.gui.actions_team import prepare_coder_copies as run

    run(w)


def merge_projects(w: MenuWindow) -> None:
    from lgcoder.gui.actions_team import merge_projects as run

    run(w)


def show_agreement(w: MenuWindow) -> None:
    from lgcoder.gui.actions_team import show_agreement as run

    run(w)


def build_menus(w: MenuWindow) -> Menus:
    acts: dict[str, QAction] = {}
    project_only: list[QAction] = []
    pa = w.project_actions_ctl
    window = w.as_widget()

    def act(
        name: str,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        needs_project: bool = True,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, window)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        acts[name] = action
        window.addAction(action)
        if needs_project:
            project_only.append(action)
        return action

    bar = w.menuBar()
    file = bar.addMenu("&File")
    file.addAction(
        act(
            "new_project",
            "&New project…",
            pa.new_project,
            QKeySequence.StandardKey.New,
            needs_project=False,
        )
    )
    file.addAction(
        act(
            "open_project",
            "&Open project…",
            pa.ask_open,
            QKeySequence.StandardKey.Open,
            needs_project=False,
        )
    )
    file.addAction(
        act(
            "open_team",
            "Open &team project…",
            w.team_server.ask_open,
            needs_project=False,
            tip="A project on your team's PostgreSQL server: postgresql://you@host/database",
        )
    )
    file.addAction(
        act("open_sample", "Open the &sample project", pa.open_sample, needs_project=False)
    )
    file.addAction(
        act(
            "new_from_refi",
            "New project from &REFI-QDA…",
            pa.new_from_refi,
            needs_project=False,
            tip="Start from an NVivo, ATLAS.ti, MAXQDA or QualCoder export (.qdpx)",
        )
    )
    recent = file.addMenu("Open &recent")
    recent.aboutToShow.connect(pa.fill_recent)
    file.addSeparator()
    file.addAction(
        act(
            "import",
            "&Import documents…",
            w.importing.ask_import,
            "Ctrl+Shift+O",
            tip="Word, PDF, transcripts (VTT/SRT), text, HTML, ODT, RTF",
        )
    )
    file.addAction(
        act(
            "project_title",
            "Project tit&le…",
            pa.retitle_project,
            tip="The title of the Word summary and of this window",
        )
    )
    file.addSeparator()
    file.addAction(
        act(
            "export_word",
            "Export &Word summary…",
            lambda: export_word_summary(w),
        )
    )
    file.addAction(
        act(
            "export_table",
            "Export &table (CSV/Excel)…",
            lambda: export_table(w),
        )
    )
    file.addSeparator()
    file.addAction(
        act("close_project", "&Close project", w.close_project, QKeySequence.StandardKey.Close)
    )
    file.addAction(
        act("quit", "&Quit", w.close, QKeySequence.StandardKey.Quit, needs_project=False)
    )

    edit = bar.addMenu("&Edit")
    undo = w.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = w.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    acts["undo"], acts["redo"] = undo, redo
    edit.addAction(undo)
    edit.addAction(redo)
    edit.addSeparator()
    edit.addAction(act("copy_segments", "Copy selected coded segments", w.segments.copy_selection))
    edit.addAction(
        act("find", "&Find in document…", w.pane.findbar.open_bar, QKeySequence.StandardKey.Find)
    )
    edit.addSeparator()
    edit.addAction(
        act(
            "settings",
            "&Settings…",
            pa.settings_dialog,
            QKeySequence.StandardKey.Preferences,
            needs_project=False,
        )
    )

    codes = bar.addMenu("&Coding")
    cc, cb = w.coding, w.codebook_ctl
    codes.addAction(
        act(
            "quick_code",
            "&Quick code…",
            cc.quick_code,
            "Ctrl+E",
            tip="Type a code name to code the selection",
        )
    )
    codes.addAction(
        act(
            "in_vivo",
            "&In-vivo code",
            cc.in_vivo,
            "Ctrl+I",
            tip="A new code named after the selected words",
        )
    )
    codes.addAction(
        act(
            "code_with_selected",
            "Code with &selected code",
            lambda: cc.apply_code(w.codebook.current_guid() or ""),
            "Ctrl+Return",
        )
    )
    codes.addAction(act("uncode", "&Uncode", cc.uncode, "Ctrl+U"))
    codes.addAction(
        act(
            "text_search",
            "Search and &autocode…",
            lambda: open_text_search(w),
            "Ctrl+Shift+F",
            tip="Find words across the documents and code every hit",
        )
    )
    codes.addAction(
        act(
            "code_matrix",
            "Code &matrix…",
            lambda: open_code_matrix(w),
            tip="Coded passages per theme and document, case, speaker or coder",
        )
    )
    codes.addAction(act("add_memo", "Add &memo…", cc.add_memo, "Ctrl+M"))
    codes.addSeparator()
    codes.addAction(act("add_code", "&New code…", cb.add_code, "Ctrl+Shift+N"))
    codes.addAction(
        act("add_subcode", "New s&ub-code…", lambda: cb.add_code(sub=True), "Ctrl+Alt+N")
    )
    codes.addAction(act("rename_code", "&Rename code…", cb.rename, "F2"))
    codes.addAction(act("recolour_code", "Change &colour…", cb.recolour))
    codes.addAction(act("describe_code", "Edit &definition…", cb.describe))
    codes.addAction(act("merge_code", "Mer&ge into…", cb.merge_into))
    codes.addAction(act("delete_code", "&Delete code…", cb.delete, "Ctrl+Shift+Delete"))

    coders = bar.addMenu("C&oders")
    co = w.coders
    code_as = coders.addMenu("&Code as")
    coders.addAction(act("set_name", "Set &my name…", co.ask_switch_coder, needs_project=False))
    only = act(
        "only_mine",
        "Show &only my coding",
        lambda: co.set_only_mine(acts["only_mine"].isChecked()),
        "Ctrl+Shift+B",
        tip="Blind coding: hide other coders' work",
    )
    only.setCheckable(True)
    coders.addAction(only)

    team = bar.addMenu("&Team")
    team.addAction(
        act(
            "prepare_copies",
            "&Prepare coder copies…",
            lambda: prepare_coder_copies(w),
        )
    )
    team.addAction(act("merge_projects", "&Merge project files…", lambda: merge_projects(w)))
    team.addAction(act("agreement", "Inter-coder &agreement…", lambda: show_agreement(w)))
    team.addSeparator()
    team.addAction(act("compare", "&Compare coders…", co.compare_coders))
    team.addAction(
        act("next_disagreement", "&Next disagreement", lambda: w.view.next_disagreement(), "F8")
    )
    team.addAction(
        act(
            "prev_disagreement",
            "Pre&vious disagreement",
            lambda: w.view.next_disagreement(backwards=True),
            "Shift+F8",
        )
    )
    team.addAction(act("end_compare", "&End comparison", co.end_compare))

    analysis = bar.addMenu("&Analysis")
    analysis.addAction(
        act(
            "charts",
            "C&harts…",
            lambda: open_charts(w),
            tip="Theme prevalence, who raised what, co-occurrence and coder comparison",
        )
    )

    view = bar.addMenu("&View")
    for name, dock in w.docks.items():
        toggle = dock.toggleViewAction()
        toggle.setObjectName(f"toggle_{name}")
        view.addAction(toggle)
    view.addSeparator()
    for key, (label, target) in enumerate(
        (
            ("Documents", lambda: w.documents.table.setFocus()),
            ("Document text", lambda: w.view.setFocus()),
            ("Codebook", lambda: w.codebook.tree.setFocus()),
            ("Coded segments", lambda: w.segments.table.setFocus()),
            ("Memo", lambda: w.memo.edit.setFocus()),
        ),
        start=1,
    ):
        view.addAction(act(f"focus_{key}", f"Go to {label}", target, f"Alt+{key}"))

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(
        act("shortcuts", "&Keyboard shortcuts", pa.show_shortcuts, "F1", needs_project=False)
    )
    help_menu.addAction(act("about", "&About lgcoder", pa.about, needs_project=False))
    return Menus(acts, project_only, recent, code_as)

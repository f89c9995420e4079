"""The menu bar: every action has a menu entry, a readable name and (mostly) a shortcut.

Export and team actions call functions written by those features (``actions_export``,
``actions_team``), which receive the window as a :class:`~lgcoder.gui.window_api.WindowApi`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from lgcoder.gui.main_window import MainWindow


def _feature(window: MainWindow, module: str, function: str) -> Callable[[], None]:
    """A menu slot calling ``lgcoder.gui.<module>.<function>(window)``, imported on first use
    so the export and team code (python-docx, openpyxl, merge) does not slow start-up."""

    def run() -> None:
        getattr(importlib.import_module(f"lgcoder.gui.{module}"), function)(window)

    return run


def build_menus(w: MainWindow) -> dict[str, QAction]:
    from lgcoder.gui.project_actions import ProjectActions

    acts: dict[str, QAction] = {}
    project_only: list[QAction] = []
    pa = ProjectActions(w)
    w.project_actions_ctl = pa  # type: ignore[attr-defined]

    def act(
        name: str,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | str | None = None,
        *,
        needs_project: bool = True,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, w)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        acts[name] = action
        w.addAction(action)
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
    w.recent_menu = file.addMenu("Open &recent")  # type: ignore[attr-defined]
    w.recent_menu.aboutToShow.connect(pa.fill_recent)  # type: ignore[attr-defined]
    file.addSeparator()
    file.addAction(
        act(
            "import",
            "&Import documents…",
            w.coding.ask_import,
            "Ctrl+Shift+O",
            tip="Word, PDF, transcripts (VTT/SRT), text, HTML, ODT, RTF",
        )
    )
    file.addSeparator()
    file.addAction(
        act(
            "export_word",
            "Export &Word summary…",
            _feature(w, "actions_export", "export_word_summary"),
        )
    )
    file.addAction(
        act(
            "export_table",
            "Export &table (CSV/Excel)…",
            _feature(w, "actions_export", "export_table"),
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
    undo = w.undo_stack.createUndoAction(w, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = w.undo_stack.createRedoAction(w, "&Redo")
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
            _feature(w, "dialogs.text_search", "open_text_search"),
            "Ctrl+Shift+F",
            tip="Find words across the documents and code every hit",
        )
    )
    codes.addAction(
        act(
            "code_matrix",
            "Code &matrix…",
            _feature(w, "dialogs.code_matrix", "open_code_matrix"),
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
    cc.coder_menu = coders.addMenu("&Code as")
    coders.addAction(act("set_name", "Set &my name…", cc.ask_switch_coder, needs_project=False))
    only = act(
        "only_mine",
        "Show &only my coding",
        lambda: cc.set_only_mine(acts["only_mine"].isChecked()),
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
            _feature(w, "actions_team", "prepare_coder_copies"),
        )
    )
    team.addAction(
        act(
            "merge_projects", "&Merge project files…", _feature(w, "actions_team", "merge_projects")
        )
    )
    team.addAction(
        act("agreement", "Inter-coder &agreement…", _feature(w, "actions_team", "show_agreement"))
    )
    team.addSeparator()
    team.addAction(act("compare", "&Compare coders…", cc.compare_coders))
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
    team.addAction(act("end_compare", "&End comparison", cc.end_compare))

    analysis = bar.addMenu("&Analysis")
    analysis.addAction(
        act(
            "charts",
            "C&harts…",
            _feature(w, "dialogs.charts", "open_charts"),
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
    w.project_actions = project_only  # type: ignore[attr-defined]
    return acts

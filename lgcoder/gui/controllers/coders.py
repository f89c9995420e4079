"""Who is coding: switch coder (Coders ▸ Code as), blind coding, and comparing two coders.

Naming a coder who is not in the project yet adds them. That cannot be undone (a coder is
never deleted: their codings, merges and agreement figures refer to them), so it goes through
:func:`~lgcoder.gui.commands.irreversible.run_irreversible`, keeping the undo stack.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from lgcoder.core.ops.changes import Changes
from lgcoder.core.queries_view import CoderInfo
from lgcoder.gui.commands import Stack, run_irreversible
from lgcoder.gui.workbench import CodersWindow


class CodersController:
    def __init__(self, window: CodersWindow) -> None:
        self.w = window
        self.coder_menu: QMenu | None = None

    def update_coder_menu(self) -> None:
        menu = self.coder_menu
        w = self.w
        if menu is None:
            return
        menu.clear()
        if w.service is None:
            menu.setEnabled(False)
            return
        if w.service.project.is_server:
            # on a team server one codes as one's login; the server refuses any other coder
            menu.setEnabled(False)
            menu.setToolTip("On a team project you code as your server login")
            return
        menu.setEnabled(True)
        group = QActionGroup(menu)
        for coder in w.service.coders():
            act = QAction(coder.name, menu, checkable=True)
            act.setChecked(coder.guid == w.coder_guid)
            act.triggered.connect(lambda _=False, n=coder.name: self.switch_coder(n))
            group.addAction(act)
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction("New coder…").triggered.connect(self.ask_switch_coder)

    def ask_switch_coder(self) -> None:
        name = self.w.prompts.text("Switch coder", "Code as (name):", "")
        if name and name.strip():
            self.switch_coder(name)

    def become(self, name: str, title: str = "Switch coder") -> CoderInfo | None:
        """Make *name* the coder new codings are saved under (adding them if new).

        Adding a coder cannot be undone with Edit ▸ Undo, so it goes through
        :func:`run_irreversible` (keeping the stack); a refusal is shown under *title*."""
        w = self.w
        service = w.service
        if service is None:
            return None
        if service.project.is_server:
            w.message(
                "On a team project you code as your server login; the lead adds a login for "
                "another coder (lgcoder server add-coder)",
                10000,
            )
            return None
        found: list[CoderInfo] = []

        def write() -> Changes:
            known = {c.guid for c in service.coders()}
            info = service.ensure_coder(name)
            found.append(info)
            return Changes(coders=info.guid not in known)

        changes = run_irreversible(
            title,
            write,
            stack=Stack.KEEP,
            undo_stack=w.undo_stack,
            publish=w.broadcast,
            report=w.prompts.error,
        )
        if changes is None:
            return None
        w.hub.coder_guid = found[0].guid
        return found[0]

    def switch_coder(self, name: str) -> None:
        w = self.w
        if w.service is not None and w.service.project.is_server:
            self.become(name)  # says why not; the settings' name stays as it was
            return
        w.settings.coder_name = " ".join(name.split())
        if w.service is not None:
            self.become(w.settings.coder_name)
            if w.hub.only_mine:
                self.set_only_mine(True)
        self.update_coder_menu()
        w.update_status()
        w.message(f"Now coding as {w.settings.coder_name}.")

    def set_only_mine(self, on: bool) -> None:
        """Blind coding: hide other coders' highlights, stripes, counts and segments."""
        w = self.w
        w.hub.only_mine = on
        w.actions_by_name["only_mine"].setChecked(on)
        if w.service is None:
            return
        w.view.set_coder_filter({w.hub.coder_guid} if on and w.hub.coder_guid else None)
        w.hub.reload()
        w.update_status()

    def compare_coders(self) -> None:
        w = self.w
        if w.service is None:
            return
        coders = [(c.guid, c.name) for c in w.service.coders()]
        if len(coders) < 2:
            w.prompts.info("Compare coders", "This project has only one coder so far.")
            return
        pair = w.prompts.compare_coders(coders)
        if pair is None or pair[0] == pair[1]:
            return
        self.start_compare(pair)

    def start_compare(self, pair: tuple[str, str]) -> None:
        self.w.view.set_compare(pair)
        self.refresh_compare_banner()

    def refresh_compare_banner(self) -> None:
        w = self.w
        pair = w.view.compare_pair
        if pair is None or w.service is None:
            return
        names = {c.guid: c.name for c in w.service.coders()}
        w.pane.show_compare(names.get(pair[0], "?"), names.get(pair[1], "?"))

    def end_compare(self) -> None:
        self.w.view.set_compare(None)
        self.w.pane.hide_compare()

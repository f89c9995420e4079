"""Codebook editing: add, rename, recolour, define, move, merge, delete codes; pin keys 1–9.

Each edit is one undoable command. Deleting a code that has codings (or sub-codes) asks first,
saying how much would go. Pins are a personal preference (stored in settings per project): until
the user pins anything, keys 1–9 follow the first nine codes of the codebook, so a newcomer
can code by keyboard straight away.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from lgcoder.core.ops.colors import free_color
from lgcoder.core.queries import CodeNode
from lgcoder.core.words import counted
from lgcoder.gui.commands import (
    CODE_COLOR,
    CODE_DESCRIPTION,
    CODE_NAME,
    AddCodeCommand,
    DeleteCodeCommand,
    EditFieldCommand,
    MergeCodeCommand,
    MoveCodeCommand,
)
from lgcoder.gui.workbench import CodebookWindow


class CodebookController:
    def __init__(self, window: CodebookWindow) -> None:
        self.w = window
        self.explicit_pins: dict[str, int] | None = None
        #: codes the selection with a code (set by the window: the coding controller's)
        self.apply_code: Callable[[str], object] = lambda _guid: None
        window.code_model.codeMoveRequested.connect(self.move)
        window.code_model.modelReset.connect(self.refresh_pins)
        window.codebook.tree.customContextMenuRequested.connect(self.context_menu)

    def _current(self) -> CodeNode | None:
        guid = self.w.codebook.current_guid()
        return self.w.code_model.node_by_guid(guid) if guid else None

    # -- pins ----------------------------------------------------------------------------------

    def load_pins(self) -> None:
        service = self.w.service
        self.explicit_pins = self.w.settings.pins(service.project_guid()) if service else None
        self.refresh_pins()

    def pins(self) -> dict[str, int]:
        live = {n.guid for n in self.w.code_model.nodes()}
        if self.explicit_pins is not None:
            return {g: k for g, k in self.explicit_pins.items() if g in live}
        return {n.guid: i + 1 for i, n in enumerate(self.w.code_model.nodes()[:9])}

    def refresh_pins(self) -> None:
        self.w.code_model.set_pins(self.pins())

    def code_for_key(self, key: int) -> str | None:
        return next((g for g, k in self.pins().items() if k == key), None)

    def pin(self, guid: str, key: int | None) -> None:
        pins = {g: k for g, k in self.pins().items() if g != guid and k != key}
        if key is not None:
            pins[guid] = key
        self.explicit_pins = pins
        if self.w.service is not None:
            self.w.settings.set_pins(self.w.service.project_guid(), pins)
        self.refresh_pins()

    # -- edits -----------------------------------------------------------------------------

    def add_code(self, *, sub: bool = False) -> bool:
        w = self.w
        if w.service is None:
            return False
        parent = self._current() if sub else None
        if sub and parent is None:
            w.message("Select the code to add a sub-code under.")
            return False
        nodes = w.code_model.nodes()
        suggested = free_color({n.color for n in nodes}, len(nodes))
        answer = w.prompts.new_code(parent.path if parent else None, suggested)
        if answer is None or not answer[0]:
            return False
        name, color, description = answer
        return self.add_named(name, parent.guid if parent else None, color, description)

    def add_named(
        self,
        name: str,
        parent_guid: str | None = None,
        color: str | None = None,
        description: str = "",
    ) -> bool:
        w = self.w
        assert w.service is not None
        cmd = AddCodeCommand(w.service, name, parent_guid, color, description)
        ok = w.push(cmd)
        if ok and cmd.code_guid:
            w.codebook.select_guids([cmd.code_guid])
        return ok

    def rename(self) -> bool:
        w, node = self.w, self._current()
        if node is None or w.service is None:
            return False
        new = w.prompts.text("Rename code", f"New name for “{node.path}”:", node.name)
        if not new or new.strip() == node.name:
            return False
        return w.push(EditFieldCommand(w.service, CODE_NAME, node.guid, node.name, new.strip()))

    def recolour(self) -> bool:
        w, node = self.w, self._current()
        if node is None or w.service is None:
            return False
        color = w.prompts.color(node.color)
        if not color or color.lower() == node.color.lower():
            return False
        return w.push(
            EditFieldCommand(w.service, CODE_COLOR, node.guid, node.color, color, node.name)
        )

    def describe(self) -> bool:
        w, node = self.w, self._current()
        if node is None or w.service is None:
            return False
        text = w.prompts.multiline(
            "Code definition", f"When does a passage get “{node.path}”?", node.description
        )
        if text is None or text.strip() == node.description:
            return False
        return w.push(
            EditFieldCommand(
                w.service, CODE_DESCRIPTION, node.guid, node.description, text, node.name
            )
        )

    def delete(self) -> bool:
        w, node = self.w, self._current()
        if node is None or w.service is None:
            return False
        subs = list(node.walk())[1:]
        codings = sum(n.codings for n in node.walk())
        if codings or subs:
            parts = []
            if codings:
                parts.append(f"{counted(codings, 'coded passage')}")
            if subs:
                parts.append(f"{counted(len(subs), 'sub-code')}")
            question = (
                f"Delete the code “{node.path}” with its {' and '.join(parts)}?\n\n"
                "You can undo this with Edit ▸ Undo."
            )
            if not w.prompts.confirm("Delete code", question):
                return False
        return w.push(DeleteCodeCommand(w.service, node.guid, node.path))

    def merge_into(self) -> bool:
        w, node = self.w, self._current()
        if node is None or w.service is None:
            return False
        inside = {n.guid for n in node.walk()}
        others = [n for n in w.code_model.nodes() if n.guid not in inside]
        if not others:
            w.message("There is no other code to merge into.")
            return False
        choice = w.prompts.choose(
            "Merge code",
            f"Merge “{node.path}” (its codings and sub-codes) into:",
            [n.path for n in others],
        )
        if choice is None:
            return False
        target = next(n for n in others if n.path == choice)
        return w.push(MergeCodeCommand(w.service, node.guid, node.path, target.guid, target.path))

    def move(self, guid: str, parent_guid: str | None, position: int | None) -> bool:
        w = self.w
        node = w.code_model.node_by_guid(guid)
        if node is None or w.service is None:
            return False
        same_parent = node.parent_guid == parent_guid
        if same_parent and position is not None:
            siblings = [n for n in w.code_model.nodes() if n.parent_guid == parent_guid]
            if position < len(siblings) and siblings[position].guid == guid:
                return False  # dropped where it already is
        return w.push(MoveCodeCommand(w.service, guid, node.name, parent_guid, position))

    # -- menu ----------------------------------------------------------------------------------

    def context_menu(self, pos: QPoint) -> None:
        self.build_context_menu().popup(self.w.codebook.tree.viewport().mapToGlobal(pos))

    def build_context_menu(self) -> QMenu:
        w = self.w
        a = w.actions_by_name
        menu = QMenu(w.as_widget())
        node = self._current()
        if node is not None and w.view.selection_span() is not None:
            menu.addAction(f"Code selection as “{node.name}”").triggered.connect(
                lambda: self.apply_code(node.guid)
            )
            menu.addSeparator()
        for name in ("add_code", "add_subcode", "rename_code", "recolour_code", "describe_code"):
            menu.addAction(a[name])
        menu.addSeparator()
        menu.addAction(a["merge_code"])
        menu.addAction(a["delete_code"])
        if node is not None:
            pin = menu.addMenu("Pin to key")
            current = self.pins().get(node.guid)
            for key in range(1, 10):
                holder = self.code_for_key(key)
                holder_node = w.code_model.node_by_guid(holder) if holder else None
                label = f"{key}" + (f"  (now {holder_node.name})" if holder_node else "")
                act = pin.addAction(label)
                act.setCheckable(True)
                act.setChecked(current == key)
                act.triggered.connect(lambda _=False, k=key, g=node.guid: self.pin(g, k))
            pin.addSeparator()
            pin.addAction("No key").triggered.connect(lambda: self.pin(node.guid, None))
        return menu

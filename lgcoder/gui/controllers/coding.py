"""Coding actions: every way a researcher codes, uncodes and annotates a passage.

Select text, then: double-click a code, drop the selection on a code, press 1–9 for a pinned
code, Ctrl+E for the quick-code box, Ctrl+I for in-vivo, or use the context menu. All of them end
in one undoable command. (Coders live in ``controllers/coders.py``, import in ``importing.py``.)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from lgcoder.gui.commands import (
    CODING_MEMO,
    AddMemoCommand,
    ApplyCodingCommand,
    EditFieldCommand,
    InVivoCodeCommand,
    NewCodeAndApplyCommand,
    RemoveCodingCommand,
)
from lgcoder.gui.dialogs.quick_code import QuickCodeBox
from lgcoder.gui.views.span_index import Span
from lgcoder.gui.workbench import CodingWindow

IN_VIVO_MAX = 60


def in_vivo_name(text: str) -> str:
    """A code name from the participant's words: one line, no quotes or slashes, ≤ 60 chars."""
    name = " ".join(text.replace("/", " ").split()).strip(" \"'“”‘’.,;:!?-–—()[]")
    if len(name) > IN_VIVO_MAX:
        cut = name[:IN_VIVO_MAX].rsplit(" ", 1)[0]
        name = (cut if len(cut) > 20 else name[:IN_VIVO_MAX]).rstrip(" ,;:") + "…"
    return name


class CodingController:
    def __init__(self, window: CodingWindow, code_for_key: Callable[[int], str | None]) -> None:
        self.w = window
        #: the code pinned to a key 1–9 (the codebook controller keeps the pins)
        self.code_for_key = code_for_key
        self.quick_box: QuickCodeBox | None = None
        view = window.view
        view.pinnedKeyPressed.connect(self.apply_pinned)
        view.contextRequested.connect(self.context_menu)
        window.codebook.codeActivated.connect(self.code_activated)
        window.code_model.passageDropped.connect(self.passage_dropped)

    # -- applying --------------------------------------------------------------------------

    def _ready(self) -> tuple[str, int, int] | None:
        """(document, start, end) of the selection, or None with a hint in the status bar."""
        w = self.w
        if w.service is None or w.view.document_guid is None:
            w.message("Open a document first.")
            return None
        if w.coder_guid is None:
            w.message("Set your coder name first (Coders menu).")
            return None
        span = w.view.selection_span()
        if span is None:
            w.message("Select a passage in the document first.")
            return None
        return w.view.document_guid, span[0], span[1]

    def apply_code(self, code_guid: str) -> bool:
        target = self._ready()
        if target is None:
            return False
        return self.apply_to(code_guid, *target)

    def apply_to(self, code_guid: str, document_guid: str, start: int, end: int) -> bool:
        w = self.w
        node = w.code_model.node_by_guid(code_guid)
        if w.service is None or node is None or w.coder_guid is None:
            return False
        ok = w.push(
            ApplyCodingCommand(
                w.service, document_guid, code_guid, w.coder_guid, start, end, node.path
            )
        )
        if ok:
            w.message(f"Coded as “{node.path}”.", 3000)
        return ok

    def code_activated(self, code_guid: str) -> None:
        """Double-click / Enter on a code: code the selection with it, if there is one."""
        if self.w.view.selection_span() is not None:
            self.apply_code(code_guid)

    def passage_dropped(self, code_guid: str, document_guid: str, start: int, end: int) -> None:
        if self.w.coder_guid is not None:
            self.apply_to(code_guid, document_guid, start, end)

    def apply_pinned(self, key: int) -> None:
        guid = self.code_for_key(key)
        if guid is None:
            self.w.message(f"No code is pinned to key {key} (right-click a code ▸ Pin to key).")
            return
        self.apply_code(guid)

    def quick_code(self) -> QuickCodeBox | None:
        if self._ready() is None:
            return None
        paths = {n.path: n.guid for n in self.w.code_model.nodes()}
        box = QuickCodeBox(paths, self.w.as_widget())
        box.codeChosen.connect(self.apply_code)
        box.newCodeRequested.connect(self.new_code_and_apply)
        rect = self.w.view.cursorRect()
        box.move(self.w.view.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4)))
        self.quick_box = box
        box.show()
        box.edit.setFocus()
        return box

    def new_code_and_apply(self, name: str, *, in_vivo: bool = False) -> bool:
        target = self._ready()
        w = self.w
        if target is None or w.service is None or w.coder_guid is None:
            return False
        existing = next((n for n in w.code_model.nodes() if n.path.lower() == name.lower()), None)
        if existing is not None:
            return self.apply_to(existing.guid, *target)
        parts = [p for p in name.split("/") if p.strip()] if not in_vivo else [name]
        parent_guid = None
        if len(parts) > 1:
            parent = next(
                (n for n in w.code_model.nodes() if n.path.lower() == "/".join(parts[:-1]).lower()),
                None,
            )
            if parent is None:
                w.message(f"There is no code “{'/'.join(parts[:-1])}” to put it under.")
                return False
            parent_guid = parent.guid
        cls = InVivoCodeCommand if in_vivo else NewCodeAndApplyCommand
        doc, start, end = target
        return w.push(cls(w.service, doc, w.coder_guid, start, end, parts[-1].strip(), parent_guid))

    def in_vivo(self) -> bool:
        span = self.w.view.selection_span()
        if span is None:
            self.w.message("Select the words to use as the code's name first.")
            return False
        name = in_vivo_name(self.w.view.text_of(*span))
        if not name:
            self.w.message("The selection has no words to name a code with.")
            return False
        return self.new_code_and_apply(name, in_vivo=True)

    # -- uncoding and memos ----------------------------------------------------------------

    def codings_here(self, offset: int | None = None) -> list[Span]:
        """Codings the user means: the focused one, those in the selection, or under the caret."""
        view = self.w.view
        if view.focused_coding and view.focused_coding in view.index:
            focused = view.index.get(view.focused_coding)
            span = view.selection_span()
            if focused is not None and (span is None or (focused.start, focused.end) == span):
                return [focused]
        span = view.selection_span()
        if span is not None and offset is None:
            return view.spans_in(*span)
        return view.spans_at(view.cursor_offset() if offset is None else offset)

    def uncode(self, coding_guid: str | None = None) -> bool:
        w = self.w
        if w.service is None:
            return False
        if coding_guid is None:
            here = self.codings_here()
            if not here:
                w.message("There is no coding here to remove.")
                return False
            if len(here) > 1:
                labels = [self._label(s) for s in here]
                choice = w.prompts.choose("Uncode", "Remove which coding?", labels)
                if choice is None:
                    return False
                coding_guid = here[labels.index(choice)].guid
            else:
                coding_guid = here[0].guid
        span = w.view.index.get(coding_guid)
        name = w.view.code_look(span.code_guid).path if span else "coding"
        return w.push(RemoveCodingCommand(w.service, coding_guid, name))

    def _label(self, span: Span) -> str:
        look = self.w.view.code_look(span.code_guid)
        coder = self.w.view.coder_name(span.coder_guid)
        text = " ".join(self.w.view.text_of(span.start, span.end).split())
        text = text if len(text) < 40 else text[:39] + "…"
        return f"{look.path} — {coder}: “{text}”"

    def edit_coding_memo(self, coding_guid: str) -> bool:
        w = self.w
        span = w.view.index.get(coding_guid)
        if span is None or w.service is None:
            return False
        new = w.prompts.multiline("Coding memo", "Memo on this coded passage:", span.memo)
        if new is None or new.strip() == span.memo:
            return False
        return w.push(EditFieldCommand(w.service, CODING_MEMO, coding_guid, span.memo, new))

    def add_memo(self) -> bool:
        """Memo on the coding here if there is one, else on the selected passage."""
        w = self.w
        here = self.codings_here()
        if len(here) == 1:
            return self.edit_coding_memo(here[0].guid)
        span = w.view.selection_span()
        if span is None or w.service is None or w.view.document_guid is None:
            w.message("Select a passage (or click a coding stripe) to write a memo on it.")
            return False
        text = w.prompts.multiline("Passage memo", "Memo on the selected passage:")
        if not text or not text.strip():
            return False
        return w.push(
            AddMemoCommand(
                w.service, "document", w.view.document_guid, text, w.coder_guid, span[0], span[1]
            )
        )

    # -- context menu --------------------------------------------------------------------------

    def build_context_menu(self, offset: int) -> QMenu:
        w = self.w
        menu = QMenu(w.as_widget())
        has_sel = w.view.selection_span() is not None
        code_as = menu.addMenu("Code as…")
        code_as.setEnabled(has_sel)
        current = w.codebook.current_guid()
        if current:
            node = w.code_model.node_by_guid(current)
            if node is not None:
                act = code_as.addAction(f"{node.path}  (selected code)")
                act.triggered.connect(lambda _=False, g=node.guid: self.apply_code(g))
                code_as.addSeparator()
        for key in range(1, 10):
            guid = self.code_for_key(key)
            node = w.code_model.node_by_guid(guid) if guid else None
            if node is not None:
                act = code_as.addAction(f"{node.path}\t{key}")
                act.triggered.connect(lambda _=False, g=node.guid: self.apply_code(g))
        code_as.addSeparator()
        code_as.addAction(w.actions_by_name["quick_code"])
        menu.addAction(w.actions_by_name["in_vivo"])
        here = w.view.spans_in(*w.view.selection_span()) if has_sel else w.view.spans_at(offset)
        uncode = menu.addMenu("Uncode")
        uncode.setEnabled(bool(here))
        memo = menu.addMenu("Add memo")
        for span in here:
            label = self._label(span)
            uncode.addAction(label).triggered.connect(lambda _=False, g=span.guid: self.uncode(g))
            memo.addAction(f"On coding {label}").triggered.connect(
                lambda _=False, g=span.guid: self.edit_coding_memo(g)
            )
        passage = memo.addAction("On the selected passage…")
        passage.setEnabled(has_sel)
        passage.triggered.connect(self._passage_memo)
        menu.addSeparator()
        copy = menu.addAction("Copy")
        copy.setEnabled(has_sel)
        copy.triggered.connect(w.view.copy)
        menu.addAction(w.actions_by_name["find"])
        return menu

    def _passage_memo(self) -> None:
        w = self.w
        w.view.focused_coding = None
        span = w.view.selection_span()
        if span is None or w.service is None or w.view.document_guid is None:
            return
        text = w.prompts.multiline("Passage memo", "Memo on the selected passage:")
        if text and text.strip():
            w.push(
                AddMemoCommand(
                    w.service, "document", w.view.document_guid, text, w.coder_guid, *span
                )
            )

    def context_menu(self, global_pos: QPoint, offset: int) -> None:
        self.build_context_menu(offset).popup(global_pos)

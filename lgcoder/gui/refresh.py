"""Turns a ``Changes`` value into the smallest refresh of each view (DESIGN §1, Anki's model).

* A coding applied or removed: the document view adds/removes that one span, the codebook
  updates the counts of the codes touched, the documents list the share of the documents
  touched, and the segments list re-reads only if it shows one of those codes.
* A code added, renamed, recoloured, moved or deleted: the cheap code outline differs from the
  model's, so the tree (with counts) is read again and re-laid out, keeping expansion/selection.
* Documents, memos and coders reload their own lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from lgcoder.core.ops.changes import Changes
from lgcoder.core.words import counted
from lgcoder.gui.views.document_view import CodeLook

if TYPE_CHECKING:
    from lgcoder.gui.main_window import MainWindow


class Refresher:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self._outline: list[object] = []
        self.pending_shares: set[str] = set()
        self._segments_timer = QTimer(window)
        self._segments_timer.setSingleShot(True)
        self._segments_timer.setInterval(0)
        self._segments_timer.timeout.connect(self.refresh_segments)
        window.codebook.selectionChangedGuids.connect(self._on_code_selection)
        window.memo.saveRequested.connect(self._on_memo_save)
        window.view.codingFocused.connect(self._on_coding_focused)

    @property
    def service(self):  # type: ignore[no-untyped-def]
        assert self.w.service is not None
        return self.w.service

    def coder_scope(self) -> list[str] | None:
        """Whose coding counts and shows: just mine in blind mode, otherwise everyone's."""
        if self.w.only_mine and self.w.coder_guid:
            return [self.w.coder_guid]
        return None

    # -- full loads ------------------------------------------------------------------------

    def load_all(self) -> None:
        self.load_codes()
        self.load_documents()
        self.load_coders()
        self.refresh_segments()
        self.show_project_memos()

    def load_codes(self) -> None:
        self._outline = list(self.service.code_outline())
        roots = self.service.code_tree(self.coder_scope())
        self.w.codebook.set_tree(roots)
        self.w.view.set_code_looks(
            {n.guid: CodeLook(n.name, n.path, n.color) for n in self.w.code_model.nodes()}
        )
        self.w.codebook_ctl.refresh_pins()

    def load_documents(self) -> None:
        docs = self.service.documents()
        self.w.documents.model.set_documents(docs)
        self.w.segments.set_choices(
            [(d.guid, d.name) for d in docs],
            [(c.guid, c.name) for c in self.service.coders()],
        )
        if self.w.view.document_guid:
            self.w.documents.select_guid(self.w.view.document_guid)

    def load_coders(self) -> None:
        coders = self.service.coders()
        self.w.view.set_coders({c.guid: c.name for c in coders})
        self.w.segments.set_choices(
            [(d.guid, d.name) for d in self.w.documents.model.summaries()],
            [(c.guid, c.name) for c in coders],
        )

    # -- incremental -----------------------------------------------------------------------

    def apply(self, changes: Changes) -> None:
        w = self.w
        if changes.coders:
            self.load_coders()
            w.coding.update_coder_menu()
        if changes.documents:
            self.load_documents()
            current = w.view.document_guid
            if current and w.documents.model.row_of(current) is None:
                w.view.clear_document()
                w.pane.set_header("That document was removed.")
        structural = False
        if changes.codes:
            outline = list(self.service.code_outline())
            structural = outline != self._outline
            if structural:
                self.load_codes()
            elif changes.code_guids:
                w.code_model.update_counts(
                    self.service.code_counts(changes.code_guids, self.coder_scope())
                )
        if self._touches_view(changes):
            live = [
                s
                for s in self.service.spans_by_guid(changes.coding_guids)
                if s.document_guid == w.view.document_guid
            ]
            live_guids = {s.guid for s in live}
            w.view.remove_spans(g for g in changes.coding_guids if g not in live_guids)
            w.view.upsert_spans(live)
            if w.view.compare_pair:
                w.coding.refresh_compare_banner()
        if changes.codings and changes.document_guids and not changes.documents:
            self.pending_shares |= changes.document_guids  # secondary: updated a moment later
        if (changes.codings or changes.codes) and self._touches_segments(changes, structural):
            self._segments_timer.start()  # after the highlight has been painted
        if changes.memos:
            self.reshow_memos()

    def _touches_view(self, changes: Changes) -> bool:
        current = self.w.view.document_guid
        if not changes.coding_guids or not current:
            return False
        return not changes.document_guids or current in changes.document_guids

    def _touches_segments(self, changes: Changes, structural: bool) -> bool:
        """Whether the coded-segments list shows any code this change touched."""
        selected = self.w.codebook.selected_guids()
        if not selected:
            return False
        if structural or not changes.code_guids:
            return True
        shown = set(selected)
        if self.w.segments.subcodes.isChecked():
            for guid in selected:
                node = self.w.code_model.node_by_guid(guid)
                if node is not None:
                    shown |= {n.guid for n in node.walk()}
        return bool(shown & changes.code_guids)

    def flush_secondary(self) -> None:
        """Coded shares in the documents list: computed after the action has been painted."""
        if self.pending_shares and self.w.service is not None:
            guids, self.pending_shares = sorted(self.pending_shares), set()
            self.w.documents.model.update_shares(self.service.shares(guids))

    # -- segments and memos --------------------------------------------------------------------

    def refresh_segments(self) -> None:
        if self.w.service is None:
            return
        guids = self.w.codebook.selected_guids()
        if not guids:
            self.w.segments.set_rows("Select a code to see its coded passages.", [])
            return
        coder = self.w.segments.coder_filter_guid()
        coders = [coder] if coder else (self.coder_scope() or [])
        doc = self.w.segments.document_filter()
        rows = self.service.retrieve(
            guids,
            include_subcodes=self.w.segments.subcodes.isChecked(),
            coder_guids=coders,
            document_guids=[doc] if doc else [],
        )
        names = [n.path for g in guids if (n := self.w.code_model.node_by_guid(g)) is not None]
        label = ", ".join(names[:3]) + ("…" if len(names) > 3 else "")
        count = len(rows)
        self.w.segments.set_rows(f"{counted(count, 'passage')}: {label}", rows)

    def _on_code_selection(self, guids: list[str]) -> None:
        self.refresh_segments()
        if len(guids) == 1:
            node = self.w.code_model.node_by_guid(guids[0])
            if node is not None:
                self.w.memo.show_memos(
                    f"Memo on code “{node.path}”",
                    "code",
                    node.guid,
                    self.service.memos("code", node.guid),
                )

    def show_project_memos(self) -> None:
        self.w.memo.show_memos("Project memo", "project", "", self.service.memos("project", ""))

    def show_document_memos(self) -> None:
        guid = self.w.view.document_guid
        if guid:
            self.w.memo.show_memos(
                f"Memo on document “{self.w.view.document_name}”",
                "document",
                guid,
                self.service.memos("document", guid),
            )

    def reshow_memos(self) -> None:
        kind, guid = self.w.memo.target
        if kind == "coding":
            return
        title = self.w.memo.title.text()
        self.w.memo.show_memos(title, kind, guid, self.service.memos(kind, guid))

    def _on_coding_focused(self, guid: str) -> None:
        span = self.w.view.index.get(guid)
        if span is None or self.w.service is None:
            return
        look = self.w.view.code_look(span.code_guid)
        self.w.memo.show_coding_memo(f"Memo on coding “{look.path}”", guid, span.memo)

    def _on_memo_save(self, kind: str, target: str, memo_guid: str, old: str, new: str) -> None:
        from lgcoder.gui.commands import AddMemoCommand, EditMemoCommand, SetCodingMemoCommand

        if self.w.service is None:
            return
        service = self.w.service
        if kind == "coding":
            self.w.push(SetCodingMemoCommand(service, target, old, new))
        elif memo_guid:
            self.w.push(EditMemoCommand(service, memo_guid, old, new))
        elif new:
            self.w.push(AddMemoCommand(service, kind, target, new, self.w.coder_guid))

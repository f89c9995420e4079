"""The memo pane: shows the memos of what the researcher is looking at, and saves theirs.

Project memo when a project opens, the document's when one opens, a code's when one code is
selected, a coding's when its stripe is clicked. Saving is one undoable command, pushed through
the same path as every other change.
"""

from __future__ import annotations

from collections.abc import Callable

from lgcoder.core.ops.changes import Changes
from lgcoder.gui.commands import (
    CODING_MEMO,
    MEMO_TEXT,
    AddMemoCommand,
    EditFieldCommand,
    ServiceCommand,
)
from lgcoder.gui.hub import ProjectHub
from lgcoder.gui.models.code_tree_model import CodeTreeModel
from lgcoder.gui.views.codebook_view import CodebookView
from lgcoder.gui.views.document_view import DocumentView
from lgcoder.gui.views.memo_view import MemoView


class MemoSync:
    def __init__(
        self,
        hub: ProjectHub,
        memo: MemoView,
        codebook: CodebookView,
        view: DocumentView,
        push: Callable[[ServiceCommand], bool],
    ) -> None:
        self.hub, self.memo, self.view, self.push = hub, memo, view, push
        self.codes: CodeTreeModel = codebook.model
        hub.changed.connect(self.on_changed)
        hub.reloaded.connect(self.show_project_memos)
        codebook.selectionChangedGuids.connect(self.on_code_selection)
        view.codingFocused.connect(self.on_coding_focused)
        memo.saveRequested.connect(self.save)

    def on_changed(self, changes: Changes) -> None:
        if changes.memos:
            self.reshow()

    def show_project_memos(self) -> None:
        if self.hub.service is not None:
            self.memo.show_memos(
                "Project memo", "project", "", self.hub.service.memos("project", "")
            )

    def show_document_memos(self) -> None:
        guid = self.view.document_guid
        if guid and self.hub.service is not None:
            self.memo.show_memos(
                f"Memo on document “{self.view.document_name}”",
                "document",
                guid,
                self.hub.service.memos("document", guid),
            )

    def reshow(self) -> None:
        kind, guid = self.memo.target
        if kind == "coding" or self.hub.service is None:
            return
        title = self.memo.title.text()
        self.memo.show_memos(title, kind, guid, self.hub.service.memos(kind, guid))

    def on_code_selection(self, guids: list[str]) -> None:
        if len(guids) != 1 or self.hub.service is None:
            return
        node = self.codes.node_by_guid(guids[0])
        if node is not None:
            self.memo.show_memos(
                f"Memo on code “{node.path}”",
                "code",
                node.guid,
                self.hub.service.memos("code", node.guid),
            )

    def on_coding_focused(self, guid: str) -> None:
        span = self.view.index.get(guid)
        if span is None or self.hub.service is None:
            return
        look = self.view.code_look(span.code_guid)
        self.memo.show_coding_memo(f"Memo on coding “{look.path}”", guid, span.memo)

    def save(self, kind: str, target: str, memo_guid: str, old: str, new: str) -> None:
        service = self.hub.service
        if service is None:
            return
        if kind == "coding":
            self.push(EditFieldCommand(service, CODING_MEMO, target, old, new))
        elif memo_guid:
            self.push(EditFieldCommand(service, MEMO_TEXT, memo_guid, old, new))
        elif new:
            self.push(AddMemoCommand(service, kind, target, new, self.hub.coder_guid))

"""Keeps the document view's highlights and stripes in step with the project."""

from __future__ import annotations

from collections.abc import Callable

from lgcoder.core.ops.changes import Changes
from lgcoder.core.queries_view import CodingSpan
from lgcoder.gui.hub import ProjectHub
from lgcoder.gui.models.code_tree_model import CodeTreeModel
from lgcoder.gui.views.document_view import DocumentView
from lgcoder.gui.views.looks import CodeLook


class DocumentSync:
    def __init__(
        self,
        hub: ProjectHub,
        view: DocumentView,
        codes: CodeTreeModel,
        after_codings: Callable[[], None],
        removed: Callable[[], None],
    ) -> None:
        self.hub, self.view, self.codes = hub, view, codes
        #: called after this document's codings changed (the comparison banner recounts)
        self.after_codings = after_codings
        #: called when the open document was removed from the project
        self.removed = removed
        hub.changed.connect(self.on_changed)
        codes.modelReset.connect(self.refresh_looks)

    def refresh_looks(self) -> None:
        """Names and colours of the codes, as the codebook has them now."""
        self.view.set_code_looks(
            {n.guid: CodeLook(n.name, n.path, n.color) for n in self.codes.nodes()}
        )

    def _read_again(self, guid: str) -> None:
        """After the project was rewritten underneath (a merge): the open document's text and
        every highlight read again, or the view cleared if the document is gone."""
        service = self.hub.service
        assert service is not None
        content = service.document(guid)
        if content is None:
            self.view.clear_document()
            self.removed()
            return
        self.view.load(content, service.spans(guid))
        if self.view.compare_pair:
            self.after_codings()

    def on_changed(self, changes: Changes) -> None:
        service, view = self.hub.service, self.view
        if service is None:
            return
        if changes.coders:
            view.set_coders({c.guid: c.name for c in service.coders()})
        current = view.document_guid
        if changes.rewritten and current:
            self._read_again(current)
            return
        gone = changes.documents and current and current in changes.document_guids
        if gone and current and service.document_name(current) is None:
            view.clear_document()
            self.removed()
            return
        if not changes.coding_guids or not current:
            return
        if changes.document_guids and current not in changes.document_guids:
            return
        live = [
            CodingSpan(r.guid, r.document_guid, r.code_guid, r.coder_guid, r.start, r.end, r.memo)
            for r in service.touched_rows(changes.coding_guids)
            if r.document_guid == current
        ]
        live_guids = {s.guid for s in live}
        view.remove_spans(g for g in changes.coding_guids if g not in live_guids)
        view.upsert_spans(live)
        if view.compare_pair:
            self.after_codings()

"""Keeps the document view's highlights and stripes in step with the project."""

from __future__ import annotations

from collections.abc import Callable

from lgcoder.core.ops.changes import Changes
from lgcoder.gui.hub import ProjectHub
from lgcoder.gui.models.code_tree_model import CodeTreeModel
from lgcoder.gui.views.document_view import CodeLook, DocumentView


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

    def on_changed(self, changes: Changes) -> None:
        service, view = self.hub.service, self.view
        if service is None:
            return
        if changes.coders:
            view.set_coders({c.guid: c.name for c in service.coders()})
        current = view.document_guid
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
            s for s in service.spans_by_guid(changes.coding_guids) if s.document_guid == current
        ]
        live_guids = {s.guid for s in live}
        view.remove_spans(g for g in changes.coding_guids if g not in live_guids)
        view.upsert_spans(live)
        if view.compare_pair:
            self.after_codings()

"""Keeps the coded-segments list in step: the rows an action touched, never the whole list.

The list shows the passages of the codes selected in the codebook (with their sub-codes when
ticked), filtered by document and coder. A coding applied, removed or restored is one row in
or out: it is read back by guid (with the list's own filters) and inserted where it sorts, so
the table is not reset, its scroll position and selection stay, and nothing else is read.
Selecting other codes, changing a filter, or a change to the codes themselves reads the list again.
"""

from __future__ import annotations

from lgcoder.core.ops.changes import Changes
from lgcoder.core.words import counted
from lgcoder.gui.hub import ProjectHub
from lgcoder.gui.models.code_tree_model import CodeTreeModel
from lgcoder.gui.models.documents_model import DocumentsModel
from lgcoder.gui.views.codebook_view import CodebookView
from lgcoder.gui.views.segments_view import SegmentsView

#: beyond this many codings touched at once (autocode, delete a big code) reading the list
#: again is cheaper than row-by-row updates
INCREMENTAL_LIMIT = 200


class SegmentsSync:
    def __init__(
        self,
        hub: ProjectHub,
        segments: SegmentsView,
        codebook: CodebookView,
        documents: DocumentsModel,
    ) -> None:
        self.hub, self.segments, self.codebook, self.documents = hub, segments, codebook, documents
        self.codes: CodeTreeModel = codebook.model
        self._label = ""
        hub.changed.connect(self.on_changed)
        hub.reloaded.connect(self.reload)
        codebook.selectionChangedGuids.connect(lambda _guids: self.reload())
        segments.filtersChanged.connect(self.reload)
        self.codes.modelReset.connect(self.reload)
        documents.modelReset.connect(self.refresh_choices)

    def refresh_choices(self) -> None:
        """The document and coder filter boxes (each keeps its choice while it still exists)."""
        service = self.hub.service
        if service is None:
            return
        self.segments.set_choices(
            [(d.guid, d.name) for d in self.documents.summaries()],
            [(c.guid, c.name) for c in service.coders()],
        )

    # -- what the list shows ---------------------------------------------------------------

    def _filters(self) -> tuple[list[str], list[str]]:
        coder = self.segments.coder_filter_guid()
        coders = [coder] if coder else (self.hub.coder_scope() or [])
        doc = self.segments.document_filter()
        return coders, [doc] if doc else []

    def _shown_codes(self) -> set[str]:
        selected = self.codebook.selected_guids()
        shown = set(selected)
        if self.segments.subcodes.isChecked():
            for guid in selected:
                node = self.codes.node_by_guid(guid)
                if node is not None:
                    shown |= {n.guid for n in node.walk()}
        return shown

    def reload(self) -> None:
        service = self.hub.service
        if service is None:
            return
        guids = self.codebook.selected_guids()
        if not guids:
            self.segments.set_rows("Select a code to see its coded passages.", [])
            return
        coders, docs = self._filters()
        rows = service.retrieve(
            guids,
            include_subcodes=self.segments.subcodes.isChecked(),
            coder_guids=coders,
            document_guids=docs,
        )
        names = [n.path for g in guids if (n := self.codes.node_by_guid(g)) is not None]
        self._label = ", ".join(names[:3]) + ("…" if len(names) > 3 else "")
        self.segments.set_rows(self._title(len(rows)), rows)

    def _title(self, count: int) -> str:
        return f"{counted(count, 'passage')}: {self._label}"

    # -- incremental -------------------------------------------------------------------------

    def on_changed(self, changes: Changes) -> None:
        service = self.hub.service
        if service is None:
            return
        if changes.coders:
            self.refresh_choices()
        if not changes.codings or not changes.coding_guids:
            return
        selected = self.codebook.selected_guids()
        if not selected:
            return
        if changes.code_guids and not (changes.code_guids & self._shown_codes()):
            return  # none of the touched codings can be in the list (nor were)
        if len(changes.coding_guids) > INCREMENTAL_LIMIT:
            self.reload()
            return
        coders, docs = self._filters()
        rows = service.retrieve(
            selected,
            include_subcodes=self.segments.subcodes.isChecked(),
            coder_guids=coders,
            document_guids=docs,
            coding_guids=sorted(changes.coding_guids),
        )
        model = self.segments.model
        model.remove_guids(changes.coding_guids)
        order = {d.guid: i for i, d in enumerate(self.documents.summaries())}
        model.insert_sorted(
            rows, lambda r: (order.get(r.document_guid, -1), r.start, r.end, r.code)
        )
        self.segments.title.setText(self._title(model.rowCount()))

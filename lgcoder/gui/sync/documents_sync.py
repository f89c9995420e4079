"""Keeps the documents list in step: names, cases and people, codings and the share coded.

The number of codings comes from the tally at once; the share of characters coded needs the
union of the document's spans, which is read a moment later (after the action has been painted),
for just the documents touched.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from lgcoder.core.ops.changes import Changes
from lgcoder.gui.hub import ProjectHub
from lgcoder.gui.views.documents_view import DocumentsView

#: how long the share of a touched document may lag behind its codings
SHARE_DELAY_MS = 250


class DocumentsSync:
    def __init__(self, hub: ProjectHub, documents: DocumentsView) -> None:
        self.hub, self.documents = hub, documents
        self.pending_shares: set[str] = set()
        self.current: str | None = None
        self._timer = QTimer(documents)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHARE_DELAY_MS)
        self._timer.timeout.connect(self.flush_shares)
        hub.changed.connect(self.on_changed)
        hub.reloaded.connect(self.reload)

    def reload(self) -> None:
        service = self.hub.service
        if service is None:
            return
        self.documents.model.set_documents(service.documents())
        if self.current:
            self.documents.select_guid(self.current)

    def on_changed(self, changes: Changes) -> None:
        service = self.hub.service
        if service is None:
            return
        if changes.documents:
            self.reload()
            return
        if changes.codings and changes.document_guids:
            tally = service.tally
            self.documents.model.update_codings(
                {g: tally.document_count(g) for g in changes.document_guids}
            )
            self.pending_shares |= changes.document_guids
            self._timer.start()

    def flush_shares(self) -> None:
        """Coded shares of the documents touched since the last flush."""
        service = self.hub.service
        if self.pending_shares and service is not None:
            guids, self.pending_shares = sorted(self.pending_shares), set()
            self.documents.model.update_shares(service.shares(guids))

"""Keeps the codebook tree (codes, colours, counts) in step with the project.

A coding applied or removed changes two numbers: the counts of its code (and its parents'
totals), updated in place from the tally, so the tree is never reset by coding (expansion and
selection stay). A code added, renamed, recoloured, moved or deleted changes the tree's shape:
the cheap outline (no counts) differs from the one shown, and the tree is read again.
"""

from __future__ import annotations

from lgcoder.core.ops.changes import Changes
from lgcoder.core.queries_view import CodeOutline
from lgcoder.gui.hub import ProjectHub
from lgcoder.gui.views.codebook_view import CodebookView


class CodebookSync:
    def __init__(self, hub: ProjectHub, codebook: CodebookView) -> None:
        self.hub, self.codebook = hub, codebook
        self._outline: list[CodeOutline] = []
        hub.changed.connect(self.on_changed)
        hub.reloaded.connect(self.reload)

    def reload(self) -> None:
        service = self.hub.service
        if service is None:
            return
        self._outline = service.code_outline()
        self.codebook.set_tree(service.code_tree(self.hub.coder_scope()))

    def on_changed(self, changes: Changes) -> None:
        service = self.hub.service
        if service is None or not changes.codes:
            return
        # Reading the outline (no counts) costs well under a millisecond on any codebook, so it
        # is always compared rather than guessed from the kind of change.
        outline = service.code_outline()
        if outline != self._outline:
            self.reload()
        else:
            self.update_counts(changes)

    def update_counts(self, changes: Changes) -> None:
        service = self.hub.service
        if service is None or not changes.code_guids:
            return
        self.codebook.model.update_counts(
            service.code_counts(changes.code_guids, self.hub.coder_scope())
        )

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
        if self.only_codings(changes):
            self.update_counts(changes)
            return
        outline = service.code_outline()
        if outline != self._outline:
            self.reload()
        else:
            self.update_counts(changes)

    @staticmethod
    def only_codings(changes: Changes) -> bool:
        """Codings applied, removed or restored and nothing created but them: the codes are as
        they were, only counts moved (no outline read). Anything else (a code added, renamed,
        moved, merged or deleted; a delta the op could not give) reads the outline to compare.
        """
        return (
            changes.codings
            and changes.coding_delta is not None
            and all(guid in changes.coding_guids for guid in changes.created)
            and not (changes.documents or changes.coders or changes.project)
        )

    def update_counts(self, changes: Changes) -> None:
        service = self.hub.service
        if service is None or not changes.code_guids:
            return
        self.codebook.model.update_counts(
            service.code_counts(changes.code_guids, self.hub.coder_scope())
        )

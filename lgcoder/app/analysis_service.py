"""Plain-data facade for the analysis dialogs: text search, autocoding, the code matrix.

Like :class:`~lgcoder.app.project_service.ProjectService`, every call is one transaction on the
open project and returns plain values, so no widget ever sees a Session.
"""

from __future__ import annotations

from collections.abc import Sequence

from lgcoder.analysis.cooccurrence import CooccurrenceTable, cooccurrence
from lgcoder.analysis.matrix import CodeMatrix, code_matrix
from lgcoder.analysis.search import AutocodeResult, Hit, SearchOptions, Unit, autocode, search
from lgcoder.core.db import Project
from lgcoder.core.ops import codings as coding_ops
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.coders import coder_by_guid
from lgcoder.core.ops.codes import code_by_guid


class AnalysisService:
    def __init__(self, project: Project) -> None:
        self.project = project

    def search(self, options: SearchOptions) -> list[Hit]:
        with self.project.reading() as session:
            return search(session, options)

    def autocode(
        self, options: SearchOptions, code_guid: str, coder_guid: str, unit: Unit
    ) -> AutocodeResult:
        with self.project.transaction() as session:
            return autocode(
                session,
                options,
                code_by_guid(session, code_guid),
                coder_by_guid(session, coder_guid),
                unit,
            )

    def code_matrix(self, by: str, coders: tuple[str, ...] = (), rollup: bool = True) -> CodeMatrix:
        with self.project.reading() as session:
            return code_matrix(session, by, coders=coders, rollup=rollup)

    def cooccurrence(self, coders: Sequence[str] = ()) -> CooccurrenceTable:
        """Passages coded with two different codes, per pair of codes (coders by name)."""
        with self.project.reading() as session:
            return cooccurrence(session, coders=coders)

    def uncode(self, coding_guids: list[str]) -> Changes:
        """Undo of an autocode: tombstone exactly the codings it added."""
        changes = Changes(codings=True, codes=True, coding_delta={})
        with self.project.transaction() as session:
            for guid in coding_guids:
                changes = changes | coding_ops.remove_coding(session, guid)
        return changes

    def recode(self, coding_guids: list[str]) -> Changes:
        """Redo of an autocode after undo: revive the same codings."""
        changes = Changes(codings=True, codes=True, coding_delta={})
        with self.project.transaction() as session:
            for guid in coding_guids:
                changes = changes | coding_ops.restore_coding(session, guid)
        return changes

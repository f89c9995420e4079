"""Team work on the open project: coder copies, merging copies back, inter-coder agreement.

A thin door over :mod:`lgcoder.team` so that the workbench's team actions, like everything else,
go through the open project's services. Merging and restoring a backup rewrite the project file
underneath every view: they cannot be undone with Edit ▸ Undo (the merge keeps a backup instead),
and the caller reloads the project afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from lgcoder.core.db import Project
from lgcoder.team.agreement import AgreementResult, agreement_for, coder_names
from lgcoder.team.copies import prepare_copies
from lgcoder.team.merge import merge_into, restore_backup
from lgcoder.team.report import MergeReport

Progress = Callable[[int, int, str], None]


def _quiet(_done: int, _total: int, _message: str) -> None:
    pass


class TeamService:
    def __init__(self, project: Project) -> None:
        self.project = project

    def coder_names(self) -> list[str]:
        """Coders with at least one live coding: the ones worth comparing."""
        return coder_names(self.project)

    def prepare_copies(self, coders: list[str], folder: Path) -> list[tuple[str, Path]]:
        source = self.project.location if self.project.is_server else self.project.path
        return prepare_copies(source, coders, folder)

    def merge(
        self, sources: Sequence[str | Path], *, dry_run: bool = False, progress: Progress = _quiet
    ) -> MergeReport:
        return merge_into(self.project, sources, dry_run=dry_run, progress=progress)

    def restore_backup(self, backup: str | Path) -> None:
        restore_backup(self.project, backup)

    def agreement(self, coders: Sequence[str], unit: str = "char") -> AgreementResult:
        return agreement_for(self.project, coders, unit=unit)

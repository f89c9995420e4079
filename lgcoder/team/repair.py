"""``lgcoder repair PROJECT OUT``: a clean copy of a project that holds objects we did not create.

A project with a planted trigger, view or extra table is refused on open (see
:mod:`lgcoder.core.schema`). If its owner trusts the content, this writes a new project with the
same documents, codes, codings, memos, cases and attributes and none of the foreign objects.

The copy goes through the merge engine: a new, empty project is created and the damaged file is
merged into it as a source. Merge sources are opened read-only, where no trigger can fire, and
are read table by table by name, so nothing planted in the file runs or is carried over. The
source file is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lgcoder.core.db import Project
from lgcoder.core.errors import ProjectExistsError
from lgcoder.core.ops import project as project_ops
from lgcoder.team.report import MergeReport


@dataclass
class RepairReport:
    removed: list[str] = field(default_factory=list)
    merge: MergeReport | None = None


def _drop_backups(project: Project) -> None:
    """The merge backs up its target first; for a brand-new copy that backup is empty noise."""
    folder = project.backup_dir()
    if folder.is_dir():
        for old in folder.glob("*.lgc"):
            old.chmod(0o600)
            old.unlink()
        if not any(folder.iterdir()):
            folder.rmdir()


def repair(source: str | Path, out: str | Path) -> RepairReport:
    """Write *out*, a clean copy of *source*; *source* itself is only read."""
    source, out = Path(source), Path(out)
    if out.exists():
        raise ProjectExistsError(f"{out} already exists; choose another name for the copy")
    with Project.open(source, readonly=True, allow_foreign=True) as original:
        removed = list(original.foreign)
        with original.reading() as session:
            title = project_ops.title(session)
            default = project_ops.default_coder(session)
            default_guid = default.guid if default is not None else None
    from lgcoder.team.merge import merge_into

    report = RepairReport(removed=removed)
    created = Project.create(out, title=title)
    try:
        with created:
            report.merge = merge_into(created, [source], allow_foreign=True)
            with created.transaction() as session:
                project_ops.set_title(session, title)
                if default_guid is not None:
                    project_ops.set_default_coder(session, default_guid)
    except BaseException:
        _drop_backups(created)
        for leftover in (out, Path(f"{out}-wal"), Path(f"{out}-shm"), Path(f"{out}-journal")):
            leftover.unlink(missing_ok=True)
        raise
    _drop_backups(created)
    return report

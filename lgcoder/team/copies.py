"""Prepare one copy of the lead's project per coder, to hand out (step 2 of the team workflow).

Coders new to the project are added to the lead's file *before* copying, so every copy knows
every coder under the same guid and the merge matches them by guid, not by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lgcoder.core.db import Project, copy_project_file
from lgcoder.core.errors import ProjectExistsError, ValidationError
from lgcoder.core.models import utcnow
from lgcoder.core.ops import coders as coder_ops
from lgcoder.core.ops import project as project_ops
from lgcoder.team.entities import TEAM_BASE


def copy_name(project: Path, coder: str) -> str:
    slug = re.sub(r"[^\w.-]+", "-", coder, flags=re.UNICODE).strip("-.") or "coder"
    return f"{project.stem}-{slug}{project.suffix or '.lgc'}"


def _owned_by(coder_guid: str) -> Callable[[Project], None]:
    def fill(copy: Project) -> None:
        with copy.transaction() as session:
            project_ops.set_default_coder(session, coder_guid)

    return fill


def prepare_copies(
    project_path: Path, coders: list[str], out_dir: Path | None = None
) -> list[tuple[str, Path]]:
    """Write ``PROJECT-<coder>.lgc`` for each coder; refuses to overwrite any file."""
    if not coders:
        raise ValidationError("name at least one coder to prepare copies for")
    if len({c.casefold() for c in coders}) != len(coders):
        raise ValidationError("a coder is named twice")
    folder = out_dir or project_path.parent
    if not folder.is_dir():
        raise ValidationError(f"folder {folder} does not exist")
    targets = [(c, folder / copy_name(project_path, c)) for c in coders]
    for _coder, dest in targets:
        if dest.exists():
            raise ProjectExistsError(
                f"{dest} already exists; move it away or choose another folder"
            )
    written: list[tuple[str, Path]] = []
    with Project.open(project_path) as project:
        with project.transaction() as session:
            guids = {c: coder_ops.ensure_coder(session, c).guid for c in coders}
            # Texts older than this are the shared starting point: see ConflictStore.rows.
            stamp = utcnow().isoformat(sep=" ", timespec="microseconds")
            project_ops.set_info(session, TEAM_BASE, stamp)
        for coder, dest in targets:
            # built in memory and published whole: an interrupted run leaves no half copy
            copy_project_file(project, dest, _owned_by(guids[coder]))
            written.append((coder, dest))
    return written

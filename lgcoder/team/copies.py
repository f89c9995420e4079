"""Prepare one copy of the lead's project per coder, to hand out (step 2 of the team workflow).

Coders new to the project are added to the lead's file *before* copying, so every copy knows
every coder under the same guid and the merge matches them by guid, not by name.

The lead's project may be a server project (issue 13): the copies are then pulled from it
(:func:`lgcoder.team.moves.pull`), each owned by its coder, for coders who work offline and
whose work a lead merges back with ``lgcoder merge URL COPY``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lgcoder.core import pg
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
    project_path: Path | str, coders: list[str], out_dir: Path | None = None
) -> list[tuple[str, Path]]:
    """Write ``PROJECT-<coder>.lgc`` for each coder; refuses to overwrite any file.

    From a server project the copies are named after its database and written to *out_dir*,
    else to the current folder (a server has no folder beside it).
    """
    if not coders:
        raise ValidationError("name at least one coder to prepare copies for")
    if len({c.casefold() for c in coders}) != len(coders):
        raise ValidationError("a coder is named twice")
    if pg.is_server_url(project_path):
        return _copies_of_server(str(project_path), coders, out_dir or Path.cwd())
    project_path = Path(project_path)
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


def _copies_of_server(address: str, coders: list[str], folder: Path) -> list[tuple[str, Path]]:
    from lgcoder.team.moves import pull

    if not folder.is_dir():
        raise ValidationError(f"folder {folder} does not exist")
    stem = Path(f"{pg.parse_url(address).database}.lgc")
    targets = [(c, folder / copy_name(stem, c)) for c in coders]
    for _coder, dest in targets:
        if dest.exists():
            raise ProjectExistsError(
                f"{dest} already exists; move it away or choose another folder"
            )
    with Project.open(address) as project, project.transaction() as session:
        # coders are rows of the codebook's kind: adding them takes a lead (the server says so)
        guids = {c: coder_ops.ensure_coder(session, c).guid for c in coders}
    written: list[tuple[str, Path]] = []
    for coder, dest in targets:
        pull(address, dest, for_coder=guids[coder])  # stamps the copy's team base itself
        written.append((coder, dest))
    return written

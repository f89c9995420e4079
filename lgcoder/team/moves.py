"""Moving a project between a file and a server, through the team merge (issue 13).

* ``publish FILE URL`` merges the file into the server project (an empty one made by
  ``lgcoder server init``, or one that already has work: nothing of it is lost);
* ``pull URL COPY`` makes a new file by merging the server project into an empty project, built
  in memory and published in one step like every new project (no half copy on a crash);
* ``merge URL COPY`` (the ordinary merge command) brings the copy's work back.

All three are the merge engine (:mod:`lgcoder.team.merge`), so its guarantees hold across the
two homes: the result does not depend on the order of inputs, and no coding, memo or edit is
lost. The copy records when it was pulled (``team_base``), so a text both sides changed since
then is kept as a conflict memo instead of being overwritten.
"""

from __future__ import annotations

from pathlib import Path

from lgcoder.core import pg
from lgcoder.core.db import Project
from lgcoder.core.errors import ValidationError
from lgcoder.core.models import utcnow
from lgcoder.core.ops import project as project_ops
from lgcoder.team.entities import TEAM_BASE
from lgcoder.team.merge import merge_files, merge_into
from lgcoder.team.report import MergeReport


def publish(project_file: str | Path, address: str) -> MergeReport:
    """Merge the project file into the server project at *address*."""
    if not pg.is_server_url(address):
        raise ValidationError(f"{address} is not a server address (postgresql://...)")
    if pg.is_server_url(project_file):
        raise ValidationError("publish takes a project file first, then the server address")
    return merge_files(address, [project_file])


def pull(address: str | Path, copy: str | Path, *, for_coder: str | None = None) -> MergeReport:
    """Write a new project file *copy* holding everything in the server project.

    The copy's default coder is the coder of the login that pulled (when the server knows
    it), so work done offline is that coder's; *for_coder* (a coder's guid) names another, for
    a lead preparing copies for the team. A project file works as the source too (an offline
    copy of a file project, the same way), keeping that file's default coder.
    """
    copy = Path(copy)
    if pg.is_server_url(copy):
        raise ValidationError("pull writes a new project file: give the server address first")
    with Project.open(address, readonly=True) as source, source.reading() as session:
        coder = project_ops.default_coder(session)  # on a server: the login's coder
        mine = for_coder or (coder.guid if coder is not None else None)
    reports: list[MergeReport] = []

    def fill(project: Project) -> None:
        reports.append(merge_into(project, [str(address)], backup=False))
        with project.transaction() as session:
            if mine is not None:
                project_ops.set_default_coder(session, mine)
            stamp = utcnow().isoformat(sep=" ", timespec="microseconds")
            project_ops.set_info(session, TEAM_BASE, stamp)

    Project.create(copy, fill=fill).close()
    report = reports[0]
    report.target = str(copy)
    return report

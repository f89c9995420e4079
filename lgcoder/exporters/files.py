"""Write export files so that a failure never leaves half a report where the old one was."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lgcoder.core.atomic_create import publish_file
from lgcoder.core.db import Project
from lgcoder.core.errors import ValidationError


def check_output(out: Path, suffixes: tuple[str, ...]) -> None:
    """Refuse outputs we cannot or should not write, with a sentence that says why."""
    if out.is_dir():
        raise ValidationError(
            f"{out} is a folder; give a file name such as {out / 'summary'}{suffixes[0]}"
        )
    if not out.parent.is_dir():
        raise ValidationError(f"cannot write {out}: folder {out.parent} does not exist")
    if out.suffix.lower() not in suffixes:
        raise ValidationError(
            f"{out.name} should end in {' or '.join(suffixes)} so that it opens in the right program"
        )


def save_atomically(out: Path, write: Callable[[Any], None]) -> None:
    """Call ``write(path)`` on a file nobody can see yet, then put it in place as *out* at once.

    A failure or a kill leaves the old *out* (or nothing) and no temporary file
    (:func:`lgcoder.core.atomic_create.publish_file`). The file gets the permissions the umask
    gives any new file (0644 under the usual 022), so colleagues on a shared drive can open it;
    every export (Word, CSV, Excel, codebook, matrix, agreement, REFI-QDA) is written through here.
    """
    out = Path(out)
    if not out.parent.is_dir():
        raise ValidationError(f"cannot write {out}: folder {out.parent} does not exist")
    try:
        publish_file(out, write, replace=True)
    except PermissionError as exc:
        raise ValidationError(f"cannot write {out}: permission denied") from exc
    except OSError as exc:
        raise ValidationError(f"cannot write {out}: {exc.strerror or exc}") from exc


@contextlib.contextmanager
def project_for_export(project: Project | str | Path) -> Iterator[Project]:
    """Use an open project as is (the GUI's), or open and close a project file (the CLI's)."""
    if isinstance(project, Project):
        yield project
    else:
        with Project.open(project, readonly=True) as opened:
            yield opened

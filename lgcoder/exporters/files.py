"""Write export files so that a failure never leaves half a report where the old one was."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (threads export)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: the classic read-by-setting, restored at once
    os.umask(mask)
    return mask


def _new_file_mode(out: Path) -> int:
    """The mode a plain ``open(out, "w")`` would give: the old file's when replacing one, else
    0666 less the umask. ``mkstemp`` makes 0600 files, which colleagues on a shared drive could
    not open."""
    try:
        return stat.S_IMODE(out.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def save_atomically(out: Path, write: Callable[[Any], None]) -> None:
    """Call ``write(path)`` on a temporary file beside *out*, then move it into place.

    The file ends up with the permissions a newly created file gets (see :func:`_new_file_mode`).
    Every export (Word, CSV, Excel, codebook, matrix, agreement) is written through here.
    """
    out = Path(out)
    if not out.parent.is_dir():
        raise ValidationError(f"cannot write {out}: folder {out.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=out.suffix, dir=out.parent)
    except OSError as exc:
        raise ValidationError(f"cannot write in {out.parent}: {exc.strerror or exc}") from exc
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _new_file_mode(out))
        os.replace(tmp, out)
    except PermissionError as exc:
        raise ValidationError(f"cannot write {out}: permission denied") from exc
    except OSError as exc:
        raise ValidationError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


@contextlib.contextmanager
def project_for_export(project: Project | str | Path) -> Iterator[Project]:
    """Use an open project as is (the GUI's), or open and close a project file (the CLI's)."""
    if isinstance(project, Project):
        yield project
    else:
        with Project.open(project) as opened:
            yield opened

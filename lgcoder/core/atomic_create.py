"""All-or-nothing creation of project files and exports.

A project made by ``new`` (empty, from a REFI-QDA file, or the sample) is built and filled in
memory and checked (:func:`lgcoder.core.db.create_project_file`), and only then written out here. The file appears under its real name in one step, so a
crash or a kill at any moment leaves either nothing or the finished project: never a half-made
file, never a stray ``-wal``/``-shm`` (the journal mode is set to WAL when it is first opened).

Publishing uses an unnamed temporary file where the system has them (Linux ``O_TMPFILE``): the
bytes are written and synced with no name at all, then linked into place. Elsewhere the file is
written under a hidden name in the same folder (``.NAME.partial-PID``) and renamed; a later
creation in that folder removes partial files whose process is gone.

Exports use the same publishing step (:func:`publish_file`), so a report either appears complete
or does not appear.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from lgcoder.core.errors import IntegrityError, NotAProjectError, ProjectExistsError

_PARTIAL = ".partial-"


def _partial_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{_PARTIAL}{os.getpid()}")


def sweep_partials(folder: Path, name: str) -> None:
    """Remove ``.NAME.partial-PID`` files left by processes that no longer run."""
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f".{name}{_PARTIAL}*"):
            pid = leftover.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not _alive(int(pid)):
                leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but not ours, or the platform cannot tell: keep the file
        return True
    return True


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _unnamed(folder: Path) -> int | None:
    """An unnamed file in *folder* (Linux O_TMPFILE), or None where the system has none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o666)
    except OSError:
        return None


def _link_unnamed(fd: int, name: Path) -> None:
    """Give the unnamed file *fd* a name: linkat(AT_SYMLINK_FOLLOW) on its /proc entry.

    ``os.link`` only passes AT_SYMLINK_FOLLOW when a directory fd is given, hence the dir fd.
    """
    procfd = os.open("/proc/self/fd", os.O_RDONLY)
    try:
        os.link(str(fd), name, src_dir_fd=procfd, follow_symlinks=True)
    finally:
        os.close(procfd)


def _mode_of(path: Path) -> int | None:
    """The permissions of the file being replaced, so a shared report stays readable by others.

    A new file gets what a plain ``open(path, "w")`` gives (0666 less the umask).
    """
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def _publish_unnamed(fd: int, out: Path, *, replace: bool) -> bool:
    """Link the unnamed file to *out*; False when this file system cannot link it at all."""
    try:
        _link_unnamed(fd, out)
        return True
    except FileExistsError:
        if not replace:
            raise ProjectExistsError(f"{out} already exists; choose another name") from None
    except OSError:
        return False
    # replacing needs a name for a moment: link beside, then rename over
    tmp = _partial_name(out)
    tmp.unlink(missing_ok=True)
    _link_unnamed(fd, tmp)
    os.replace(tmp, out)
    return True


def publish_file(out: Path, write: Callable[[str], None], *, replace: bool) -> None:
    """Call ``write(path)`` on a file nobody can see yet, then give it the name *out* at once.

    With ``replace=False`` an existing *out* is never touched (:class:`ProjectExistsError`).
    ``OSError`` from the file system is passed on for the caller to word.
    """
    out = Path(out)
    folder = out.parent
    sweep_partials(folder, out.name)
    keep_mode = _mode_of(out) if replace else None
    fd = _unnamed(folder)
    if fd is not None:
        try:
            write(f"/proc/self/fd/{fd}")
            if keep_mode is not None:
                os.fchmod(fd, keep_mode)
            os.fsync(fd)
            published = _publish_unnamed(fd, out, replace=replace)
        finally:
            os.close(fd)
        if published:
            _sync_folder(folder)
            return
    # no unnamed files here (or they cannot be linked): a hidden name, then a rename
    tmp = _partial_name(out)
    tmp.unlink(missing_ok=True)
    try:
        write(str(tmp))
        if keep_mode is not None:
            os.chmod(tmp, keep_mode)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, out)
        else:
            try:
                os.link(tmp, out)
            except FileExistsError:
                raise ProjectExistsError(f"{out} already exists; choose another name") from None
            except OSError:  # no hard links here (some network shares): rename if still free
                if out.exists():
                    raise ProjectExistsError(f"{out} already exists; choose another name") from None
                os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    _sync_folder(folder)


def check_target(path: Path) -> None:
    if path.exists() or path.is_symlink():
        raise ProjectExistsError(f"{path} already exists; choose another name")
    if not path.parent.is_dir():
        raise NotAProjectError(f"cannot create {path}: folder {path.parent} does not exist")


def checked_image(conn: sqlite3.Connection, path: Path) -> bytes:
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if problems != ["ok"] or conn.execute("PRAGMA foreign_key_check").fetchone():
        raise IntegrityError(f"the new project {path.name} failed its own check; not saved")
    return conn.serialize()


def publish_image(path: Path, image: bytes) -> None:
    def write(target: str) -> None:
        with open(target, "wb") as fh:
            fh.write(image)

    try:
        publish_file(path, write, replace=False)
    except OSError as exc:
        raise NotAProjectError(f"cannot create {path}: {exc.strerror or exc}") from exc

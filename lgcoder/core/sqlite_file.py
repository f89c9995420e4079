"""Opening a project file with nothing but :mod:`sqlite3`: the checks every open makes.

Split from :mod:`lgcoder.core.db` so that a quick read (``lgcoder docs``, ``lgcoder codes``) can
run the same careful checks (raw header first, hardened read-only connection, the schema
compared with ours, see :mod:`lgcoder.core.db`) without importing SQLAlchemy, which costs more
than half a second per command. :mod:`lgcoder.core.db` builds on these functions; nothing here
may import SQLAlchemy or Alembic (``tests/unit/test_quick_read.py`` holds it to that).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import cast
from urllib.parse import quote

from lgcoder.core.errors import (
    BusyError,
    ForeignSchemaError,
    LgcoderError,
    NewerSchemaError,
    NotAProjectError,
    ReadOnlyProjectError,
)
from lgcoder.core.revisions import MIGRATIONS as MIGRATIONS  # re-exported
from lgcoder.core.revisions import head_revision as head_revision  # re-exported
from lgcoder.core.revisions import known_revisions as known_revisions  # re-exported

#: SQLite's application_id header field marks our files: "LGCO".
APPLICATION_ID = 0x4C47434F

# sqlite3 binds int, float, str and bytearray directly, but looks every other value up as a
# possible adaptation first; for None that ends in an AttributeError whose message is formatted
# and thrown away, inside every parameter of every statement. A registered adapter for None is
# found in one dictionary lookup and hands back None, which is bound as NULL exactly as before:
# a long transcript's 20,000 segments (three NULL columns each) were stored ~25 % faster.
sqlite3.register_adapter(type(None), cast("Callable[[None], None]", {}.get))  # C, no frame

BUSY_TIMEOUT_S = 30.0
_SQLITE_MAGIC = b"SQLite format 3\x00"


def driver_sqlite(raw: object) -> sqlite3.Connection:
    """The :mod:`sqlite3` connection under a pooled SQLAlchemy connection *raw*, for what
    SQLAlchemy does not offer (the backup API, journal pragmas), typed as what it is."""
    conn = getattr(raw, "driver_connection", None)
    if not isinstance(conn, sqlite3.Connection):
        raise TypeError(f"expected a SQLite connection, not {type(conn).__name__}")
    return conn


def busy_timeout() -> float:
    """Seconds a command waits for another process's write to finish (env overrides 30 s)."""
    try:
        value = float(os.environ.get("LGCODER_BUSY_TIMEOUT", BUSY_TIMEOUT_S))
    except ValueError:
        return BUSY_TIMEOUT_S
    return value if 0 <= value <= 3600 else BUSY_TIMEOUT_S


def harden(conn: sqlite3.Connection) -> None:
    """Hardening for files from someone else, after SQLite's own guidance for untrusted
    database files (sqlite.org/security.html).

    * ``trusted_schema=OFF``: functions with side effects and virtual tables are not run from
      the schema (views, triggers, CHECK, DEFAULT, generated columns, index expressions).
    * ``cell_size_check=ON``: a malformed page is reported as corruption instead of being read.
    * ``mmap_size=0``: a file truncated or rewritten under us cannot fault the process.
    * ``foreign_keys=ON``: our own invariants.
    * Where Python offers ``Connection.setconfig`` (3.12+): ``SQLITE_DBCONFIG_DEFENSIVE``
      (no ``writable_schema`` or shadow-table writes) and triggers and views switched off
      altogether. Python 3.11 cannot reach these; there the schema comparison in
      :mod:`lgcoder.core.schema`, which refuses any trigger or view before a write, is the guard.
    """
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    conn.execute("PRAGMA mmap_size=0")
    setconfig = getattr(conn, "setconfig", None)
    if setconfig is not None:
        for name, on in (
            ("SQLITE_DBCONFIG_DEFENSIVE", True),
            ("SQLITE_DBCONFIG_ENABLE_TRIGGER", False),
            ("SQLITE_DBCONFIG_ENABLE_VIEW", False),
        ):
            option = getattr(sqlite3, name, None)
            if option is not None:
                setconfig(option, on)
    conn.execute("PRAGMA foreign_keys=ON")


def ro_uri(path: Path, immutable: bool) -> str:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def needs_immutable(path: Path) -> bool:
    """Whether a read-only ``mode=ro`` open would have to create -wal/-shm files.

    SQLite reads a WAL-mode file through its -wal and -shm companions and creates them if they
    are missing, even for a read-only connection, and a reader cannot remove them again. Where
    no -wal exists no other process has the file open, and the main file alone is the whole
    project: it is then read with ``immutable=1``, which never creates, locks or writes anything.
    The same holds where the folder or the file cannot be written.
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return True
    wal_mode = len(header) >= 20 and header[18] == 2
    if not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK):
        return True
    return wal_mode and not Path(f"{path}-wal").exists()


def header_application_id(path: Path) -> int | None:
    """The application_id from the SQLite header, or None when this is not an SQLite file.

    Read from the raw bytes so that a file which is not ours is never opened by SQLite at all:
    opening can switch journal modes or leave -wal/-shm files behind an unrelated database.
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise NotAProjectError(f"{path} cannot be read ({os_error_message(exc)})") from exc
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        return None
    return int.from_bytes(header[68:72], "big")


def live_application_id(path: Path) -> int:
    """The application_id of a file another process has open in WAL mode.

    A project just created keeps its header in the -wal until the first checkpoint, so the raw
    bytes still say 0; SQLite reads the header through the WAL (the -wal already exists, so a
    read-only connection creates nothing new).
    """
    try:
        conn = sqlite3.connect(ro_uri(path, immutable=False), uri=True)
        try:
            return int(conn.execute("PRAGMA application_id").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def finish_interrupted_save(path: Path) -> None:
    """Roll back a save that was cut off (a hot ``-journal``), which a read-only reader cannot.

    Writes happen in WAL mode, where an interrupted write leaves a ``-wal`` that readers handle
    themselves; the one moment a rollback journal exists is the last writer's switch back to
    rollback mode on close. If lgcoder is killed right then, the file is the old committed state
    plus a half-written header, and SQLite must copy the journal back before anyone can read it.
    A plain connection that reads the schema does exactly that (or waits for a live writer that
    owns the journal); it restores the last committed state and changes no content.
    """
    journal = Path(f"{path}-journal")
    if not journal.exists() or not os.access(path.parent, os.W_OK):
        return
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout={int(busy_timeout() * 1000)}")
            conn.execute("PRAGMA trusted_schema=OFF")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # the read-only open that follows words whatever is wrong


def os_error_message(exc: OSError) -> str:
    """A short reason for a failed file operation, in words a user acts on."""
    import errno

    reasons = {
        errno.ENAMETOOLONG: "the name is longer than this system allows",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the disk is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EISDIR: "it is a folder, not a file",
        errno.ENOTDIR: "part of the path is a file, not a folder",
        errno.ENOENT: "no such file or folder",
        errno.EEXIST: "it already exists",
    }
    return reasons.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def sqlite_code(exc: BaseException) -> int | None:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def verify_schema(conn: sqlite3.Connection, path: Path, allow_foreign: bool = False) -> str:
    """The file's schema revision, after refusing anything that is not exactly our schema.

    ``allow_foreign`` is for ``check`` and ``repair``, which open such a file read-only (where
    no trigger can fire) to report on it or to copy its content out.
    """
    from lgcoder.core.schema import foreign_objects

    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in names:
            raise NotAProjectError(
                f"{path} is marked as an lgcoder project but has no project tables "
                "(empty or damaged)"
            )
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
        if not isinstance(revision, str):
            raise NotAProjectError(f"{path} is an lgcoder file without a schema version")
        if revision not in known_revisions():
            raise NewerSchemaError(
                f"{path} was written by a newer version of lgcoder (schema {revision}); "
                "update lgcoder to open it"
            )
        problems = foreign_objects(conn, revision)
    except sqlite3.DatabaseError as exc:
        translated = translate_sqlite_error(exc, path)
        if isinstance(translated, BusyError):
            raise translated from exc
        raise NotAProjectError(f"{path} is not a readable lgcoder project ({exc})") from exc
    if problems and not allow_foreign:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ForeignSchemaError(
            f"{path} contains {problems[0]}{more} that lgcoder did not create, so it was not "
            f"opened; if you trust it, lgcoder repair {path} CLEAN.lgc makes a clean copy",
            problems,
        )
    return revision


def ro_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(ro_uri(path, needs_immutable(path)), uri=True)
    try:
        harden(conn)
        conn.execute(f"PRAGMA busy_timeout={int(busy_timeout() * 1000)}")
        conn.execute("PRAGMA query_only=ON")
    except BaseException:
        conn.close()
        raise
    return conn


def translate_sqlite_error(exc: BaseException, path: Path) -> LgcoderError | None:
    """The user-facing error for an SQLite failure that is not a bug, else None.

    *exc* is an :class:`sqlite3.Error`, or anything carrying one as ``orig`` (SQLAlchemy wraps
    them so).
    """
    code = sqlite_code(exc)
    message = str(getattr(exc, "orig", exc))
    if code in (5, 6) or "database is locked" in message:
        return BusyError(
            f"{path} is busy: another lgcoder process is writing to it "
            f"(waited {busy_timeout():g} s); try again"
        )
    if code == 8 or "readonly database" in message:
        return ReadOnlyProjectError(f"{path} is read-only; copy it somewhere writable to change it")
    if code == 13:
        return LgcoderError(f"the disk holding {path} is full; nothing was changed")
    if code in (11, 26):
        return NotAProjectError(f"{path} is damaged or not a project ({message})")
    return None


def precheck(path: Path, *, allow_foreign: bool = False) -> str:
    """Header, then schema through a read-only connection: the revision, or a refusal."""
    conn, revision = open_checked(path, allow_foreign=allow_foreign)
    conn.close()
    return revision


def open_checked(path: Path, *, allow_foreign: bool = False) -> tuple[sqlite3.Connection, str]:
    """A hardened read-only connection to the project at *path*, and its schema revision.

    The header is read as raw bytes before SQLite sees the file, and the schema is compared
    with ours before the connection is handed out (see :mod:`lgcoder.core.db`).
    """
    try:
        if not path.exists():
            raise NotAProjectError(f"{path}: no such project file")
        if path.is_dir():
            raise NotAProjectError(f"{path} is a folder, not a project file")
    except OSError as exc:
        raise NotAProjectError(f"{path} cannot be opened ({os_error_message(exc)})") from exc
    app_id = header_application_id(path)
    if app_id == 0 and Path(f"{path}-wal").exists():
        app_id = live_application_id(path)
    if app_id is None:
        raise NotAProjectError(f"{path} is not an lgcoder project (not an SQLite file)")
    if app_id != APPLICATION_ID:
        raise NotAProjectError(f"{path} is an SQLite database but not an lgcoder project")
    finish_interrupted_save(path)
    try:
        conn = ro_connect(path)
    except sqlite3.Error as exc:
        raise NotAProjectError(f"{path} is not a readable lgcoder project ({exc})") from exc
    try:
        return conn, verify_schema(conn, path, allow_foreign)
    except BaseException:
        conn.close()
        raise

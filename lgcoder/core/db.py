"""Create, open, back up and close a project: a file (one self-contained SQLite file, DESIGN §2),
or a PostgreSQL database named by a ``postgresql://`` URL (:mod:`lgcoder.core.pg`, issue 13).

Everything below about files is SQLite's; a server project has the same models and migrations,
and the PostgreSQL counterparts are described in :mod:`lgcoder.core.pg`.

A project file may come from anyone, so opening one is careful:

* The header is read as raw bytes first; a file that is not ours is never handed to SQLite.
* The schema is compared with what our migrations create (:mod:`lgcoder.core.schema`) through a
  read-only connection, *before* anything is written: a planted trigger or view is refused.
* Every connection is hardened (:func:`harden`): ``trusted_schema=OFF``, ``cell_size_check=ON``,
  ``mmap_size=0``, ``foreign_keys=ON``, and defensive mode without triggers or views where the
  sqlite3 module can set them (Python 3.12+).
* Reading never writes. Read-only opens use ``mode=ro``, or ``immutable=1`` where SQLite would
  otherwise have to create ``-wal``/``-shm`` companions next to the file (a read-only folder or
  file, or a WAL file nobody has open). They never change the journal mode and never migrate:
  a file from an older lgcoder is migrated in a private in-memory copy for reading.
* Writers switch the file to WAL at their first write (readers are not blocked) and put it back
  in rollback-journal mode when the last one closes, so a project at rest is one file that
  reading leaves untouched, and a command refused before it writes leaves it byte for byte.
* A write transaction starts with ``BEGIN IMMEDIATE`` and waits up to 30 s for another process
  (``LGCODER_BUSY_TIMEOUT`` seconds overrides), then says the project is busy.
* A file from an older lgcoder is migrated only by a writer, after a complete, verified backup.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import StaticPool

from lgcoder.core import atomic_create, pg
from lgcoder.core.errors import (
    BusyError,
    LgcoderError,
    NewerSchemaError,
    NotAProjectError,
    ProjectExistsError,
    ReadOnlyProjectError,
)
from lgcoder.core.revisions import alembic_config
from lgcoder.core.sqlite_file import (
    APPLICATION_ID,
    BUSY_TIMEOUT_S,
    busy_timeout,
    driver_sqlite,
    harden,
    head_revision,
    known_revisions,
    needs_immutable,
    os_error_message,
    precheck,
    ro_connect,
    ro_uri,
    translate_sqlite_error,
)

__all__ = [
    "APPLICATION_ID",
    "BACKUPS_KEPT",
    "BUSY_TIMEOUT_S",
    "Project",
    "begin_write",
    "busy_timeout",
    "head_revision",
    "known_revisions",
    "os_error_message",
    "translate_error",
]

BACKUPS_KEPT = 5
#: How often :meth:`Project.run` tries an action that met a concurrent one on a server.
RETRIES = 6
_T = TypeVar("_T")
#: Set while a write transaction begins, so the ``begin`` hook takes the write lock at once.
_INTENT = threading.local()


if TYPE_CHECKING:
    from sqlalchemy.engine import URL


#: Kept under both names: tests and ``server.roles`` use the older private one.
_alembic_config = alembic_config


def _upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _set_pragmas(readonly: bool) -> Any:
    def on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Transactions are begun by the ``begin`` hook below (SQLAlchemy's pysqlite recipe), so
        # a write can take the lock with BEGIN IMMEDIATE instead of failing half way.
        dbapi_conn.isolation_level = None
        harden(dbapi_conn)
        dbapi_conn.execute(f"PRAGMA busy_timeout={int(busy_timeout() * 1000)}")
        if readonly:
            dbapi_conn.execute("PRAGMA query_only=ON")
        else:
            # Writes happen in WAL mode, where NORMAL is the desktop setting SQLite recommends:
            # a commit is not fsynced on its own (a click costs no disk flush), the WAL is
            # synced at every checkpoint and at close, and the file is never corrupted. A power
            # cut can lose the last few commits of a session, never the file (issue 16).
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")

    return on_connect


def _on_begin(conn: Any) -> None:
    """Begin a transaction; a write first puts the file in WAL mode (a no-op once it is), so
    that a command refused before it writes leaves the file's bytes exactly as they were."""
    if getattr(_INTENT, "write", False):
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def begin_write(conn: Any) -> Any:
    """Begin a write transaction (``BEGIN IMMEDIATE``) on a SQLAlchemy connection."""
    _INTENT.write = True
    try:
        return conn.begin()
    finally:
        _INTENT.write = False


def _make_engine(path: Path, readonly: bool) -> Engine:
    if readonly:
        uri = ro_uri(path, needs_immutable(path))
        engine = create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
        )
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas(readonly))
    event.listen(engine, "begin", _on_begin)
    return engine


def _memory_engine(conn: sqlite3.Connection) -> Engine:
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    event.listen(engine, "begin", _on_begin)
    return engine


def translate_error(exc: BaseException, path: Path) -> LgcoderError | None:
    """The user-facing error for an SQLite (or server) failure that is not a bug, else None."""
    if pg.is_psycopg_error(exc):
        return pg.translate_server_error(exc, str(path))
    if not isinstance(exc, (sqlite3.Error, DBAPIError)):
        return None
    return translate_sqlite_error(exc, path)


class Project:
    """An open project: its engine and session factory. Use :meth:`transaction` to change it.

    ``path`` is the file; for a server project (``url`` set) it is ``user@host:port/db``, which
    messages show where they would show a file's path.
    """

    def __init__(self, path: Path, engine: Engine, readonly: bool, url: URL | None = None) -> None:
        self.path = path
        self.engine = engine
        self.readonly = readonly
        self.url = url
        self.Session = sessionmaker(engine, expire_on_commit=False)
        #: Objects lgcoder did not create (only ever non-empty with ``allow_foreign``).
        self.foreign: list[str] = []
        #: A server login's password given by the app (from the OS keyring), kept in memory
        #: only, for the connections this project opens besides its engine (the live feed).
        self.password: str | None = None

    @property
    def is_server(self) -> bool:
        """Whether this project lives in a PostgreSQL database rather than a file."""
        return self.url is not None

    @property
    def location(self) -> str:
        """Where the project is, as the user named it: a file path or a server address."""
        return pg.display(self.url) if self.url is not None else str(self.path)

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | Path,
        title: str = "",
        coder: str | None = None,
        *,
        fill: Callable[[Project], None] | None = None,
    ) -> Project:
        """Make a new project file, all or nothing, and open it; refuses to overwrite anything.

        The project is built in memory, handed to ``fill`` (an import, the sample) and checked;
        only then does the file appear, in one step (:mod:`lgcoder.core.atomic_create`).
        """
        if pg.is_server_url(path):
            return cls._create_server(str(path), title, coder, fill)
        create_project_file(Path(path), title, coder, fill)
        return cls.open(path)

    @classmethod
    def _create_server(
        cls,
        address: str,
        title: str,
        coder: str | None,
        fill: Callable[[Project], None] | None,
    ) -> Project:
        """Install the schema in an empty database and start the project, all or nothing.

        PostgreSQL's DDL is transactional: the migrations and the project's first rows are one
        transaction. If *fill* then fails, every table is dropped again, leaving the database
        as empty as it was (the counterpart of a file that never appears).
        """
        from lgcoder.core.ops import coders as coder_ops
        from lgcoder.core.ops import project as project_ops

        url = pg.parse_url(address)
        where = pg.display(url)
        engine = pg.make_engine(url, readonly=False)
        project = cls(Path(pg.short_label(url)), engine, readonly=False, url=url)
        try:
            try:
                tables = pg.public_tables(engine)
                if "alembic_version" in tables:
                    raise ProjectExistsError(f"{where} already holds an lgcoder project")
                if tables:
                    more = f" and {len(tables) - 1} more" if len(tables) > 1 else ""
                    raise NotAProjectError(
                        f"{where} already holds other tables ({tables[0]}{more}); a server "
                        "project needs a database of its own"
                    )
                with engine.begin() as conn:
                    from alembic import command

                    cfg = _alembic_config()
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                    with Session(bind=conn) as session:
                        project_ops.init_project(session, title or str(url.database))
                        if coder:
                            found = coder_ops.ensure_coder(session, coder)
                            project_ops.set_default_coder(session, found.guid)
                        session.flush()
            except DBAPIError as exc:
                translated = pg.translate_server_error(exc, where)
                if translated is None:
                    raise
                raise translated from exc
            if fill is not None:
                try:
                    fill(project)
                except BaseException:
                    drop_server_schema(engine)
                    raise
        except BaseException:
            engine.dispose()
            raise
        return project

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        readonly: bool = False,
        backup: bool = False,
        allow_foreign: bool = False,
        password: str | None = None,
    ) -> Project:
        """Open an existing project, refusing anything that is not one of ours.

        ``readonly`` opens it for reading only: nothing about the file changes (see the module
        docstring). Otherwise ``backup`` makes a rotating copy first (the GUI does this on every
        open), and a file from an older lgcoder is backed up, the backup verified, and migrated.
        ``password`` is for a server login whose password the app keeps in the OS keyring
        (otherwise libpq finds it in ``~/.pgpass`` as psql does); it is never written anywhere.
        """
        if pg.is_server_url(path):
            return cls._open_server(str(path), readonly=readonly, password=password)
        path = Path(path)
        allow_foreign = allow_foreign and readonly
        revision = cls._precheck(path, allow_foreign=allow_foreign)
        if not readonly:
            cls._check_writable(path)
        try:
            if readonly:
                project = cls._open_readonly(path, revision, allow_foreign)
                if allow_foreign:
                    from lgcoder.core.schema import foreign_objects

                    conn = ro_connect(path)
                    try:
                        project.foreign = foreign_objects(conn, revision)
                    finally:
                        conn.close()
                return project
            engine = _make_engine(path, readonly=False)
            project = cls(path, engine, readonly=False)
            try:
                if revision != head_revision():
                    project.backup()
                    _upgrade(engine)
                elif backup:
                    project.backup()
                if backup:
                    # The app (the one caller that asks for a backup on open) keeps the project
                    # open while its worker threads read: WAL from the start, so a long read
                    # never holds up the first change.
                    project.use_wal()
            except BaseException:
                engine.dispose()
                raise
            return project
        except (sqlite3.Error, DBAPIError) as exc:
            translated = translate_error(exc, path)
            if translated is None:
                raise
            raise translated from exc

    @classmethod
    def _open_server(cls, address: str, *, readonly: bool, password: str | None = None) -> Project:
        """Open a server project: the database must hold our schema at this lgcoder's head.

        A newer schema needs a newer lgcoder; an older one is migrated only by the database's
        owner with ``lgcoder server upgrade`` (others are using it; there is no file to back
        up first), so a client says so instead of migrating.
        """
        url = pg.parse_url(address)
        where = pg.display(url)
        engine = pg.make_engine(url, readonly=readonly, password=password)
        try:
            revision = pg.server_revision(engine, where)
            if revision is None:
                raise NotAProjectError(
                    f"{where} holds no lgcoder project; lgcoder server init {where} (or "
                    f"lgcoder publish FILE {where}) puts one there"
                )
            if revision not in known_revisions():
                raise NewerSchemaError(
                    f"{where} was written by a newer version of lgcoder (schema {revision}); "
                    "update lgcoder to open it"
                )
            if revision != head_revision():
                raise LgcoderError(
                    f"{where} uses an older project schema ({revision}); the database's owner "
                    f"upgrades it with: lgcoder server upgrade {where}"
                )
        except BaseException:
            engine.dispose()
            raise
        project = cls(Path(pg.short_label(url)), engine, readonly=readonly, url=url)
        project.password = password
        return project

    @classmethod
    def _precheck(cls, path: Path, *, allow_foreign: bool = False) -> str:
        """Header, then schema through a read-only connection: the revision, or a refusal."""
        return precheck(path, allow_foreign=allow_foreign)

    @staticmethod
    def _check_writable(path: Path) -> None:
        """A write needs the file and its folder (for the journal) to be writable."""
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise ReadOnlyProjectError(
                f"{path} is read-only; copy it somewhere writable to change it"
            )

    @classmethod
    def _open_readonly(cls, path: Path, revision: str, allow_foreign: bool = False) -> Project:
        if revision == head_revision():
            return cls(path, _make_engine(path, readonly=True), readonly=True)
        # An older schema is migrated in a private copy in memory: reading never migrates the
        # file itself (that happens on the first write, after a backup).
        source = ro_connect(path)
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            source.backup(memory)
        finally:
            source.close()
        memory.isolation_level = None
        memory.execute("PRAGMA foreign_keys=ON")
        if allow_foreign:  # nothing planted may run while the copy is migrated
            for kind, name in memory.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')"
            ).fetchall():
                memory.execute(f'DROP {kind.upper()} "{name.replace(chr(34), chr(34) * 2)}"')
        engine = _memory_engine(memory)
        _upgrade(engine)
        memory.execute("PRAGMA query_only=ON")
        return cls(path, engine, readonly=True)

    def close(self) -> None:
        """Checkpoint and release the file so no -wal/-shm companions are left behind.

        The last writer to close also puts the file back in rollback-journal mode, so that
        reading a project at rest (or a copy of it emailed to someone) never creates companions.
        That needs the only connection to the file: if another process still has it open, the
        switch is left to whoever closes last.
        """
        self.engine.dispose()
        if self.readonly or self.is_server:
            return
        try:
            conn = sqlite3.connect(self.path, isolation_level=None)
            try:
                conn.execute("PRAGMA busy_timeout=0")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode=DELETE")
            finally:
                conn.close()
        except sqlite3.Error:  # closing must never lose the caller's error
            pass

    def use_wal(self) -> None:
        """Switch the file to WAL now rather than at the first write.

        For long writes that plan while only reading (autocode, import, merge): in WAL mode
        their reading does not hold up another process's write, and theirs then waits only for
        the short store. Waits for other readers like any write. (PostgreSQL's readers never
        block writers: nothing to do for a server project.)
        """
        if self.readonly or self.is_server:
            return
        raw = self.engine.raw_connection()
        try:
            driver_sqlite(raw).execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as exc:
            translated = translate_error(exc, self.path)
            if translated is None:
                raise
            raise translated from exc
        finally:
            raw.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions ----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action = one transaction: commit on success, roll back on any error.

        The write lock is taken when the transaction begins (``BEGIN IMMEDIATE``), waiting for
        another process's write to finish, so a transaction never fails half way for a lock.
        """
        if self.readonly:
            raise ReadOnlyProjectError(
                f"{self.location} was opened for reading only; nothing can be changed"
            )
        session = self.Session()
        try:
            self.begin_write(session)
            yield session
            session.commit()
        except BaseException as exc:
            session.rollback()
            if self.is_server and isinstance(exc, StaleDataError):
                # Row-level security hides rows a role may not change: to the ORM the row is
                # "gone". Either way the change could not be made, and the server said why.
                raise ReadOnlyProjectError(
                    "the server refused the change: your role may change only your own codings "
                    "and memos (or another coder removed this meanwhile); nothing was changed"
                ) from exc
            translated = translate_error(exc, self.path)
            if translated is not None:
                raise translated from exc
            raise
        finally:
            session.close()

    def commit_and_continue(self, session: Session) -> None:
        """Commit *session* (one of :meth:`transaction`'s) and begin its next write at once.

        For long runs of small changes (``lgcoder batch``) that store their work now and then
        instead of paying a commit, and its sync to disk, for each change.
        """
        try:
            session.commit()
            self.begin_write(session)
        except (sqlite3.Error, DBAPIError) as exc:
            translated = translate_error(exc, self.path)
            if translated is None:
                raise
            raise translated from exc

    @staticmethod
    def begin_write(session: Session) -> None:
        """Begin *session*'s transaction as a write, ``BEGIN IMMEDIATE``: the write lock is
        taken now (waiting for another process's write), so it never fails half way."""
        _INTENT.write = True
        try:
            session.connection()
        finally:
            _INTENT.write = False

    def run(self, action: Callable[[Session], _T], *, attempts: int = RETRIES) -> _T:
        """Run *action* in one transaction (:meth:`transaction`) and return its result.

        On a server, PostgreSQL may refuse a transaction that met a concurrent one (a
        serialisation failure, a deadlock, the same unique row made at the same moment); the
        action is then run again, from the start, after a short random wait, up to *attempts*
        times. It must therefore do all its reading inside *session*. A file project takes its
        write lock up front and never needs this; there it runs once.
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.transaction() as session:
                    return action(session)
            except Exception as exc:
                if not self.is_server or pg.sqlstate(exc.__cause__ or exc) not in pg.RETRY:
                    raise
                if attempt == attempts:
                    raise BusyError(
                        f"{self.location} is busy: other coders kept changing the same rows "
                        f"({attempts} tries); try again"
                    ) from exc
                time.sleep(random.uniform(0.005, 0.03) * attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; nothing is committed."""
        session = self.Session()
        try:
            yield session
        except (sqlite3.Error, DBAPIError) as exc:
            translated = translate_error(exc, self.path)
            if translated is not None:
                raise translated from exc
            raise
        finally:
            session.rollback()
            session.close()

    # -- backups -----------------------------------------------------------------------------

    def backup_dir(self) -> Path:
        return self.path.with_name(self.path.name + "-backups")

    def backup(self, dest: Path | None = None) -> Path:
        """Copy the project with SQLite's online backup API; keep the newest few.

        The copy is complete and checked (``quick_check``) before this returns, in
        rollback-journal mode and read-only (0444), so that opening it to look at it, with
        lgcoder or anything else, cannot change it. Restoring is copying it back (see README).
        """
        if self.is_server:
            raise LgcoderError(pg.FILE_ONLY.format(what="lgcoder's own backup"))
        rotating = dest is None
        if dest is None:
            folder = self.backup_dir()
            folder.mkdir(exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            dest = folder / f"{self.path.stem}-{stamp}.lgc"
        raw = self.engine.raw_connection()
        try:
            target = sqlite3.connect(str(dest))
            try:
                driver_sqlite(raw).backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
                verdict = target.execute("PRAGMA quick_check").fetchone()
            finally:
                target.close()
        except BaseException:
            Path(dest).unlink(missing_ok=True)
            raise
        finally:
            raw.close()
        if not verdict or verdict[0] != "ok":
            Path(dest).unlink(missing_ok=True)
            raise LgcoderError(f"the backup of {self.path} could not be verified; nothing changed")
        with Path(dest).open("rb") as fh:
            os.fsync(fh.fileno())
        if rotating:
            Path(dest).chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            olds = sorted(self.backup_dir().glob(f"{self.path.stem}-*.lgc"))
            for old in olds[:-BACKUPS_KEPT]:
                old.chmod(stat.S_IRUSR | stat.S_IWUSR)  # Windows will not delete a 0444 file
                old.unlink(missing_ok=True)
        return dest


def drop_server_schema(engine: Engine) -> None:
    """Drop every table our migrations made in a server database (a failed create)."""
    from lgcoder.core.models import Base

    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


# -- all-or-nothing creation (the publishing itself is lgcoder.core.atomic_create) ---------------


def _scratch_engine() -> tuple[sqlite3.Connection, Engine]:
    """An in-memory project database that behaves exactly like a file one (same hooks)."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    event.listen(engine, "connect", _set_pragmas(False))
    event.listen(engine, "begin", _on_begin)
    return conn, engine


def create_project_file(
    path: Path,
    title: str,
    coder: str | None,
    fill: Callable[[Project], None] | None = None,
) -> None:
    """Build a project in memory, fill and check it, then publish it at *path* in one step.

    It lives here rather than in :mod:`~lgcoder.core.atomic_create` because it makes a
    :class:`Project`, and ``Project.create`` calls it: one module, no import cycle.
    """
    from lgcoder.core.ops import coders as coder_ops
    from lgcoder.core.ops import project as project_ops

    path = Path(path)
    atomic_create.check_target(path)
    conn, engine = _scratch_engine()
    try:
        with engine.begin() as c:
            c.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        _upgrade(engine)
        project = Project(path, engine, readonly=False)
        with project.transaction() as session:
            project_ops.init_project(session, title or path.stem)
            if coder:
                found = coder_ops.ensure_coder(session, coder)
                project_ops.set_default_coder(session, found.guid)
        if fill is not None:
            fill(project)
        image = atomic_create.checked_image(conn, path)
    finally:
        engine.dispose()
        conn.close()
    atomic_create.publish_image(path, image)


def copy_project_file(
    source: Project, path: Path, fill: Callable[[Project], None] | None = None
) -> None:
    """Copy an open project to *path* all or nothing, letting *fill* adjust the copy first."""
    path = Path(path)
    atomic_create.check_target(path)
    conn, engine = _scratch_engine()
    try:
        raw = source.engine.raw_connection()
        try:
            driver_sqlite(raw).backup(conn)
        finally:
            raw.close()
        if fill is not None:
            fill(Project(path, engine, readonly=False))
        image = atomic_create.checked_image(conn, path)
    finally:
        engine.dispose()
        conn.close()
    atomic_create.publish_image(path, image)

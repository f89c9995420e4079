"""Create, open, back up and close a project file (one self-contained SQLite file, DESIGN §2).

* Every connection gets ``foreign_keys=ON``, ``journal_mode=WAL``, ``synchronous=FULL`` and a busy
  timeout; files from someone else are opened read-only with ``trusted_schema=OFF``.
* The schema is owned by Alembic. A file from a newer lgcoder is refused; an older one is backed
  up, then migrated.
* Closing checkpoints the WAL so the project is again a single file that can be emailed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from lgcoder.core.errors import NewerSchemaError, NotAProjectError

#: SQLite's application_id header field marks our files: "LGCO".
APPLICATION_ID = 0x4C47434F
BACKUPS_KEPT = 5
_SQLITE_MAGIC = b"SQLite format 3\x00"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


if TYPE_CHECKING:
    from alembic.config import Config


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def known_revisions() -> list[str]:
    """Schema revisions this lgcoder knows, oldest first.

    Migration files are named ``NNNN_description.py`` with revision id ``NNNN`` (a test holds
    them to that), so opening a project does not have to import Alembic just to compare ids.
    """
    names = (p.name.split("_", 1)[0] for p in (_MIGRATIONS / "versions").glob("[0-9]*_*.py"))
    return sorted(names)


def head_revision() -> str:
    return known_revisions()[-1]


def _upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _set_pragmas(readonly: bool) -> Any:
    def on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        if readonly:
            cur.execute("PRAGMA trusted_schema=OFF")
            cur.execute("PRAGMA query_only=ON")
        else:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    return on_connect


def _make_engine(path: Path, readonly: bool) -> Engine:
    if readonly:
        # immutable=1: an untrusted file is never written, locked or journalled by us.
        uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
        engine = create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
        )
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas(readonly))
    return engine


def _header_application_id(path: Path) -> int | None:
    """The application_id from the SQLite header, or None when this is not an SQLite file.

    Read from the raw bytes so that a file which is not ours is never opened by SQLite at all:
    opening can switch journal modes or leave -wal/-shm files behind an unrelated database.
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise NotAProjectError(f"{path} cannot be read ({exc.strerror})") from exc
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        return None
    return int.from_bytes(header[68:72], "big")


class Project:
    """An open project file: its engine and session factory. Use :meth:`transaction` to change it."""

    def __init__(self, path: Path, engine: Engine, readonly: bool) -> None:
        self.path = path
        self.engine = engine
        self.readonly = readonly
        self.Session = sessionmaker(engine, expire_on_commit=False)

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
        from lgcoder.core.atomic_create import create_project_file

        create_project_file(Path(path), title, coder, fill)
        return cls.open(path)

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False, backup: bool = False) -> Project:
        """Open an existing project, refusing anything that is not one of ours.

        ``backup`` makes a rotating copy first (the GUI does this on every open). A file from an
        older lgcoder is always backed up before it is migrated.
        """
        path = Path(path)
        if not path.exists():
            raise NotAProjectError(f"{path}: no such project file")
        if path.is_dir():
            raise NotAProjectError(f"{path} is a folder, not a project file")
        app_id = _header_application_id(path)
        if app_id is None:
            raise NotAProjectError(f"{path} is not an lgcoder project (not an SQLite file)")
        if app_id != APPLICATION_ID:
            raise NotAProjectError(f"{path} is an SQLite database but not an lgcoder project")
        engine = _make_engine(path, readonly)
        try:
            revision = cls._check(engine, path)
        except Exception:
            engine.dispose()
            raise
        project = cls(path, engine, readonly)
        if revision != head_revision() and not readonly:
            project.backup()
            _upgrade(engine)
        elif backup and not readonly:
            project.backup()
        return project

    @staticmethod
    def _check(engine: Engine, path: Path) -> str:
        try:
            with engine.connect() as conn:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except sqlite3.DatabaseError as exc:
            raise NotAProjectError(f"{path} is not a readable lgcoder project ({exc})") from exc
        except Exception as exc:
            if isinstance(exc, NotAProjectError):
                raise
            orig = getattr(exc, "orig", None)
            if isinstance(orig, sqlite3.DatabaseError):
                raise NotAProjectError(
                    f"{path} is not a readable lgcoder project ({orig})"
                ) from exc
            raise
        if not isinstance(revision, str):
            raise NotAProjectError(f"{path} is an lgcoder file without a schema version")
        if revision not in known_revisions():
            raise NewerSchemaError(
                f"{path} was written by a newer version of lgcoder (schema {revision}); "
                "update lgcoder to open it"
            )
        return revision

    def close(self) -> None:
        """Checkpoint and release the file so no -wal/-shm companions are left behind."""
        if not self.readonly:
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except Exception:  # closing must never lose the caller's error
                pass
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions ----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action = one transaction: commit on success, roll back on any error."""
        session = self.Session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; nothing is committed."""
        session = self.Session()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    # -- backups -----------------------------------------------------------------------------

    def backup_dir(self) -> Path:
        return self.path.with_name(self.path.name + "-backups")

    def backup(self, dest: Path | None = None) -> Path:
        """Copy the project with SQLite's online backup API; keep the newest few."""
        if dest is None:
            folder = self.backup_dir()
            folder.mkdir(exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            dest = folder / f"{self.path.stem}-{stamp}.lgc"
        raw = self.engine.raw_connection()
        try:
            target = sqlite3.connect(str(dest))
            try:
                raw.driver_connection.backup(target)  # type: ignore[union-attr]
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            raw.close()
        if dest.parent == self.backup_dir():
            olds = sorted(self.backup_dir().glob(f"{self.path.stem}-*.lgc"))
            for old in olds[:-BACKUPS_KEPT]:
                old.unlink(missing_ok=True)
        return dest

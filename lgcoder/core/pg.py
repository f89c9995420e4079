"""The second home of a project: one PostgreSQL database per project (issue 13).

The models and migrations are the same as for a project file; only what SQLite does for us
has a counterpart here:

* **Addresses.** A server project is named by ``postgresql://user@host:port/dbname``. A password
  in the URL is refused: lgcoder never stores one and URLs end up in shell histories and recent
  -file lists. libpq finds it where ``psql`` does (``~/.pgpass``, ``PGPASSFILE``,
  ``PGPASSWORD``), or the login needs none (peer, certificates, Kerberos).
* **Reading only.** A read-only open sets ``default_transaction_read_only`` on every
  connection, so the server itself refuses a write (SQLite's ``mode=ro``/``immutable``).
* **Migrations** run only through ``lgcoder server upgrade`` (the database's owner); a client
  finding an older schema says so instead of migrating a database others are using.
* **Refusals from the server** (a role's missing right, a row-level-security policy, a lost
  connection, a serialisation failure) become one readable line (:func:`translate_server_error`).
* **File-only features** (the rotating backup, WAL, ``PRAGMA`` checks) say "file projects only"
  or are done by PostgreSQL itself (:data:`FILE_ONLY`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from lgcoder.core.errors import (
    BusyError,
    LgcoderError,
    NotAProjectError,
    ReadOnlyProjectError,
)
from lgcoder.core.server_url import SCHEMES as SCHEMES  # re-exported
from lgcoder.core.server_url import is_server_url as is_server_url  # re-exported

#: lgcoder's own triggers on a server: the notifications of live updates that
#: :func:`lgcoder.core.live.trigger_sql` installs (here, so that checking a database's objects
#: does not import the live-update module, which imports this one).
OUR_TRIGGERS = frozenset({"lgcoder_ins", "lgcoder_upd", "lgcoder_del", "lgcoder_any"})

#: How lgcoder names itself to the server (``pg_stat_activity``), so an admin sees who is on.
APPLICATION_NAME = "lgcoder"
#: Seconds a connection attempt waits for the server before saying it cannot be reached.
CONNECT_TIMEOUT_S = 10

#: SQLSTATEs after which a transaction is simply run again: serialisation failure, deadlock,
#: and a unique row (one live coding per passage, code and coder) made at the same moment.
RETRY = frozenset({"40001", "40P01", "23505"})

FILE_ONLY = (
    "{what} works on project files only; a server project is backed up with pg_dump "
    "(see packaging/server/README.md)"
)


class ServerError(LgcoderError):
    """The server refused or could not be reached; the message says what to do."""


def parse_url(value: str) -> URL:
    """The SQLAlchemy URL (psycopg 3 driver) for a ``postgresql://`` address, checked."""
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise ServerError(f"{value} is not a valid server address ({exc})") from exc
    if url.password is not None:
        raise ServerError(
            "the server address contains a password; lgcoder never stores one: put it in "
            "~/.pgpass (as psql does) or PGPASSWORD, and give the address without it"
        )
    if not url.database:
        raise ServerError(
            f"{display(url)} names no database; a server project is one database: "
            "postgresql://user@host:port/DATABASE"
        )
    return url.set(drivername="postgresql+psycopg")


def display(url: URL | str) -> str:
    """The address as a user writes it (``postgresql://user@host:port/db``), never a password."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except ArgumentError:
            return str(url)
    text = url.set(drivername="postgresql", password=None).render_as_string(hide_password=True)
    return str(text)


def short_label(url: URL) -> str:
    """``user@host:port/db``: used where a file project shows its path (no ``//`` to mangle)."""
    who = f"{url.username}@" if url.username else ""
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    return f"{who}{host}{port}/{url.database}"


def make_engine(url: URL, *, readonly: bool, password: str | None = None) -> Engine:
    """An engine on the server; a read-only one cannot write even by mistake. *password*
    (from the OS keyring) goes to libpq with each connection, never into the URL."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:  # pragma: no cover - psycopg is a dependency
        raise ServerError(
            "server projects need the psycopg package (pip install 'psycopg[binary]')"
        ) from exc
    engine = create_engine(
        url,
        pool_pre_ping=True,
        connect_args={
            "application_name": APPLICATION_NAME,
            "connect_timeout": CONNECT_TIMEOUT_S,
            **({"password": password} if password else {}),
        },
    )
    if readonly:

        def on_connect(dbapi_conn: Any, _record: object) -> None:
            with dbapi_conn.cursor() as cur:
                cur.execute("SET default_transaction_read_only = on")
            dbapi_conn.commit()

        event.listen(engine, "connect", on_connect)
    return engine


def driver_sql(sql: str, conn: Any) -> str:
    """*sql* written with ``?`` placeholders (sqlite3's), in the style of the driver of *conn*,
    a connection or a session (``%s`` for psycopg), for ``exec_driver_sql`` on either home of a
    project."""
    if isinstance(conn, Session):
        conn = conn.connection()
    return sql if conn.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def sqlstate(exc: BaseException) -> str | None:
    """PostgreSQL's five-character error code (SQLSTATE) behind *exc*, if it has one."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlstate", None)
    return code if isinstance(code, str) else None


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = primary or str(orig) or type(orig).__name__
    return str(text).strip().splitlines()[0][:300]


def is_psycopg_error(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", exc)
    return type(orig).__module__.startswith("psycopg")


def translate_server_error(exc: BaseException, where: str) -> LgcoderError | None:
    """The one line a user sees for a server failure that is not a bug in lgcoder, else None."""
    if not isinstance(exc, DBAPIError) and not is_psycopg_error(exc):
        return None
    if not is_psycopg_error(exc):
        return None
    code = sqlstate(exc) or ""
    reason = _first_line(exc)
    orig = getattr(exc, "orig", exc)
    if not code and type(orig).__name__ not in ("OperationalError", "ConnectionTimeout"):
        return None  # not the server's answer: a bug of ours, reported as such
    if not code:  # a failed connection carries no SQLSTATE: libpq's words tell what failed
        text = str(orig)
        if "does not exist" in text and "database" in text:
            code = "3D000"
        elif any(w in text for w in _LOGIN_REFUSED):
            code = "28000"
        reason = _libpq_reason(text)
    if code == "25006":
        return ReadOnlyProjectError(f"{where} was opened for reading only; nothing was changed")
    if code == "42501":
        return ReadOnlyProjectError(
            f"the server refused the change: your role may not make it ({reason}); "
            "nothing was changed"
        )
    if code in ("40001", "40P01", "55P03"):
        return BusyError(f"{where} is busy: another coder changed the same rows; try again")
    if code == "3D000":
        return NotAProjectError(f"{where}: no such database on the server")
    if code.startswith("28"):
        return ServerError(
            f"the server refused the login for {where} ({reason}); check the user name and "
            "its password in ~/.pgpass or PGPASSWORD"
        )
    if code == "53100":
        return LgcoderError(f"the server's disk is full; nothing was changed in {where}")
    if code.startswith("08") or not code:
        return ServerError(f"cannot reach the server for {where}: {reason}")
    if code == "42P01":
        return NotAProjectError(
            f"{where} holds no lgcoder project (lgcoder server init or lgcoder publish puts "
            "one there)"
        )
    return None


#: libpq's words for a login the server turned down (wrong or missing password, no such role,
#: no pg_hba.conf line).
_LOGIN_REFUSED = (
    "password authentication failed",
    "no password supplied",
    "pg_hba.conf",
    "role",
    "authentication",
)


def _libpq_reason(text: str) -> str:
    """The last, most specific part of a libpq connection message ("FATAL: ... ")."""
    line = text.strip().splitlines()[0] if text.strip() else text
    tail = line.rsplit("failed: ", 1)[-1]
    return tail.replace("FATAL:", "").strip()[:300]


def server_revision(engine: Engine, where: str) -> str | None:
    """The schema revision in the database; None when it holds no lgcoder project."""
    try:
        with engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT to_regclass('public.alembic_version')").scalar()
            if found is None:
                return None
            value = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DBAPIError as exc:
        translated = translate_server_error(exc, where)
        if translated is None:
            raise
        raise translated from exc
    return value if isinstance(value, str) else None


def public_tables(engine: Engine) -> list[str]:
    """Every table in the database's ``public`` schema (one project per database)."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).all()
    return [str(r[0]) for r in rows]


def foreign_objects(conn: Any) -> list[str]:
    """What differs from lgcoder's schema in a server database, as phrases (empty: sound).

    The counterpart of the file check in :mod:`lgcoder.core.schema`: tables and their columns
    are compared with our models, and a trigger, view or rule on the project's tables is
    refused, since it would run with whoever writes. The row-level-security policies, the
    helper function and the notification triggers ``lgcoder server init`` installs are ours.
    """
    from lgcoder.core.models import Base

    want = {t.name: {c.name for c in t.columns} for t in Base.metadata.tables.values()}
    want["alembic_version"] = {"version_num"}
    have: dict[str, set[str]] = {}
    #: who is who on the server (``lgcoder server init``): ours when present
    optional = {"lgcoder_member": {"login", "coder_guid", "role"}}
    for table, column in conn.exec_driver_sql(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public'"
    ).all():
        have.setdefault(str(table), set()).add(str(column))
    problems: list[str] = []
    for name in sorted(have):
        if name in optional and have[name] == optional[name]:
            continue
        if name not in want:
            problems.append(f"a table '{name}'")
        elif have[name] != want[name]:
            problems.append(f"a changed table '{name}'")
    problems += [f"a missing table '{name}'" for name in sorted(want) if name not in have]
    for name, table in conn.exec_driver_sql(
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1"
    ).all():
        if name not in OUR_TRIGGERS or table not in want:
            problems.append(f"a trigger '{name}' on table {table}")
    for (name,) in conn.exec_driver_sql(
        "SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY 1"
    ).all():
        problems.append(f"a view '{name}'")
    for name, table in conn.exec_driver_sql(
        "SELECT rulename, tablename FROM pg_rules WHERE schemaname = 'public' ORDER BY 1"
    ).all():
        problems.append(f"a rule '{name}' on table {table}")
    return problems

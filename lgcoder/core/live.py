"""Seeing other coders' work as it is committed, on a server project (issue 13).

``lgcoder server init`` installs statement-level triggers that send a PostgreSQL notification on
the channel :data:`CHANNEL` when a transaction that changed project rows commits. The payload
is ``"<table> <guid>,<guid>..."`` for up to :data:`MAX_GUIDS` changed rows, or ``"<table> *"``
for more (a merge, a deletion): then the reader refreshes that table. Notifications are sent
only on commit, so a reader never sees work that is later rolled back.

:class:`ChangeFeed` listens on a connection of its own. The workbench waits on
:meth:`ChangeFeed.poll` on a listener thread (``gui/sync/live_feed.py``, started by
``gui/tasks.py``), which also notices a lost connection and reconnects; :meth:`ChangeFeed.fileno`
is there for an event loop that would rather watch the socket. Either way nothing polls the
project: the reader fetches just the changed rows by guid (:func:`coding_keys`,
:func:`lgcoder.core.queries_view.codings_by_guid` and friends) instead of reloading everything,
and drops the notifications of its own connections (:func:`own_backend_pids`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.core import pg
from lgcoder.core.errors import LgcoderError
from lgcoder.core.models import Code, Coder, Coding, Document, Memo

if TYPE_CHECKING:
    from lgcoder.core.db import Project

CHANNEL = "lgcoder_changes"
#: Above this many rows in one statement the payload says "*" (refresh the table).
MAX_GUIDS = 50
#: Tables whose rows carry a guid: their changes name the rows.
GUID_TABLES = ("coding", "code", "memo", "document", "coder", "case", "attribute")
#: Link tables: a change says only which table.
LINK_TABLES = ("case_document", "case_attribute", "document_attribute", "project_info")


@dataclass(frozen=True)
class Change:
    """What another transaction changed: *guids* of *table*, or ``None`` for "many, refresh"."""

    table: str
    guids: frozenset[str] | None


def parse(payload: str) -> Change:
    table, _, rest = payload.partition(" ")
    if rest in ("", "*"):
        return Change(table, None)
    return Change(table, frozenset(g for g in rest.split(",") if g))


def merge_changes(changes: list[Change]) -> list[Change]:
    """One change per table: the union of guids, or ``None`` if any said "refresh"."""
    out: dict[str, frozenset[str] | None] = {}
    for c in changes:
        if c.table in out:
            have = out[c.table]
            out[c.table] = None if have is None or c.guids is None else have | c.guids
        else:
            out[c.table] = c.guids
    return [Change(t, g) for t, g in sorted(out.items())]


class ChangeFeed:
    """Notifications of commits to a server project, on a connection of its own."""

    def __init__(self, project: Project, *, keepalive_s: int = 5) -> None:
        if project.url is None:
            raise LgcoderError(
                "live updates work on server projects only; a project file has one writer at "
                "a time and is reloaded when it changes"
            )
        import psycopg

        url = project.url
        self._where = project.location
        params: dict[str, Any] = {
            "host": url.host,
            "port": url.port,
            "user": url.username,
            "dbname": url.database,
            "application_name": f"{pg.APPLICATION_NAME} live",
            "connect_timeout": pg.CONNECT_TIMEOUT_S,
            # a cable pulled or a server gone without a word is noticed within seconds
            "keepalives": 1,
            "keepalives_idle": keepalive_s,
            "keepalives_interval": max(1, keepalive_s // 2),
            "keepalives_count": 2,
            **({"password": project.password} if project.password else {}),
            **{k: v for k, v in url.query.items() if isinstance(v, str)},
        }
        try:
            self._conn = psycopg.connect(
                autocommit=True, **{k: v for k, v in params.items() if v is not None}
            )
            self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            translated = pg.translate_server_error(exc, project.location)
            if translated is None:
                raise
            raise translated from exc

    def fileno(self) -> int:
        """The socket to watch: readable when a notification (or anything else) arrived."""
        return int(self._conn.pgconn.socket)

    def poll(self, timeout: float = 0.0, ignore_pids: Collection[int] = ()) -> list[Change]:
        """The changes that arrived, waiting up to *timeout* seconds for the first one.

        Notifications sent by the server processes in *ignore_pids* (this window's own
        connections, see :func:`own_backend_pids`) are dropped: the window already knows what
        it did. A lost connection raises :class:`~lgcoder.core.pg.ServerError`.
        """
        import psycopg

        try:
            notes = list(self._conn.notifies(timeout=timeout, stop_after=1))
            if notes:  # and whatever else is already here
                notes += list(self._conn.notifies(timeout=0.001))
            elif self._conn.closed or self._conn.broken:
                raise psycopg.OperationalError("connection closed")
        except psycopg.Error as exc:
            raise pg.ServerError(
                f"the connection to {self._where} was lost; nothing was changed since"
            ) from exc
        return merge_changes([parse(n.payload) for n in notes if n.pid not in ignore_pids])

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ChangeFeed:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def own_backend_pids(project: Project) -> set[int]:
    """The server processes of *project*'s own connections, kept current as the pool makes
    and hands out connections: a window ignores the notifications of its own commits.

    The set is read by the listening thread while the pool adds to it (a set's ``add`` and
    ``in`` are safe to mix across threads in CPython).
    """
    pids: set[int] = set()

    def remember(dbapi_conn: Any, _record: object, _proxy: object = None) -> None:
        pid = getattr(getattr(dbapi_conn, "info", None), "backend_pid", None)
        if isinstance(pid, int):
            pids.add(pid)

    sa_event.listen(project.engine, "connect", remember)
    sa_event.listen(project.engine, "checkout", remember)
    return pids


@dataclass(frozen=True)
class CodingKey:
    """Where a coding counts: its code, document and coder, and whether it is live."""

    guid: str
    code_guid: str
    document_guid: str
    coder_guid: str
    live: bool


def coding_keys(session: Session, guids: Iterable[str]) -> list[CodingKey]:
    """The codings named by a notification, removed ones too (their counts must drop)."""
    wanted = list(guids)
    out: list[CodingKey] = []
    for i in range(0, len(wanted), 500):
        q = (
            select(Coding.guid, Code.guid, Document.guid, Coder.guid, Coding.deleted, Code.deleted)
            .join(Code, Code.id == Coding.code_id)
            .join(Document, Document.id == Coding.document_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coding.guid.in_(wanted[i : i + 500]))
        )
        out += [
            CodingKey(g, code, doc, coder, not (gone or code_gone))
            for g, code, doc, coder, gone, code_gone in session.execute(q)
        ]
    return out


def removed_guids(session: Session, table: str, guids: Iterable[str]) -> set[str]:
    """Those of *guids* of *table* (code or memo) that are removed now (or no longer there)."""
    column, deleted = {
        "code": (Code.guid, Code.deleted),
        "memo": (Memo.guid, Memo.deleted),
    }[table]
    wanted = set(guids)
    live: set[str] = set()
    chunk = sorted(wanted)
    for i in range(0, len(chunk), 500):
        q = select(column).where(column.in_(chunk[i : i + 500]), deleted.is_(False))
        live |= set(session.scalars(q))
    return wanted - live


def trigger_sql() -> list[str]:
    """The statements that make every committed change send a notification (idempotent)."""
    statements = [
        "CREATE OR REPLACE FUNCTION lgcoder_notify_rows() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE n bigint; guids text; BEGIN "
        "SELECT count(*) INTO n FROM lgcoder_new; "
        "IF n = 0 THEN RETURN NULL; END IF; "
        f"IF n > {MAX_GUIDS} THEN guids := '*'; "
        "ELSE SELECT string_agg(guid, ',') INTO guids FROM lgcoder_new; END IF; "
        f"PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME || ' ' || guids); "
        "RETURN NULL; END $$",
        "CREATE OR REPLACE FUNCTION lgcoder_notify_table() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME || ' *'); RETURN NULL; END $$",
    ]
    for table in GUID_TABLES:
        quoted = f'"{table}"'
        for name, event in (("lgcoder_ins", "INSERT"), ("lgcoder_upd", "UPDATE")):
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {quoted}",
                f"CREATE TRIGGER {name} AFTER {event} ON {quoted} REFERENCING NEW TABLE AS "
                "lgcoder_new FOR EACH STATEMENT EXECUTE FUNCTION lgcoder_notify_rows()",
            ]
        statements += [
            f"DROP TRIGGER IF EXISTS lgcoder_del ON {quoted}",
            f"CREATE TRIGGER lgcoder_del AFTER DELETE ON {quoted} FOR EACH STATEMENT "
            "EXECUTE FUNCTION lgcoder_notify_table()",
        ]
    for table in LINK_TABLES:
        statements += [
            f"DROP TRIGGER IF EXISTS lgcoder_any ON {table}",
            f"CREATE TRIGGER lgcoder_any AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION lgcoder_notify_table()",
        ]
    return statements


#: The triggers :func:`trigger_sql` makes (kept in :mod:`~lgcoder.core.pg`, which checks them).
OUR_TRIGGERS = pg.OUR_TRIGGERS

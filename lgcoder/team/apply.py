"""Write a merge :class:`~lgcoder.team.plan.Plan` into the target, inside the caller's transaction.

Small tables (coders, codes, documents, attributes, cases) are updated in place so that their
local ids, and any reference to them, stay valid; rows joined into another are deleted. The big
keyed tables (codings, memos, aliases, and the link tables) are rewritten in bulk with
``executemany``: comparing 300,000 rows one by one would cost more than writing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from lgcoder.core.ops.documents import SEGMENT_COLUMNS
from lgcoder.team import entities as ent
from lgcoder.team.facts import Facts, driver_sql, read_document_payload, read_segments
from lgcoder.team.identity import Final
from lgcoder.team.plan import Plan
from lgcoder.team.rows import (
    C_CREATED,
    C_DELETED,
    C_GUID,
    C_MEMO,
    C_UPDATED,
)

SourceSession = Callable[[int], Session]

# The columns each table is written with, besides ``guid`` (and ``id``, kept or assigned by
# SQLite). tests/unit/test_merge_schema_drift.py checks them against the models, so a column
# added to a model cannot be silently dropped by a merge.
CODER_WRITE = ("name", "color", "created", "updated", "name_updated", "color_updated")
CODE_WRITE = (
    "name",
    "color",
    "description",
    "sort_order",
    "created",
    "updated",
    "deleted",
    # the order of ent.CODE_LAYOUT, which is the order of f.times
    "deleted_updated",
    "name_updated",
    "color_updated",
    "description_updated",
    "parent_updated",
)
ATTR_WRITE = ("name", "scope", "value_type", "deleted", "created", "updated", "deleted_updated")
CASE_WRITE = (
    "name",
    "description",
    "deleted",
    "created",
    "updated",
    "name_updated",
    "description_updated",
    "deleted_updated",
)
DOC_PAYLOAD = ("text_sha256", "text_length", "kind", "source_filename", "source_mime")
DOC_WRITE = (
    "name",
    "sort_order",
    *DOC_PAYLOAD,
    "imported_at",
    "created",
    "updated",
    "name_updated",
)
#: Written after the document rows, and only for documents new to the target.
DOC_LATER = ("text", "source_blob")
#: Full column lists of the tables rewritten in bulk (their ids are assigned afresh).
CODING_WRITE = (
    "guid",
    "document_id",
    "code_id",
    "coder_id",
    "start",
    "end",
    "memo",
    "created",
    "updated",
    "deleted",
)
MEMO_WRITE = (
    "guid",
    "target_type",
    "target_guid",
    "kind",
    "title",
    "text",
    "start",
    "end",
    "author_id",
    "created",
    "updated",
    "deleted",
)
ALIAS_WRITE = ("alias", "entity", "guid")
CASE_DOC_WRITE = ("case_id", "document_id", "updated", "deleted")
CASE_ATTR_WRITE = ("case_id", "attribute_id", "value", "updated")
DOC_ATTR_WRITE = ("document_id", "attribute_id", "value", "updated")
INFO_WRITE = ("key", "value")
#: Core's own list (the import path's bulk insert), so the two can never disagree.
SEGMENT_WRITE = SEGMENT_COLUMNS


def _insert(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'


def _sync_table(
    conn: Connection,
    table: str,
    finals: list[Final],
    target_rows: dict[int, str],
    final_of_row: Callable[[int, str], str],
    columns: tuple[str, ...],
    values: Callable[[Final], tuple[Any, ...]],
    unique_cols: tuple[str, ...],
) -> dict[str, int]:
    """Update kept rows, delete joined ones, insert new ones; return final guid -> local id."""
    keep: dict[str, int] = {}
    drop: list[int] = []
    for rid in sorted(target_rows):
        fguid = final_of_row(rid, target_rows[rid])
        have = keep.get(fguid)
        if have is None or target_rows[rid] == fguid:
            if have is not None:
                drop.append(have)
            keep[fguid] = rid
        else:
            drop.append(rid)
    ex = _executor(conn)
    if drop:
        ex(f'DELETE FROM "{table}" WHERE id = ?', [(r,) for r in drop])
    # Unique columns move through placeholders first, so swapping names cannot collide.
    temp = ", ".join(f"\"{c}\" = '~merge' || id || '{c}'" for c in ("guid", *unique_cols))
    ex(f'UPDATE "{table}" SET {temp}')
    sets = ", ".join(f'"{c}" = ?' for c in ("guid", *columns))
    by_guid = {f.guid: f for f in finals}
    if keep:
        ex(
            f'UPDATE "{table}" SET {sets} WHERE id = ?',
            [(g, *values(by_guid[g]), rid) for g, rid in keep.items()],
        )
    new = [f for f in finals if f.guid not in keep]
    if new:
        cols = ", ".join(f'"{c}"' for c in ("guid", *columns))
        marks = ", ".join("?" * (len(columns) + 1))
        ex(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', [(f.guid, *values(f)) for f in new])
    return {str(g): int(i) for i, g in ex(f'SELECT id, guid FROM "{table}"').all()}


#: From this many rows a server target gets them by ``COPY`` rather than row by row.
COPY_FROM = 500


def _many(
    conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Insert *rows* in bulk: ``executemany`` on a file, ``COPY`` on a server (many rows).

    PostgreSQL's ``COPY`` streams the rows in one command, several times faster than one
    ``INSERT`` each; the values are the same (times as text, which the server parses).
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        names = ", ".join(f'"{c}"' for c in columns)
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    conn.exec_driver_sql(driver_sql(_insert(table, columns), conn), rows)


def _executor(conn: Connection) -> Callable[..., Any]:
    """``conn.exec_driver_sql`` taking ``?`` placeholders on either backend (file or server)."""

    def ex(sql: str, params: Any = None) -> Any:
        sql = driver_sql(sql, conn)
        return conn.exec_driver_sql(sql) if params is None else conn.exec_driver_sql(sql, params)

    return ex


def apply_plan(session: Session, plan: Plan, target: Facts, source: SourceSession) -> None:
    conn = session.connection()
    ex = _executor(conn)
    for table in ("coding", "memo", "guid_alias", "case_document", "case_attribute"):
        ex(f'DELETE FROM "{table}"')
    ex("DELETE FROM document_attribute")
    ex("UPDATE code SET parent_id = NULL")

    coder_id = _sync_table(
        conn,
        "coder",
        plan.coders.finals,
        {r[0]: r[1] for r in target.coders},
        lambda _rid, g: plan.coders.final_of[g],
        CODER_WRITE,
        lambda f: (*f.values, f.created, f.updated, *f.times),
        ("name",),
    )
    code_id = _sync_table(
        conn,
        "code",
        plan.codes.finals,
        {r[0]: r[1] for r in target.codes},
        lambda _rid, g: plan.codes.final_of[g],
        CODE_WRITE,
        lambda f: (
            f.values[ent.CODE_NAME],
            f.values[ent.CODE_COLOR],
            f.values[ent.CODE_DESCRIPTION],
            f.values[ent.CODE_SORT],
            f.created,
            f.updated,
            bool(f.values[ent.CODE_DELETED]),
            *f.times,
        ),
        (),
    )
    parents = [(code_id[p], code_id[g]) for g, p in plan.code_parent.items() if p is not None]
    if parents:
        ex("UPDATE code SET parent_id = ? WHERE id = ?", parents)
    attr_id = _sync_table(
        conn,
        "attribute",
        plan.attributes.finals,
        {r[0]: r[1] for r in target.attributes},
        lambda _rid, g: plan.attributes.final_of[g],
        ATTR_WRITE,
        lambda f: (*f.values, f.created, f.updated, f.times[1]),
        ("name",),
    )
    case_id = _sync_table(
        conn,
        "case",
        plan.cases.finals,
        {r[0]: r[1] for r in target.cases},
        lambda _rid, g: plan.cases.final_of[g],
        CASE_WRITE,
        lambda f: (*f.values, f.created, f.updated, *f.times),
        ("name",),
    )
    doc_id = _apply_documents(conn, plan, target, source)

    _many(
        conn,
        "coding",
        CODING_WRITE,
        [
            (
                st[C_GUID],
                doc_id[key[0]],
                code_id[key[1]],
                coder_id[key[2]],
                key[3],
                key[4],
                st[C_MEMO],
                st[C_CREATED],
                st[C_UPDATED],
                bool(st[C_DELETED]),
            )
            for key, st in plan.codings.table.items()
        ],
    )
    _many(
        conn,
        "memo",
        MEMO_WRITE,
        [
            (*m[:8], coder_id[m[8]] if m[8] is not None else None, m[9], m[10], bool(m[11]))
            for m in plan.memos
        ],
    )
    _many(conn, "guid_alias", ALIAS_WRITE, list(plan.aliases))
    if plan.case_docs:
        ex(
            _insert("case_document", CASE_DOC_WRITE),
            sorted(
                (case_id[c], doc_id[d], u, bool(x)) for (c, d), (u, x) in plan.case_docs.items()
            ),
        )
    if plan.case_attrs:
        ex(
            _insert("case_attribute", CASE_ATTR_WRITE),
            [(case_id[c], attr_id[a], v, u) for (c, a), (u, v) in plan.case_attrs.items()],
        )
    if plan.doc_attrs:
        ex(
            _insert("document_attribute", DOC_ATTR_WRITE),
            [(doc_id[d], attr_id[a], v, u) for (d, a), (u, v) in plan.doc_attrs.items()],
        )
    for key, value in plan.info.items():
        if value:
            ex(
                _insert("project_info", INFO_WRITE)
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _apply_documents(
    conn: Connection, plan: Plan, target: Facts, source: SourceSession
) -> dict[str, int]:
    """Documents keep their rows (texts and source bytes are large); new ones are copied in."""
    ex = _executor(conn)
    mine = {r[0]: r for r in target.docs}

    def values(f: Final) -> tuple[Any, ...]:
        p = plan.docs.payload[f.guid]
        kind, length, fname, mime, imported, _segs, sha = p.extra
        return (f.values[0], f.values[1], sha, length, kind, fname, mime, imported, f.created)

    ids = _sync_table(
        conn,
        "document",
        plan.docs.finals,
        {rid: r[1] for rid, r in mine.items()},
        lambda rid, _g: plan.docs.local[(0, rid)],
        DOC_WRITE,
        lambda f: (*values(f), f.updated, f.times[0]),
        ("name",),
    )
    # The insert above left new documents without text: fill text, bytes and segments.
    segments: list[tuple[Any, ...]] = []
    for f in plan.docs.finals:
        p = plan.docs.payload[f.guid]
        rid = ids[f.guid]
        own = rid in mine and p.source == 0 and p.local_id == rid
        if own:
            continue
        fresh = rid not in mine
        same_segments = not fresh and target.seg_hash.get(rid) == p.extra[5]
        src = source(p.source)
        text, blob = read_document_payload(src, p.local_id)
        if fresh:
            ex("UPDATE document SET text = ?, source_blob = ? WHERE id = ?", (text, blob, rid))
        else:
            ex("UPDATE document SET source_blob = ? WHERE id = ?", (blob, rid))
        if not same_segments:
            ex("DELETE FROM segment WHERE document_id = ?", (rid,))
            segments += [(rid, *s) for s in read_segments(src, p.local_id)]
    _many(conn, "segment", SEGMENT_WRITE, segments)
    return ids

"""Read everything a merge needs from one project file as plain tuples, with raw SQL.

A merge treats every input (the target and each source) as a bag of *facts*: row versions with
their guids and timestamps. Reading them as tuples rather than ORM objects keeps a merge of
several 100,000-coding copies within seconds and a few hundred MB. Timestamps stay as the text
SQLite stores ("YYYY-MM-DD HH:MM:SS.ffffff"), which sorts correctly as text and is written back
unchanged, so a merge never shifts a time by rounding.

A server project (PostgreSQL) stores real timestamps and booleans: there, times are read back
as the same text (``to_char``), and flags everywhere as Python ``bool`` (which SQLite stores as
the 0/1 it always had), so a file and a server compare and merge alike.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from lgcoder.core.ops.documents import SEGMENT_COLUMNS
from lgcoder.core.pg import driver_sql as driver_sql  # re-exported: team.apply uses it

# Column orders of the tuples below; indexes are named where other modules read them.
# Per-field edit times come last, in the order of the entity's Layout (see entities.py).
CODER_COLS = "id, guid, name, color, created, updated, name_updated, color_updated"
CODE_COLS = (
    "id, guid, name, parent_id, color, description, sort_order, created, updated, deleted, "
    "deleted_updated, name_updated, color_updated, description_updated, parent_updated"
)
DOC_COLS = (
    "id, guid, name, kind, text_sha256, text_length, source_filename, source_mime, imported_at, "
    "created, updated, sort_order, name_updated"
)
CODING_COLS = 'guid, document_id, code_id, coder_id, start, "end", memo, created, updated, deleted'
MEMO_COLS = (
    'guid, target_type, target_guid, kind, title, text, start, "end", author_id, created, '
    "updated, deleted"
)
ATTR_COLS = "id, guid, name, scope, value_type, created, updated, deleted, deleted_updated"
CASE_COLS = (
    "id, guid, name, description, created, updated, deleted, "
    "name_updated, description_updated, deleted_updated"
)
#: Core's segment columns between document_id and ordinal, in its order (quoted: "end").
SEG_COLS = ", ".join(f'"{c}"' for c in SEGMENT_COLUMNS[1:-1])


@dataclass
class Facts:
    """One input's rows. ``index`` 0 is always the target."""

    index: int
    label: str
    info: dict[str, str]
    coders: list[tuple[Any, ...]]
    codes: list[tuple[Any, ...]]
    docs: list[tuple[Any, ...]]
    seg_hash: dict[int, str]
    codings: list[tuple[Any, ...]]
    memos: list[tuple[Any, ...]]
    aliases: list[tuple[str, str, str]]
    attributes: list[tuple[Any, ...]]
    cases: list[tuple[Any, ...]]
    #: (case id, document id, updated, deleted): a membership or its tombstone
    case_docs: list[tuple[int, int, str, bool]]
    #: (owner id, attribute id, value, updated): a value; "" is a cleared one
    case_attrs: list[tuple[int, int, str, str]]
    doc_attrs: list[tuple[int, int, str, str]]
    #: local id -> guid, filled by :func:`read_facts` for coders, codes, documents...
    guid_of: dict[str, dict[int, str]] = field(default_factory=dict)


#: Time columns in the column lists above: PostgreSQL reads them back as SQLite's text.
_TIME = re.compile(r"^(created|updated|imported_at|at|\w+_updated)$")
_PG_TIME = "to_char({c}, 'YYYY-MM-DD HH24:MI:SS.US')"
_SELECT = re.compile(r"^SELECT (?P<cols>.+?) FROM (?P<rest>.+)$", re.DOTALL)


def _portable(session: Session, sql: str) -> tuple[str, list[int]]:
    """*sql* for this backend, and the positions of its ``deleted`` flags."""
    m = _SELECT.match(sql)
    if m is None:
        return sql, []
    cols = [c.strip() for c in m.group("cols").split(",")]
    flags = [i for i, c in enumerate(cols) if c.strip('"') == "deleted"]
    if session.connection().dialect.name != "postgresql":
        return sql, flags
    out = [_PG_TIME.format(c=c) if _TIME.match(c.strip('"')) else c for c in cols]
    return f"SELECT {', '.join(out)} FROM {m.group('rest')}", flags


def _rows(session: Session, sql: str) -> list[tuple[Any, ...]]:
    query, flags = _portable(session, sql)
    rows = session.connection().exec_driver_sql(query).all()
    if not flags:
        return [tuple(r) for r in rows]
    out = []
    for r in rows:
        row = list(r)
        for i in flags:
            row[i] = bool(row[i])
        out.append(tuple(row))
    return out


def segments_hash(rows: list[tuple[Any, ...]]) -> str:
    """A fingerprint of a document's structure, so two copies' segmentations can be compared."""
    payload = json.dumps(sorted(rows, key=lambda r: (r[1], r[2], r[0], str(r[3]))), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def read_facts(session: Session, index: int, label: str) -> Facts:
    """Every row of the project that a merge reads (texts and source bytes are fetched later)."""
    info = {str(k): str(v) for k, v in _rows(session, "SELECT key, value FROM project_info")}
    segs: dict[int, list[tuple[Any, ...]]] = {}
    for row in _rows(session, f"SELECT document_id, {SEG_COLS} FROM segment"):
        segs.setdefault(row[0], []).append(row[1:])
    docs = _rows(session, f"SELECT {DOC_COLS} FROM document")
    facts = Facts(
        index=index,
        label=label,
        info=info,
        coders=_rows(session, f"SELECT {CODER_COLS} FROM coder"),
        codes=_rows(session, f"SELECT {CODE_COLS} FROM code"),
        docs=docs,
        seg_hash={d[0]: segments_hash(segs.get(d[0], [])) for d in docs},
        codings=_rows(session, f"SELECT {CODING_COLS} FROM coding"),
        memos=_rows(session, f"SELECT {MEMO_COLS} FROM memo"),
        aliases=[
            (str(a), str(e), str(g))
            for a, e, g in _rows(session, "SELECT alias, entity, guid FROM guid_alias")
        ],
        attributes=_rows(session, f"SELECT {ATTR_COLS} FROM attribute"),
        cases=_rows(session, f'SELECT {CASE_COLS} FROM "case"'),
        case_docs=[
            (int(c), int(d), str(u), bool(x))
            for c, d, u, x in _rows(
                session, "SELECT case_id, document_id, updated, deleted FROM case_document"
            )
        ],
        case_attrs=[
            (int(c), int(a), str(v), str(u))
            for c, a, v, u in _rows(
                session, "SELECT case_id, attribute_id, value, updated FROM case_attribute"
            )
        ],
        doc_attrs=[
            (int(d), int(a), str(v), str(u))
            for d, a, v, u in _rows(
                session,
                "SELECT document_id, attribute_id, value, updated FROM document_attribute",
            )
        ],
    )
    facts.guid_of = {
        "coder": {r[0]: r[1] for r in facts.coders},
        "code": {r[0]: r[1] for r in facts.codes},
        "document": {r[0]: r[1] for r in facts.docs},
        "attribute": {r[0]: r[1] for r in facts.attributes},
        "case": {r[0]: r[1] for r in facts.cases},
    }
    return facts


def read_document_payload(session: Session, doc_id: int) -> tuple[str, bytes | None]:
    """A document's text and original bytes, fetched only for documents new to the target."""
    row = session.connection().exec_driver_sql(
        driver_sql("SELECT text, source_blob FROM document WHERE id = ?", session), (doc_id,)
    )
    text, blob = row.one()
    return str(text or ""), bytes(blob) if blob is not None else None


def read_segments(session: Session, doc_id: int) -> list[tuple[Any, ...]]:
    return _rows(
        session, f"SELECT {SEG_COLS}, ordinal FROM segment WHERE document_id = {int(doc_id)}"
    )

"""Store imported documents (one transaction each) and manage them afterwards.

The text is stored once and never changes, so every coding's offsets stay valid. The original
file's bytes are kept inside the project, so a project file is complete on its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from itertools import chain, repeat
from operator import add, attrgetter, le
from pathlib import PurePath
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.orm import Session

from lgcoder.core.errors import DuplicateError, NotFoundError, ValidationError
from lgcoder.core.gc_pause import cycle_collection_paused
from lgcoder.core.imported import SEGMENT_KINDS, ImportedDocument, SegmentSpec
from lgcoder.core.models import (
    Attribute,
    Coding,
    Document,
    DocumentAttribute,
    Memo,
    Segment,
    new_guid,
    tombstone_name,
    utcnow,
)
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.lookup import document_by_guid as document_by_guid  # re-exported
from lgcoder.core.pg import driver_sql
from lgcoder.core.textnorm import is_normalised


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_document(session: Session, name: str) -> Document | None:
    return session.scalars(select(Document).where(Document.name == name)).first() or (
        session.scalars(select(Document).where(func.lower(Document.name) == name.lower())).first()
    )


def get_document(session: Session, name: str) -> Document:
    doc = find_document(session, name)
    if doc is None:
        raise NotFoundError(f"no document named '{name}' in the project")
    return doc


def _free_name(session: Session, name: str) -> str:
    """``notes.docx`` -> ``notes (2).docx`` when the name is taken by a different text."""
    conn = session.connection()
    if not _name_taken(conn, name):
        return name
    p = PurePath(name)
    stem, suffix = p.stem, p.suffix
    n = 2
    while _name_taken(conn, f"{stem} ({n}){suffix}"):
        n += 1
    return f"{stem} ({n}){suffix}"


def _name_taken(conn: Connection, name: str) -> bool:
    """Whether a document is called *name*, regardless of case (as :func:`find_document`)."""
    return (
        _first(conn, "SELECT id FROM document WHERE name = ? LIMIT 1", name) is not None
        or _first(conn, "SELECT id FROM document WHERE lower(name) = ? LIMIT 1", name.lower())
        is not None
    )


def _first(conn: Connection, sql: str, *params: object) -> Any:
    """The first row of a fixed query, written for the driver: the few reads of an import are
    run as plain SQL, without building and caching a statement object each time (that was
    most of the cost of storing a short file)."""
    return conn.exec_driver_sql(driver_sql(sql, conn), params).first()


_KINDS = frozenset(SEGMENT_KINDS)


def _validated_in_order(imported: ImportedDocument) -> list[SegmentSpec]:
    """*imported*'s segments in reading order (:func:`_reading_order`), after checking that the
    text is normalised and every segment and note lies inside it."""
    if not is_normalised(imported.text):
        raise ValidationError("internal: importer produced text that is not normalised")
    length = len(imported.text)
    segments = imported.segments
    ordered: list[SegmentSpec] = []
    if segments:
        # checked at C speed (a transcript has 20,000 segments); the loop only names a culprit
        kinds = list(map(attrgetter("kind"), segments))
        starts = list(map(attrgetter("start"), segments))
        ends = list(map(attrgetter("end"), segments))
        sound = (
            set(kinds) <= _KINDS
            and min(starts) >= 0
            and max(ends) <= length
            and all(map(le, starts, ends))
        )
        for seg in [] if sound else segments:
            if seg.kind not in SEGMENT_KINDS:
                raise ValidationError(f"internal: unknown segment kind {seg.kind!r}")
            if not (0 <= seg.start <= seg.end <= length):
                raise ValidationError(f"internal: segment {seg.start}:{seg.end} is out of range")
        ordered = _reading_order(segments, kinds, starts, ends)
    for note in imported.notes:
        if not (0 <= note.start <= note.end <= length):
            raise ValidationError(f"internal: note {note.start}:{note.end} is out of range")
    return ordered


def ensure_attribute(
    session: Session, name: str, scope: str = "document", value_type: str = "text"
) -> Attribute:
    attr = session.scalars(
        select(Attribute).where(Attribute.scope == scope, Attribute.name == name)
    ).first()
    if attr is not None and attr.deleted:  # a deleted attribute gives up its name
        attr.name = tombstone_name(attr.name, attr.guid)
        session.flush()
        attr = None
    if attr is None:
        attr = Attribute(name=name, scope=scope, value_type=value_type)
        session.add(attr)
        session.flush()
    return attr


def set_document_attribute(session: Session, document: Document, name: str, value: str) -> Changes:
    attr = ensure_attribute(session, name)
    row = session.get(DocumentAttribute, (document.id, attr.id))
    now = utcnow()
    if row is None:
        session.add(
            DocumentAttribute(
                document_id=document.id, attribute_id=attr.id, value=value, updated=now
            )
        )
    elif row.value != value:
        row.value, row.updated = value, now
    document.updated = now
    session.flush()
    return Changes(documents=True, document_guids={document.guid})


class DuplicateTextError(DuplicateError):
    """The same text is already in the project (under ``existing``); import it only if forced."""

    def __init__(self, message: str, existing: str) -> None:
        super().__init__(message)
        self.existing = existing


def add_document(
    session: Session,
    imported: ImportedDocument,
    name: str | None = None,
    *,
    allow_duplicate_text: bool = False,
) -> Changes:
    """Store *imported* as a new document; its guid is ``created[0]``.

    Text that is already in the project (same SHA-256, whatever the file was called) is refused
    with :class:`DuplicateTextError` unless *allow_duplicate_text*: a second copy would double
    every count. A different text with a taken name gets a numbered name, as a file manager does.

    The rows are written with Core statements on the session's connection, not ORM objects:
    an import is a handful of fixed statements plus one bulk insert of segments, and building
    and flushing ORM objects (and compiling their statements, afresh for each project a
    one-shot command opens) was most of the cost of storing a short file and a fifth of a long
    one. The cycle collector is paused meanwhile: a transcript makes 20,000 row tuples.
    """
    with cycle_collection_paused():
        return _add_document(session, imported, name, allow_duplicate_text)


def _add_document(
    session: Session, imported: ImportedDocument, name: str | None, allow_duplicate_text: bool
) -> Changes:
    ordered = _validated_in_order(imported)
    wanted = (name or imported.source_filename or "document").strip()
    if not wanted:
        raise ValidationError("a document needs a name")
    digest = sha256_text(imported.text)
    session.flush()  # anything pending goes first: the statements below bypass the ORM
    conn = session.connection()
    same = _first(conn, "SELECT name FROM document WHERE text_sha256 = ? LIMIT 1", digest)
    if same is not None and not allow_duplicate_text:
        raise DuplicateTextError(
            f"its text is already in the project as '{same.name}'", existing=same.name
        )
    order = _first(conn, "SELECT max(sort_order) FROM document")[0] or 0
    now = utcnow()
    guid = new_guid()
    document_id = conn.execute(
        insert(Document),
        {
            "guid": guid,
            "name": _free_name(session, wanted),
            "kind": imported.kind,
            "text": imported.text,
            "text_sha256": digest,
            "text_length": len(imported.text),
            "source_blob": imported.source_bytes,
            "source_filename": imported.source_filename,
            "source_mime": imported.mime,
            "imported_at": now,
            "created": now,
            "updated": now,
            "name_updated": now,
            "sort_order": order + 1,
        },
    ).inserted_primary_key[0]  # type: ignore[index]
    _insert_segments(conn, document_id, ordered)
    if imported.attributes:
        _insert_attributes(session, document_id, imported.attributes, now)
    for note in imported.notes:
        session.add(
            Memo(
                target_type="document",
                target_guid=guid,
                kind="comment",
                title=f"Comment by {note.author}" if note.author else "Comment",
                text=note.text,
                start=note.start,
                end=note.end,
            )
        )
    session.flush()
    return Changes(
        documents=True, created=[guid], document_guids={guid}, memos=bool(imported.notes)
    )


def _insert_attributes(
    session: Session, document_id: int, attributes: dict[str, str], now: datetime
) -> None:
    """A new document's attribute values (an import's "encoding", a Word file's author), each
    attribute made if the project lacks it; a deleted one gives up its name as usual."""
    conn = session.connection()
    values = []
    for key, value in attributes.items():
        row = _first(
            conn, "SELECT id, deleted FROM attribute WHERE scope = ? AND name = ?", "document", key
        )
        if row is None:
            attribute_id = conn.execute(
                insert(Attribute),
                {
                    "guid": new_guid(),
                    "name": key,
                    "scope": "document",
                    "value_type": "text",
                    "created": now,
                    "updated": now,
                    "deleted": False,
                    "deleted_updated": now,
                },
            ).inserted_primary_key[0]  # type: ignore[index]
        elif row.deleted:
            attribute_id = ensure_attribute(session, key).id  # renames the tombstone
        else:
            attribute_id = row.id
        values.append(
            {
                "document_id": document_id,
                "attribute_id": attribute_id,
                "value": value,
                "updated": now,
            }
        )
    conn.execute(insert(DocumentAttribute), values)


def rename_document(session: Session, guid: str, name: str) -> Changes:
    doc = document_by_guid(session, guid)
    clean = name.strip()
    if not clean:
        raise ValidationError("a document needs a name")
    other = find_document(session, clean)
    if other is not None and other.id != doc.id:
        raise DuplicateError(f"there is already a document named '{clean}'")
    doc.name = clean
    doc.updated = doc.name_updated = utcnow()  # per-field time: a merge keeps the newest name
    session.flush()
    return Changes(documents=True, codings=True, document_guids={guid})


def delete_document(session: Session, guid: str) -> Changes:
    """Remove a document with its segments, codings and memos (asked for explicitly by the user)."""
    doc = document_by_guid(session, guid)
    coding_guids = set(session.scalars(select(Coding.guid).where(Coding.document_id == doc.id)))
    session.execute(delete(Coding).where(Coding.document_id == doc.id))
    session.execute(
        delete(Memo).where(Memo.target_type == "document", Memo.target_guid == doc.guid)
    )
    session.delete(doc)
    session.flush()
    return Changes(
        documents=True,
        codings=True,
        codes=True,
        memos=True,
        document_guids={guid},
        coding_guids=coding_guids,
    )


def segments_of(session: Session, document: Document, kind: str | None = None) -> list[Segment]:
    q = select(Segment).where(Segment.document_id == document.id)
    if kind:
        q = q.where(Segment.kind == kind)
    return list(session.scalars(q.order_by(Segment.start, Segment.ordinal)))


def document_attributes(session: Session, document: Document) -> dict[str, str]:
    rows = session.execute(
        select(Attribute.name, DocumentAttribute.value)
        .join(DocumentAttribute, DocumentAttribute.attribute_id == Attribute.id)
        .where(
            DocumentAttribute.document_id == document.id,
            DocumentAttribute.value != "",
            Attribute.deleted.is_(False),
        )
        .order_by(Attribute.name)
    ).all()
    return {name: value for name, value in rows}


def list_documents(session: Session) -> list[Document]:
    return list(session.scalars(select(Document).order_by(Document.sort_order, Document.id)))


def add_segments(session: Session, doc: Document, segments: Sequence[SegmentSpec]) -> None:
    """Store a document's structure (pages, turns, cues, headings) in reading order.

    One place for this, because both a fresh import and a REFI-QDA import that rebuilt the
    structure from the original file store segments, and citations depend on their order.
    """
    if not segments:
        return
    session.flush()  # the document row (and anything pending) goes first
    _insert_segments(session.connection(), doc.id, _reading_order(segments))


def _insert_segments(conn: Connection, document_id: int, ordered: Sequence[SegmentSpec]) -> None:
    """Segments already in reading order, numbered in that order, as plain tuples in bulk, not
    an ORM object per segment (a long transcript has 20,000 of them).

    In a file, they go in statements of 100 rows each: SQLite then runs one statement per 100
    segments instead of one per segment, which took a fifth off storing a long transcript's
    structure (the rows and their order are the same). A server gets the driver's executemany.
    """
    if not ordered:
        return
    # a SegmentSpec is a tuple in the columns' order: (kind, start, end, label, level,
    # time_start, time_end)
    # (document_id,) + segment + (ordinal,) per row, the tuples joined at C speed
    rows = list(map(add, map(add, repeat((document_id,)), ordered), zip(range(len(ordered)))))
    if conn.dialect.paramstyle == "qmark" and len(rows) >= _ROWS_PER_INSERT:
        bulk = len(rows) - len(rows) % _ROWS_PER_INSERT
        flat = list(chain.from_iterable(rows[:bulk]))
        width = _ROWS_PER_INSERT * len(SEGMENT_COLUMNS)
        conn.exec_driver_sql(
            _INSERT_SEGMENTS, [tuple(flat[i : i + width]) for i in range(0, len(flat), width)]
        )
        rows = rows[bulk:]
    if rows:
        conn.exec_driver_sql(driver_sql(_INSERT_SEGMENT, conn), rows)  # %s for a server


def _reading_order(
    segments: Sequence[SegmentSpec],
    kinds: list[str] | None = None,
    starts: list[int] | None = None,
    ends: list[int] | None = None,
) -> list[SegmentSpec]:
    """*segments* by start, the longer first at the same start, then by kind (pages, paragraphs,
    headings, turns, cues): a stable sort on ``(start, -end, kind rank)``, done as three stable
    passes keyed by list lookups, without a Python key function per segment. *kinds*, *starts*
    and *ends* are the segments' fields when the caller has them already."""
    if kinds is None or starts is None or ends is None:
        kinds = list(map(attrgetter("kind"), segments))
        starts = list(map(attrgetter("start"), segments))
        ends = list(map(attrgetter("end"), segments))
    ranks = list(map(_RANK.__getitem__, kinds))
    order = list(range(len(segments)))
    order.sort(key=ranks.__getitem__)
    order.sort(key=ends.__getitem__, reverse=True)  # reverse keeps equal keys in their order
    order.sort(key=starts.__getitem__)
    return list(map(segments.__getitem__, order))


_RANK = {kind: i for i, kind in enumerate(SEGMENT_KINDS)}
#: The segment table's columns in the order every bulk insert of segments uses: here and in team
#: merge (:mod:`lgcoder.team.apply`), whose rows are built as ``(document_id, *spec, ordinal)`` too.
SEGMENT_COLUMNS = (
    "document_id",
    "kind",
    "start",
    "end",
    "label",
    "level",
    "time_start",
    "time_end",
    "ordinal",
)
if SegmentSpec._fields != SEGMENT_COLUMNS[1:-1]:  # rows are built as (document, *spec, ordinal)
    raise ImportError("SegmentSpec's fields no longer match the segment table's columns")
_INSERT_SEGMENT = "INSERT INTO {} ({}) VALUES ({})".format(
    Segment.__tablename__,
    ", ".join(f'"{c}"' for c in SEGMENT_COLUMNS),  # quoted: "end" is an SQL keyword
    ", ".join("?" for _ in SEGMENT_COLUMNS),
)
_ROWS_PER_INSERT = 100  # 900 parameters: within the 999 of any SQLite build
_INSERT_SEGMENTS = (
    _INSERT_SEGMENT.split(" VALUES ")[0]
    + " VALUES "
    + ", ".join([_INSERT_SEGMENT.split(" VALUES ")[1]] * _ROWS_PER_INSERT)
)

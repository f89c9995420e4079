"""Integrity and invariant checks: ``lgcoder check``, and the gate before a merge trusts a file.

Objects in the file that lgcoder did not create (a planted trigger or view) come first, then
SQLite's own integrity and foreign-key checks; then lgcoder's invariants, which raw
SQL or another tool could have broken: codings inside their documents, text matching its hash,
segments in range, one live coding per key, an acyclic code tree.

On a server project (PostgreSQL) the file checks have counterparts: the schema is compared with
our models in :func:`lgcoder.core.pg.foreign_objects`, and the page and foreign-key checks are
PostgreSQL's own on every write (it never stores a broken reference), so only lgcoder's
invariants are checked here.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from lgcoder.core.models import Code, Document, Segment
from lgcoder.core.textnorm import is_normalised
from lgcoder.core.words import counted

MAX_FINDINGS = 200


def _foreign(session: Session) -> list[str]:
    """Tables, indexes, triggers and views in the file that our migrations do not create."""
    from lgcoder.core.schema import foreign_objects

    conn = session.connection()
    if conn.dialect.name == "postgresql":
        from lgcoder.core import pg

        return pg.foreign_objects(conn)
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    raw = conn.connection.driver_connection
    if not isinstance(revision, str) or raw is None:
        return ["no schema version"]
    return foreign_objects(raw, revision)


def check_project(session: Session, *, quick: bool = False, foreign: bool = True) -> list[str]:
    """Every problem found, as sentences; an empty list means the project is sound.

    ``quick`` runs SQLite's ``quick_check`` instead of ``integrity_check``: the same page and
    record checks without cross-checking every index against its table, which is what makes
    the full check take seconds on 100,000s of codings. Merges use it on their inputs.
    ``foreign=False`` leaves out the foreign-object check (``repair`` reads such a file on
    purpose, to copy its content without them).
    """
    findings: list[str] = []
    conn = session.connection()
    findings += [
        f"it contains {what} that lgcoder did not create "
        "(lgcoder repair PROJECT CLEAN.lgc makes a copy without it)"
        for what in (_foreign(session) if foreign else [])
    ]
    if conn.dialect.name == "sqlite":
        pragma = "quick_check" if quick else "integrity_check"
        for (row,) in conn.execute(text(f"PRAGMA {pragma}")).all():
            if row != "ok":
                findings.append(f"SQLite integrity: {row}")
        for row in conn.execute(text("PRAGMA foreign_key_check")).all():
            findings.append(f"broken reference in table {row[0]} (row {row[1]}) to {row[2]}")
    if findings:
        return findings[:MAX_FINDINGS]

    docs = {d.id: d for d in session.scalars(select(Document))}
    for doc in docs.values():
        body = session.scalar(select(Document.text).where(Document.id == doc.id)) or ""
        if len(body) != doc.text_length:
            findings.append(
                f"document '{doc.name}': stored length {doc.text_length} but text has {len(body)}"
            )
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != doc.text_sha256:
            findings.append(f"document '{doc.name}': text does not match its SHA-256 (altered?)")
        if not is_normalised(body):
            findings.append(f"document '{doc.name}': text is not normalised (NFC, LF line ends)")

    for seg in session.scalars(select(Segment)):
        owner = docs.get(seg.document_id)
        if owner and not (0 <= seg.start <= seg.end <= owner.text_length):
            findings.append(
                f"document '{owner.name}': {seg.kind} segment {seg.start}:{seg.end} is out of range"
            )

    codes = {c.id: c for c in session.scalars(select(Code))}
    for code in codes.values():
        seen = {code.id}
        parent = code.parent_id
        while parent is not None:
            if parent in seen:
                findings.append(f"code '{code.name}' is inside itself (a cycle in the code tree)")
                break
            seen.add(parent)
            parent = codes[parent].parent_id if parent in codes else None

    # Codings are checked in SQL: a merged project holds 100,000s of them. A live coding whose
    # code is deleted is *not* a finding: a team merge keeps it (the code's deletion and the
    # coding are separate facts from different copies) and it stays hidden until the code is
    # restored; queries show only codings of live codes.
    spans = conn.execute(
        text(
            'SELECT c.guid, d.name, c.start, c."end", d.text_length FROM coding c '
            "JOIN document d ON d.id = c.document_id "
            'WHERE NOT (c.start >= 0 AND c.start < c."end" AND c."end" <= d.text_length) '
            f"LIMIT {MAX_FINDINGS}"
        )
    ).all()
    for guid, name, start, end, length in spans:
        findings.append(
            f"coding {guid} in '{name}': span {start}:{end} is "
            f"outside the document's {counted(length, 'character')}"
        )
    twins = conn.execute(
        text(
            "SELECT min(guid), max(guid) FROM coding WHERE deleted = :no "
            'GROUP BY document_id, code_id, coder_id, start, "end" HAVING count(*) > 1 '
            f"LIMIT {MAX_FINDINGS}"
        ),
        {"no": False},
    ).all()
    for first, second in twins:
        findings.append(f"codings {first} and {second} are the same passage twice")
    return findings[:MAX_FINDINGS]

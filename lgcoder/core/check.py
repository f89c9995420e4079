"""Integrity and invariant checks: ``lgcoder check``, and the gate before a merge trusts a file.

SQLite's own integrity and foreign-key checks come first; then lgcoder's invariants, which raw
SQL or another tool could have broken: codings inside their documents, text matching its hash,
segments in range, one live coding per key, an acyclic code tree.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from lgcoder.core.models import Code, Coding, Document, Segment
from lgcoder.core.textnorm import is_normalised

MAX_FINDINGS = 200


def check_project(session: Session) -> list[str]:
    """Every problem found, as sentences; an empty list means the project is sound."""
    findings: list[str] = []
    conn = session.connection()
    for (row,) in conn.execute(text("PRAGMA integrity_check")).all():
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

    keys: dict[tuple[int, int, int, int, int], str] = {}
    for coding in session.scalars(select(Coding)):
        in_doc = docs.get(coding.document_id)
        if in_doc and not (0 <= coding.start < coding.end <= in_doc.text_length):
            findings.append(
                f"coding {coding.guid} in '{in_doc.name}': span {coding.start}:{coding.end} is "
                f"outside the document's {in_doc.text_length} characters"
            )
        if coding.deleted:
            continue
        its_code = codes.get(coding.code_id)
        if its_code is not None and its_code.deleted:
            findings.append(
                f"coding {coding.guid} is live but its code '{its_code.name}' is deleted"
            )
        key = (coding.document_id, coding.code_id, coding.coder_id, coding.start, coding.end)
        if key in keys:
            findings.append(f"codings {keys[key]} and {coding.guid} are the same passage twice")
        keys[key] = coding.guid
        if len(findings) >= MAX_FINDINGS:
            break
    return findings[:MAX_FINDINGS]

"""A canonical JSON picture of a project's content, for diffs and for proving merges equal.

Only content is dumped: guids instead of local ids, rows in a stable order, no merge history and
no source bytes (their hash stands in). Per-field edit times are content: they decide what a
later merge keeps, so two projects with equal dumps also merge alike. Two projects with equal
dumps hold the same work. The
default coder is a setting of one person's copy ("who am I"), not content: each coder's copy has
its own, so it is left out, and a team merge keeps the target's.

Tombstones are content too (a deleted case or attribute, a document taken out of a case, a
cleared value): each is listed with ``deleted`` and its time. The plain views next to them
(a case's ``documents``, the ``attributes`` of a document or case) hold only what is live.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.core.models import (
    Attribute,
    Case,
    CaseAttribute,
    CaseDocument,
    Code,
    Coder,
    Coding,
    Document,
    DocumentAttribute,
    GuidAlias,
    Memo,
    ProjectInfo,
    Segment,
)


def _ts(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


def dump(session: Session) -> dict[str, Any]:
    """The project's content as plain data (see module docstring)."""
    coders = {c.id: c for c in session.scalars(select(Coder))}
    codes = {c.id: c for c in session.scalars(select(Code))}
    docs = {d.id: d for d in session.scalars(select(Document))}
    attrs = {a.id: a for a in session.scalars(select(Attribute))}
    cases = {c.id: c for c in session.scalars(select(Case))}
    attrs_deleted = {a.guid: a.deleted for a in attrs.values()}
    segs: dict[int, list[Segment]] = {}
    for seg in session.scalars(select(Segment).order_by(Segment.start, Segment.end, Segment.kind)):
        segs.setdefault(seg.document_id, []).append(seg)
    doc_attrs: dict[int, dict[str, str]] = {}
    doc_values: dict[int, list[dict[str, Any]]] = {}
    for da in session.scalars(select(DocumentAttribute)):
        attr = attrs[da.attribute_id]
        doc_values.setdefault(da.document_id, []).append(_value(attr, da.value, da.updated))
        if da.value and not attr.deleted:
            doc_attrs.setdefault(da.document_id, {})[attr.name] = da.value
    members: dict[int, list[dict[str, Any]]] = {}
    for cd in session.scalars(select(CaseDocument)):
        members.setdefault(cd.case_id, []).append(
            {
                "document": docs[cd.document_id].guid,
                "deleted": cd.deleted,
                "updated": _ts(cd.updated),
            }
        )
    case_values: dict[int, list[dict[str, Any]]] = {}
    for ca in session.scalars(select(CaseAttribute)):
        case_values.setdefault(ca.case_id, []).append(
            _value(attrs[ca.attribute_id], ca.value, ca.updated)
        )

    def blob_hash(doc: Document) -> str:
        blob = session.scalar(select(Document.source_blob).where(Document.id == doc.id))
        return hashlib.sha256(blob or b"").hexdigest()

    info = {
        row.key: row.value for row in session.scalars(select(ProjectInfo)) if row.key == "title"
    }
    out: dict[str, Any] = {
        "project": info,
        "coders": sorted(
            (
                {
                    "guid": c.guid,
                    "name": c.name,
                    "color": c.color,
                    "created": _ts(c.created),
                    "updated": _ts(c.updated),
                    "name_updated": _ts(c.name_updated),
                    "color_updated": _ts(c.color_updated),
                }
                for c in coders.values()
            ),
            key=lambda r: r["guid"],
        ),
        "codes": sorted(
            (
                {
                    "guid": c.guid,
                    "name": c.name,
                    "parent": codes[c.parent_id].guid if c.parent_id in codes else None,
                    "color": c.color,
                    "description": c.description,
                    "sort_order": c.sort_order,
                    "deleted": c.deleted,
                    "created": _ts(c.created),
                    "updated": _ts(c.updated),
                    "name_updated": _ts(c.name_updated),
                    "parent_updated": _ts(c.parent_updated),
                    "color_updated": _ts(c.color_updated),
                    "description_updated": _ts(c.description_updated),
                    "deleted_updated": _ts(c.deleted_updated),
                }
                for c in codes.values()
            ),
            key=lambda r: r["guid"],
        ),
        "documents": sorted(
            (
                {
                    "guid": d.guid,
                    "name": d.name,
                    "kind": d.kind,
                    "text_sha256": d.text_sha256,
                    "chars": d.text_length,
                    "source_filename": d.source_filename,
                    "source_mime": d.source_mime,
                    "source_sha256": blob_hash(d),
                    "created": _ts(d.created),
                    "updated": _ts(d.updated),
                    "name_updated": _ts(d.name_updated),
                    "attributes": dict(sorted(doc_attrs.get(d.id, {}).items())),
                    "attribute_values": sorted(
                        doc_values.get(d.id, []), key=lambda v: v["attribute"]
                    ),
                    "segments": [
                        [s.kind, s.start, s.end, s.label, s.level, s.time_start, s.time_end]
                        for s in segs.get(d.id, [])
                    ],
                }
                for d in docs.values()
            ),
            key=lambda r: r["guid"],
        ),
        "codings": sorted(
            (
                {
                    "guid": c.guid,
                    "document": docs[c.document_id].guid,
                    "code": codes[c.code_id].guid,
                    "coder": coders[c.coder_id].guid,
                    "start": c.start,
                    "end": c.end,
                    "memo": c.memo,
                    "deleted": c.deleted,
                    "created": _ts(c.created),
                    "updated": _ts(c.updated),
                }
                for c in session.scalars(select(Coding))
            ),
            key=lambda r: (r["document"], r["start"], r["end"], r["code"], r["coder"], r["guid"]),
        ),
        "memos": sorted(
            (
                {
                    "guid": m.guid,
                    "target_type": m.target_type,
                    "target": m.target_guid,
                    "kind": m.kind,
                    "title": m.title,
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "author": coders[m.author_id].guid if m.author_id in coders else None,
                    "deleted": m.deleted,
                    "created": _ts(m.created),
                    "updated": _ts(m.updated),
                }
                for m in session.scalars(select(Memo))
            ),
            key=lambda r: r["guid"],
        ),
        "attributes": sorted(
            (
                {
                    "guid": a.guid,
                    "name": a.name,
                    "scope": a.scope,
                    "type": a.value_type,
                    "deleted": a.deleted,
                    "created": _ts(a.created),
                    "updated": _ts(a.updated),
                    "deleted_updated": _ts(a.deleted_updated),
                }
                for a in attrs.values()
            ),
            key=lambda r: r["guid"],
        ),
        "cases": sorted(
            (
                {
                    "guid": c.guid,
                    "name": c.name,
                    "description": c.description,
                    "deleted": c.deleted,
                    "created": _ts(c.created),
                    "updated": _ts(c.updated),
                    "name_updated": _ts(c.name_updated),
                    "description_updated": _ts(c.description_updated),
                    "deleted_updated": _ts(c.deleted_updated),
                    "documents": sorted(
                        m["document"] for m in members.get(c.id, []) if not m["deleted"]
                    ),
                    "memberships": sorted(members.get(c.id, []), key=lambda m: m["document"]),
                    "attributes": {
                        v["name"]: v["value"]
                        for v in case_values.get(c.id, [])
                        if not v["deleted"] and not attrs_deleted[v["attribute"]]
                    },
                    "attribute_values": sorted(
                        case_values.get(c.id, []), key=lambda v: v["attribute"]
                    ),
                }
                for c in cases.values()
            ),
            key=lambda r: r["guid"],
        ),
        "aliases": sorted(
            ([a.alias, a.entity, a.guid] for a in session.scalars(select(GuidAlias))),
        ),
    }
    return out


def _value(attr: Attribute, value: str, updated: datetime) -> dict[str, Any]:
    """One stored value; a cleared one ("") is a tombstone with the time it was cleared."""
    return {
        "attribute": attr.guid,
        "name": attr.name,
        "value": value,
        "deleted": not value,
        "updated": _ts(updated),
    }


def dump_json(session: Session) -> str:
    """:func:`dump` as stable, pretty JSON text (keys sorted, UTF-8 kept readable)."""
    return json.dumps(dump(session), indent=1, sort_keys=True, ensure_ascii=False) + "\n"

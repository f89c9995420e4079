"""Cases: the units of analysis (a council, a participant, a roundtable) that group documents.

A case's name is unique, compared case-insensitively, because the exporters' ``--case`` filter and
a team merge both match cases by name. Membership is a set: assigning a document twice is a
no-op, and the ``Changes`` of an assignment name only the documents that were actually added
(or removed), which is exactly what undo has to reverse.

Nothing here deletes a row (DESIGN §4): a deleted case, a document taken out of a case and a
cleared value stay as tombstones with the time of the change, so a team merge can tell "removed
here" from "never seen". Undo brings back the same guid by reviving the tombstone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lgcoder.core.errors import DuplicateError, NotFoundError, ValidationError
from lgcoder.core.models import (
    Attribute,
    Case,
    CaseAttribute,
    CaseDocument,
    Document,
    Segment,
    tombstone_name,
    utcnow,
)
from lgcoder.core.ops import attributes as attribute_ops
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.documents import document_by_guid
from lgcoder.core.ops.lookup import case_by_guid as case_by_guid  # re-exported


def clean_case_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("a case needs a name")
    if len(clean) > 200:
        raise ValidationError("a case name can be at most 200 characters")
    return clean


def find_case(session: Session, name: str) -> Case | None:
    clean = " ".join(name.split())
    return session.scalars(
        select(Case).where(func.lower(Case.name) == clean.lower(), Case.deleted.is_(False))
    ).first()


def _free_name(session: Session, name: str, keep: str | None = None) -> None:
    """Rename deleted cases that hold *name* (names are unique), except the one guid *keep*."""
    for dead in session.scalars(
        select(Case).where(func.lower(Case.name) == name.lower(), Case.deleted.is_(True))
    ):
        if dead.guid != keep:
            dead.name = tombstone_name(dead.name, dead.guid)
    session.flush()


def get_case(session: Session, name: str) -> Case:
    case = find_case(session, name)
    if case is None:
        names = sorted(session.scalars(select(Case.name).where(Case.deleted.is_(False))))
        hint = (
            f" (the project has: {', '.join(names[:10])})" if names else " (the project has none)"
        )
        raise NotFoundError(f"no case named '{name}'{hint}")
    return case


def _member_guids(session: Session, case: Case) -> set[str]:
    return set(
        session.scalars(
            select(Document.guid)
            .join(CaseDocument, CaseDocument.document_id == Document.id)
            .where(CaseDocument.case_id == case.id, CaseDocument.deleted.is_(False))
        )
    )


# -- create, rename, describe, delete ----------------------------------------------------------


def create_case(
    session: Session, name: str, description: str = "", *, guid: str | None = None
) -> Changes:
    """A new, empty case; its guid is ``created[0]``. *guid* lets undo bring back the same one."""
    clean = clean_case_name(name)
    if find_case(session, clean) is not None:
        raise DuplicateError(f"there is already a case named '{clean}'")
    _free_name(session, clean, keep=guid)
    dead = session.scalars(select(Case).where(Case.guid == guid)).first() if guid else None
    if dead is not None:  # undo of a deletion: the tombstone lives again
        now = utcnow()
        dead.name, dead.description, dead.deleted = clean, description.strip(), False
        dead.updated = dead.name_updated = dead.description_updated = dead.deleted_updated = now
        session.flush()
        return Changes(cases=True, created=[dead.guid])
    case = Case(name=clean, description=description.strip())
    if guid:
        case.guid = guid
    session.add(case)
    session.flush()
    return Changes(cases=True, created=[case.guid])


def rename_case(session: Session, guid: str, name: str) -> Changes:
    case = case_by_guid(session, guid)
    clean = clean_case_name(name)
    other = find_case(session, clean)
    if other is not None and other.id != case.id:
        raise DuplicateError(f"there is already a case named '{clean}'")
    _free_name(session, clean)
    case.name = clean
    case.updated = case.name_updated = utcnow()
    session.flush()
    members = _member_guids(session, case)  # the documents list shows case names
    return Changes(cases=True, documents=bool(members), document_guids=members)


def describe_case(session: Session, guid: str, description: str) -> Changes:
    case = case_by_guid(session, guid)
    case.description = description.strip()
    case.updated = case.description_updated = utcnow()
    session.flush()
    return Changes(cases=True)


@dataclass(frozen=True)
class CaseRecord:
    """Everything :func:`delete_case` removes, so undo can put it back exactly."""

    guid: str
    name: str
    description: str
    documents: frozenset[str] = frozenset()
    #: attribute guid -> value
    values: dict[str, str] = field(default_factory=dict)


def case_record(session: Session, guid: str) -> CaseRecord:
    case = case_by_guid(session, guid)
    values = session.execute(
        select(Attribute.guid, CaseAttribute.value)
        .join(CaseAttribute, CaseAttribute.attribute_id == Attribute.id)
        .where(
            CaseAttribute.case_id == case.id,
            CaseAttribute.value != "",
            Attribute.deleted.is_(False),
        )
    ).all()
    return CaseRecord(
        case.guid,
        case.name,
        case.description,
        frozenset(_member_guids(session, case)),
        {a: v for a, v in values},
    )


def delete_case(session: Session, guid: str) -> Changes:
    """Remove the case, its memberships and its values (as tombstones); documents stay."""
    case = case_by_guid(session, guid)
    members = _member_guids(session, case)
    now = utcnow()
    session.execute(
        update(CaseDocument)
        .where(CaseDocument.case_id == case.id, CaseDocument.deleted.is_(False))
        .values(deleted=True, updated=now)
    )
    session.execute(
        update(CaseAttribute)
        .where(CaseAttribute.case_id == case.id, CaseAttribute.value != "")
        .values(value="", updated=now)
    )
    case.deleted = True
    case.updated = case.deleted_updated = now
    session.flush()
    return Changes(cases=True, documents=bool(members), document_guids=members)


def restore_case(session: Session, record: CaseRecord) -> Changes:
    changes = create_case(session, record.name, record.description, guid=record.guid)
    changes = changes | assign_documents(session, record.guid, sorted(record.documents))
    for attribute_guid, value in record.values.items():
        attribute_ops.set_value(session, attribute_guid, record.guid, value)
    return changes


# -- membership --------------------------------------------------------------------------------


def assign_documents(session: Session, case_guid: str, document_guids: Iterable[str]) -> Changes:
    """Put documents in the case; ``document_guids`` of the result are the ones newly added."""
    case = case_by_guid(session, case_guid)
    present = _member_guids(session, case)
    added: set[str] = set()
    now = utcnow()
    for guid in document_guids:
        if guid in present or guid in added:
            continue
        doc = document_by_guid(session, guid)
        row = session.get(CaseDocument, (case.id, doc.id))
        if row is None:
            session.add(CaseDocument(case_id=case.id, document_id=doc.id, updated=now))
        else:  # a removed membership comes back
            row.deleted, row.updated = False, now
        added.add(guid)
    if not added:
        return Changes()
    case.updated = now
    session.flush()
    return Changes(cases=True, documents=True, document_guids=added)


def remove_documents(session: Session, case_guid: str, document_guids: Iterable[str]) -> Changes:
    """Take documents out of the case; ``document_guids`` of the result are those removed."""
    case = case_by_guid(session, case_guid)
    wanted = set(document_guids)
    rows = session.execute(
        select(CaseDocument, Document.guid)
        .join(Document, Document.id == CaseDocument.document_id)
        .where(
            CaseDocument.case_id == case.id,
            CaseDocument.deleted.is_(False),
            Document.guid.in_(wanted),
        )
    ).all()
    if not rows:
        return Changes()
    now = utcnow()
    for row, _guid in rows:
        row.deleted, row.updated = True, now
    case.updated = now
    session.flush()
    return Changes(cases=True, documents=True, document_guids={g for _r, g in rows})


# -- cases from speakers -----------------------------------------------------------------------


def speaker_documents(
    session: Session, document_guids: Iterable[str] | None = None
) -> dict[str, list[str]]:
    """Speaker name (as the case name it becomes) -> guids of the documents they speak in.

    Speakers come from transcript turn segments; names differing only in case or spacing
    ("Cllr  Jones", "cllr jones") are one person, spelt as first met.
    """
    q = (
        select(Segment.label, Document.guid)
        .join(Document, Document.id == Segment.document_id)
        .where(Segment.kind == "turn", Segment.label != "")
        .order_by(Document.sort_order, Document.id, Segment.start)
    )
    if document_guids is not None:
        q = q.where(Document.guid.in_(list(document_guids)))
    spelling: dict[str, str] = {}
    out: dict[str, list[str]] = {}
    for label, doc_guid in session.execute(q):
        clean = " ".join(str(label).split())[:200]
        if not clean:
            continue
        name = spelling.setdefault(clean.casefold(), clean)
        docs = out.setdefault(name, [])
        if doc_guid not in docs:
            docs.append(doc_guid)
    return out


def cases_from_speakers(session: Session, document_guids: Iterable[str] | None = None) -> Changes:
    """One case per speaker found in transcript turns, holding the documents they speak in.

    A case with the speaker's name that already exists is reused (and gains the documents),
    so running this again after importing more transcripts only adds what is new. New cases'
    guids are in ``created``.
    """
    changes = Changes()
    for name, docs in speaker_documents(session, document_guids).items():
        case = find_case(session, name)
        if case is None:
            made = create_case(session, name, "Speaker in transcripts")
            changes = changes | made
            guid = made.created[0]
        else:
            guid = case.guid
        changes = changes | assign_documents(session, guid, docs)
    return changes

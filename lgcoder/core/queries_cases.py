"""Read-only views of cases and attributes, as plain frozen data for the CLI and the GUI.

Every function reads in a few queries whatever the project's size (no query per row), because
the cases dock and the attribute table are refreshed after each action.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lgcoder.core.models import (
    Attribute,
    Case,
    CaseAttribute,
    CaseDocument,
    Document,
    DocumentAttribute,
)


@dataclass(frozen=True)
class AttributeInfo:
    guid: str
    name: str
    scope: str
    value_type: str
    #: how many documents (or cases) have a value
    used: int = 0


@dataclass(frozen=True)
class CaseInfo:
    guid: str
    name: str
    description: str
    #: (guid, name) of each member document, in the project's document order
    documents: tuple[tuple[str, str], ...] = ()
    #: case attribute name -> value
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AttributeRow:
    document_guid: str
    document: str
    #: attribute name -> value (absent: no value)
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AttributeTable:
    """Documents × document attributes: the classification sheet."""

    attributes: tuple[AttributeInfo, ...]
    rows: tuple[AttributeRow, ...]


@dataclass(frozen=True)
class ValueInfo:
    """One attribute's value for one document or case ("" when it has none)."""

    attribute: AttributeInfo
    value: str


def list_attributes(session: Session, scope: str | None = None) -> list[AttributeInfo]:
    doc_counts = dict(
        session.execute(
            select(DocumentAttribute.attribute_id, func.count())
            .where(DocumentAttribute.value != "")
            .group_by(DocumentAttribute.attribute_id)
        ).all()
    )
    case_counts = dict(
        session.execute(
            select(CaseAttribute.attribute_id, func.count())
            .join(Case, Case.id == CaseAttribute.case_id)
            .where(CaseAttribute.value != "", Case.deleted.is_(False))
            .group_by(CaseAttribute.attribute_id)
        ).all()
    )
    q = (
        select(Attribute)
        .where(Attribute.deleted.is_(False))
        .order_by(Attribute.scope.desc(), func.lower(Attribute.name))
    )
    if scope is not None:
        q = q.where(Attribute.scope == scope)
    return [
        AttributeInfo(
            a.guid,
            a.name,
            a.scope,
            a.value_type,
            int((case_counts if a.scope == "case" else doc_counts).get(a.id, 0)),
        )
        for a in session.scalars(q)
    ]


def list_cases(session: Session) -> list[CaseInfo]:
    """Every case by name, with its documents and case-attribute values."""
    members: dict[int, list[tuple[str, str]]] = {}
    for case_id, guid, name in session.execute(
        select(CaseDocument.case_id, Document.guid, Document.name)
        .join(Document, Document.id == CaseDocument.document_id)
        .where(CaseDocument.deleted.is_(False))
        .order_by(Document.sort_order, Document.id)
    ):
        members.setdefault(case_id, []).append((guid, name))
    values: dict[int, dict[str, str]] = {}
    for case_id, name, value in session.execute(
        select(CaseAttribute.case_id, Attribute.name, CaseAttribute.value)
        .join(Attribute, Attribute.id == CaseAttribute.attribute_id)
        .where(CaseAttribute.value != "", Attribute.deleted.is_(False))
        .order_by(func.lower(Attribute.name))
    ):
        values.setdefault(case_id, {})[name] = value
    return [
        CaseInfo(
            c.guid,
            c.name,
            c.description,
            tuple(members.get(c.id, [])),
            values.get(c.id, {}),
        )
        for c in session.scalars(
            select(Case).where(Case.deleted.is_(False)).order_by(func.lower(Case.name), Case.name)
        )
    ]


def case_documents(session: Session, case_guid: str) -> set[str]:
    """Guids of the documents in a case (empty if the case is gone)."""
    return set(
        session.scalars(
            select(Document.guid)
            .join(CaseDocument, CaseDocument.document_id == Document.id)
            .join(Case, Case.id == CaseDocument.case_id)
            .where(Case.guid == case_guid, Case.deleted.is_(False), CaseDocument.deleted.is_(False))
        )
    )


def attribute_table(session: Session) -> AttributeTable:
    """Every document (in the project's order) against every document attribute."""
    attrs = tuple(list_attributes(session, "document"))
    values: dict[int, dict[str, str]] = {}
    for doc_id, name, value in session.execute(
        select(DocumentAttribute.document_id, Attribute.name, DocumentAttribute.value)
        .join(Attribute, Attribute.id == DocumentAttribute.attribute_id)
        .where(DocumentAttribute.value != "", Attribute.deleted.is_(False))
    ):
        values.setdefault(doc_id, {})[name] = value
    rows = tuple(
        AttributeRow(guid, name, values.get(doc_id, {}))
        for doc_id, guid, name in session.execute(
            select(Document.id, Document.guid, Document.name).order_by(
                Document.sort_order, Document.id
            )
        )
    )
    return AttributeTable(attrs, rows)


def _values(session: Session, scope: str, owner_guid: str) -> list[ValueInfo]:
    if scope == "case":
        stored = dict(
            session.execute(
                select(CaseAttribute.attribute_id, CaseAttribute.value)
                .join(Case, Case.id == CaseAttribute.case_id)
                .where(Case.guid == owner_guid, Case.deleted.is_(False))
            ).all()
        )
    else:
        stored = dict(
            session.execute(
                select(DocumentAttribute.attribute_id, DocumentAttribute.value)
                .join(Document, Document.id == DocumentAttribute.document_id)
                .where(Document.guid == owner_guid)
            ).all()
        )
    ids = dict(session.execute(select(Attribute.guid, Attribute.id)).all())
    return [
        ValueInfo(info, str(stored.get(ids[info.guid], "")))
        for info in list_attributes(session, scope)
    ]


def document_values(session: Session, document_guid: str) -> list[ValueInfo]:
    """Every document attribute with this document's value ("" when it has none)."""
    return _values(session, "document", document_guid)


def case_values(session: Session, case_guid: str) -> list[ValueInfo]:
    """Every case attribute with this case's value ("" when it has none)."""
    return _values(session, "case", case_guid)

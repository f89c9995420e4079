"""Typed attributes (NVivo classification sheets, MAXQDA document variables) and their values.

An attribute is a named variable for documents or for cases (``scope``), with a type: text,
number, date or boolean. Values are stored as text in one canonical spelling per type, so that
filters (``--attribute region=north``), team merges (last writer wins on equal text) and the
REFI-QDA export (``xs:decimal``, ``xs:date``, ``xs:boolean``) all see the same value however the
user typed it: ``1,5``-style input is refused rather than guessed, ``Yes`` becomes ``true``.

An empty value means "no value", as a blank cell does in a spreadsheet. Clearing keeps the row
with an empty value and the time it was cleared, and a deleted attribute stays as a tombstone
(``deleted``), so a team merge does not bring back from another copy what was removed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lgcoder.core.errors import DuplicateError, NotFoundError, ValidationError
from lgcoder.core.models import (
    Attribute,
    Case,
    CaseAttribute,
    Document,
    DocumentAttribute,
    tombstone_name,
    utcnow,
)
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.lookup import attribute_by_guid as attribute_by_guid  # re-exported
from lgcoder.core.ops.lookup import case_by_guid, document_by_guid

VALUE_TYPES: tuple[str, ...] = ("text", "number", "date", "boolean")
SCOPES: tuple[str, ...] = ("document", "case")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


class AttributeValueError(ValidationError):
    """A value does not fit its attribute's type (a number that is not one, a bad date...)."""


def check_type(value_type: str) -> str:
    clean = value_type.strip().lower()
    if clean not in VALUE_TYPES:
        raise ValidationError(
            f"unknown attribute type '{value_type}' (use one of: {', '.join(VALUE_TYPES)})"
        )
    return clean


def check_scope(scope: str) -> str:
    clean = scope.strip().lower()
    if clean not in SCOPES:
        raise ValidationError(f"unknown attribute scope '{scope}' (use document or case)")
    return clean


def clean_attribute_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("an attribute needs a name")
    if "=" in clean:
        raise ValidationError(f"an attribute name cannot contain '=': {clean}")
    if len(clean) > 200:
        raise ValidationError("an attribute name can be at most 200 characters")
    return clean


def normalise_value(value_type: str, raw: str, name: str = "") -> str:
    """The canonical text of *raw* for *value_type*, or :class:`AttributeValueError`.

    Pure (no Session), so dialogs can check a cell before anything is written.
    """
    value = raw.strip()
    if not value:
        return ""
    label = f"'{name}' " if name else ""
    kind = check_type(value_type)
    if kind == "text":
        return value
    if kind == "number":
        if not _NUMBER.fullmatch(value):
            raise AttributeValueError(
                f"attribute {label}is a number: '{value}' is not one (write e.g. 12 or 3.5)"
            )
        try:
            number = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern already excludes these
            raise AttributeValueError(
                f"attribute {label}is a number: '{value}' is not one"
            ) from None
        text = format(number.normalize(), "f")
        return "0" if text in ("-0", "+0") else text
    if kind == "date":
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise AttributeValueError(
                f"attribute {label}is a date: '{value}' is not a date as YYYY-MM-DD "
                "(e.g. 2024-03-31)"
            ) from None
    lowered = value.lower()
    if lowered in _TRUE:
        return "true"
    if lowered in _FALSE:
        return "false"
    raise AttributeValueError(
        f"attribute {label}is yes/no: '{value}' is not one of yes, no, true, false"
    )


# -- finding ---------------------------------------------------------------------------------


def find_attribute(session: Session, name: str, scope: str = "document") -> Attribute | None:
    clean = " ".join(name.split())
    return session.scalars(
        select(Attribute).where(
            Attribute.scope == scope,
            func.lower(Attribute.name) == clean.lower(),
            Attribute.deleted.is_(False),
        )
    ).first()


def free_attribute_name(session: Session, name: str, scope: str, keep: str | None = None) -> None:
    """Rename deleted attributes holding *name* in *scope* (unique), except the guid *keep*."""
    for dead in session.scalars(
        select(Attribute).where(
            Attribute.scope == scope,
            func.lower(Attribute.name) == name.lower(),
            Attribute.deleted.is_(True),
        )
    ):
        if dead.guid != keep:
            dead.name = tombstone_name(dead.name, dead.guid)
    session.flush()


def get_attribute(session: Session, name: str, scope: str = "document") -> Attribute:
    attr = find_attribute(session, name, check_scope(scope))
    if attr is None:
        names = sorted(
            session.scalars(
                select(Attribute.name).where(Attribute.scope == scope, Attribute.deleted.is_(False))
            )
        )
        hint = f" (the project has: {', '.join(names)})" if names else " (the project has none)"
        raise NotFoundError(f"no {scope} attribute named '{name}'{hint}")
    return attr


def _touched(attr: Attribute, guids: set[str] | None = None) -> Changes:
    """Document attributes show in the documents list; case attributes in the cases list."""
    if attr.scope == "case":
        return Changes(cases=True)
    return Changes(documents=True, document_guids=guids or set())


# -- defining --------------------------------------------------------------------------------


def define_attribute(
    session: Session,
    name: str,
    value_type: str = "text",
    scope: str = "document",
    *,
    guid: str | None = None,
) -> Changes:
    """A new attribute; its guid is ``created[0]``. *guid* lets undo bring back the same one."""
    clean = clean_attribute_name(name)
    kind, where = check_type(value_type), check_scope(scope)
    if find_attribute(session, clean, where) is not None:
        raise DuplicateError(f"there is already a {where} attribute named '{clean}'")
    free_attribute_name(session, clean, where, keep=guid)
    dead = (
        session.scalars(select(Attribute).where(Attribute.guid == guid)).first() if guid else None
    )
    if dead is not None and dead.scope == where:  # undo of a deletion: the tombstone lives again
        dead.name, dead.value_type, dead.deleted = clean, kind, False
        dead.updated = dead.deleted_updated = utcnow()
        attr = dead
    else:
        attr = Attribute(name=clean, scope=where, value_type=kind)
        if guid:
            attr.guid = guid
        session.add(attr)
    session.flush()
    changes = _touched(attr)
    changes.created.append(attr.guid)
    return changes


def rename_attribute(session: Session, guid: str, name: str) -> Changes:
    attr = attribute_by_guid(session, guid)
    clean = clean_attribute_name(name)
    other = find_attribute(session, clean, attr.scope)
    if other is not None and other.id != attr.id:
        raise DuplicateError(f"there is already a {attr.scope} attribute named '{clean}'")
    free_attribute_name(session, clean, attr.scope)
    attr.name = clean
    attr.updated = utcnow()
    session.flush()
    return _touched(attr)


def _value_rows(session: Session, attr: Attribute) -> list[DocumentAttribute | CaseAttribute]:
    """The attribute's set values (cleared ones are tombstones, and owners may be deleted)."""
    if attr.scope == "case":
        return list(
            session.scalars(
                select(CaseAttribute)
                .join(Case, Case.id == CaseAttribute.case_id)
                .where(
                    CaseAttribute.attribute_id == attr.id,
                    CaseAttribute.value != "",
                    Case.deleted.is_(False),
                )
            )
        )
    return list(
        session.scalars(
            select(DocumentAttribute).where(
                DocumentAttribute.attribute_id == attr.id, DocumentAttribute.value != ""
            )
        )
    )


def retype_attribute(session: Session, guid: str, value_type: str) -> Changes:
    """Change the type, converting every stored value; refused if one does not convert.

    Importers create text attributes ("pages" from a PDF); a researcher who then says the
    attribute is a number must not end up with values that are not numbers.
    """
    attr = attribute_by_guid(session, guid)
    kind = check_type(value_type)
    if kind == attr.value_type:
        return Changes()
    converted = []
    for row in _value_rows(session, attr):
        try:
            converted.append((row, normalise_value(kind, row.value, attr.name)))
        except AttributeValueError:
            owner = _owner_name(session, row)
            raise AttributeValueError(
                f"cannot make '{attr.name}' a {kind} attribute: the value '{row.value}' "
                f"of {owner} is not a {kind}; change or clear it first"
            ) from None
    now = utcnow()
    for row, value in converted:
        if row.value != value:
            row.value, row.updated = value, now
    attr.value_type = kind
    attr.updated = now
    session.flush()
    return _touched(attr)


def _owner_name(session: Session, row: DocumentAttribute | CaseAttribute) -> str:
    if isinstance(row, CaseAttribute):
        case = session.get(Case, row.case_id)
        return f"case '{case.name if case else '?'}'"
    doc = session.get(Document, row.document_id)
    return f"'{doc.name if doc else '?'}'"


@dataclass(frozen=True)
class AttributeRecord:
    """Everything :func:`delete_attribute` removes, so undo can put it back exactly."""

    guid: str
    name: str
    scope: str
    value_type: str
    #: document or case guid -> value
    values: dict[str, str] = field(default_factory=dict)


def attribute_record(session: Session, guid: str) -> AttributeRecord:
    attr = attribute_by_guid(session, guid)
    owner = Case if attr.scope == "case" else Document
    link = CaseAttribute if attr.scope == "case" else DocumentAttribute
    owner_id = CaseAttribute.case_id if attr.scope == "case" else DocumentAttribute.document_id
    rows = session.execute(
        select(owner.guid, link.value)
        .join(link, owner_id == owner.id)
        .where(link.attribute_id == attr.id, link.value != "")
    ).all()
    if attr.scope == "case":
        live = set(session.scalars(select(Case.guid).where(Case.deleted.is_(False))))
        rows = [r for r in rows if r[0] in live]
    return AttributeRecord(
        attr.guid, attr.name, attr.scope, attr.value_type, {g: v for g, v in rows}
    )


def delete_attribute(session: Session, guid: str) -> Changes:
    """The attribute becomes a tombstone and its values are cleared (with the time)."""
    attr = attribute_by_guid(session, guid)
    changes = _touched(attr)
    now = utcnow()
    for link in (DocumentAttribute, CaseAttribute):
        session.execute(
            update(link)
            .where(link.attribute_id == attr.id, link.value != "")
            .values(value="", updated=now)
        )
    attr.deleted = True
    attr.updated = attr.deleted_updated = now
    session.flush()
    return changes


def restore_attribute(session: Session, record: AttributeRecord) -> Changes:
    changes = define_attribute(
        session, record.name, record.value_type, record.scope, guid=record.guid
    )
    attr = attribute_by_guid(session, record.guid)
    for owner_guid, value in record.values.items():
        if record.scope == "case":
            _store(session, attr, case_by_guid(session, owner_guid), value)
        else:
            _store(session, attr, document_by_guid(session, owner_guid), value)
    return changes


# -- values ----------------------------------------------------------------------------------


def _store(session: Session, attr: Attribute, owner: Document | Case, value: str) -> str:
    """Write (or, for an empty value, remove) one validated value; returns what was stored."""
    clean = normalise_value(attr.value_type, value, attr.name)
    if isinstance(owner, Case):
        if attr.scope != "case":
            raise ValidationError(f"'{attr.name}' is a document attribute, not a case attribute")
        row: DocumentAttribute | CaseAttribute | None = session.get(
            CaseAttribute, (owner.id, attr.id)
        )
        new_row: DocumentAttribute | CaseAttribute = CaseAttribute(
            case_id=owner.id, attribute_id=attr.id, value=clean
        )
    else:
        if attr.scope != "document":
            raise ValidationError(f"'{attr.name}' is a case attribute, not a document attribute")
        row = session.get(DocumentAttribute, (owner.id, attr.id))
        new_row = DocumentAttribute(document_id=owner.id, attribute_id=attr.id, value=clean)
    now = utcnow()
    if row is None:
        if clean:
            new_row.updated = now
            session.add(new_row)
    elif row.value != clean:  # clearing keeps the row: "" is a tombstone with its time
        row.value, row.updated = clean, now
    owner.updated = now
    session.flush()
    return clean


def _resolve(
    session: Session, name: str, scope: str, value: str, value_type: str | None
) -> Attribute:
    """The attribute called *name*, created (as *value_type*, else text) when new, and retyped
    when *value_type* names a different type."""
    attr = find_attribute(session, name, scope)
    if attr is None:
        if not value.strip():
            raise NotFoundError(f"no {scope} attribute named '{' '.join(name.split())}'")
        define_attribute(session, name, value_type or "text", scope)
        attr = find_attribute(session, name, scope)
        assert attr is not None
    elif value_type is not None and check_type(value_type) != attr.value_type:
        retype_attribute(session, attr.guid, value_type)
    return attr


def set_document_value(
    session: Session, document: Document, name: str, value: str, value_type: str | None = None
) -> Changes:
    """Set a document's value of attribute *name* (defined on first use); empty clears it."""
    attr = _resolve(session, name, "document", value, value_type)
    _store(session, attr, document, value)
    return Changes(documents=True, document_guids={document.guid})


def clear_document_value(session: Session, document: Document, name: str) -> Changes:
    attr = get_attribute(session, name, "document")
    _store(session, attr, document, "")
    return Changes(documents=True, document_guids={document.guid})


def set_case_value(
    session: Session, case: Case, name: str, value: str, value_type: str | None = None
) -> Changes:
    """Set a case's value of case attribute *name* (defined on first use); empty clears it."""
    attr = _resolve(session, name, "case", value, value_type)
    _store(session, attr, case, value)
    return Changes(cases=True)


def set_value(session: Session, attribute_guid: str, owner_guid: str, value: str) -> Changes:
    """Set (or with "" clear) a value by guids: what the GUI's undoable commands call."""
    attr = attribute_by_guid(session, attribute_guid)
    if attr.scope == "case":
        case = session.scalars(
            select(Case).where(Case.guid == owner_guid, Case.deleted.is_(False))
        ).first()
        if case is None:
            document_by_guid(session, owner_guid)  # not a document either: "no longer there"
            raise ValidationError(f"'{attr.name}' is a case attribute, not a document attribute")
        _store(session, attr, case, value)
        return Changes(cases=True)
    _store(session, attr, document_by_guid(session, owner_guid), value)
    return Changes(documents=True, document_guids={owner_guid})


def get_value(session: Session, attribute_guid: str, owner_guid: str) -> str:
    """The stored value ("" when none): commands read it to know what undo restores."""
    attr = attribute_by_guid(session, attribute_guid)
    if attr.scope == "case":
        value = session.scalar(
            select(CaseAttribute.value)
            .join(Case, Case.id == CaseAttribute.case_id)
            .where(CaseAttribute.attribute_id == attr.id, Case.guid == owner_guid)
        )
    else:
        value = session.scalar(
            select(DocumentAttribute.value)
            .join(Document, Document.id == DocumentAttribute.document_id)
            .where(DocumentAttribute.attribute_id == attr.id, Document.guid == owner_guid)
        )
    return value or ""

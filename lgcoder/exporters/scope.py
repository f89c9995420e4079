"""Turn a :class:`Scope` into the coded passages it covers, and describe it in words.

Every export (Word, CSV, XLSX, codebook) goes through :func:`passages_in_scope`, so a filter
means the same thing everywhere. Names that do not exist are errors, not empty results, so a
typo in ``--code barriers/fundng`` is reported instead of producing an empty report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lgcoder.core.db import Project
from lgcoder.core.errors import NotFoundError
from lgcoder.core.models import Attribute, Case, CaseDocument, Document, DocumentAttribute
from lgcoder.core.ops.attributes import normalise_value
from lgcoder.core.ops.coders import list_coders
from lgcoder.core.ops.documents import get_document, list_documents
from lgcoder.core.queries import CodingRow, flat_code_tree, retrieve_codings
from lgcoder.core.words import counted
from lgcoder.exporters.options import Scope


def _documents_matching(session: Session, scope: Scope) -> set[str] | None:
    """Guids of documents allowed by the case and attribute filters (None: no such filter)."""
    allowed: set[str] | None = None
    if scope.cases:
        known = {
            n.lower(): n
            for n in session.scalars(
                select(Case.name).where(
                    func.lower(Case.name).in_([c.lower() for c in scope.cases]),
                    Case.deleted.is_(False),
                )
            )
        }
        missing = [c for c in scope.cases if c.lower() not in known]
        if missing:
            raise NotFoundError(f"no case named '{missing[0]}' in the project")
        allowed = set(
            session.scalars(
                select(Document.guid)
                .join(CaseDocument, CaseDocument.document_id == Document.id)
                .join(Case, Case.id == CaseDocument.case_id)
                .where(
                    Case.name.in_(list(known.values())),
                    Case.deleted.is_(False),
                    CaseDocument.deleted.is_(False),
                )
            )
        )
    for name, value in scope.attributes:
        attr = session.scalars(
            select(Attribute).where(
                Attribute.scope == "document",
                func.lower(Attribute.name) == name.lower(),
                Attribute.deleted.is_(False),
            )
        ).first()
        if attr is None:
            names = sorted(
                session.scalars(
                    select(Attribute.name).where(
                        Attribute.scope == "document", Attribute.deleted.is_(False)
                    )
                )
            )
            hint = f" (the project has: {', '.join(names)})" if names else " (the project has none)"
            raise NotFoundError(f"no document attribute named '{name}'{hint}")
        # values are stored in one spelling per type ("yes" -> "true", "3.50" -> "3.5")
        wanted = normalise_value(attr.value_type, value, attr.name)
        matching = set(
            session.scalars(
                select(Document.guid)
                .join(DocumentAttribute, DocumentAttribute.document_id == Document.id)
                .where(
                    DocumentAttribute.attribute_id == attr.id,
                    func.lower(DocumentAttribute.value) == wanted.strip().lower(),
                )
            )
        )
        allowed = matching if allowed is None else allowed & matching
    return allowed


def documents_in_scope(session: Session, scope: Scope) -> list[Document]:
    """The documents a report cites as its sources, in the project's order."""
    docs = list_documents(session)
    if scope.documents:
        wanted = {get_document(session, n).guid for n in scope.documents}
        docs = [d for d in docs if d.guid in wanted]
    allowed = _documents_matching(session, scope)
    if allowed is not None:
        docs = [d for d in docs if d.guid in allowed]
    return docs


def resolve_scope(session: Session, scope: Scope) -> tuple[set[int] | None, set[str] | None]:
    """Document ids and code guids (the named codes and all their sub-codes) in *scope*.

    ``None`` means "all", so callers that count in SQL (charts) add no filter at all then.
    Unknown names raise NotFoundError, as everywhere else.
    """
    from lgcoder.core.ops.codes import get_code

    documents: set[int] | None = None
    if scope.documents or scope.cases or scope.attributes:
        documents = {d.id for d in documents_in_scope(session, scope)}
    codes: set[str] | None = None
    if scope.codes:
        roots = {get_code(session, path).guid for path in scope.codes}
        parent = {n.guid: n.parent_guid for n in flat_code_tree(session, with_counts=False)}
        codes = set()
        for guid in parent:
            walk: str | None = guid
            while walk is not None and walk not in roots:
                walk = parent.get(walk)
            if walk is not None:
                codes.add(guid)
    return documents, codes


def passages_in_scope(session: Session, scope: Scope) -> list[CodingRow]:
    """Live coded passages in scope, in document order then position (sub-codes included)."""
    rows = retrieve_codings(
        session,
        codes=scope.codes,
        documents=scope.documents,
        coders=scope.coders,
        include_subcodes=True,
    )
    allowed = _documents_matching(session, scope)
    if allowed is not None:
        rows = [r for r in rows if r.document_guid in allowed]
    return rows


def attributes_by_document(session: Session, guids: Sequence[str]) -> dict[str, dict[str, str]]:
    """Document guid -> {attribute name: value}, for every given document (one query)."""
    out: dict[str, dict[str, str]] = {g: {} for g in guids}
    rows = session.execute(
        select(Document.guid, Attribute.name, DocumentAttribute.value)
        .join(DocumentAttribute, DocumentAttribute.document_id == Document.id)
        .join(Attribute, Attribute.id == DocumentAttribute.attribute_id)
        .where(DocumentAttribute.value != "", Attribute.deleted.is_(False))
        .order_by(Attribute.name)
    ).all()
    for guid, name, value in rows:
        if guid in out:
            out[guid][name] = value
    return out


@dataclass(frozen=True)
class ScopeChoices:
    """What a scope can be chosen from: fed to the export dialog so widgets hold no Session."""

    #: (path, name, depth, description, codings) depth-first, parents first.
    codes: list[tuple[str, str, int, str, int]]
    documents: list[str]
    coders: list[str]
    title: str
    #: case names, and each document attribute with the values documents carry (sorted)
    cases: list[str] = field(default_factory=list)
    attributes: list[tuple[str, list[str]]] = field(default_factory=list)


def scope_choices(session: Session) -> ScopeChoices:
    from lgcoder.core.ops.project import title

    return ScopeChoices(
        codes=[
            (n.path, n.name, n.path.count("/"), n.description, n.codings)
            for n in flat_code_tree(session)
        ],
        documents=[d.name for d in list_documents(session)],
        coders=[c.name for c in list_coders(session)],
        title=title(session),
        cases=list(
            session.scalars(
                select(Case.name).where(Case.deleted.is_(False)).order_by(func.lower(Case.name))
            )
        ),
        attributes=_attribute_values(session),
    )


def _attribute_values(session: Session) -> list[tuple[str, list[str]]]:
    """Each live document attribute with the distinct values documents have (one query)."""
    values: dict[str, set[str]] = {}
    for name, value in session.execute(
        select(Attribute.name, DocumentAttribute.value)
        .outerjoin(DocumentAttribute, DocumentAttribute.attribute_id == Attribute.id)
        .where(Attribute.scope == "document", Attribute.deleted.is_(False))
    ).all():
        known = values.setdefault(name, set())
        if value:
            known.add(value)
    return [
        (name, sorted(values[name], key=str.casefold)) for name in sorted(values, key=str.casefold)
    ]


def _names(items: Sequence[str], limit: int = 8) -> str:
    shown = list(items[:limit])
    more = len(items) - len(shown)
    text = ", ".join(shown)
    return f"{text} and {more} more" if more > 0 else text


def describe_scope(session: Session, scope: Scope) -> list[str]:
    """The scope as sentences a reader understands (title page, CLI summary)."""
    total_docs = len(list_documents(session))
    coders = [c.name for c in list_coders(session)]
    lines = []
    if scope.codes:
        lines.append(f"Themes: {_names(list(scope.codes))}, each with its sub-themes.")
    else:
        lines.append("Themes: every theme in the codebook.")
    if scope.documents:
        lines.append(
            f"Documents: {_names(list(scope.documents))} ({len(scope.documents)} of {total_docs})."
        )
    else:
        lines.append(
            "Documents: the project's only document."
            if total_docs == 1
            else f"Documents: all {counted(total_docs, 'document')} in the project."
        )
    if scope.cases:
        lines.append(f"Cases: {_names(list(scope.cases))}.")
    if scope.attributes:
        lines.append(
            "Only documents where " + "; ".join(f"{k} is {v}" for k, v in scope.attributes) + "."
        )
    if scope.coders:
        lines.append(f"Coders: {_names(list(scope.coders))}.")
    else:
        lines.append(f"Coders: all ({_names(coders)}).")
    return lines


def load_scope_choices(project: Project) -> ScopeChoices:
    """:func:`scope_choices` in its own read-only session (for dialogs, which hold none)."""
    with project.reading() as session:
        return scope_choices(session)

"""Memos: the researcher's notes on the project, a document (or a span of it), a code, a coding."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.core.errors import NotFoundError, ValidationError
from lgcoder.core.models import Code, Coder, Coding, Document, Memo, utcnow
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.lookup import memo_by_guid as memo_by_guid  # re-exported

TARGETS = ("project", "document", "code", "coding")


def _check_target(session: Session, target_type: str, target_guid: str) -> None:
    if target_type not in TARGETS:
        raise ValidationError(f"a memo can be attached to {', '.join(TARGETS)}; not {target_type}")
    models: dict[str, type[Document] | type[Code] | type[Coding]]
    models = {"document": Document, "code": Code, "coding": Coding}
    model = models.get(target_type)
    if model is None:
        return
    found = session.scalars(select(model.id).where(model.guid == target_guid)).first()
    if found is None:
        raise NotFoundError(f"the {target_type} this memo is for does not exist")


def add_memo(
    session: Session,
    target_type: str,
    target_guid: str,
    text: str,
    *,
    author: Coder | None = None,
    title: str = "",
    start: int | None = None,
    end: int | None = None,
    kind: str = "memo",
) -> Changes:
    """Attach a memo; the new memo's guid is ``created[0]``."""
    _check_target(session, target_type, target_guid if target_type != "project" else "")
    if (start is None) != (end is None):
        raise ValidationError("a memo anchored to text needs both a start and an end")
    if start is not None and end is not None:
        if target_type != "document":
            raise ValidationError("only document memos can be anchored to a passage")
        doc = session.scalars(select(Document).where(Document.guid == target_guid)).one()
        if not (0 <= start < end <= doc.text_length):
            raise ValidationError(f"span {start}:{end} is outside '{doc.name}'")
    memo = Memo(
        target_type=target_type,
        target_guid=target_guid if target_type != "project" else "",
        text=text.strip(),
        title=title.strip(),
        author_id=author.id if author else None,
        start=start,
        end=end,
        kind=kind,
    )
    session.add(memo)
    session.flush()
    return Changes(memos=True, created=[memo.guid], memo_guids={memo.guid})


def edit_memo(session: Session, guid: str, text: str, title: str | None = None) -> Changes:
    memo = memo_by_guid(session, guid)
    memo.text = text.strip()
    if title is not None:
        memo.title = title.strip()
    memo.updated = utcnow()
    session.flush()
    return Changes(memos=True, memo_guids={guid})


def delete_memo(session: Session, guid: str) -> Changes:
    memo = memo_by_guid(session, guid)
    memo.deleted = True
    memo.updated = utcnow()
    session.flush()
    return Changes(memos=True, memo_guids={guid})


def restore_memo(session: Session, guid: str) -> Changes:
    memo = memo_by_guid(session, guid, live=False)
    memo.deleted = False
    memo.updated = utcnow()
    session.flush()
    return Changes(memos=True, memo_guids={guid})


def memos_for(session: Session, target_type: str, target_guid: str = "") -> list[Memo]:
    return list(
        session.scalars(
            select(Memo)
            .where(
                Memo.target_type == target_type,
                Memo.target_guid == target_guid,
                Memo.deleted.is_(False),
            )
            .order_by(Memo.created, Memo.id)
        )
    )

"""The one way ops find a row by its guid (every area's ``*_by_guid`` is a line over this).

A leaf of :mod:`lgcoder.core.ops`: it imports only the models, so any op may look up any kind of
row without importing the op module that owns it (``attributes`` restoring case values used to
import ``cases``, which imports ``attributes``).
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.core.errors import NotFoundError
from lgcoder.core.models import Attribute, Case, Code, Coder, Coding, Document, Memo

Row = TypeVar("Row", Attribute, Case, Code, Coder, Coding, Document, Memo)


def by_guid(
    session: Session, model: type[Row], guid: str, missing: str, *, live: bool = True
) -> Row:
    """The *model* row with *guid*; *missing* is the message when there is none.

    With *live* a tombstoned row (``deleted``) counts as missing: what a user acts on must still
    be there. Undo and team merge pass ``live=False`` to reach a tombstone and bring it back.
    """
    row = session.scalars(select(model).where(model.guid == guid)).first()
    if row is None or (live and getattr(row, "deleted", False)):
        raise NotFoundError(missing)
    return row


def case_by_guid(session: Session, guid: str) -> Case:
    return by_guid(session, Case, guid, "that case is no longer in the project")


def attribute_by_guid(session: Session, guid: str) -> Attribute:
    return by_guid(session, Attribute, guid, "that attribute is no longer in the project")


def document_by_guid(session: Session, guid: str) -> Document:
    return by_guid(session, Document, guid, "that document is no longer in the project")


def coder_by_guid(session: Session, guid: str) -> Coder:
    return by_guid(session, Coder, guid, "that coder is not in this project")


def code_by_guid(session: Session, guid: str, *, live: bool = True) -> Code:
    return by_guid(session, Code, guid, "that code no longer exists", live=live)


def coding_by_guid(session: Session, guid: str, *, live: bool = True) -> Coding:
    return by_guid(session, Coding, guid, f"no coding with id {guid}", live=live)


def memo_by_guid(session: Session, guid: str, *, live: bool = True) -> Memo:
    return by_guid(session, Memo, guid, "that memo no longer exists", live=live)

"""Apply and remove codings: a (document, code, coder, start, end) passage, validated.

A coding is identified across copies by that key. Removing one leaves a tombstone; coding the same
passage again revives the same row, so a project never holds two rows for one key.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.core.errors import DuplicateError, NotFoundError, ValidationError
from lgcoder.core.models import Code, Coder, Coding, Document, utcnow
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.lookup import coding_by_guid as coding_by_guid  # re-exported
from lgcoder.core.words import counted


def check_span(doc_name: str, length: int, start: int, end: int) -> None:
    """Refuse spans a user could type by mistake, with the document's real length in the message."""
    if start < 0 or end < 0:
        raise ValidationError(f"span {start}:{end} is negative; offsets start at 0")
    if end <= start:
        raise ValidationError(f"span {start}:{end} is empty; the end must be after the start")
    if end > length:
        raise ValidationError(
            f"span {start}:{end} is outside '{doc_name}', which has {counted(length, 'character')}"
        )


def apply_coding_ids(
    session: Session,
    document_id: int,
    code_id: int,
    coder_id: int,
    start: int,
    end: int,
    memo: str = "",
    *,
    allow_existing: bool = False,
) -> tuple[str, bool] | None:
    """Low-level apply by ids: returns (guid, revived?) or None when it already exists live."""
    existing = session.scalars(
        select(Coding).where(
            Coding.document_id == document_id,
            Coding.code_id == code_id,
            Coding.coder_id == coder_id,
            Coding.start == start,
            Coding.end == end,
        )
    ).first()
    if existing is not None and not existing.deleted:
        if allow_existing:
            return None
        raise DuplicateError(
            f"this passage ({start}:{end}) is already coded with that code by that coder"
        )
    now = utcnow()
    if existing is not None:
        existing.deleted = False
        existing.memo = memo
        existing.updated = now
        session.flush()
        return existing.guid, True
    coding = Coding(
        document_id=document_id,
        code_id=code_id,
        coder_id=coder_id,
        start=start,
        end=end,
        memo=memo,
        created=now,
        updated=now,
    )
    session.add(coding)
    session.flush()
    return coding.guid, False


def apply_coding(
    session: Session,
    document: Document,
    code: Code,
    coder: Coder,
    start: int,
    end: int,
    memo: str = "",
) -> Changes:
    """Code ``document.text[start:end]`` with *code* for *coder*; the guid is ``created[0]``."""
    if code.deleted:
        raise NotFoundError(f"the code '{code.name}' has been deleted")
    check_span(document.name, document.text_length, start, end)
    result = apply_coding_ids(session, document.id, code.id, coder.id, start, end, memo.strip())
    assert result is not None
    guid, _revived = result
    return Changes(
        codings=True,
        codes=True,
        created=[guid],
        coding_guids={guid},
        code_guids={code.guid},
        document_guids={document.guid},
        coding_delta={(code.guid, document.guid, coder.guid): 1},
    )


def _changed(coding: Coding, delta: int = 0) -> Changes:
    """What touching *coding* changed; *delta* is +1 (it became live), -1 (removed) or 0."""
    key = (coding.code.guid, coding.document.guid, coding.coder.guid)
    return Changes(
        codings=True,
        codes=True,
        coding_guids={coding.guid},
        code_guids={coding.code.guid},
        document_guids={coding.document.guid},
        coding_delta={key: delta} if delta else {},
    )


def remove_coding(session: Session, guid: str) -> Changes:
    """Uncode: tombstone the coding so a team merge does not bring it back."""
    coding = coding_by_guid(session, guid)
    coding.deleted = True
    coding.updated = utcnow()
    session.flush()
    return _changed(coding, -1)


def restore_coding(session: Session, guid: str) -> Changes:
    """Undo of :func:`remove_coding`."""
    coding = coding_by_guid(session, guid, live=False)
    if not coding.deleted:
        return _changed(coding)
    if coding.code.deleted:  # on a server, another coder may have deleted it meanwhile
        raise NotFoundError(f"the code '{coding.code.name}' has been deleted")
    clash = session.scalars(
        select(Coding).where(
            Coding.document_id == coding.document_id,
            Coding.code_id == coding.code_id,
            Coding.coder_id == coding.coder_id,
            Coding.start == coding.start,
            Coding.end == coding.end,
            Coding.deleted.is_(False),
        )
    ).first()
    if clash is not None:
        raise DuplicateError("this passage is already coded again with that code")
    coding.deleted = False
    coding.updated = utcnow()
    session.flush()
    return _changed(coding, +1)


def set_coding_memo(session: Session, guid: str, memo: str) -> Changes:
    coding = coding_by_guid(session, guid)
    coding.memo = memo.strip()
    coding.updated = utcnow()
    session.flush()
    changes = _changed(coding)
    changes.memos = True
    return changes


def find_occurrence(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """Span of the *occurrence*-th (1-based) match of *needle* in *text*, as code points."""
    from lgcoder.core.textnorm import normalise_text

    needle = normalise_text(needle)
    if not needle:
        raise ValidationError("the text to match is empty")
    if occurrence < 1:
        raise ValidationError("--occurrence counts from 1")
    pos = -1
    for _ in range(occurrence):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            break
    if pos < 0:
        count = text.count(needle)
        if count == 0:
            raise NotFoundError(f"the text '{_short(needle)}' does not occur in the document")
        raise NotFoundError(
            f"the text '{_short(needle)}' occurs {counted(count, 'time')}, not {occurrence}"
        )
    return pos, pos + len(needle)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""The codebook: create, rename, move, recolour, describe, delete, restore and merge codes.

Codes form a tree; a code's *path* is its ancestors' names joined by ``/`` ("barriers/funding").
Names are unique among live siblings, compared case-insensitively, because a researcher reading
"Barriers" and "barriers" side by side would take them for one theme.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lgcoder.core.code_tree import SEP, code_paths
from lgcoder.core.errors import DuplicateError, NotFoundError, ValidationError
from lgcoder.core.models import Code, Coding, utcnow
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.colors import check_color, free_color
from lgcoder.core.ops.lookup import code_by_guid as code_by_guid  # re-exported


def clean_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("a code needs a name")
    if SEP in clean:
        raise ValidationError(f"a code name cannot contain '{SEP}' (it separates levels): {clean}")
    if len(clean) > 200:
        raise ValidationError("a code name can be at most 200 characters")
    return clean


def split_path(path: str) -> list[str]:
    parts = [clean_name(p) for p in path.strip().strip(SEP).split(SEP)] if path.strip() else []
    if not parts:
        raise ValidationError("a code needs a name")
    return parts


def live_codes(session: Session) -> list[Code]:
    return list(session.scalars(select(Code).where(Code.deleted.is_(False))))


def path_map(session: Session, include_deleted: bool = False) -> dict[int, str]:
    """Every code id -> full path, computed in one query (the tree is small)."""
    rows = session.execute(select(Code.id, Code.name, Code.parent_id, Code.deleted)).all()
    return code_paths(((r.id, r.name, r.parent_id, r.deleted) for r in rows), include_deleted)


def code_path(session: Session, code: Code) -> str:
    return path_map(session, include_deleted=True)[code.id]


def _sibling(session: Session, parent_id: int | None, name: str) -> Code | None:
    q = select(Code).where(Code.deleted.is_(False), func.lower(Code.name) == name.lower())
    q = q.where(Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id)
    return session.scalars(q).first()


def find_code(session: Session, path: str) -> Code | None:
    """The live code at *path* (case-insensitive), or None."""
    parent: Code | None = None
    for name in split_path(path):
        parent = _sibling(session, parent.id if parent else None, name)
        if parent is None:
            return None
    return parent


def get_code(session: Session, path: str) -> Code:
    code = find_code(session, path)
    if code is None:
        raise NotFoundError(f"no code '{path}' in the codebook")
    return code


def _next_sort(session: Session, parent_id: int | None) -> int:
    q = select(func.max(Code.sort_order)).where(Code.deleted.is_(False))
    q = q.where(Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id)
    current = session.scalar(q)
    return 0 if current is None else current + 1


def add_code(
    session: Session,
    path: str,
    *,
    color: str | None = None,
    description: str = "",
    parent_guid: str | None = None,
) -> Changes:
    """Create the code at *path*, creating missing parents; the new code's guid is ``created[-1]``.

    With ``parent_guid`` the path is taken relative to that code.
    """
    parts = split_path(path)
    parent = code_by_guid(session, parent_guid) if parent_guid else None
    changes = Changes(codes=True)
    for i, name in enumerate(parts):
        last = i == len(parts) - 1
        existing = _sibling(session, parent.id if parent else None, name)
        if existing is not None:
            if last:
                where = f" under '{code_path(session, parent)}'" if parent else ""
                raise DuplicateError(f"a code named '{existing.name}' already exists{where}")
            parent = existing
            continue
        count = session.scalar(select(func.count()).select_from(Code)) or 0
        if color and last:
            chosen = check_color(color)
        else:
            used = set(session.scalars(select(Code.color).where(Code.deleted.is_(False))))
            chosen = free_color(used, count)
        code = Code(
            name=name,
            parent_id=parent.id if parent else None,
            color=chosen,
            description=description.strip() if last else "",
            sort_order=_next_sort(session, parent.id if parent else None),
        )
        session.add(code)
        session.flush()
        changes.created.append(code.guid)
        changes.code_guids.add(code.guid)
        parent = code
    return changes


#: The fields of a code that carry their own edit time (``<field>_updated``); see models.Code.
CodeField = Literal["name", "parent", "color", "description", "deleted"]


def _touch(code: Code, *fields: CodeField, at: datetime | None = None) -> None:
    """Stamp the row and each edited field with one time.

    A team merge picks every field from its newest edit on its own, so an op must name exactly
    the fields it changed: stamping an untouched field would let this copy's stale value beat
    another copy's real edit of it.
    """
    now = at or utcnow()
    code.updated = now
    for name in fields:
        setattr(code, f"{name}_updated", now)


def rename_code(session: Session, guid: str, name: str) -> Changes:
    code = code_by_guid(session, guid)
    new = clean_name(name)
    clash = _sibling(session, code.parent_id, new)
    if clash is not None and clash.id != code.id:
        raise DuplicateError(f"a code named '{clash.name}' already exists at that level")
    code.name = new
    _touch(code, "name")
    session.flush()
    return Changes(codes=True, codings=True, code_guids={guid})


def recolour_code(session: Session, guid: str, color: str) -> Changes:
    code = code_by_guid(session, guid)
    code.color = check_color(color)
    _touch(code, "color")
    session.flush()
    return Changes(codes=True, codings=True, code_guids={guid})


def describe_code(session: Session, guid: str, description: str) -> Changes:
    code = code_by_guid(session, guid)
    code.description = description.strip()
    _touch(code, "description")
    session.flush()
    return Changes(codes=True, code_guids={guid})


def _descendants(session: Session, code: Code) -> list[Code]:
    out: list[Code] = []
    frontier = [code.id]
    while frontier:
        kids = list(
            session.scalars(
                select(Code).where(Code.parent_id.in_(frontier), Code.deleted.is_(False))
            )
        )
        out.extend(kids)
        frontier = [k.id for k in kids]
    return out


def children(session: Session, parent_id: int | None) -> list[Code]:
    q = select(Code).where(Code.deleted.is_(False))
    q = q.where(Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id)
    return list(session.scalars(q.order_by(Code.sort_order, Code.id)))


def move_code(
    session: Session, guid: str, new_parent_guid: str | None, position: int | None = None
) -> Changes:
    """Reparent and/or reorder a code; *position* is its index among the new siblings."""
    code = code_by_guid(session, guid)
    parent = code_by_guid(session, new_parent_guid) if new_parent_guid else None
    if parent is not None and (
        parent.id == code.id or parent.id in {d.id for d in _descendants(session, code)}
    ):
        raise ValidationError("a code cannot be moved inside itself")
    new_parent_id = parent.id if parent else None
    clash = _sibling(session, new_parent_id, code.name)
    if clash is not None and clash.id != code.id:
        raise DuplicateError(f"a code named '{clash.name}' already exists there")
    siblings = [c for c in children(session, new_parent_id) if c.id != code.id]
    index = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(index, code)
    code.parent_id = new_parent_id
    now = utcnow()
    for order, sib in enumerate(siblings):
        if sib.sort_order != order or sib is code:
            sib.sort_order = order
            _touch(sib, "parent", at=now)
    session.flush()
    return Changes(codes=True, codings=True, code_guids={guid})


def delete_code(session: Session, guid: str) -> Changes:
    """Tombstone the code, its sub-codes and all their codings, in the caller's transaction.

    The returned Changes lists every tombstoned guid, which is exactly what :func:`restore_code`
    needs to undo it.
    """
    code = code_by_guid(session, guid)
    doomed = [code, *_descendants(session, code)]
    ids = [c.id for c in doomed]
    now = utcnow()
    codings = list(
        session.scalars(select(Coding).where(Coding.code_id.in_(ids), Coding.deleted.is_(False)))
    )
    for coding in codings:
        coding.deleted = True
        coding.updated = now
    for c in doomed:
        c.deleted = True
        _touch(c, "deleted", at=now)
    session.flush()
    return Changes(
        codes=True,
        codings=True,
        code_guids={c.guid for c in doomed},
        coding_guids={c.guid for c in codings},
        document_guids={c.document.guid for c in codings},
    )


def restore_code(session: Session, code_guids: set[str], coding_guids: set[str]) -> Changes:
    """Bring back codes and codings tombstoned by :func:`delete_code` (its undo)."""
    now = utcnow()
    codes = list(session.scalars(select(Code).where(Code.guid.in_(code_guids))))
    for c in codes:
        clash = _sibling(session, c.parent_id, c.name)
        if clash is not None and clash.id != c.id:
            raise DuplicateError(f"cannot restore '{c.name}': another code now has that name")
        c.deleted = False
        _touch(c, "deleted", at=now)
    codings = list(session.scalars(select(Coding).where(Coding.guid.in_(coding_guids))))
    for coding in codings:
        coding.deleted = False
        coding.updated = now
    session.flush()
    return Changes(
        codes=True,
        codings=True,
        code_guids=set(code_guids),
        coding_guids=set(coding_guids),
        document_guids={c.document.guid for c in codings},
    )


@dataclass
class MergeRecord:
    """What :func:`merge_code` did, so it can be undone exactly."""

    source_guid: str
    target_guid: str
    retired_codings: list[str] = field(default_factory=list)
    created_codings: list[str] = field(default_factory=list)
    restored_codings: list[str] = field(default_factory=list)
    moved_children: list[tuple[str, int]] = field(default_factory=list)


def merge_code(session: Session, source_guid: str, target_guid: str) -> tuple[MergeRecord, Changes]:
    """Fold *source* into *target*: its codings move over, its sub-codes are reparented.

    Codings are keyed by (document, code, coder, span), so a moved coding is a new row on the
    target and a tombstone on the source; a passage both codes already covered is kept once.
    """
    from lgcoder.core.ops.codings import apply_coding_ids

    source = code_by_guid(session, source_guid)
    target = code_by_guid(session, target_guid)
    if source.id == target.id:
        raise ValidationError("a code cannot be merged into itself")
    if target.id in {d.id for d in _descendants(session, source)}:
        raise ValidationError("a code cannot be merged into one of its own sub-codes")
    record = MergeRecord(source_guid, target_guid)
    changes = Changes(codes=True, codings=True, code_guids={source_guid, target_guid})
    now = utcnow()
    for coding in list(
        session.scalars(
            select(Coding).where(Coding.code_id == source.id, Coding.deleted.is_(False))
        )
    ):
        coding.deleted = True
        coding.updated = now
        record.retired_codings.append(coding.guid)
        result = apply_coding_ids(
            session,
            coding.document_id,
            target.id,
            coding.coder_id,
            coding.start,
            coding.end,
            coding.memo,
            allow_existing=True,
        )
        if result is not None:
            guid, was_restored = result
            (record.restored_codings if was_restored else record.created_codings).append(guid)
        changes.document_guids.add(coding.document.guid)
    for child in children(session, source.id):
        clash = _sibling(session, target.id, child.name)
        if clash is not None:
            raise DuplicateError(
                f"cannot merge: both codes have a sub-code named '{child.name}'; merge those first"
            )
        record.moved_children.append((child.guid, child.sort_order))
        child.parent_id = target.id
        child.sort_order = _next_sort(session, target.id)
        _touch(child, "parent", at=now)
        session.flush()
    source.deleted = True
    _touch(source, "deleted", at=now)
    session.flush()
    changes.coding_guids |= set(record.retired_codings) | set(record.created_codings)
    return record, changes


def unmerge_code(session: Session, record: MergeRecord) -> Changes:
    """Undo :func:`merge_code` from its record."""
    source = code_by_guid(session, record.source_guid, live=False)
    now = utcnow()
    source.deleted = False
    _touch(source, "deleted", at=now)
    for guid, order in record.moved_children:
        child = code_by_guid(session, guid)
        child.parent_id = source.id
        child.sort_order = order
        _touch(child, "parent", at=now)
    for guid in record.created_codings + record.restored_codings:
        session.execute(update(Coding).where(Coding.guid == guid).values(deleted=True, updated=now))
    for guid in record.retired_codings:
        session.execute(
            update(Coding).where(Coding.guid == guid).values(deleted=False, updated=now)
        )
    session.flush()
    session.expire_all()
    return Changes(
        codes=True,
        codings=True,
        code_guids={record.source_guid, record.target_guid},
        coding_guids=set(record.retired_codings + record.created_codings),
    )

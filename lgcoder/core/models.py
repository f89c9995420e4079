"""The project's tables, as typed SQLAlchemy 2.x models (DESIGN §3).

Every row a user can see has a permanent ``guid`` (uuid4 text) that is its identity across copies
of the project; integer ids are local to one file. Codes and codings are never deleted outright:
a tombstone (``deleted``) plus ``updated`` lets a team merge tell "removed here" from "never seen".

Fields that two coders may edit independently (a code's name, place, colour, definition and
deletion; a coder's name and colour; a document's name) carry their own ``*_updated`` time, so a
team merge keeps a rename from one copy *and* a recolour from another instead of one whole row.
``updated`` stays the time of the row's latest change of any kind.

Cases and attributes follow the same rules (migration 0003): a deleted case or attribute is a
tombstone (``deleted`` + ``deleted_updated``), a document removed from a case keeps its
``case_document`` row as a tombstone, and an attribute value carries its own ``updated`` with an
empty value meaning "cleared". A tombstone keeps its name until a live row needs it; then it is
renamed with :func:`tombstone_name`, which is also what a team merge does.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship


def new_guid() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Timestamps are naive UTC with microseconds: comparable across machines and time zones."""
    return datetime.now(UTC).replace(tzinfo=None)


#: Server-side default of the per-field times: only raw SQL that names no field time meets it,
#: and "older than any edit" is the safe reading of such a row (migration 0002 uses the same).
EPOCH = "1970-01-01 00:00:00.000000"


def _same_as_updated(context: Any) -> datetime:
    """A new row's field times equal its ``updated`` (imports keep their files' dates)."""
    value = context.get_current_parameters().get("updated")
    return value if isinstance(value, datetime) else utcnow()


def field_time() -> Mapped[datetime]:
    """A per-field edit time; declare it after ``updated``, whose value it defaults to."""
    return mapped_column(DateTime, default=_same_as_updated, server_default=text(f"'{EPOCH}'"))


def tombstone_name(name: str, guid: str, limit: int = 200) -> str:
    """The name a deleted case or attribute takes when a live one needs its (unique) name."""
    suffix = f" (deleted {guid[:8]})"
    return name[: limit - len(suffix)] + suffix


def edit_time() -> Mapped[datetime]:
    """When a link row (membership, value) was last written: set, cleared or removed."""
    return mapped_column(DateTime, default=utcnow, server_default=text(f"'{EPOCH}'"))


def tombstone() -> Mapped[bool]:
    # false() is written 0 in SQLite and false in PostgreSQL (issue 13)
    return mapped_column(Boolean, default=False, server_default=false())


class Base(DeclarativeBase):
    pass


class ProjectInfo(Base):
    """Key/value settings of the project: title, default coder, creation time."""

    __tablename__ = "project_info"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Coder(Base):
    __tablename__ = "coder"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    color: Mapped[str] = mapped_column(String(7), default="#4477aa")
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    name_updated: Mapped[datetime] = field_time()
    color_updated: Mapped[datetime] = field_time()


#: The expression of the case-blind name index (the class body's ``text`` column shadows the
#: SQL ``text()`` function there).
_NAME_FOLDED = text("lower(name)")


class Document(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(500), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = deferred(mapped_column(Text))
    text_sha256: Mapped[str] = mapped_column(String(64), index=True)
    text_length: Mapped[int] = mapped_column(Integer)
    source_blob: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    source_filename: Mapped[str] = mapped_column(String(500), default="")
    source_mime: Mapped[str] = mapped_column(String(100), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    name_updated: Mapped[datetime] = field_time()

    # The order of the Documents list and where an import puts the new document, and whether a
    # name is taken regardless of case (migration 0004): without them each import read every
    # stored document row.
    __table_args__ = (
        Index("ix_document_order", "sort_order", "id"),
        Index("ix_document_name_folded", _NAME_FOLDED),
    )

    segments: Mapped[list[Segment]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Segment.ordinal"
    )
    attributes: Mapped[list[DocumentAttribute]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )


class Segment(Base):
    """Structure of a document's text (page, paragraph, heading, turn, cue) for citations."""

    __tablename__ = "segment"
    __table_args__ = (Index("ix_segment_doc_kind", "document_id", "kind", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    time_start: Mapped[float | None] = mapped_column(Float, nullable=True)
    time_end: Mapped[float | None] = mapped_column(Float, nullable=True)
    ordinal: Mapped[int] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="segments")


class Code(Base):
    """A theme in the codebook tree. Names are unique among live siblings (case-insensitive)."""

    __tablename__ = "code"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("code.id"), nullable=True, index=True)
    color: Mapped[str] = mapped_column(String(7), default="#999999")
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    name_updated: Mapped[datetime] = field_time()
    #: parent and sort order move together: a move is one edit.
    parent_updated: Mapped[datetime] = field_time()
    color_updated: Mapped[datetime] = field_time()
    description_updated: Mapped[datetime] = field_time()
    deleted_updated: Mapped[datetime] = field_time()

    parent: Mapped[Code | None] = relationship(remote_side=[id])


class Coding(Base):
    """One passage tagged with one code by one coder: ``document.text[start:end]``."""

    __tablename__ = "coding"
    __table_args__ = (
        Index(
            "ux_coding_live",
            "document_id",
            "code_id",
            "coder_id",
            "start",
            "end",
            unique=True,
            sqlite_where=text("deleted = 0"),
            postgresql_where=text("NOT deleted"),
        ),
        Index("ix_coding_code", "code_id"),
        Index("ix_coding_doc", "document_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    memo: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    document: Mapped[Document] = relationship()
    code: Mapped[Code] = relationship()
    coder: Mapped[Coder] = relationship()


class Memo(Base):
    """A researcher's note on the project, a document (optionally a span of it), a code or a coding.

    ``target_guid`` names the target by guid so a memo survives export and merge. ``kind`` is
    ``memo`` for the researcher's own notes, ``comment`` for imported Word comments and
    ``conflict`` for the older text kept when a team merge met two diverging versions.
    """

    __tablename__ = "memo"
    __table_args__ = (Index("ix_memo_target", "target_type", "target_guid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    target_type: Mapped[str] = mapped_column(String(16))
    target_guid: Mapped[str] = mapped_column(String(36), default="")
    kind: Mapped[str] = mapped_column(String(16), default="memo")
    title: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id"), nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    author: Mapped[Coder | None] = relationship()


class Case(Base):
    """A unit of analysis that groups documents (a council, a participant, a roundtable)."""

    __tablename__ = "case"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    name_updated: Mapped[datetime] = field_time()
    description_updated: Mapped[datetime] = field_time()
    deleted: Mapped[bool] = tombstone()
    deleted_updated: Mapped[datetime] = field_time()


class CaseDocument(Base):
    """A document's membership of a case; a removal is a tombstone (``deleted``) with its time."""

    __tablename__ = "case_document"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    updated: Mapped[datetime] = edit_time()
    deleted: Mapped[bool] = tombstone()


class Attribute(Base):
    """A typed variable (text, number, date, boolean) for documents or cases."""

    __tablename__ = "attribute"
    __table_args__ = (UniqueConstraint("scope", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)
    name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(16), default="document")
    value_type: Mapped[str] = mapped_column(String(16), default="text")
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deleted: Mapped[bool] = tombstone()
    deleted_updated: Mapped[datetime] = field_time()


class DocumentAttribute(Base):
    """A document's value of an attribute; "" is a cleared value (a tombstone with its time)."""

    __tablename__ = "document_attribute"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    attribute_id: Mapped[int] = mapped_column(
        ForeignKey("attribute.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[str] = mapped_column(Text, default="")
    updated: Mapped[datetime] = edit_time()

    document: Mapped[Document] = relationship(back_populates="attributes")
    attribute: Mapped[Attribute] = relationship()


class CaseAttribute(Base):
    """A case's value of an attribute; "" is a cleared value (a tombstone with its time)."""

    __tablename__ = "case_attribute"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), primary_key=True
    )
    attribute_id: Mapped[int] = mapped_column(
        ForeignKey("attribute.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[str] = mapped_column(Text, default="")
    updated: Mapped[datetime] = edit_time()


class GuidAlias(Base):
    """A guid that was merged into another: merging the same copy again still finds its rows."""

    __tablename__ = "guid_alias"

    alias: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(16))
    guid: Mapped[str] = mapped_column(String(36), index=True)


class MergeLog(Base):
    """What each team merge did (its report as JSON). A history, not project content."""

    __tablename__ = "merge_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sources: Mapped[str] = mapped_column(Text)
    report: Mapped[str] = mapped_column(Text)

"""Read-only queries shaped for the desktop workbench (plain data, no ORM objects escape).

The workbench must stay responsive on large projects, so these answer narrow questions: the
codings of *one* document, the counts of *the codes an action touched*, the coded share of
*the documents an action touched*. Views refresh incrementally from a ``Changes`` value with
them instead of re-reading the whole project after every click.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from lgcoder.core.gc_pause import cycle_collection_paused
from lgcoder.core.models import (
    Case,
    CaseDocument,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    Segment,
)
from lgcoder.core.pg import driver_sql


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the documents list."""

    guid: str
    name: str
    kind: str
    chars: int
    coded_share: float
    codings: int
    speakers: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()


class SegmentInfo(NamedTuple):
    """One piece of a document's structure the view formats (a page, a heading, a turn); a
    named tuple because a long transcript has thousands and opening it builds them all."""

    kind: str
    start: int
    end: int
    label: str
    level: int | None


@dataclass(frozen=True)
class DocumentContent:
    """What the document view shows: the immutable text and its structure."""

    guid: str
    name: str
    kind: str
    text: str
    segments: tuple[SegmentInfo, ...] = ()


class CodingSpan(NamedTuple):
    """A live coding as the document view paints it (a named tuple: a long document has
    thousands, all built when it opens)."""

    guid: str
    document_guid: str
    code_guid: str
    coder_guid: str
    start: int
    end: int
    memo: str


@dataclass(frozen=True)
class CoderInfo:
    guid: str
    name: str
    color: str


@dataclass(frozen=True)
class MemoInfo:
    guid: str
    target_type: str
    target_guid: str
    kind: str
    title: str
    text: str
    author: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class ProjectCounts:
    documents: int
    codes: int
    codings: int


_SHARES_SQL = """
SELECT d.guid, d.text_length, coalesce(t.covered, 0), coalesce(t.n, 0)
FROM document AS d
JOIN (
    SELECT document_id,
           sum(CASE WHEN "end" > from_ THEN "end" - from_ ELSE 0 END) AS covered,
           count(*) AS n
    FROM (
        SELECT document_id, "end",
               CASE WHEN start > coalesce(reach, 0) THEN start ELSE coalesce(reach, 0) END
                   AS from_
        FROM (
            SELECT c.document_id, c.start, c."end",
                   max(c."end") OVER (
                       PARTITION BY c.document_id ORDER BY c.start, c."end"
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                   ) AS reach
            {live} {where}
        ) AS w
    ) AS v
    GROUP BY document_id
) AS t ON t.document_id = d.id
"""
#: The live codings of live codes. On SQLite they are read from the partial index of live
#: codings, which holds every column the query needs, so the table is never visited (the
#: planner otherwise walks the table in position order: most of a second on 100,000 codings).
#: ``INDEXED BY`` is SQLite's own; the literal 0 is what lets the partial index serve.
_LIVE_SQLITE = """FROM coding AS c INDEXED BY ux_coding_live
            WHERE c.deleted = 0
              AND c.code_id NOT IN (SELECT id FROM code WHERE deleted = 1)"""
#: The same rows on PostgreSQL, which has no index hints and plans the join well itself.
_LIVE_PORTABLE = """FROM coding AS c JOIN code AS k ON k.id = c.code_id
            WHERE c.deleted = :no AND k.deleted = :no"""


def coded_shares(
    session: Session, document_guids: Sequence[str] | None = None
) -> dict[str, tuple[float, int]]:
    """Per document guid: (share of characters coded, number of live codings).

    The union of overlapping spans is computed inside SQLite with a window function (each
    coding's uncovered part is what lies beyond the furthest end before it). The live codings
    are read from the partial index of live codings, which holds every column needed, so the
    table itself is not visited (reading it in position order cost most of a second on 100,000
    codings). With ``document_guids`` only those documents.
    """
    # Written for both homes (SQLite and PostgreSQL): CASE rather than SQLite's two-argument
    # max(), named subqueries, and the flag as a parameter (0 in SQLite, false in PostgreSQL);
    # only the choice of the live codings differs (see _LIVE_SQLITE).
    sqlite = session.get_bind().dialect.name == "sqlite"
    live = _LIVE_SQLITE if sqlite else _LIVE_PORTABLE
    where = ""
    params: dict[str, object] = {} if sqlite else {"no": False}
    if document_guids is not None:
        names = [f"g{i}" for i in range(len(document_guids))]
        params.update(zip(names, document_guids, strict=True))
        inner = ", ".join(f":{n}" for n in names) or "NULL"
        where = f"AND c.document_id IN (SELECT id FROM document WHERE guid IN ({inner}))"
    out: dict[str, tuple[float, int]] = {}
    for guid, length, covered, count in session.execute(
        text(_SHARES_SQL.format(live=live, where=where)), params
    ):
        out[str(guid)] = (covered / length if length else 0.0, int(count))
    for guid in document_guids or ():
        out.setdefault(guid, (0.0, 0))
    return out


def document_summaries(session: Session, *, shares: bool = True) -> list[DocumentSummary]:
    """Every document in the user's order, with coded share, speakers and cases.

    Without *shares* the share and count are left at 0 (the workbench fills the count from its
    tally and reads the shares, the one costly part on a large project, in the background).
    """
    docs = session.execute(
        select(
            Document.guid, Document.name, Document.kind, Document.text_length, Document.id
        ).order_by(Document.sort_order, Document.id)
    ).all()
    covered = coded_shares(session) if shares else {}
    speakers: dict[int, dict[str, None]] = {}
    for doc_id, label in session.execute(
        select(Segment.document_id, Segment.label)
        .where(Segment.kind == "turn", Segment.label != "")
        .order_by(Segment.document_id, Segment.start)
    ):
        speakers.setdefault(doc_id, {}).setdefault(label, None)
    cases: dict[int, list[str]] = {}
    for doc_id, name in session.execute(
        select(CaseDocument.document_id, Case.name)
        .join(Case, Case.id == CaseDocument.case_id)
        .where(Case.deleted.is_(False), CaseDocument.deleted.is_(False))
        .order_by(Case.name)
    ):
        cases.setdefault(doc_id, []).append(name)
    return [
        DocumentSummary(
            guid=guid,
            name=name,
            kind=kind,
            chars=length,
            coded_share=covered.get(guid, (0.0, 0))[0],
            codings=covered.get(guid, (0.0, 0))[1],
            speakers=tuple(speakers.get(doc_id, {})),
            cases=tuple(cases.get(doc_id, [])),
        )
        for guid, name, kind, length, doc_id in docs
    ]


def document_name(session: Session, guid: str) -> str | None:
    return session.scalar(select(Document.name).where(Document.guid == guid))


_START_END = itemgetter(3, 4)


def _driver_rows(session: Session, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Rows of *sql* (``?`` placeholders) read with the driver's own cursor, on the session's
    connection and transaction.

    For the few queries that return thousands of rows when a document opens: SQLAlchemy's
    result rows cost ~3 µs each on top of SQLite's read, more than the read itself (17 ms of
    37 for the 5,000 codings of a long document). Works on either home of a project.
    """
    conn = session.connection()
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(driver_sql(sql, conn), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def document_content(session: Session, guid: str) -> DocumentContent | None:
    """The text and the structure the view formats: headings, pages and speaker turns (not
    paragraphs or cues, which are as many again on a transcript and which it never shows)."""
    found = _driver_rows(
        session, "SELECT id, name, kind, text FROM document WHERE guid = ?", (guid,)
    )
    if not found:
        return None
    doc_id, name, kind, text = found[0]
    segments = tuple(
        map(
            SegmentInfo._make,
            _driver_rows(
                session,
                'SELECT kind, start, "end", label, level FROM segment'
                " WHERE document_id = ? AND kind IN ('heading', 'page', 'turn')"
                " ORDER BY start, ordinal",
                (doc_id,),
            ),
        )
    )
    return DocumentContent(guid=guid, name=name, kind=kind, text=text or "", segments=segments)


def _span_query() -> Select[str, str, str, str, int, int, str]:
    return (
        select(
            Coding.guid,
            Document.guid,
            Code.guid,
            Coder.guid,
            Coding.start,
            Coding.end,
            Coding.memo,
        )
        .join(Document, Document.id == Coding.document_id)
        .join(Code, Code.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coding.deleted.is_(False), Code.deleted.is_(False))
    )


def coding_spans(session: Session, document_guid: str) -> list[CodingSpan]:
    """The live codings of one document, by position.

    Codes and coders are a few hundred rows at most: their guids are looked up here rather
    than joined per coding in SQL, and every row is read with the driver's cursor (see
    :func:`_driver_rows`). The codings are sorted here: SQLite's ORDER BY on this index
    (document, start) sorted each run of equal starts in a temporary tree, which took as long
    as reading the 5,000 rows of a long document.
    """
    found = _driver_rows(session, "SELECT id FROM document WHERE guid = ?", (document_guid,))
    if not found:
        return []
    doc_id = found[0][0]
    codes = dict(_driver_rows(session, "SELECT id, guid FROM code WHERE deleted = ?", (False,)))
    coders = dict(_driver_rows(session, "SELECT id, guid FROM coder", ()))
    with cycle_collection_paused():  # thousands of rows and spans, no cycles
        rows = _driver_rows(
            session,
            'SELECT guid, code_id, coder_id, start, "end", memo FROM coding'
            " WHERE document_id = ? AND deleted = ?",
            (doc_id, False),
        )
        rows.sort(key=_START_END)
        spans = [
            CodingSpan(guid, document_guid, codes[code], coders[coder], start, end, memo)
            for guid, code, coder, start, end, memo in rows
            if code in codes
        ]
        del rows  # gone before the collector is back on: it need not walk 5,000 dead rows
    return spans


def codings_by_guid(session: Session, guids: Iterable[str]) -> list[CodingSpan]:
    """Those of *guids* that are live codings of live codes (the rest were removed)."""
    wanted = list(guids)
    out: list[CodingSpan] = []
    for i in range(0, len(wanted), 500):
        q = _span_query().where(Coding.guid.in_(wanted[i : i + 500]))
        out.extend(CodingSpan(*row) for row in session.execute(q))
    return out


def code_counts(
    session: Session, code_guids: Iterable[str], coder_guids: Sequence[str] | None = None
) -> dict[str, tuple[int, int]]:
    """(codings, documents) for just these codes; codes without codings get (0, 0)."""
    wanted = list(code_guids)
    q = (
        select(Code.guid, func.count(Coding.id), func.count(func.distinct(Coding.document_id)))
        .join(Coding, Coding.code_id == Code.id)
        .where(Code.guid.in_(wanted), Coding.deleted.is_(False))
        .group_by(Code.guid)
    )
    if coder_guids is not None:
        q = q.join(Coder, Coder.id == Coding.coder_id).where(Coder.guid.in_(list(coder_guids)))
    out = {guid: (0, 0) for guid in wanted}
    for guid, n, d in session.execute(q):
        out[guid] = (n, d)
    return out


def coding_tally(
    session: Session, code_guids: Iterable[str] | None = None
) -> list[tuple[str, str, str, int]]:
    """Live codings of live codes per (code guid, document guid, coder guid): one grouped read.

    The workbench keeps this table and adjusts it by each op's ``Changes.coding_delta``, so its
    codebook counts, document counts and status bar never count the project's codings again
    after a click. With *code_guids*, only those codes (to recount after a bulk change).
    """
    wanted = set(code_guids) if code_guids is not None else None
    codes = {
        cid: guid
        for cid, guid in session.execute(select(Code.id, Code.guid).where(Code.deleted.is_(False)))
        if wanted is None or guid in wanted
    }
    documents: dict[int, str] = {
        i: g for i, g in session.execute(select(Document.id, Document.guid))
    }
    coders: dict[int, str] = {i: g for i, g in session.execute(select(Coder.id, Coder.guid))}
    # Grouped by the partial index of live codings (document, code, coder, ...), which SQLite
    # reads in order without a sort or a visit to the table; ids become guids here.
    # On SQLite spelled as the partial index's WHERE, to use it; PostgreSQL's boolean is not 0.
    live = (
        text("coding.deleted = 0")
        if session.get_bind().dialect.name == "sqlite"
        else Coding.deleted.is_(False)
    )
    q = (
        select(Coding.document_id, Coding.code_id, Coding.coder_id, func.count())
        .where(live)
        .group_by(Coding.document_id, Coding.code_id, Coding.coder_id)
    )
    if wanted is not None:
        q = q.where(Coding.code_id.in_(list(codes)))
    return [
        (codes[code], documents[doc], coders[coder], int(n))
        for doc, code, coder, n in session.execute(q)
        if code in codes
    ]


def document_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Document)) or 0


def project_counts(session: Session) -> ProjectCounts:
    docs = session.scalar(select(func.count()).select_from(Document)) or 0
    codes = session.scalar(select(func.count()).select_from(Code).where(Code.deleted.is_(False)))
    codings = session.scalar(
        select(func.count())
        .select_from(Coding)
        .join(Code, Code.id == Coding.code_id)
        .where(Coding.deleted.is_(False), Code.deleted.is_(False))
    )
    return ProjectCounts(documents=docs, codes=codes or 0, codings=codings or 0)


def coders(session: Session) -> list[CoderInfo]:
    return [
        CoderInfo(guid=g, name=n, color=c)
        for g, n, c in session.execute(
            select(Coder.guid, Coder.name, Coder.color).order_by(func.lower(Coder.name))
        )
    ]


def memos(session: Session, target_type: str, target_guid: str = "") -> list[MemoInfo]:
    """Live memos (and imported comments, conflict notes) attached to one target."""
    rows = session.execute(
        select(Memo, Coder.name)
        .outerjoin(Coder, Coder.id == Memo.author_id)
        .where(
            Memo.target_type == target_type,
            Memo.target_guid == target_guid,
            Memo.deleted.is_(False),
        )
        .order_by(Memo.created, Memo.id)
    ).all()
    return [
        MemoInfo(
            guid=m.guid,
            target_type=m.target_type,
            target_guid=m.target_guid,
            kind=m.kind,
            title=m.title,
            text=m.text,
            author=author or "",
            start=m.start,
            end=m.end,
        )
        for m, author in rows
    ]


@dataclass(frozen=True)
class CodeOutline:
    """A code without counts: cheap to read, enough to tell whether the tree's shape changed."""

    guid: str
    name: str
    parent_id: int | None
    color: str
    description: str
    sort_order: int


def code_outline(session: Session) -> list[CodeOutline]:
    """Live codes in a stable order, without counting codings (fast on any project size)."""
    return [
        CodeOutline(*row)
        for row in session.execute(
            select(
                Code.guid, Code.name, Code.parent_id, Code.color, Code.description, Code.sort_order
            )
            .where(Code.deleted.is_(False))
            .order_by(Code.id)
        )
    ]

"""Read-only questions the GUI, CLI and exporters ask: the code tree with counts, and retrieval.

Retrieval returns each coded passage with its exact text and its citation (page, speaker,
paragraph, timestamp), looked up from the document's Segments, so every consumer cites alike.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lgcoder.core.code_tree import CodeNode as CodeNode  # re-exported: callers import it here
from lgcoder.core.code_tree import CodeRow, assemble
from lgcoder.core.models import Code, Coder, Coding, Document, Segment
from lgcoder.core.ops.coders import get_coder
from lgcoder.core.ops.codes import get_code, path_map
from lgcoder.core.ops.documents import get_document


def code_tree(
    session: Session,
    coder_guids: Sequence[str] | None = None,
    *,
    subtree_documents: bool = False,
    with_counts: bool = True,
) -> list[CodeNode]:
    """Root codes (sorted by the user's order) with children and counts filled in.

    ``total_codings`` is always filled in; ``total_documents`` with *subtree_documents* (the CLI's
    ``codes`` and the codebook exports), for leaves and parents alike. Without *with_counts*
    every count is 0 and no coding is read (the workbench fills counts from its own tally).
    """
    paths = path_map(session)
    counts_q = (
        select(
            Coding.code_id,
            func.count(Coding.id),
            func.count(func.distinct(Coding.document_id)),
        )
        .where(Coding.deleted.is_(False))
        .group_by(Coding.code_id)
    )
    if coder_guids is not None:
        counts_q = counts_q.join(Coder, Coder.id == Coding.coder_id).where(
            Coder.guid.in_(list(coder_guids))
        )
    counts = {cid: (n, d) for cid, n, d in session.execute(counts_q).all()} if with_counts else {}
    docs_of: dict[int, set[int]] | None = None
    if subtree_documents:
        docs_of = {}
        pairs_q = (
            select(Coding.code_id, Coding.document_id).where(Coding.deleted.is_(False)).distinct()
        )
        if coder_guids is not None:
            pairs_q = pairs_q.join(Coder, Coder.id == Coding.coder_id).where(
                Coder.guid.in_(list(coder_guids))
            )
        for cid, did in session.execute(pairs_q).all():
            docs_of.setdefault(cid, set()).add(did)
    codes = [
        CodeRow(c.id, c.guid, c.name, c.parent_id, c.color, c.description, c.sort_order, False)
        for c in session.scalars(
            select(Code).where(Code.deleted.is_(False)).order_by(Code.sort_order, Code.id)
        )
    ]
    return assemble(codes, paths, counts, docs_of)


def flat_code_tree(
    session: Session,
    coder_guids: Sequence[str] | None = None,
    *,
    subtree_documents: bool = False,
    with_counts: bool = True,
) -> list[CodeNode]:
    """The tree depth-first, parents before children: the order a codebook is read in."""
    roots = code_tree(
        session, coder_guids, subtree_documents=subtree_documents, with_counts=with_counts
    )
    return [node for root in roots for node in root.walk()]


@dataclass(frozen=True)
class Citation:
    """Where a passage is: what a report cites after a quote."""

    page: str | None = None
    speaker: str | None = None
    paragraph: int | None = None
    timestamp: float | None = None
    heading: str | None = None


@dataclass(frozen=True)
class CodingRow:
    guid: str
    document: str
    document_guid: str
    code: str
    code_guid: str
    code_color: str
    coder: str
    coder_guid: str
    start: int
    end: int
    text: str
    memo: str
    citation: Citation
    created: datetime
    updated: datetime

    @property
    def page(self) -> str | None:
        return self.citation.page

    @property
    def speaker(self) -> str | None:
        return self.citation.speaker


class SegmentSpan(NamedTuple):
    """What a citation needs of a structure segment, as a plain tuple (a Segment object costs
    ten times as much to build, and a long report has thousands of them)."""

    kind: str
    start: int
    end: int
    label: str | None
    time_start: float | None


class CitationIndex:
    """Finds the page, speaker turn, paragraph and heading that contain an offset, by bisection."""

    def __init__(self, segments: Iterable[Segment | SegmentSpan]) -> None:
        self._by_kind: dict[str, tuple[list[int], list[Segment | SegmentSpan]]] = {}
        grouped: dict[str, list[Segment | SegmentSpan]] = {}
        for seg in segments:
            grouped.setdefault(seg.kind, []).append(seg)
        for kind, segs in grouped.items():
            segs.sort(key=lambda s: (s.start, s.end))
            self._by_kind[kind] = ([s.start for s in segs], segs)

    def _containing(self, kind: str, offset: int) -> tuple[int, Segment | SegmentSpan] | None:
        found = self._by_kind.get(kind)
        if not found:
            return None
        starts, segs = found
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and segs[i].start <= offset < max(segs[i].end, segs[i].start + 1):
            return i, segs[i]
        return None

    def _preceding(self, kind: str, offset: int) -> Segment | SegmentSpan | None:
        found = self._by_kind.get(kind)
        if not found:
            return None
        starts, segs = found
        i = bisect.bisect_right(starts, offset) - 1
        return segs[i] if i >= 0 else None

    def cite(self, start: int) -> Citation:
        page = self._containing("page", start)
        if page is None:  # a passage starting in the gap between pages belongs to the next one
            page_seg = self._preceding("page", start)
            page_label = page_seg.label if page_seg else None
        else:
            page_label = page[1].label
        turn = self._containing("turn", start)
        cue = self._containing("cue", start)
        para = self._containing("paragraph", start)
        heading = self._preceding("heading", start)
        timed = turn[1] if turn else (cue[1] if cue else None)
        return Citation(
            page=page_label,
            speaker=turn[1].label if turn else None,
            paragraph=para[0] + 1 if para else None,
            timestamp=timed.time_start if timed else None,
            heading=heading.label if heading else None,
        )


@dataclass
class RetrievalCache:
    """Per-document citation indexes and texts, reusable because both never change after import.

    The workbench re-reads the coded segments after every coding; without this it would rebuild
    a long report's citation index (thousands of segments) each time.
    """

    citations: dict[int, CitationIndex] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)


def citation_index(session: Session, document_id: int) -> CitationIndex:
    """The document's citation index, built from plain tuples (so it also stays usable after
    the session ends, as :class:`RetrievalCache` keeps it)."""
    rows = session.execute(
        select(Segment.kind, Segment.start, Segment.end, Segment.label, Segment.time_start).where(
            Segment.document_id == document_id
        )
    )
    return CitationIndex(SegmentSpan(*row) for row in rows)


def retrieve_codings(
    session: Session,
    *,
    codes: Sequence[str] = (),
    documents: Sequence[str] = (),
    coders: Sequence[str] = (),
    code_guids: Sequence[str] = (),
    document_guids: Sequence[str] = (),
    coder_guids: Sequence[str] = (),
    include_subcodes: bool = False,
    with_text: bool = True,
    cache: RetrievalCache | None = None,
    coding_guids: Sequence[str] | None = None,
) -> list[CodingRow]:
    """Live codings matching every given filter, ordered by document then position.

    Names (code paths, document names, coder names) that do not exist raise NotFoundError, so
    a typo is reported instead of silently returning nothing. *coding_guids* narrows the answer
    to those codings (the workbench's segments list re-reads only the rows an action touched).
    """
    code_ids = {get_code(session, p).id for p in codes}
    if code_guids:
        code_ids |= set(session.scalars(select(Code.id).where(Code.guid.in_(list(code_guids)))))
    if include_subcodes and code_ids:
        code_ids |= _descendant_ids(session, code_ids)
    doc_ids = {get_document(session, n).id for n in documents}
    if document_guids:
        doc_ids |= set(
            session.scalars(select(Document.id).where(Document.guid.in_(list(document_guids))))
        )
    coder_ids = {get_coder(session, n).id for n in coders}
    if coder_guids:
        coder_ids |= set(session.scalars(select(Coder.id).where(Coder.guid.in_(list(coder_guids)))))

    # plain columns, not Coding objects: ten thousand rows are read for a Word summary or a
    # big theme's segments list, and building ORM objects took most of the time
    q = (
        select(
            Coding.guid,
            Coding.document_id,
            Coding.code_id,
            Coding.start,
            Coding.end,
            Coding.memo,
            Coding.created,
            Coding.updated,
            Document.name,
            Document.guid,
            Code.guid,
            Code.color,
            Coder.name,
            Coder.guid,
        )
        .join(Document, Document.id == Coding.document_id)
        .join(Code, Code.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coding.deleted.is_(False), Code.deleted.is_(False))
    )
    if codes or code_guids:
        q = q.where(Coding.code_id.in_(code_ids))
    if documents or document_guids:
        q = q.where(Coding.document_id.in_(doc_ids))
    if coders or coder_guids:
        q = q.where(Coding.coder_id.in_(coder_ids))
    if coding_guids is not None:
        q = q.where(Coding.guid.in_(list(coding_guids)))
    q = q.order_by(Document.sort_order, Document.id, Coding.start, Coding.end, Code.id, Coder.id)
    rows = session.execute(q).all()
    paths = path_map(session)
    texts: dict[int, str] = cache.texts if cache is not None else {}
    indexes: dict[int, CitationIndex] = cache.citations if cache is not None else {}
    out: list[CodingRow] = []
    for (
        guid,
        did,
        code_id,
        start,
        end,
        memo,
        created,
        updated,
        doc_name,
        doc_guid,
        code_guid,
        color,
        coder_name,
        coder_guid,
    ) in rows:
        index = indexes.get(did)
        if index is None:
            index = indexes[did] = citation_index(session, did)
        if with_text and did not in texts:
            texts[did] = session.scalar(select(Document.text).where(Document.id == did)) or ""
        out.append(
            CodingRow(
                guid=guid,
                document=doc_name,
                document_guid=doc_guid,
                code=paths[code_id],
                code_guid=code_guid,
                code_color=color,
                coder=coder_name,
                coder_guid=coder_guid,
                start=start,
                end=end,
                text=texts[did][start:end] if with_text else "",
                memo=memo,
                citation=index.cite(start),
                created=created,
                updated=updated,
            )
        )
    return out


def _descendant_ids(session: Session, roots: set[int]) -> set[int]:
    rows = session.execute(select(Code.id, Code.parent_id).where(Code.deleted.is_(False))).all()
    kids: dict[int, list[int]] = {}
    for cid, pid in rows:
        if pid is not None:
            kids.setdefault(pid, []).append(cid)
    out: set[int] = set()
    frontier = list(roots)
    while frontier:
        nxt = [k for f in frontier for k in kids.get(f, []) if k not in out]
        out.update(nxt)
        frontier = nxt
    return out


def document_text(session: Session, document: Document) -> str:
    return session.scalar(select(Document.text).where(Document.id == document.id)) or ""

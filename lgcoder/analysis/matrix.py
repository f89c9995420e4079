"""The code matrix: how much of each theme each document, case, speaker or coder holds.

This is NVivo's matrix coding query and MAXQDA's Code Matrix Browser, and what a lead author
reads before writing ("eleven passages on barriers, from five of the six speakers"). Cells count
coded passages; a parent row includes its sub-codes (``rollup``) the way reports count them.
Columns:

* ``document`` — each document;
* ``case`` — each case (a passage counts for every case its document belongs to), and
  "(no case)" for documents in none;
* ``speaker`` — the speaker whose turn the passage starts in, and "(no speaker)" for passages
  outside any turn (reports, or a transcript's preamble);
* ``coder`` — who coded it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.core.errors import ValidationError
from lgcoder.core.models import Case, CaseDocument, Code, Coder, Coding, Document, Segment
from lgcoder.core.queries import flat_code_tree

#: Columns for passages that have no speaker (outside any turn) or whose document is in no case:
#: leaving them out would make the totals silently smaller than the codebook's counts.
NO_SPEAKER = "(no speaker)"
NO_CASE = "(no case)"
BY: tuple[str, ...] = ("document", "case", "speaker", "coder")


@dataclass
class CodeMatrix:
    """Rows are code paths (codebook order), columns the chosen dimension's labels."""

    by: str
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, row: str, column: str) -> int:
        return self.cells.get((row, column), 0)

    def row_total(self, row: str) -> int:
        return sum(self.count(row, c) for c in self.columns)


def _speaker_of(session: Session) -> dict[int, tuple[list[int], list[Segment]]]:
    turns: dict[int, list[Segment]] = {}
    for seg in session.scalars(
        select(Segment).where(Segment.kind == "turn").order_by(Segment.start)
    ):
        turns.setdefault(seg.document_id, []).append(seg)
    return {doc: ([s.start for s in segs], segs) for doc, segs in turns.items()}


def code_matrix(
    session: Session, by: str = "document", *, coders: Sequence[str] = (), rollup: bool = True
) -> CodeMatrix:
    """Count live coded passages per code × column; see the module docstring."""
    if by not in BY:
        raise ValidationError(f"the matrix columns must be one of {', '.join(BY)}; not {by}")
    nodes = flat_code_tree(session)
    path_of = {n.guid: n.path for n in nodes}
    parent_of = {n.guid: n.parent_guid for n in nodes}
    ancestors: dict[str, list[str]] = {}
    for n in nodes:
        chain, parent = [n.path], n.parent_guid
        while rollup and parent is not None and parent in path_of:
            chain.append(path_of[parent])
            parent = parent_of[parent]
        ancestors[n.guid] = chain
    q = (
        select(Coding.document_id, Coding.start, Code.guid, Coder.name, Document.name)
        .join(Code, Code.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Document, Document.id == Coding.document_id)
        .where(Coding.deleted.is_(False), Code.deleted.is_(False))
    )
    if coders:
        q = q.where(Coder.name.in_(list(coders)))
    rows = session.execute(q).all()

    columns: list[str]
    if by == "document":
        columns = list(
            session.scalars(select(Document.name).order_by(Document.sort_order, Document.id))
        )
    elif by == "coder":
        columns = sorted({r[3] for r in rows}, key=str.casefold)
    elif by == "case":
        columns = list(
            session.scalars(select(Case.name).where(Case.deleted.is_(False)).order_by(Case.name))
        )
        members: dict[int, list[str]] = {}
        for doc_id, case_name in session.execute(
            select(CaseDocument.document_id, Case.name)
            .join(Case, Case.id == CaseDocument.case_id)
            .where(Case.deleted.is_(False), CaseDocument.deleted.is_(False))
        ).all():
            members.setdefault(doc_id, []).append(case_name)
    else:
        turns = _speaker_of(session)
        columns = []
    matrix = CodeMatrix(by=by, rows=[n.path for n in nodes], columns=columns)
    seen_speakers: dict[str, None] = {}
    for doc_id, start, code_guid, coder, doc_name in rows:
        if by == "document":
            labels = [doc_name]
        elif by == "coder":
            labels = [coder]
        elif by == "case":
            labels = members.get(doc_id) or [NO_CASE]
        else:
            starts, segs = turns.get(doc_id, ([], []))
            i = bisect.bisect_right(starts, start) - 1
            if i < 0 or not (segs[i].start <= start < segs[i].end) or not segs[i].label:
                labels = [NO_SPEAKER]
            else:
                labels = [segs[i].label]
                seen_speakers.setdefault(segs[i].label, None)
        for path in ancestors.get(code_guid, []):
            for label in labels:
                matrix.cells[(path, label)] = matrix.cells.get((path, label), 0) + 1
    if by == "speaker":
        matrix.columns = sorted(seen_speakers, key=str.casefold)
    missing = {"speaker": NO_SPEAKER, "case": NO_CASE}.get(by)
    if missing and any(column == missing for _, column in matrix.cells):
        matrix.columns.append(missing)
    return matrix

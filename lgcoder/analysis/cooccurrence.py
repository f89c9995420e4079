"""Which themes are coded on the same passages: a code × code co-occurrence table.

Two codings co-occur when they are in the same document and their spans overlap (by at least one
character). The table counts overlapping pairs, which is what MAXQDA's Code Relations Browser and
NVivo's coding matrix show, and is the quickest way to see that *barriers* keep coming up with
*leadership*.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.core.models import Code, Coding
from lgcoder.core.ops.coders import get_coder
from lgcoder.core.ops.codes import path_map


@dataclass
class CooccurrenceTable:
    codes: list[str]
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, a: str, b: str) -> int:
        return self.counts.get((a, b), 0) if a <= b else self.counts.get((b, a), 0)


def cooccurrence(
    session: Session,
    coders: Sequence[str] = (),
    *,
    documents: Collection[int] | None = None,
    codes: Collection[str] | None = None,
) -> CooccurrenceTable:
    """Overlapping pairs of live codings with different codes, per pair of code paths.

    *documents* (ids) and *codes* (guids) narrow the codings considered (a chart's scope);
    ``None`` means all.
    """
    paths = path_map(session)
    q = (
        select(Coding.document_id, Coding.start, Coding.end, Coding.code_id)
        .join(Code, Code.id == Coding.code_id)
        .where(Coding.deleted.is_(False), Code.deleted.is_(False))
        .order_by(Coding.document_id, Coding.start)
    )
    if coders:
        ids = [get_coder(session, name).id for name in coders]
        q = q.where(Coding.coder_id.in_(ids))
    if documents is not None:
        q = q.where(Coding.document_id.in_(list(documents)))
    if codes is not None:
        q = q.where(Code.guid.in_(list(codes)))
    rows = session.execute(q).all()
    table = CooccurrenceTable(codes=sorted(paths.values(), key=str.casefold))
    open_spans: list[tuple[int, int, int]] = []  # (end, code_id, document) still reaching on
    current_doc = None
    for doc_id, start, end, code_id in rows:
        if doc_id != current_doc:
            open_spans, current_doc = [], doc_id
        open_spans = [s for s in open_spans if s[0] > start]
        for _other_end, other_code, _ in open_spans:
            if other_code != code_id:
                a, b = sorted((paths[code_id], paths[other_code]))
                table.counts[(a, b)] = table.counts.get((a, b), 0) + 1
        open_spans.append((end, code_id, doc_id))
    return table

"""Which themes are coded on the same passages: a code × code co-occurrence table.

Two codings co-occur when they are in the same document and their spans overlap (by at least one
character). The table counts overlapping pairs, which is what MAXQDA's Code Relations Browser and
NVivo's coding matrix show, and is the quickest way to see that *barriers* keep coming up with
*leadership*.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.core.arrays import sorted_unique
from lgcoder.core.models import Code, Coding
from lgcoder.core.ops.coders import get_coder
from lgcoder.core.ops.codes import path_map
from lgcoder.core.plain_rows import plain_rows


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
    paths = path_map(session)  # live codes only
    q = select(Coding.document_id, Coding.start, Coding.end, Coding.code_id).where(
        Coding.deleted.is_(False)
    )
    if coders:
        ids = [get_coder(session, name).id for name in coders]
        q = q.where(Coding.coder_id.in_(ids))
    if documents is not None:
        q = q.where(Coding.document_id.in_(list(documents)))
    if codes is not None:
        wanted = set(session.scalars(select(Code.id).where(Code.guid.in_(list(codes)))))
        q = q.where(Coding.code_id.in_(list(wanted)))
    table = CooccurrenceTable(codes=sorted(paths.values(), key=str.casefold))
    for (x, y), n in _overlapping_pairs(plain_rows(session, q), set(paths)).items():
        a, b = sorted((paths[x], paths[y]))
        table.counts[(a, b)] = table.counts.get((a, b), 0) + n
    return table


def _overlapping_pairs(
    rows: Sequence[tuple[int, int, int, int]], live: set[int]
) -> dict[tuple[int, int], int]:
    """(code id, code id) -> overlapping pairs of codings with those two different codes.

    Rows are (document, start, end, code). Sorted by document and start, coding *i* overlaps
    exactly the codings after it in its document that start before it ends: one
    ``searchsorted`` per coding gives that run, and numpy counts the pairs in it (100,000
    codings make some 340,000 pairs; a Python loop over them took over a second).
    """
    kept = [r for r in rows if r[3] in live and r[2] > r[1]]
    if not kept:
        return {}
    a = np.array(kept, dtype=np.int64)
    a = a[np.lexsort((a[:, 1], a[:, 0]))]
    doc, start, end, code = a[:, 0], a[:, 1], a[:, 2], a[:, 3]
    span = int(max(end.max(), start.max())) + 1
    key = doc * span + start
    first = np.arange(len(a)) + 1
    last = np.searchsorted(key, doc * span + end, side="left")  # first coding starting after
    runs = np.maximum(last - first, 0)
    if not runs.sum():
        return {}
    left = np.repeat(np.arange(len(a)), runs)
    offsets = np.arange(int(runs.sum())) - np.repeat(np.cumsum(runs) - runs, runs)
    right = first[left] + offsets
    x, y = code[left], code[right]
    differ = x != y
    lo, hi = np.minimum(x, y)[differ], np.maximum(x, y)[differ]
    pairs, counts = sorted_unique(lo * (int(code.max()) + 1) + hi)
    width = int(code.max()) + 1
    return {(int(p // width), int(p % width)): int(n) for p, n in zip(pairs, counts, strict=True)}

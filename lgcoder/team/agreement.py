"""Inter-coder agreement with standard statistics, defined exactly as in DESIGN §4.

* Scope: the documents where at least one compared coder has a live coding (of a live code);
  the codes with at least one such coding, or the ones asked for. A parent does not roll up
  its children.
* Units: every character, or every paragraph (speaker turn in transcripts); rated 1 for a code
  by a coder when one of their codings with that code covers (overlaps) the unit.
* Percent agreement (mean over coder pairs), Cohen's kappa per pair (chance from each coder's
  own marginals), Krippendorff's alpha (nominal, all coders). Pooled = the same over the
  per-code unit vectors laid end to end. A statistic that is undefined is None, never 0 or 1.

Everything is computed from weighted counts (see :mod:`lgcoder.team.units`) with exact integer
arithmetic until the final division, so results match the reference implementations.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.core.arrays import sorted_unique
from lgcoder.core.errors import ValidationError
from lgcoder.core.models import Code, Coder, Coding, Document, Segment
from lgcoder.core.ops.coders import get_coder
from lgcoder.core.ops.codes import get_code, path_map
from lgcoder.core.plain_rows import plain_rows
from lgcoder.core.words import counted
from lgcoder.team.units import (
    Ratings,
    Spans,
    segment_ratings,
    stacked_char_ratings,
    text_lines,
)

#: Below this kappa/alpha a code is flagged as low agreement (Landis & Koch's "moderate").
LOW_AGREEMENT = 0.6


@dataclass
class Counts:
    """Sufficient statistics: everything the three statistics need, and they add up (pooling)."""

    m: int
    units: int = 0
    pairs: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # n11, n10, n01, n00
    ones: int = 0  # ratings of 1 over all coders and units
    disagree: int = 0  # sum over units of c * (m - c), c = coders rating 1

    def add_ratings(self, r: Ratings) -> None:
        w = r.weights
        self.units += int(w.sum())
        for a, b in combinations(range(self.m), 2):
            pa, pb = r.patterns[a], r.patterns[b]
            n11 = int(w[pa & pb].sum())
            n10 = int(w[pa & ~pb].sum())
            n01 = int(w[~pa & pb].sum())
            n00 = int(w.sum()) - n11 - n10 - n01
            slot = self.pairs.setdefault((a, b), [0, 0, 0, 0])
            for i, v in enumerate((n11, n10, n01, n00)):
                slot[i] += v
        c = r.patterns.sum(axis=0).astype(np.int64)
        self.ones += int((w * c).sum())
        self.disagree += int((w * c * (self.m - c)).sum())

    def __iadd__(self, other: Counts) -> Counts:
        self.units += other.units
        for key, vals in other.pairs.items():
            slot = self.pairs.setdefault(key, [0, 0, 0, 0])
            for i, v in enumerate(vals):
                slot[i] += v
        self.ones += other.ones
        self.disagree += other.disagree
        return self

    def kappa(self, a: int, b: int) -> float | None:
        n11, n10, n01, n00 = self.pairs.get((a, b), [0, 0, 0, 0])
        n = n11 + n10 + n01 + n00
        chance = (n11 + n10) * (n11 + n01) + (n00 + n01) * (n00 + n10)
        if n == 0 or n * n == chance:
            return None
        return (n * (n11 + n00) - chance) / (n * n - chance)

    def percent(self) -> float | None:
        if self.units == 0 or not self.pairs:
            return None
        shares = [(v[0] + v[3]) / sum(v) for v in self.pairs.values()]
        return sum(shares) / len(shares)

    def alpha(self) -> float | None:
        n = self.m * self.units
        n1, n0 = self.ones, n - self.ones
        if self.m < 2 or n0 == 0 or n1 == 0:
            return None
        return 1.0 - (n - 1) * self.disagree / ((self.m - 1) * n0 * n1)


@dataclass
class Stats:
    percent_agreement: float | None
    kappa: list[tuple[str, str, float | None]]
    alpha: float | None
    units: int

    @classmethod
    def of(cls, counts: Counts, coders: Sequence[str]) -> Stats:
        kappas = [
            (coders[a], coders[b], counts.kappa(a, b))
            for a, b in combinations(range(len(coders)), 2)
        ]
        return cls(counts.percent(), kappas, counts.alpha(), counts.units)

    def low(self) -> bool:
        values = [k for _a, _b, k in self.kappa if k is not None]
        if self.alpha is not None:
            values.append(self.alpha)
        return bool(values) and min(values) < LOW_AGREEMENT

    def to_json(self) -> dict[str, Any]:
        return {
            "percent_agreement": self.percent_agreement,
            "kappa": [{"coders": [a, b], "value": v} for a, b, v in self.kappa],
            "alpha": self.alpha,
        }


@dataclass
class AgreementResult:
    unit: str
    coders: list[str]
    documents: list[str]
    codes: list[tuple[str, Stats]]
    pooled: Stats

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "coders": self.coders,
            "documents": self.documents,
            "codes": [{"code": path, **stats.to_json()} for path, stats in self.codes],
            "pooled": self.pooled.to_json(),
        }


def compute_agreement(
    session: Session,
    coders: Sequence[str],
    *,
    codes: Sequence[str] = (),
    unit: str = "char",
    documents: Collection[int] | None = None,
) -> AgreementResult:
    """Agreement per code and pooled; *documents* (ids) narrows the documents compared.

    The one implementation behind ``lgcoder agreement``, the workbench's agreement dialog and
    the coder comparison chart. The codings are read as plain tuples into numpy arrays (no row
    objects), and the character level counts all codes in one pass
    (:func:`~lgcoder.team.units.stacked_char_ratings`).
    """
    if unit not in ("char", "segment"):
        raise ValidationError(f"unit must be 'char' or 'segment', not {unit!r}")
    found = [get_coder(session, name) for name in coders]
    if len({c.id for c in found}) != len(found):
        raise ValidationError("a coder is named twice")
    if len(found) < 2:
        raise ValidationError("agreement needs at least two coders")
    names = [c.name for c in found]
    q = (
        select(Coding.code_id, Coding.coder_id, Coding.document_id, Coding.start, Coding.end)
        .join(Code, Code.id == Coding.code_id)
        .where(
            Coding.deleted.is_(False),
            Code.deleted.is_(False),
            Coding.coder_id.in_([c.id for c in found]),
        )
    )
    if documents is not None:
        q = q.where(Coding.document_id.in_(list(documents)))
    rows = np.array(plain_rows(session, q), dtype=np.int64).reshape(-1, 5)
    code_col, coder_col, doc_col = rows[:, 0], rows[:, 1], rows[:, 2]
    docs = session.execute(
        select(Document.id, Document.name, Document.text_length)
        .where(Document.id.in_(sorted_unique(doc_col)[0].tolist()))
        .order_by(Document.sort_order, Document.id)
    ).all()
    offset: dict[int, int] = {}
    total = 0
    for did, _name, length in docs:
        offset[did] = total
        total += length
    paths = path_map(session)
    if codes:
        by_path = {path: cid for cid, path in paths.items()}  # exact paths without a query each
        code_ids = [by_path[p] if p in by_path else get_code(session, p).id for p in codes]
        if len(set(code_ids)) != len(code_ids):
            raise ValidationError("a code is named twice")
    else:
        code_ids = sorted(sorted_unique(code_col)[0].tolist(), key=lambda cid: paths[cid])

    # each coding as (code's place in code_ids, coder's place in names, global span)
    group, in_codes = _places(code_col, code_ids)
    coder, _all = _places(coder_col, [c.id for c in found])
    at, _known = _places(doc_col, list(offset))
    shift = np.array(list(offset.values()) or [0], dtype=np.int64)[at]
    keep = in_codes
    group, coder = group[keep], coder[keep]
    starts, ends = (shift + rows[:, 3])[keep], (shift + rows[:, 4])[keep]

    m = len(found)
    if unit == "char":
        ratings, owner = stacked_char_ratings(group, coder, starts, ends, len(code_ids), m, total)
        per_code = grouped_counts(ratings, owner, len(code_ids), m)
    else:
        unit_starts, unit_ends = _unit_spans(session, docs, offset)
        per_code = []
        for g in range(len(code_ids)):
            mine = group == g
            spans: list[Spans] = [
                (starts[mine & (coder == k)], ends[mine & (coder == k)]) for k in range(m)
            ]
            counts = Counts(m)
            counts.add_ratings(segment_ratings(spans, unit_starts, unit_ends))
            per_code.append(counts)
    pooled = Counts(m)
    for counts in per_code:
        pooled += counts
    return AgreementResult(
        unit,
        names,
        [name for _did, name, _len in docs],
        [(paths[cid], Stats.of(c, names)) for cid, c in zip(code_ids, per_code, strict=True)],
        Stats.of(pooled, names),
    )


def _places(
    values: NDArray[np.int64], keys: Sequence[int]
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Each value's index in *keys*, and whether it is there at all (index 0 where not)."""
    if not keys:
        return np.zeros(len(values), dtype=np.int64), np.zeros(len(values), dtype=bool)
    key = np.array(keys, dtype=np.int64)
    order = np.argsort(key, kind="stable")
    where = np.minimum(np.searchsorted(key[order], values), len(key) - 1)
    found = key[order][where] == values
    return np.where(found, order[where], 0).astype(np.int64), found


def grouped_counts(ratings: Ratings, owner: NDArray[np.int64], groups: int, m: int) -> list[Counts]:
    """:meth:`Counts.add_ratings` for each code at once: *owner* (sorted) says which code each
    rating pattern belongs to, and every code owns at least one (see
    :func:`~lgcoder.team.units.stacked_char_ratings`). Sums stay in int64: exact."""
    out = [Counts(m) for _ in range(groups)]
    pairs = list(combinations(range(m), 2))
    if len(owner) == 0:
        for counts in out:
            counts.pairs = {pair: [0, 0, 0, 0] for pair in pairs}
        return out
    cuts = np.searchsorted(owner, np.arange(groups))
    w = ratings.weights

    def per_code(values: NDArray[np.int64]) -> list[int]:
        return [int(v) for v in np.add.reduceat(values, cuts)]

    units = per_code(w)
    tallies = {}
    for a, b in pairs:
        pa, pb = ratings.patterns[a], ratings.patterns[b]
        tallies[(a, b)] = (
            per_code(w * (pa & pb)),
            per_code(w * (pa & ~pb)),
            per_code(w * (~pa & pb)),
        )
    c = ratings.patterns.sum(axis=0).astype(np.int64)
    ones = per_code(w * c)
    disagree = per_code(w * c * (m - c))
    for g, counts in enumerate(out):
        counts.units, counts.ones, counts.disagree = units[g], ones[g], disagree[g]
        for pair, (n11, n10, n01) in tallies.items():
            counts.pairs[pair] = [n11[g], n10[g], n01[g], units[g] - n11[g] - n10[g] - n01[g]]
    return out


def _unit_spans(
    session: Session, docs: Sequence[Any], offset: dict[int, int]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Paragraphs (speaker turns in transcripts; non-empty lines where neither is known).

    One query for all documents' segments (not one per document), in document order."""
    ids = [did for did, _name, _length in docs]
    rows = plain_rows(
        session,
        select(Segment.document_id, Segment.kind, Segment.start, Segment.end)
        .where(Segment.document_id.in_(ids), Segment.kind.in_(("turn", "paragraph")))
        .order_by(Segment.document_id, Segment.start, Segment.end),
    )
    by_doc: dict[int, list[tuple[str, int, int]]] = {}
    for did, kind, s, e in rows:
        by_doc.setdefault(did, []).append((kind, s, e))
    bare = [did for did in ids if not by_doc.get(did)]
    texts = dict(
        session.execute(select(Document.id, Document.text).where(Document.id.in_(bare))).all()
        if bare
        else []
    )
    starts: list[int] = []
    ends: list[int] = []
    for did in ids:
        segs = by_doc.get(did, [])
        kind = "turn" if any(k == "turn" for k, _s, _e in segs) else "paragraph"
        spans = [(s, e) for k, s, e in segs if k == kind and e > s]
        if not spans:
            spans = text_lines(texts.get(did) or "")
        for s, e in spans:
            starts.append(offset[did] + s)
            ends.append(offset[did] + e)
    return np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_table(result: AgreementResult) -> str:
    """A plain-text table: one row per code, then the pooled row; low agreement is marked."""
    pairs = [f"kappa {a}/{b}" for a, b, _v in result.pooled.kappa]
    head = ["code", "units", "agree %", *pairs, "alpha", ""]
    rows = [head]
    for path, stats in [*result.codes, ("(pooled)", result.pooled)]:
        pct = "n/a" if stats.percent_agreement is None else f"{100 * stats.percent_agreement:.1f}"
        rows.append(
            [
                path,
                str(stats.units),
                pct,
                *(_fmt(v) for _a, _b, v in stats.kappa),
                _fmt(stats.alpha),
                "LOW" if stats.low() else "",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        f"unit: {result.unit}; coders: {', '.join(result.coders)}; "
        f"{counted(len(result.documents), 'document')} in scope: {', '.join(result.documents) or '-'}"
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def agreement_for(
    project: Any, coders: Sequence[str], codes: Sequence[str] = (), unit: str = "char"
) -> AgreementResult:
    """:func:`compute_agreement` in its own read-only session (for background tasks)."""
    with project.reading() as session:
        return compute_agreement(session, coders, codes=codes, unit=unit)


def coder_names(project: Any) -> list[str]:
    """Coders who have at least one live coding: the ones worth comparing."""
    with project.reading() as session:
        rows = session.execute(
            select(Coder.name)
            .join(Coding, Coding.coder_id == Coder.id)
            .where(Coding.deleted.is_(False))
            .group_by(Coder.id)
            .order_by(Coder.name)
        ).all()
        return [str(r[0]) for r in rows]

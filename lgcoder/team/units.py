"""Rating units for agreement (DESIGN §4): what each coder said about each unit, per code.

Documents in scope are laid end to end on one axis, so a unit is a span of that axis. Instead of
one boolean per character (millions per code), the character level is computed on *elementary
intervals*: between two consecutive coding boundaries every coder's rating is constant, so each
interval is one rating pattern weighted by its length. The statistics only need those weighted
counts, which makes char-level agreement on 100,000s of codings take well under a second.
:func:`stacked_char_ratings` does that for every code at once: each code gets its own copy of
the axis, laid end to end, so one sort finds the intervals of all codes (a sort per code was
a good part of the coder comparison chart's time).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lgcoder.core.arrays import sorted_unique

Spans = tuple[NDArray[np.int64], NDArray[np.int64]]  # starts, ends (global, end-exclusive)


@dataclass
class Ratings:
    """Rating patterns (coders x patterns, 0/1) and how many units share each pattern."""

    patterns: NDArray[np.bool_]
    weights: NDArray[np.int64]

    @property
    def units(self) -> int:
        return int(self.weights.sum())


def stacked_char_ratings(
    group: NDArray[np.int64],
    coder: NDArray[np.int64],
    starts: NDArray[np.int64],
    ends: NDArray[np.int64],
    groups: int,
    coders: int,
    total: int,
) -> tuple[Ratings, NDArray[np.int64]]:
    """Character ratings of *groups* codes in one pass, and the code of each interval.

    Every character of the axis ``[0, total)`` is a unit, once per code; a coder rates it 1
    for a code where one of their codings of that code covers it.

    Coding *i* (code ``group[i]``, by coder ``coder[i]``, ``[starts[i], ends[i])`` on the axis
    ``[0, total)``) is moved to code ``g``'s copy of the axis, ``[g * total, (g + 1) * total)``.
    Every copy's two ends are boundaries, so each elementary interval lies in one copy: its code
    is its start divided by *total*, and the intervals come out sorted by code. A coding running
    past the axis is cut at its end, as one starting before 0 is cut at 0.
    """
    empty = np.zeros(0, dtype=np.int64)
    if total <= 0 or groups == 0:
        return Ratings(np.zeros((coders, 0), dtype=bool), empty), empty
    shift = group * total
    s = np.clip(starts, 0, total) + shift
    e = np.clip(ends, 0, total) + shift
    edges = np.arange(groups + 1, dtype=np.int64) * total
    bounds, _counts = sorted_unique(np.concatenate([edges, s, e]))
    patterns = np.zeros((coders, len(bounds) - 1), dtype=bool)
    for k in range(coders):
        mine = coder == k
        if not mine.any():
            continue
        opened = np.bincount(np.searchsorted(bounds, s[mine]), minlength=len(bounds))
        closed = np.bincount(np.searchsorted(bounds, e[mine]), minlength=len(bounds))
        patterns[k] = np.cumsum(opened - closed)[:-1] > 0
    weights = np.diff(bounds).astype(np.int64)
    return Ratings(patterns, weights), (bounds[:-1] // total).astype(np.int64)


def segment_ratings(
    spans: list[Spans], unit_starts: NDArray[np.int64], unit_ends: NDArray[np.int64]
) -> Ratings:
    """Each unit ``[s, e)`` is rated 1 by a coder when any of their codings overlaps it."""
    n = len(unit_starts)
    patterns = np.zeros((len(spans), n), dtype=bool)
    monotone = bool(np.all(np.diff(unit_ends) >= 0)) if n > 1 else True
    for k, (starts, ends) in enumerate(spans):
        if len(starts) == 0 or n == 0:
            continue
        if monotone:
            first = np.searchsorted(unit_ends, starts, side="right")  # first unit ending after s
            stop = np.searchsorted(unit_starts, ends, side="left")  # units starting before e
            diff = np.zeros(n + 1, dtype=np.int64)
            ok = first < stop
            np.add.at(diff, first[ok], 1)
            np.add.at(diff, stop[ok], -1)
            patterns[k] = np.cumsum(diff)[:-1] > 0
        else:  # overlapping units: check each coding against every unit
            for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
                patterns[k] |= (unit_starts < e) & (unit_ends > s)
    return Ratings(patterns, np.ones(n, dtype=np.int64))


def text_lines(text: str) -> list[tuple[int, int]]:
    """Non-empty lines: the paragraphs of a document that has no paragraph segments."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out

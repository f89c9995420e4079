"""Rating units for agreement (DESIGN §4): what each coder said about each unit, per code.

Documents in scope are laid end to end on one axis, so a unit is a span of that axis. Instead of
one boolean per character (millions per code), the character level is computed on *elementary
intervals*: between two consecutive coding boundaries every coder's rating is constant, so each
interval is one rating pattern weighted by its length. The statistics only need those weighted
counts, which makes char-level agreement on 100,000s of codings take well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Spans = tuple[NDArray[np.int64], NDArray[np.int64]]  # starts, ends (global, end-exclusive)


@dataclass
class Ratings:
    """Rating patterns (coders x patterns, 0/1) and how many units share each pattern."""

    patterns: NDArray[np.bool_]
    weights: NDArray[np.int64]

    @property
    def units(self) -> int:
        return int(self.weights.sum())


def char_ratings(spans: list[Spans], total: int) -> Ratings:
    """Every character of the axis ``[0, total)`` is a unit; 1 where a coder's coding covers it."""
    pieces = [np.array([0, total], dtype=np.int64)]
    for starts, ends in spans:
        pieces += [starts, ends]
    bounds = np.unique(np.concatenate(pieces))
    bounds = bounds[(bounds >= 0) & (bounds <= total)]
    patterns = np.zeros((len(spans), max(len(bounds) - 1, 0)), dtype=bool)
    for k, (starts, ends) in enumerate(spans):
        if len(starts) == 0:
            continue
        diff = np.zeros(len(bounds), dtype=np.int64)
        np.add.at(diff, np.searchsorted(bounds, starts), 1)
        np.add.at(diff, np.searchsorted(bounds, ends), -1)
        patterns[k] = np.cumsum(diff)[:-1] > 0
    weights = np.diff(bounds).astype(np.int64)
    keep = weights > 0
    return Ratings(patterns[:, keep], weights[keep])


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

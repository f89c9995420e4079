"""Reading order for PDF pages: pieces (see :mod:`.pdf_pieces`) grouped into lines.

pdfium gives text in content-stream order, which is right for most generators (Word, LaTeX) but
runs straight across columns in some (the IRS instructions read "line 1 of column 1, line 1 of
column 2, ..."). The pieces are ordered by a recursive XY-cut: columns (vertical whitespace
gutters) first, else the widest horizontal gap. Gutters that would cut off a narrow strip (line
numbers, bullets, table figures) are ignored, so transcripts with numbered lines and tables
still read row by row.

This runs on every piece of every page, so the hot paths avoid rework: a band's column split is
computed once and handed down, one-piece bands are lines without recursion, and spanner lookups
use bisection rather than a scan per piece.
"""

from __future__ import annotations

import bisect
import itertools
from operator import attrgetter

from lgcoder.importers.pdf_pieces import Piece
from lgcoder.importers.pdf_text import median

_Part = tuple[list[Piece], list[list[Piece]] | None]  # pieces, and their column split if known
_X0 = attrgetter("x0")
_TOP = attrgetter("top")


def _split_columns(items: list[Piece], gutter: float, narrow: float) -> list[list[Piece]]:
    """Groups separated by vertical whitespace; narrow strips stay with their neighbour."""
    ordered = sorted(items, key=_X0)
    first = ordered[0]
    group = [first]
    groups: list[list[Piece]] = [group]
    spans: list[tuple[float, float]] = []  # each closed group's left and right edge
    left = first.x0
    right = edge = first.x1  # right: of everything so far; edge: of the open group
    for p in ordered[1:]:
        x0, x1 = p.x0, p.x1
        if x0 - right >= gutter:
            spans.append((left, edge))
            group = [p]
            groups.append(group)
            left, edge = x0, x1
        else:
            group.append(p)
            if x1 > edge:
                edge = x1
        if x1 > right:
            right = x1
    if len(groups) == 1:
        return groups
    spans.append((left, edge))
    merged: list[list[Piece]] = []
    merged_span: list[float] = []
    for g, (left, edge) in zip(groups, spans, strict=True):
        if merged and (edge - left < narrow or merged_span[1] - merged_span[0] < narrow):
            merged[-1] = merged[-1] + g
            merged_span = [min(merged_span[0], left), max(merged_span[1], edge)]
        else:
            merged.append(g)
            merged_span = [left, edge]
    return merged


def _split_rows(items: list[Piece], gutter: float, height: float) -> list[_Part]:
    """Cut at every horizontal gap, then glue back runs of bands that share a column gutter.

    Cutting everywhere is what makes this fast; gluing is what keeps two columns whose
    paragraph breaks happen to line up from being read across, band by band. Each band comes
    with its column split when it was computed here, so the caller need not repeat it.
    """
    ordered = sorted(items, key=_TOP, reverse=True)
    bands: list[list[Piece]] = [[ordered[0]]]
    low = ordered[0].bottom
    for p in ordered[1:]:
        if p.top < low:
            bands.append([p])
        else:
            bands[-1].append(p)
        if p.bottom < low:
            low = p.bottom
    if len(bands) == 1:
        return [(bands[0], None)]
    narrow = 6 * height
    groups: list[_Part] = []
    prev_gaps: list[tuple[float, float]] = []
    for band in bands:
        if len(band) == 1:  # most bands: one line of one piece, never glued
            groups.append((band, [band]))
            prev_gaps = []
            continue
        columns = _split_columns(band, gutter, narrow)
        gaps = _gaps_between(columns)
        if groups and gaps and prev_gaps and _share_gutter(gaps, prev_gaps):
            groups[-1] = (groups[-1][0] + band, None)
        else:
            groups.append((band, columns))
        prev_gaps = gaps
    return groups


def _gaps_between(columns: list[list[Piece]]) -> list[tuple[float, float]]:
    return [(max(p.x1 for p in a), min(p.x0 for p in b)) for a, b in itertools.pairwise(columns)]


def _share_gutter(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    return any(min(a1, b1) > max(a0, b0) for a0, a1 in a for b0, b1 in b)


def _lines_of(items: list[Piece], top_down: bool = False) -> list[list[Piece]]:
    """Group a leaf's pieces into visual lines, left to right.

    *top_down*: the pieces are already sorted by their top, highest first, as
    :func:`_split_rows` leaves them, so the sort is skipped.
    """
    if len(items) == 1:
        return [items]
    lines: list[list[Piece]] = []
    low = high = 0.0
    for p in items if top_down else sorted(items, key=_TOP, reverse=True):
        mid = (p.top + p.bottom) / 2
        if lines and low <= mid <= high:
            lines[-1].append(p)
            if p.bottom < low:
                low = p.bottom
            if p.top > high:
                high = p.top
            continue
        lines.append([p])
        low, high = p.bottom, p.top
    return [sorted(line, key=_X0) if len(line) > 1 else line for line in lines]


def order_pieces(
    items: list[Piece],
    height: float,
    depth: int = 0,
    columns: list[list[Piece]] | None = None,
) -> list[list[Piece]]:
    """Recursive XY-cut: visual lines in reading order (*columns*: the split, if known)."""
    if len(items) <= 1 or depth > 200:
        return _lines_of(items) if items else []
    gutter = max(0.7 * height, 5.0)
    if columns is None:
        columns = _split_columns(items, gutter, narrow=6 * height)
    if len(columns) > 1:
        return _order_each([(col, None) for col in columns], height, depth)
    bands = _bands_between_spanners(items, gutter, height)
    if bands is not None:
        if len(bands) == 1:
            return _lines_of(items)
        return _order_each([(b, None) for b in bands], height, depth)
    split = _split_rows(items, gutter, height)
    if len(split) == 1:  # its one part holds the pieces sorted top-down (its bands in turn)
        return _lines_of(split[0][0], top_down=True)
    return _order_each(split, height, depth)


def _order_each(parts: list[_Part], height: float, depth: int) -> list[list[Piece]]:
    """Order each part in turn; a part of one piece is one line (most bands are)."""
    lines: list[list[Piece]] = []
    for part, columns in parts:
        if len(part) == 1:
            lines.append(part)
        else:
            lines += order_pieces(part, height, depth + 1, columns)
    return lines


def _gutters(items: list[Piece], min_gap: float, min_width: float) -> list[tuple[float, float]]:
    """Vertical strips that (almost) no piece crosses, with real columns on both sides.

    A few stray pieces (a footer code, a running head) may cross a gutter; they are allowed up
    to 4% of the pieces and are then cut out as spanners by the caller.

    This is a sweep over the pieces' left (+1) and right (-1) edges in x order, a right edge
    before a left edge at the same x: the two edge lists are sorted on their own (floats sort
    fast) and merged in the walk. Plain Python beats a numpy sweep at every block size the
    corpus has (up to ~450 pieces; 3-6x faster on the usual few dozen), as numpy's per-call
    cost dominates arrays this small.
    """
    n = len(items)
    lefts = sorted([p.x0 for p in items])
    rights = sorted([p.x1 for p in items])
    left = lefts[0] if lefts[0] < rights[0] else rights[0]
    right = rights[-1] if rights[-1] > lefts[-1] else lefts[-1]
    tolerance = max(1, n // 25)  # at most this many pieces may cross a clear strip
    runs: list[tuple[float, float]] = []
    depth = 0  # pieces open at the current x
    j = 0
    start: float | None = None  # where the clear strip being walked began
    for x in lefts:
        while j < n and rights[j] <= x:  # pieces ending here close before this one opens
            depth -= 1
            if start is None and depth <= tolerance:
                start = rights[j]
            j += 1
        depth += 1
        if start is None:
            if depth <= tolerance:
                start = x
        elif depth > tolerance:
            if x - start >= min_gap and start > left:
                runs.append((start, x))
            start = None
    # the right edges left over only close pieces: no strip ends after the last left edge
    edges = [left] + [c for run in runs for c in run] + [right]
    columns_ok = all(edges[2 * i + 1] - edges[2 * i] >= min_width for i in range(len(runs) + 1))
    return runs if columns_ok else []


def _bands_between_spanners(
    items: list[Piece], gutter: float, height: float
) -> list[list[Piece]] | None:
    """Cut above and below pieces that straddle otherwise clean column gutters.

    A running head, a title or a footer code crosses the gutters; cutting the page at the
    widest horizontal gap instead might cut *through* the columns where their paragraph breaks
    happen to line up, and interleave them.
    """
    if len(items) < 12:
        return None
    gaps = _gutters(items, gutter, 6 * height)
    if not gaps:
        return None
    # gutters are sorted and disjoint, so a piece spans one if it spans the first gutter that
    # starts at or right of its left edge
    lefts = [g0 + 1 for g0, _ in gaps]
    rights = [g1 - 1 for _, g1 in gaps]
    spanning = []
    for p in items:
        k = bisect.bisect_left(lefts, p.x0)
        if k < len(lefts) and p.x1 >= rights[k]:
            spanning.append(p)
    if not spanning or len(spanning) > len(items) // 2:
        return None
    spanning.sort(key=_TOP, reverse=True)
    ids = {id(q) for q in spanning}
    mids = sorted((q.top + q.bottom) / 2 for q in spanning)
    bands: list[list[Piece]] = [[] for _ in range(2 * len(spanning) + 1)]
    for p in items:
        if id(p) in ids:
            continue
        index = len(mids) - bisect.bisect_right(mids, (p.top + p.bottom) / 2)  # spanners below
        bands[2 * index].append(p)
    for n, q in enumerate(spanning):
        bands[2 * n + 1].append(q)
    return [b for b in bands if b]


def reading_lines(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped into lines in reading order; stream order kept for rotated/vertical text."""
    if not pieces:
        return []
    heights = [p.height for p in pieces]
    wide = upright = 0
    for p, h in zip(pieces, heights, strict=True):
        if len(p.text) >= 3:
            wide += 1
            upright += p.x1 - p.x0 >= h
    if wide and upright < 0.6 * wide:
        return [[p] for p in pieces]  # vertical writing or rotated page: trust pdfium's order
    height = median(heights)
    return order_pieces(pieces, height)

"""Reading order for PDF pages, built on pdfium's fast text engine.

pdfium gives text in content-stream order, which is right for most generators (Word, LaTeX) but
runs straight across columns in some (the IRS instructions read "line 1 of column 1, line 1 of
column 2, ..."). We ask pdfium only for cheap geometry: one rectangle list per text line. Where a
line has a wide horizontal gap, it is split into pieces at that gap (a binary search with
``count_rects`` finds the character boundary). The pieces are then ordered by a recursive XY-cut:
columns (vertical whitespace gutters) first, else the widest horizontal gap. Gutters that would
cut off a narrow strip (line numbers, bullets, table figures) are ignored, so transcripts with
numbered lines and tables still read row by row.

Everything here is geometry and strings; the caller turns lines into paragraphs.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass
from typing import Any

_LINE = re.compile(r"[^\r\n]+")


@dataclass
class Piece:
    """A run of text on one visual line, with its box in PDF points (y grows upwards)."""

    text: str
    x0: float
    bottom: float
    x1: float
    top: float

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.1)


def _union(rects: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def _new_piece_between(a: tuple[float, ...], b: tuple[float, ...], height: float) -> bool:
    """True when rect *b* does not continue rect *a* on the same visual line."""
    gap = b[0] - a[2]
    if gap > max(1.2 * height, 6.0):
        return True  # a column gutter or a table gap
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap <= 0 and b[0] < a[2]  # wrapped back to the start of a lower line


def page_pieces(textpage: Any, page_width: float) -> list[Piece]:
    """Split pdfium's text lines into pieces that each sit on one line of one column."""
    full = textpage.get_text_range()
    probe = _CharProbe(textpage)
    runs: list[tuple[int, int, list[tuple[float, float, float, float]]]] = []
    for m in _LINE.finditer(full):
        runs += _rect_ranges(probe, m.start(), m.end())
    boxes = [_union(rects) for _, _, rects in runs]
    narrow = sum(1 for b in boxes if b[2] - b[0] < 0.4 * page_width)
    columns_likely = narrow >= 0.3 * len(boxes)
    pieces: list[Piece] = []
    for (start, end, rects), box in zip(runs, boxes, strict=True):
        ranges = [(start, end)]
        if columns_likely and box[2] - box[0] > 0.45 * page_width:
            ranges = probe.split_at_gaps(full, start, end, box[3] - box[1])
        for a, b in ranges:
            text = full[a:b]
            if not text.strip():
                continue
            sub = box if (a, b) == (start, end) else _union(probe.rects(a, b) or rects)
            pieces.append(Piece(text.strip(" "), *sub))
    return pieces


def _rect_ranges(
    probe: _CharProbe, start: int, end: int
) -> list[tuple[int, int, list[tuple[float, float, float, float]]]]:
    """Char ranges of a pdfium line, cut where its rectangles jump columns or lines."""
    rects = probe.rects(start, end)
    if len(rects) <= 1:
        return [(start, end, rects)] if rects else []
    height = statistics.median(r[3] - r[1] for r in rects) or 1.0
    cuts = [j for j in range(len(rects) - 1) if _new_piece_between(rects[j], rects[j + 1], height)]
    if not cuts:
        return [(start, end, rects)]
    bounds = [start]
    for j in cuts:
        # never let a bound go backwards: a lost range would be lost text
        bounds.append(max(bounds[-1], probe.first_char_of_rect(start, end, j + 1)))
    bounds.append(end)
    edges = [0, *(j + 1 for j in cuts), len(rects)]
    return [
        (bounds[n], bounds[n + 1], rects[edges[n] : edges[n + 1]])
        for n in range(len(bounds) - 1)
        if bounds[n + 1] > bounds[n]
    ]


class _CharProbe:
    """Character boxes for the few places where a wide line might hide a column gutter.

    pdfium merges text from one content-stream object into one rectangle even when it spans
    two columns, so wide lines are checked at each space: a gap between the neighbouring
    glyphs much wider than a word space means a gutter.
    """

    def __init__(self, textpage: Any) -> None:
        import ctypes

        import pypdfium2.raw as raw

        self._get = raw.FPDFText_GetCharBox
        self._count = raw.FPDFText_CountRects
        self._rect = raw.FPDFText_GetRect
        self._raw = textpage.raw
        self._vals = [ctypes.c_double() for _ in range(4)]
        self._refs = [ctypes.byref(v) for v in self._vals]

    def rects(self, start: int, end: int) -> list[tuple[float, float, float, float]]:
        """pdfium's rectangles for chars [start, end) as (left, bottom, right, top)."""
        count = self._count(self._raw, start, end - start)
        found = []
        v, r = self._vals, self._refs
        for j in range(count):
            self._rect(self._raw, j, r[0], r[1], r[2], r[3])  # left, top, right, bottom
            found.append((v[0].value, v[3].value, v[2].value, v[1].value))
        return found

    def first_char_of_rect(self, start: int, end: int, index: int) -> int:
        """Smallest char index whose prefix [start, i] needs more than *index* rects."""
        lo, hi = 1, end - start
        while lo < hi:
            mid = (lo + hi) // 2
            if self._count(self._raw, start, mid) > index:
                hi = mid
            else:
                lo = mid + 1
        return start + lo - 1

    def _box(self, index: int) -> tuple[float, float]:
        """(left, right) of a character."""
        self._get(self._raw, index, *self._refs)
        return self._vals[0].value, self._vals[1].value

    def split_at_gaps(
        self, full: str, start: int, end: int, height: float
    ) -> list[tuple[int, int]]:
        limit = max(1.2 * height, 6.0)
        cuts = []
        i = full.find(" ", start + 1, end - 1)
        while i != -1:
            if full[i - 1] != " " and full[i + 1] != " ":
                _, right = self._box(i - 1)
                left, _ = self._box(i + 1)
                if left - right > limit or left < right - limit:
                    cuts.append(i)
            i = full.find(" ", i + 1, end - 1)
        bounds = [start, *cuts, end]
        return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


# --- ordering -------------------------------------------------------------------------------


def _split_columns(items: list[Piece], gutter: float, narrow: float) -> list[list[Piece]]:
    """Groups separated by vertical whitespace; narrow strips stay with their neighbour."""
    ordered = sorted(items, key=lambda p: p.x0)
    groups: list[list[Piece]] = [[ordered[0]]]
    right = ordered[0].x1
    for p in ordered[1:]:
        if p.x0 - right >= gutter:
            groups.append([p])
        else:
            groups[-1].append(p)
        right = max(right, p.x1)
    if len(groups) == 1:
        return groups
    merged: list[list[Piece]] = []
    for g in groups:
        width = max(p.x1 for p in g) - min(p.x0 for p in g)
        if merged and (width < narrow or _width(merged[-1]) < narrow):
            merged[-1] = merged[-1] + g
        else:
            merged.append(g)
    return merged


def _width(group: list[Piece]) -> float:
    return max(p.x1 for p in group) - min(p.x0 for p in group)


def _split_rows(items: list[Piece], gutter: float, height: float) -> list[list[Piece]]:
    """Cut at every horizontal gap, then glue back runs of bands that share a column gutter.

    Cutting everywhere is what makes this fast; gluing is what keeps two columns whose
    paragraph breaks happen to line up from being read across, band by band.
    """
    ordered = sorted(items, key=lambda p: -p.top)
    bands: list[list[Piece]] = [[ordered[0]]]
    low = ordered[0].bottom
    for p in ordered[1:]:
        if p.top < low:
            bands.append([p])
        else:
            bands[-1].append(p)
        low = min(low, p.bottom)
    if len(bands) == 1:
        return bands
    groups: list[list[Piece]] = []
    prev_gaps: list[tuple[float, float]] = []
    for band in bands:
        gaps = _column_gaps(band, gutter, 6 * height)
        if groups and gaps and prev_gaps and _share_gutter(gaps, prev_gaps):
            groups[-1] += band
        else:
            groups.append(list(band))
        prev_gaps = gaps
    return groups


def _column_gaps(items: list[Piece], gutter: float, narrow: float) -> list[tuple[float, float]]:
    columns = _split_columns(items, gutter, narrow) if len(items) > 1 else [items]
    return [(max(p.x1 for p in a), min(p.x0 for p in b)) for a, b in itertools.pairwise(columns)]


def _share_gutter(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    return any(min(a1, b1) > max(a0, b0) for a0, a1 in a for b0, b1 in b)


def _lines_of(items: list[Piece]) -> list[list[Piece]]:
    """Group a leaf's pieces into visual lines, left to right."""
    lines: list[list[Piece]] = []
    for p in sorted(items, key=lambda p: -p.top):
        mid = (p.top + p.bottom) / 2
        if lines:
            line = lines[-1]
            if min(q.bottom for q in line) <= mid <= max(q.top for q in line):
                line.append(p)
                continue
        lines.append([p])
    return [sorted(line, key=lambda p: p.x0) for line in lines]


def order_pieces(items: list[Piece], height: float, depth: int = 0) -> list[list[Piece]]:
    """Recursive XY-cut: visual lines in reading order."""
    if len(items) <= 1 or depth > 200:
        return _lines_of(items)
    gutter = max(0.7 * height, 5.0)
    columns = _split_columns(items, gutter, narrow=6 * height)
    if len(columns) > 1:
        return [line for col in columns for line in order_pieces(col, height, depth + 1)]
    bands = _bands_between_spanners(items, gutter, height)
    if bands is None:
        bands = _split_rows(items, gutter, height)
    if len(bands) == 1:
        return _lines_of(items)
    return [line for band in bands for line in order_pieces(band, height, depth + 1)]


def _gutters(items: list[Piece], min_gap: float, min_width: float) -> list[tuple[float, float]]:
    """Vertical strips that (almost) no piece crosses, with real columns on both sides.

    A few stray pieces (a footer code, a running head) may cross a gutter; they are allowed up
    to 4% of the pieces and are then cut out as spanners by the caller.
    """
    events = sorted([(p.x0, 1) for p in items] + [(p.x1, -1) for p in items])
    tolerance = max(1, len(items) // 25)
    left, right = events[0][0], events[-1][0]
    runs: list[tuple[float, float]] = []
    level, run_start = 0, None
    for x, delta in events:
        level += delta
        if level <= tolerance and run_start is None:
            run_start = x
        elif level > tolerance and run_start is not None:
            if x - run_start >= min_gap and run_start > left:
                runs.append((run_start, x))
            run_start = None
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
    spanning = [p for p in items if any(p.x0 <= g0 + 1 and p.x1 >= g1 - 1 for g0, g1 in gaps)]
    if not spanning or len(spanning) > len(items) // 2:
        return None
    spanning.sort(key=lambda p: -p.top)
    ids = {id(q) for q in spanning}
    bands: list[list[Piece]] = [[] for _ in range(2 * len(spanning) + 1)]
    for p in items:
        if id(p) in ids:
            continue
        mid = (p.top + p.bottom) / 2
        index = sum(1 for q in spanning if mid < (q.top + q.bottom) / 2)
        bands[2 * index].append(p)
    for n, q in enumerate(spanning):
        bands[2 * n + 1].append(q)
    return [b for b in bands if b]


def reading_lines(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped into lines in reading order; stream order kept for rotated/vertical text."""
    if not pieces:
        return []
    wide = [p for p in pieces if len(p.text) >= 3]
    upright = sum(1 for p in wide if (p.x1 - p.x0) >= p.height)
    if wide and upright < 0.6 * len(wide):
        return [[p] for p in pieces]  # vertical writing or rotated page: trust pdfium's order
    height = statistics.median(p.height for p in pieces)
    return order_pieces(pieces, height)

"""Cut pdfium's text lines into pieces that each sit on one visual line of one column.

pdfium gives text in content-stream order, and one of its "lines" may run across a column gutter
(the IRS instructions put line 1 of column 1 and line 1 of column 2 on one baseline) or even
wrap onto a lower line. We never walk the characters in Python: that costs a foreign call per
glyph, which is what made this step slower than pdfium itself. Instead we ask for one rectangle
per text run (``FPDFText_CountRects`` merges the glyphs of one content-stream text object), cut a
line where consecutive runs jump a gutter or wrap, and find the character at each cut (one glyph
box when the guess is right, else a search on rectangle counts). Only wide lines on pages that
look like columns get a closer look at their spaces, because pdfium merges one text object into
one rectangle even when its glyphs straddle a gutter.

Speed matters here (issue 3 allows twice pdfium's own extraction time for the whole import), so
the foreign functions are re-bound without argument conversion (:class:`_Calls`) and the loops
are kept flat. The two loops that make most of the foreign calls (a line's rectangles, and the
glyphs beside the spaces of a wide line) run in C when the optional extension
``lgcoder.importers._pdfscan`` is built: one call per line instead of one per rectangle or glyph
(the IRS instructions make about 85,000). It makes the same pdfium calls and the same float
comparisons, so the pieces are identical either way; without it the Python loops below run.
``benchmarks/bench_import.py`` measures it.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from typing import Any

try:
    from lgcoder.importers import _pdfscan
except ImportError:  # not compiled on this machine
    _pdfscan = None  # type: ignore[assignment]
#: the C loops (see the module's docstring), also used by :mod:`.pdf_rules`; None: Python's
scan = _pdfscan

_LINE = re.compile(r"[^\r\n]+")
# a space with a glyph on either side; the space comes first so that the scan can skip to it
_LONE_SPACE = re.compile(r" (?<=[^ ] )(?=[^ ])")

Rect = tuple[float, float, float, float]  # left, bottom, right, top (PDF points, y up)


class Piece:
    """A run of text on one visual line, with its box in PDF points (y grows upwards).

    The same object becomes a :class:`.pdf_text.Line` when it makes up a line on its own (most
    lines), so it carries a line's font fields too: one object per line instead of two.
    """

    __slots__ = ("bold", "bottom", "first", "height", "last", "size", "text", "top", "x0", "x1")
    table = False  # a table row (see pdf_tables.TableRow): kept a line and a paragraph alone

    def __init__(
        self,
        text: str,
        x0: float,
        bottom: float,
        x1: float,
        top: float,
        first: int = -1,
        last: int = -1,
    ) -> None:
        self.text = text
        self.x0 = x0
        self.bottom = bottom
        self.x1 = x1
        self.top = top
        self.first = first  # text-page index of its first glyph, for font queries
        self.last = last  # and of its last
        height = top - bottom
        self.height = 0.1 if height < 0.1 else height  # max(height, 0.1), without a call
        self.size = 0.0  # font size in points, 0 when unknown (see pdf_fonts)
        self.bold = False  # only looked up for lines that could be headings

    def __repr__(self) -> str:
        return f"Piece({self.text!r}, {self.x0}, {self.bottom}, {self.x1}, {self.top})"


class _Calls:
    """pdfium's text functions re-bound without argument conversion: about 2x cheaper a call.

    pypdfium2's typed bindings spend most of a call converting ``byref`` doubles. Here every
    pointer argument is a ``c_void_p`` made once (see :class:`_Probe`) and every other one a
    C ``int``, which ctypes passes as they are when no ``argtypes`` are declared.
    """

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def bind(func: Any) -> Any:
            # same function pointer type, so the same calling convention on every platform
            unchecked = type(func)(ctypes.cast(func, ctypes.c_void_p).value)
            unchecked.restype = ctypes.c_int
            unchecked.argtypes = None
            return unchecked

        self.count_rects = bind(raw.FPDFText_CountRects)  # (page, start, count)
        self.get_rect = bind(raw.FPDFText_GetRect)  # (page, index, &l, &t, &r, &b)
        self.char_box = bind(raw.FPDFText_GetCharBox)  # (page, index, &l, &r, &b, &t)
        # the same functions' addresses, for the C loops
        self.addresses = tuple(
            ctypes.cast(f, ctypes.c_void_p).value or 0
            for f in (raw.FPDFText_CountRects, raw.FPDFText_GetRect, raw.FPDFText_GetCharBox)
        )


_calls: _Calls | None = None


def _bound() -> _Calls:
    global _calls
    if _calls is None:
        _calls = _Calls()
    return _calls


class _Probe:
    """Geometry questions about one text page, answered through the fast bindings."""

    def __init__(self, textpage: Any) -> None:
        calls = _bound()
        self._count = calls.count_rects
        self._rect = calls.get_rect
        self._box = calls.char_box
        address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        self._page = ctypes.c_void_p(address)
        self._scan = scan if address else None
        self._count_at, self._rect_at, self._box_at = calls.addresses
        self._page_at = address or 0
        self._buf = (ctypes.c_double * 4)()
        base = ctypes.addressof(self._buf)
        self._out = tuple(ctypes.c_void_p(base + 8 * k) for k in range(4))

    def union(self, start: int, end: int) -> Rect | None:
        """Bounding box of chars [start, end), or None when none of them has a size.

        Min and max are kept as the rectangles arrive, without building a list of them:
        this runs once for every piece cut out at a gutter.
        """
        if self._scan is not None:
            got = self._scan.line_rects(
                self._count_at, self._rect_at, self._page_at, start, end - start
            )
            return None if got is None else got[0]
        page, buf, rect, (a, b, c, d) = self._page, self._buf, self._rect, self._out
        count = self._count(page, start, end - start)
        if count <= 0:
            return None
        rect(page, 0, a, b, c, d)
        x0, y1, x1, y0 = buf[:]  # left, top, right, bottom
        for j in range(1, count):
            rect(page, j, a, b, c, d)
            left, top, right, bottom = buf[:]
            if left < x0:
                x0 = left
            if bottom < y0:
                y0 = bottom
            if right > x1:
                x1 = right
            if top > y1:
                y1 = top
        return x0, y0, x1, y1

    def rect_starts(
        self, full: str, start: int, end: int, rects: list[Rect], cuts: list[int]
    ) -> list[int]:
        """First char index of the rect after each cut, within the line [start, end).

        Runs start after a space almost always, so the spaces on either side of where the
        rect's share of the line's width says it begins are tried first: if the glyph after
        one sits at the rect's left edge, inside the rect, that is the answer for one call. Otherwise the
        shortest prefix whose rect count exceeds the rect's index is searched for (counting is
        linear in the range inside pdfium, so from the last rect start found). A bound never
        goes backwards: a lost range would be lost text.
        """
        if self._scan is not None:
            starts: list[int] = self._scan.rect_starts(
                self._count_at, self._box_at, self._page_at, full, start, end, rects, cuts
            )
            return starts
        page, box = self._page, self._box
        buf, (a, b, c, d) = self._buf, self._out
        # cumulative widths: a rect's share of the line's width estimates where it begins
        ends = list(itertools.accumulate((max(r[2] - r[0], 0.0) for r in rects), initial=0.0))
        anchor, anchor_rect = start, 0
        found: list[int] = []
        after = start
        for cut in cuts:
            target = cut + 1
            x0, bottom, _, top = rects[target]
            base = ends[anchor_rect]
            share = (ends[target] - base) / ((ends[-1] - base) or 1.0)
            guess = anchor + int((end - anchor) * share + 0.5)
            lo = after + 1
            # the space at or after the guess, then the one before it (looked up only if needed)
            space = full.find(" ", guess - 1 if guess - 1 > lo else lo, end)
            if not (
                space != -1
                and space + 1 < end
                and box(page, space + 1, a, b, c, d)  # left, right, bottom, top
                and abs(buf[0] - x0) < 0.01
                and bottom <= (buf[2] + buf[3]) / 2 <= top
            ):
                space = full.rfind(" ", lo, guess - 1)
                if not (
                    space != -1
                    and space + 1 < end
                    and box(page, space + 1, a, b, c, d)
                    and abs(buf[0] - x0) < 0.01
                    and bottom <= (buf[2] + buf[3]) / 2 <= top
                ):
                    space = self._search(anchor, end, target - anchor_rect, after) - 1
            char = space + 1
            if char > after:
                anchor, anchor_rect = char, target
                after = char
            found.append(after)
        return found

    def _search(self, anchor: int, end: int, index: int, after: int) -> int:
        """Smallest char i >= *after* whose prefix [anchor, i] needs more than *index* rects."""
        count, page = self._count, self._page
        lo, hi = max(1, after - anchor + 1), end - anchor
        while lo < hi:
            mid = (lo + hi) // 2
            if count(page, anchor, mid) > index:
                hi = mid
            else:
                lo = mid + 1
        return anchor + lo - 1

    def split_in_gutters(
        self, full: str, start: int, end: int, gutters: list[tuple[float, float]]
    ) -> list[int]:
        """For each gutter, the space in [start, end) with the widest gap that reaches into it."""
        box, page, buf, (a, b, c, d) = self._box, self._page, self._buf, self._out
        best: dict[int, tuple[float, int]] = {}
        for m in _LONE_SPACE.finditer(full, start + 1, end):
            i = m.start()
            if not box(page, i - 1, a, b, c, d):  # left, right, bottom, top
                continue
            right = buf[1]
            if not box(page, i + 1, a, b, c, d):
                continue
            left = buf[0]
            for g, (g0, g1) in enumerate(gutters):
                if right < g1 and left > g0 and left - right > best.get(g, (0.0, 0))[0]:
                    best[g] = (left - right, i)
        return sorted(i for _, i in best.values())

    def split_at_gaps(self, full: str, start: int, end: int, height: float) -> list[int]:
        """Spaces inside [start, end) that sit in a gutter: the glyphs beside them lie far apart.

        This is the one place that asks about single characters (two per space), so the loop
        is kept flat; it only runs on wide lines of pages that look like columns. Measuring
        only at the page's gutters was tried and lost table and footnote gaps. The glyph after
        a space is the glyph before the next one when a one-letter word ("a", "I", a digit,
        a formula's symbol) sits between them: its box is asked for once.
        """
        limit = max(1.2 * height, 6.0)
        if self._scan is not None:
            found: list[int] = self._scan.gap_cuts(
                self._box_at, self._page_at, full, start, end, limit
            )
            return found
        box, page, buf, (a, b, c, d) = self._box, self._page, self._buf, self._out
        cuts = []
        known = -1  # the glyph last asked about, after a space: its answer and right edge
        known_ok = False
        known_right = 0.0
        for m in _LONE_SPACE.finditer(full, start + 1, end):
            i = m.start()
            if i - 1 == known:
                if not known_ok:
                    continue
                right = known_right
            else:
                if not box(page, i - 1, a, b, c, d):  # left, right, bottom, top
                    continue
                right = buf[1]
            known = i + 1
            known_ok = box(page, known, a, b, c, d)
            if not known_ok:
                continue
            left = buf[0]
            known_right = buf[1]
            if left - right > limit or left < right - limit:
                cuts.append(i)
        return cuts


def _union(rects: list[Rect]) -> Rect:
    x0, y0, x1, y1 = rects[0]
    for a, b, c, d in rects:
        if a < x0:
            x0 = a
        if b < y0:
            y0 = b
        if c > x1:
            x1 = c
        if d > y1:
            y1 = d
    return x0, y0, x1, y1


def _cuts(rects: list[Rect], suspects: list[int]) -> list[int]:
    """Of the *suspects*, the j where rect j+1 does not continue rect j on the same line.

    Suspects are the joins with a gap over 6 points or a step back, found by the caller in
    the same pass as the line's box; the exact limit needs the median glyph height, which is
    only worked out when a gap over 6 points asks for it.
    """
    wide_gap = -1.0
    found = []
    for j in suspects:
        a, b = rects[j], rects[j + 1]
        gap = b[0] - a[2]
        if gap > 0:
            if wide_gap < 0:
                heights = sorted([r[3] - r[1] for r in rects])
                n = len(heights)
                half = n // 2
                height = (
                    heights[half] if n % 2 else (heights[half - 1] + heights[half]) / 2
                ) or 1.0
                wide_gap = max(1.2 * height, 6.0)
            if gap > wide_gap:
                found.append(j)  # a column gutter or a table gap
        elif gap < 0 and min(a[3], b[3]) <= max(a[1], b[1]):
            found.append(j)  # wrapped back to the start of a lower line
    return found


def _runs(probe: _Probe, full: str, start: int, end: int) -> list[tuple[int, int, Rect]]:
    """Char ranges of a pdfium line with their boxes, cut where the runs jump or wrap.

    The line's rectangles are fetched, and its box and the joins that might be cuts worked
    out, in one loop: this runs for every line of every page, and some lines (formulas) are
    made of dozens of runs.
    """
    if probe._scan is not None:
        got = probe._scan.line_rects(
            probe._count_at, probe._rect_at, probe._page_at, start, end - start
        )
        if got is None:
            return []
        box, rects, suspects = got
        if len(rects) == 1:
            return [(start, end, box)]
        return _cut_runs(probe, full, start, end, box, rects, suspects)
    page, buf, get_rect, (a, b, c, d) = probe._page, probe._buf, probe._rect, probe._out
    count = probe._count(page, start, end - start)
    if count <= 0:
        return []
    get_rect(page, 0, a, b, c, d)  # left, top, right, bottom
    x0, y1, x1, y0 = buf[:]
    first = (x0, y0, x1, y1)
    if count == 1:
        return [(start, end, first)]
    rects = [first]
    suspects = []
    prev_right = x1
    for j in range(1, count):
        get_rect(page, j, a, b, c, d)
        left, top, right, bottom = buf[:]
        rects.append((left, bottom, right, top))
        if left < x0:
            x0 = left
        if bottom < y0:
            y0 = bottom
        if right > x1:
            x1 = right
        if top > y1:
            y1 = top
        if left - prev_right > 6.0 or left < prev_right:
            suspects.append(j - 1)
        prev_right = right
    return _cut_runs(probe, full, start, end, (x0, y0, x1, y1), rects, suspects)


def _cut_runs(
    probe: _Probe,
    full: str,
    start: int,
    end: int,
    box: Rect,
    rects: list[Rect],
    suspects: list[int],
) -> list[tuple[int, int, Rect]]:
    """The line [start, end) (its *box*, its *rects*) cut where :func:`_cuts` finds jumps."""
    cuts = _cuts(rects, suspects) if suspects else None
    if not cuts:
        return [(start, end, box)]
    bounds = [start, *probe.rect_starts(full, start, end, rects, cuts), end]
    edges = [0, *(j + 1 for j in cuts), len(rects)]
    return [
        (bounds[n], bounds[n + 1], _union(rects[edges[n] : edges[n + 1]]))
        for n in range(len(bounds) - 1)
        if bounds[n + 1] > bounds[n]
    ]


def split_piece(textpage: Any, piece: Piece, gutters: list[tuple[float, float]]) -> list[Piece]:
    """*piece* cut at the widest space inside each of *gutters* (x from, x to), if any.

    For a table's header row, which pdfium often gives as one run of text across the
    columns: the gutters are those between the columns of the rows below it.
    """
    start, end = piece.first, piece.last + 1
    if start < 0 or end <= start or not gutters:
        return [piece]
    # padded so that string positions are character indexes, as in page_pieces
    full = " " * start + textpage.get_text_range(start, end - start)
    probe = _Probe(textpage)
    cuts = probe.split_in_gutters(full, start, end, gutters)
    if not cuts:
        return [piece]
    box = (piece.x0, piece.bottom, piece.x1, piece.top)
    return _cut(probe, full, start, end, cuts, box)


def _cut(probe: _Probe, full: str, start: int, end: int, cuts: list[int], box: Rect) -> list[Piece]:
    pieces = []
    for a, b in itertools.pairwise([start, *cuts, end]):
        text = full[a:b]
        if b > a and text.strip():
            sub = probe.union(a, b) or box
            first = a + 1 if text[0] == " " else a
            last = a + len(text.rstrip(" ")) - 1
            pieces.append(Piece(text.strip(" "), *sub, first, last))
    return pieces


def page_pieces(textpage: Any, page_width: float) -> list[Piece]:
    """The page's text as pieces, each on one line of one column, in pdfium's order."""
    full = textpage.get_text_range()
    probe = _Probe(textpage)
    runs: list[tuple[int, int, Rect]] = []
    if probe._scan is not None:  # the lines and their rectangles in one call
        for run in probe._scan.page_runs(probe._count_at, probe._rect_at, probe._page_at, full):
            if len(run) == 3:
                runs.append(run)
            else:
                runs += _cut_runs(probe, full, *run)
    else:
        for m in _LINE.finditer(full):
            runs += _runs(probe, full, m.start(), m.end())
    narrow_limit, wide_limit = 0.4 * page_width, 0.45 * page_width
    narrow = sum(1 for _, _, box in runs if box[2] - box[0] < narrow_limit)
    columns_likely = narrow >= 0.3 * len(runs)
    pieces: list[Piece] = []
    for start, end, box in runs:
        if columns_likely and box[2] - box[0] > wide_limit:
            cuts = probe.split_at_gaps(full, start, end, box[3] - box[1])
            if cuts:
                pieces += _cut(probe, full, start, end, cuts, box)
                continue
        text = full[start:end]
        if text.strip():
            first = start + 1 if text[0] == " " else start
            last = start + len(text.rstrip(" ")) - 1
            pieces.append(Piece(text.strip(" "), *box, first, last))
    return pieces

"""From ordered PDF lines to clean paragraphs: running heads out, ligatures in, lines joined.

* Running headers, footers and page numbers repeat on every page near the top or bottom edge.
  A line there whose text (digits masked, so "Page 4 of 48" matches "Page 5 of 48") recurs on
  at least half of the pages is removed, as is any bare page number at the edge.
* Ligature glyphs (ﬁ, ﬃ ...) are expanded so that search finds "efficient".
* Lines are joined into paragraphs with a space; pdfium marks the hyphen of a word broken at a
  line end, which is removed and the halves joined ("ex-" + "isting" -> "existing").
* A paragraph ends at a vertical gap wider than the page's usual leading, a change of font size,
  a jump to another column, or a short last line that ends a sentence.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from typing import NamedTuple

from lgcoder.importers.pdf_pieces import Piece

_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_SOFT_HYPHENS = ("\ufffe", "\x02", "\u00ad")
_CONTROL_OR_SOFT_HYPHEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u00ad\ufffe\uffff]")
_PAGE_NUMBER = re.compile(
    r"^\W{0,3}(?:page|seite|pagina|página|p\.)?\s*(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|von|de|sur)\s*\d{1,4})?\W{0,3}$",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


Line = Piece
"""One visual line of a page: its text and box (PDF points, y up), and its font once measured.

A line of one piece is that piece (see :func:`make_line`), so the two share a class.
"""


class JoinedLine(Piece):
    """A line made of several pieces, which remembers how many cells its gaps cut it into.

    Text that is spread along a line in three or more runs with wide gaps between them is a
    table row, never a heading; :func:`paragraphs` needs that to tell a table's header cells
    from headings. Only multi-piece lines pay for the extra slot.
    """

    __slots__ = ("cells",)

    def __init__(
        self, text: str, x0: float, bottom: float, x1: float, top: float, first: int, last: int
    ) -> None:
        super().__init__(text, x0, bottom, x1, top, first, last)
        self.cells = 1


_ROW_CELLS = 3  # a line spread over this many cells is a table row
_ROW_GAP = 1.0  # a gap wider than the line's height separates two cells


def _expand(text: str) -> str:
    """Ligatures spelled out; the search first, because translate is slow on every line."""
    return text.translate(_LIGATURES) if _LIGATURE.search(text) else text


def make_line(pieces: list[Piece]) -> Line:
    """Join a visual line's pieces left to right; ligatures are expanded here, once per line.

    A line of one piece reuses the piece, which is not needed apart from its line.
    """
    if len(pieces) == 1:
        p = pieces[0]
        if p.table:  # cells already trimmed; an empty first cell is a leading tab to keep
            if not p.text.isascii():
                p.text = _expand(p.text)
            return p
        text = p.text.strip()
        if not text.isascii():  # a constant-time flag: most lines skip the ligature search
            text = _expand(text)
        p.text = text
        return p
    text = " ".join([t for p in pieces if (t := p.text.strip())])
    head = pieces[0]
    x0, bottom, x1, top = head.x0, head.bottom, head.x1, head.top
    for p in pieces:  # the line's box in one pass (min and max keep the first of equals)
        if p.x0 < x0:
            x0 = p.x0
        if p.bottom < bottom:
            bottom = p.bottom
        if p.x1 > x1:
            x1 = p.x1
        if p.top > top:
            top = p.top
    if not text.isascii():
        text = _expand(text)
    line = JoinedLine(text, x0, bottom, x1, top, head.first, pieces[-1].last)
    wide = _ROW_GAP * line.height
    edge = head.x1
    for p in pieces:  # cells: runs of pieces with no gap wider than the line's height
        if p.x0 - edge > wide:
            line.cells += 1
        if p.x1 > edge:
            edge = p.x1
    return line


_DASHED_NUMBER = re.compile(r"\s*-\s?#\s?-\s*")


def _key(text: str) -> str:
    """A running line's text with its numbers masked and a "- 35 -" page number left out.

    The page number may be read as a line of its own or joined to the running title beside
    it, depending on what else is on the page (a table read by rows joins them); both ways
    give the same key.
    """
    key = re.sub(r"\d+", "#", " ".join(text.casefold().split()))
    return _DASHED_NUMBER.sub(" ", key).strip() if "-" in key else key


def _edge_lines(lines: list[Line], page_height: float) -> list[int]:
    """Indexes of up to two lines at the top and bottom edge of a page."""
    if not lines:
        return []
    by_height = sorted(range(len(lines)), key=[-line.top for line in lines].__getitem__)
    top = [i for i in by_height[:2] if lines[i].top > page_height * 0.85]
    bottom = [i for i in by_height[-2:] if lines[i].bottom < page_height * 0.15]
    return list(dict.fromkeys(top + bottom))


def strip_running(pages: list[list[Line]], heights: list[float]) -> tuple[list[list[Line]], int]:
    """Remove repeated headers/footers and edge page numbers; return pages and lines removed."""
    if len(pages) < 2:
        return pages, 0
    edges = [_edge_lines(lines, h) for lines, h in zip(pages, heights, strict=True)]
    seen: Counter[str] = Counter()
    for p, idx in enumerate(edges):
        for key in {_key(pages[p][i].text) for i in idx}:
            seen[key] += 1
    threshold = max(2, (len(pages) + 1) // 2) if len(pages) < 6 else max(3, len(pages) * 0.4)
    removed = 0
    out: list[list[Line]] = []
    for p, lines in enumerate(pages):
        drop = {
            i
            for i in edges[p]
            if seen[_key(lines[i].text)] >= threshold or _PAGE_NUMBER.match(lines[i].text.strip())
        }
        removed += len(drop)
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out, removed


def _joins_tight(left: str, right: str) -> bool:
    return bool(left and right and _CJK.match(left[-1]) and _CJK.match(right[0]))


def _join(paragraph: str, line: str) -> str:
    if not paragraph:
        return line
    if paragraph.endswith(_SOFT_HYPHENS):
        return paragraph.rstrip("".join(_SOFT_HYPHENS)) + line
    if _joins_tight(paragraph, line):
        return paragraph + line
    return paragraph + " " + line


def median(values: list[float]) -> float:
    """The median of *values* (not empty), as ``statistics.median`` gives it.

    Written out because the statistics module (with fractions, which it imports) is the
    only thing the PDF helper would otherwise load for it on its first page.
    """
    ordered = sorted(values)
    n = len(ordered)
    half = n // 2
    return ordered[half] if n % 2 else (ordered[half - 1] + ordered[half]) / 2


def _leading(lines: list[Line]) -> float:
    """The page's usual gap between consecutive lines (median of the plausible ones)."""
    gaps = [
        gap for a, b in itertools.pairwise(lines) if 0 <= (gap := a.bottom - b.top) < 3 * a.height
    ]
    return median(gaps) if gaps else 0.0


# Where a paragraph's first line sits, for telling headings from table cells (Para.layout)
IN_FLOW = 0  # alone on its baseline within the page's reading flow
BESIDE_CELL = 1  # beside a line of its own style or a table row: a cell, or a row of headings
TABLE_ROW = 2  # itself spread over three or more cells
SIDEWAYS = 3  # set sideways (taller than wide): margin text or a rotated header


class Para(NamedTuple):
    """A paragraph's text, the font of its first line, and where that line sits.

    ``layout`` (one of the constants above) is worked out only for paragraphs that could be
    headings (set large, or a lone bold line), because only they are ever asked about it.
    """

    text: str
    size: float
    bold: bool
    lines: int
    layout: int = IN_FLOW


class _Baselines:
    """The lines of one page sorted by their bottom edge, to find a line's row neighbours.

    Built only on pages with a heading candidate; each question is then a bisection.
    """

    def __init__(self, lines: list[Line]) -> None:
        self.lines = sorted(lines, key=lambda line: line.bottom)
        self.bottoms = [line.bottom for line in self.lines]

    def layout(self, line: Line) -> int:
        """Where *line* sits: see the layout constants.

        A neighbour counts when it sits on *line*'s baseline (bottoms within half its height)
        and is a table row, or has the same font size (within 5%) and, when *line* is bold, is
        bold too. The next column's body text is set in another size (beside a sized heading)
        or not bold (beside a bold one), so a column of prose is not taken for a cell. Two
        headings side by side in two columns do look like cells here (a rare coincidence);
        :mod:`.pdf_headings` tells them apart by the prose that follows a heading.
        """
        if getattr(line, "cells", 1) >= _ROW_CELLS:
            return TABLE_ROW
        if line.height > 2 * (line.x1 - line.x0) and not _CJK.search(line.text):
            return SIDEWAYS  # vertical CJK writing is upright text, and may have headings
        slack = 0.5 * line.height
        size = line.size
        lo = bisect.bisect_left(self.bottoms, line.bottom - slack)
        hi = bisect.bisect_right(self.bottoms, line.bottom + slack)
        for other in self.lines[lo:hi]:
            if other is line or (other.x0 < line.x1 and line.x0 < other.x1):
                continue  # itself, or overlapping it (a superscript, an underline)
            if getattr(other, "cells", 1) >= _ROW_CELLS or (
                abs(other.size - size) <= 0.05 * max(other.size, size)
                and (other.bold or not line.bold)
            ):
                return BESIDE_CELL
        return IN_FLOW


def _para(
    text: str,
    head: Line,
    count: int,
    lines: list[Line],
    heading_size: float,
    rows: list[_Baselines],
) -> Para:
    """A paragraph, with its first line's layout when it could be a heading.

    *rows* holds the page's :class:`_Baselines` once built (built at the first candidate).
    """
    if head.table:
        return Para(text, head.size, head.bold, count, TABLE_ROW)
    if head.size < heading_size and not (head.bold and count == 1):
        return Para(text, head.size, head.bold, count)
    if not rows:
        rows.append(_Baselines(lines))
    return Para(text, head.size, head.bold, count, rows[0].layout(head))


def paragraphs(lines: list[Line], heading_size: float = math.inf) -> list[Para]:
    """Join reading-ordered lines of one page into paragraphs.

    Lines set at *heading_size* or larger are kept apart from text of another size, so a
    heading is its own paragraph even when the gap below it is ordinary. Runs once per line
    of every page, so the break test and the common case of :func:`_join` (a space between
    two lines of Latin text) are written out here rather than as calls per line; see the
    module docstring for the rules.

    Paragraphs that may be headings (the first line set large, or a bold line alone) get the
    layout of their first line (:meth:`_Baselines.layout`).
    """
    if not lines:
        return []
    leading = _leading(lines)
    rows: list[_Baselines] = []
    out: list[Para] = []
    current = ""
    prev = head = lines[0]
    count = 0
    right = prev.x1
    for line in lines:
        if line is not prev:
            height = prev.height if prev.height > line.height else line.height
            text = prev.text
            if (
                line.top > prev.top + height
                or line.x0 > prev.x1 + height  # went up or right: a new column or box
                or prev.bottom - line.top > leading + 0.45 * height
                or (
                    abs(prev.height - line.height) > 0.3 * height
                    and not text.endswith(_SOFT_HYPHENS)
                )
                or (
                    prev.x1 < right - max(0.15 * (right - prev.x0), 2 * height)
                    and text.rstrip().endswith(SENTENCE_END)
                )
                or (
                    (prev.size >= heading_size or line.size >= heading_size)
                    and abs(prev.size - line.size) > 0.05 * max(prev.size, line.size)
                )
                or line.table  # a table row is a paragraph of its own
                or prev.table
            ):
                if cleaned := (_clean_row(current) if head.table else clean(current)):
                    out.append(_para(cleaned, head, count, lines, heading_size, rows))
                current = ""
                head = line
                count = 0
                right = line.x1
        if line.x1 > right:
            right = line.x1
        if not current:
            current = line.text
        elif (last := current[-1]) < "\u00ad" and last != "\x02":
            current = current + " " + line.text  # no soft hyphen, no CJK before: see _join
        else:
            current = _join(current, line.text)
        count += 1
        prev = line
    if cleaned := (_clean_row(current) if head.table else clean(current)):
        out.append(_para(cleaned, head, count, lines, heading_size, rows))
    return out


SENTENCE_END = (".", "!", "?", ":", "”", '"', ")")
_SPACES = re.compile(r"[ \t]{2,}")


def _clean_row(text: str) -> str:
    """A table row's text without pdfium's markers; its tabs, even leading ones, stay."""
    text = _CONTROL_OR_SOFT_HYPHEN.sub("", text)
    return text if text.strip() else ""


def clean(text: str) -> str:
    """Drop pdfium's control markers and soft hyphens, and collapse runs of spaces.

    Runs once per paragraph: one pass removes both kinds of marker, and the space pattern
    only runs when there can be a run (most paragraphs have none).
    """
    text = _CONTROL_OR_SOFT_HYPHEN.sub("", text)
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()

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

import itertools
import math
import re
import statistics
from collections import Counter
from typing import NamedTuple

from lgcoder.importers.pdf_pieces import Piece

_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_SOFT_HYPHENS = ("\ufffe", "\x02", "\u00ad")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PAGE_NUMBER = re.compile(
    r"^\W{0,3}(?:page|seite|pagina|página|p\.)?\s*(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|von|de|sur)\s*\d{1,4})?\W{0,3}$",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


class Line:
    """One visual line of a page: its text and box (PDF points, y up)."""

    __slots__ = ("bold", "bottom", "first", "height", "last", "size", "text", "top", "x0", "x1")

    def __init__(
        self,
        text: str,
        x0: float,
        x1: float,
        top: float,
        bottom: float,
        first: int = -1,
        last: int = -1,
    ) -> None:
        self.text = text
        self.first = first  # text-page indexes of its first and last glyph (see pdf_fonts)
        self.last = last
        self.size = 0.0  # font size in points, 0 when unknown
        self.bold = False  # only looked up for lines that could be headings
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        self.height = max(top - bottom, 0.1)


def _expand(text: str) -> str:
    """Ligatures spelled out; the search first, because translate is slow on every line."""
    return text.translate(_LIGATURES) if _LIGATURE.search(text) else text


def make_line(pieces: list[Piece]) -> Line:
    """Join a visual line's pieces left to right; ligatures are expanded here, once per line."""
    if len(pieces) == 1:
        p = pieces[0]
        return Line(_expand(p.text.strip()), p.x0, p.x1, p.top, p.bottom, p.first, p.last)
    text = " ".join(t for t in (p.text.strip() for p in pieces) if t)
    return Line(
        _expand(text),
        min(p.x0 for p in pieces),
        max(p.x1 for p in pieces),
        max(p.top for p in pieces),
        min(p.bottom for p in pieces),
        pieces[0].first,
        pieces[-1].last,
    )


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


def _edge_lines(lines: list[Line], page_height: float) -> list[int]:
    """Indexes of up to two lines at the top and bottom edge of a page."""
    if not lines:
        return []
    by_height = sorted(range(len(lines)), key=lambda i: -lines[i].top)
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


def _leading(lines: list[Line]) -> float:
    """The page's usual gap between consecutive lines (median of the plausible ones)."""
    gaps = []
    for a, b in itertools.pairwise(lines):
        gap = a.bottom - b.top
        if 0 <= gap < 3 * a.height:
            gaps.append(gap)
    return statistics.median(gaps) if gaps else 0.0


class Para(NamedTuple):
    """A paragraph's text and the font of its first line (for :mod:`.pdf_headings`)."""

    text: str
    size: float
    bold: bool
    lines: int


def paragraphs(lines: list[Line], heading_size: float = math.inf) -> list[Para]:
    """Join reading-ordered lines of one page into paragraphs.

    Lines set at *heading_size* or larger are kept apart from text of another size, so a
    heading is its own paragraph even when the gap below it is ordinary. Runs once per line
    of every page, so the break test is written out here rather than as calls per line; see
    the module docstring for the rules.
    """
    if not lines:
        return []
    leading = _leading(lines)
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
            ):
                out.append(Para(current, head.size, head.bold, count))
                current = ""
                head = line
                count = 0
                right = line.x1
        if line.x1 > right:
            right = line.x1
        current = _join(current, line.text)
        count += 1
        prev = line
    out.append(Para(current, head.size, head.bold, count))
    return [p._replace(text=text) for p in out if (text := clean(p.text))]


SENTENCE_END = (".", "!", "?", ":", "”", '"', ")")
_SPACES = re.compile(r"[ \t]{2,}")


def clean(text: str) -> str:
    """Drop pdfium's control markers and collapse runs of spaces."""
    text = _CONTROL.sub("", text.replace("\u00ad", ""))
    return _SPACES.sub(" ", text).strip()

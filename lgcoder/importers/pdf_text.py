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
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from lgcoder.importers.pdf_layout import Piece

_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_SOFT_HYPHENS = ("\ufffe", "\x02", "\u00ad")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PAGE_NUMBER = re.compile(
    r"^\W{0,3}(?:page|seite|pagina|página|p\.)?\s*(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|von|de|sur)\s*\d{1,4})?\W{0,3}$",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.1)


def make_line(pieces: list[Piece]) -> Line:
    text = " ".join(p.text.strip() for p in pieces if p.text.strip())
    return Line(
        text.translate(_LIGATURES),
        min(p.x0 for p in pieces),
        max(p.x1 for p in pieces),
        max(p.top for p in pieces),
        min(p.bottom for p in pieces),
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


def paragraphs(lines: list[Line]) -> list[str]:
    """Join reading-ordered lines of one page into paragraphs."""
    if not lines:
        return []
    gaps = [
        a.bottom - b.top
        for a, b in itertools.pairwise(lines)
        if 0 <= a.bottom - b.top < 3 * a.height
    ]
    leading = statistics.median(gaps) if gaps else 0.0
    out: list[str] = []
    current = ""
    right = lines[0].x1
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is not None and _breaks(prev, line, leading, right):
            out.append(current)
            current = ""
            right = line.x1
        right = max(right, line.x1)
        current = _join(current, line.text)
    out.append(current)
    return [clean(p) for p in out if clean(p)]


def _breaks(prev: Line, line: Line, leading: float, right: float) -> bool:
    height = max(prev.height, line.height)
    gap = prev.bottom - line.top
    if line.top > prev.top + height or line.x0 > prev.x1 + height:
        return True  # went up or right: a new column or box
    if gap > leading + 0.45 * height:
        return True
    if abs(prev.height - line.height) > 0.3 * height and not prev.text.endswith(_SOFT_HYPHENS):
        return True
    short = prev.x1 < right - max(0.15 * (right - prev.x0), 2 * height)
    return short and prev.text.rstrip().endswith((".", "!", "?", ":", "”", '"', ")"))


def clean(text: str) -> str:
    """Drop pdfium's control markers and collapse runs of spaces."""
    text = _CONTROL.sub("", text.replace("\u00ad", ""))
    return re.sub(r"[ \t]{2,}", " ", text).strip()

"""Which PDF paragraphs are headings, and at what level.

Researchers cite and navigate by section headings, and a PDF only shows them through the font.
The body size is the size most of the document's characters are set in. A paragraph is a heading
when it is short (at most 15 words), does not end like a sentence, is mostly letters, and

* is set noticeably larger than the body text (at least 15%), or
* is a single bold line at body size standing alone as a paragraph (capitals may be a little
  smaller: an all-caps heading is often set a point down because capitals look bigger).

Distinct heading sizes are ranked into levels, largest first; bold body-size headings come one
level below the smallest sized one. A wrong heading misleads more than a missing one, so every
test leans towards "not a heading": running heads are already gone (:func:`.pdf_text.
strip_running`), and a size that covers many paragraphs is taken for a second body style.
Large or bold text that is not a heading, and what gives it away:

* table cells: the line is spread over cells, or another line of the same style or a table
  row sits on its baseline (``Para.layout``, from :func:`.pdf_text.paragraphs`). Two real
  headings side by side in two columns also share a baseline; they are told apart from cells
  because running prose follows a heading, and never a table cell;
* text set sideways (margin notes, rotated headers, damaged files) and sentence fragments
  that start with a comma;
* page furniture and dates: "Page 1 of 48", a line that is a date, a line of many digits;
* a title page's author, affiliation and date lines: on the first page, before any body text,
  the candidates that are neither the title (the largest) nor directly followed by body text.

The all-caps allowance is only taken when prose follows, and only for a size of bold capitals
that is mostly followed by prose, as chart labels and table headers are often bold capitals
too.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from lgcoder.importers.pdf_text import BESIDE_CELL, SIDEWAYS, TABLE_ROW, Line, Para

_CJK = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")
HEADING_RATIO = 1.15  # how much larger than body text a heading must be
_MAX_WORDS = 15
_NOT_HEADING_END = (".", "!", "?", ";", ",", ":", "。", "！", "？", "；", "，", "：")
_MAX_CHARS = 100
_MAX_CJK = 30
_SAME_LEVEL = 0.95  # sizes within 5% of each other share a level
_MAX_SHARE = 0.25  # a size used by more of the paragraphs than this is a text style
_CAPS_FLOOR = 0.9  # an all-caps bold heading may be this much smaller than body text
_MAX_DIGITS = 0.4  # share of the non-space characters; more is a number, code or date line
_PAGE_REF = re.compile(
    r"(?:^|\s)(?:page|seite|pagina|página)\s*\d+\b|\b\d+\s*(?:of|von|sur|de)\s*\d+\s*$"
    r"|(?:^|\s)-\s?\d{1,4}\s?-(?:\s|$)",  # "- 36 -", "-21-": a page number between dashes
    re.IGNORECASE,
)
_MONTH = (  # English, French, German and Spanish month names and their abbreviations
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|janvier|f[ée]vrier|mars|avril"
    r"|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|janv|f[ée]vr|januar"
    r"|februar|m[aä]rz|juni|juli|oktober|dezember|okt|dez|enero|febrero|marzo|abril|mayo"
    r"|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b\.?"
)
_DATE = re.compile(  # a whole line that is a date: "January 3, 2024", "6-DEC-2007", "3/1/24"
    rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th|er)?"
    rf"[.\s-]+)?{_MONTH}(?:[\s-]+\d{{1,2}}(?:st|nd|rd|th)?,?)?(?:[\s,-]+\d{{4}})?"
    r"|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}",
    re.IGNORECASE,
)
_FRAGMENT_START = (",", ";", ".", ")", "]", "}")
_CLAUSE_MARKS = (". ", ", ", "; ", "? ", "! ")


def body_size(pages: list[list[Line]]) -> float:
    """The most common font size by character count (0 when no size is known)."""
    by_size: dict[float, int] = {}  # exact sizes first: rounding once per size, not per line
    for lines in pages:
        for line in lines:
            size = line.size
            if size > 0:
                by_size[size] = by_size.get(size, 0) + len(line.text)
    chars: Counter[float] = Counter()
    for size, count in by_size.items():  # first-seen order, so ties break as before
        chars[round(size, 1)] += count
    return chars.most_common(1)[0][0] if chars else 0.0


def heading_size(body: float) -> float:
    """The smallest font size that makes a line a heading by size alone."""
    return body * HEADING_RATIO if body > 0 else math.inf


def _looks_like_heading(text: str) -> bool:
    if (
        text.endswith(_NOT_HEADING_END)
        or text.count(" ") >= _MAX_WORDS
        or len(text) > _MAX_CHARS
        or len(_CJK.findall(text)) > _MAX_CJK  # no spaces to count words by
    ):
        return False
    letters = sum(c.isalpha() for c in text)
    return letters >= 2 and letters >= 0.5 * (len(text) - text.count(" "))


def _is_furniture(text: str) -> bool:
    """Heading-sized text that is page furniture or a fragment rather than a section title.

    Asked only of paragraphs that passed the font and :func:`_looks_like_heading` tests (a few
    per page), so the patterns cost nothing measurable.
    """
    if text.startswith(_FRAGMENT_START):  # the rest of a sentence cut off by damage
        return True
    digits = sum(c.isdigit() for c in text)
    return bool(
        digits
        and (
            digits >= _MAX_DIGITS * (len(text) - text.count(" "))  # a code or number line
            or _PAGE_REF.search(text)  # "Page 1 of 48", "Seite 1092", "- 36 -"
            or _DATE.fullmatch(text)  # "January 3, 2024", "December 1998"
        )
    )


def _is_prose(para: Para | None) -> bool:
    """Running text: several words, mostly lower case, with sentence punctuation.

    What follows a heading, and what never follows a table cell or a chart label.
    """
    if para is None:
        return False
    text = para.text
    if text.count(" ") < 4:
        return False
    lower = sum(c.islower() for c in text)
    return 2 * lower > sum(c.isalpha() for c in text) and (
        text.endswith((".", "!", "?", ":", ";")) or any(p in text for p in _CLAUSE_MARKS)
    )


def _next_text(paras: list[Para], k: int) -> Para | None:
    """The paragraph after *k*, skipping footnote marks and other scraps of a few characters."""
    for para in paras[k + 1 :]:
        if len(para.text) > 3:
            return para
    return None


def find_headings(pages: list[list[Para]], body: float) -> list[list[tuple[int, int]]]:
    """Per page, ``(paragraph index, level)`` of each heading paragraph.

    The style shares (how many paragraphs a size, or bold, covers) count every paragraph in a
    heading's font and shape, including those later rejected as cells or furniture: they say
    whether the font is a heading style at all, whatever the text.
    """
    if body <= 0:
        return [[] for _ in pages]
    large = heading_size(body)
    styled: list[float] = []  # sizes of all heading-sized paragraphs, for the style shares
    sized: list[tuple[int, int, float]] = []  # page, paragraph, size
    bold: list[tuple[int, int]] = []
    bold_styled = 0
    caps: dict[float, list[tuple[int, int] | None]] = {}  # size: a caps line each, if kept
    total = 0
    bold_floor = _SAME_LEVEL * body
    caps_floor = _CAPS_FLOOR * body
    for p, paras in enumerate(pages):
        total += len(paras)
        for k, para in enumerate(paras):
            # the font tests are cheap and rule out most paragraphs, so they go first
            if para.size >= large:
                if _looks_like_heading(para.text):
                    styled.append(para.size)
                    if _stands_alone(paras, k):
                        sized.append((p, k, para.size))
            elif para.bold and para.lines == 1 and para.size >= caps_floor:
                if para.size >= bold_floor:
                    if _looks_like_heading(para.text):
                        bold_styled += 1
                        if _stands_alone(paras, k):
                            bold.append((p, k))
                elif para.text.isupper() and _looks_like_heading(para.text):
                    kept = _stands_alone(paras, k) and _is_prose(_next_text(paras, k))
                    caps.setdefault(round(para.size, 1), []).append((p, k) if kept else None)
    for lines in caps.values():
        # a heading style is used consistently: most of its lines introduce prose, while
        # bold capitals in charts and tables mostly sit among other labels
        kept_lines = [c for c in lines if c is not None]
        if 2 * len(kept_lines) >= len(lines):
            bold.extend(kept_lines)
    bold.sort()
    sized, bold = _without_title_block(pages, sized, bold)
    levels = _levels(styled, total, {size for _, _, size in sized})
    out: list[list[tuple[int, int]]] = [[] for _ in pages]
    for p, k, size in sized:
        level = levels.get(size)
        if level is not None:
            out[p].append((k, level))
    if bold and bold_styled <= _MAX_SHARE * total:
        below = max(levels.values(), default=0) + 1
        for p, k in bold:
            out[p].append((k, below))
    for headings in out:
        headings.sort()
    return out


def _stands_alone(paras: list[Para], k: int) -> bool:
    """Whether paragraph *k*, already in a heading's font and shape, is no cell or furniture."""
    para = paras[k]
    layout = para.layout
    if layout in (TABLE_ROW, SIDEWAYS) or _is_furniture(para.text):
        return False
    return layout != BESIDE_CELL or _is_prose(_next_text(paras, k))


def _is_body(para: Para) -> bool:
    return not _looks_like_heading(para.text)


def _without_title_block(
    pages: list[list[Para]], sized: list[tuple[int, int, float]], bold: list[tuple[int, int]]
) -> tuple[list[tuple[int, int, float]], list[tuple[int, int]]]:
    """Drop the author, affiliation and date lines of a title page, keeping the title.

    A title page sets the title, the authors and the date large or bold, one under the other,
    before any body text. Among the candidates on the first page with text that come before
    its first body paragraph, the largest is the title and stays, and so does any candidate
    directly followed by body text (an "Abstract" or "Summary" heading); the rest go.
    """
    first = next((p for p, paras in enumerate(pages) if paras), None)
    if first is None:
        return sized, bold
    paras = pages[first]
    candidates = {k for p, k, _ in sized if p == first} | {k for p, k in bold if p == first}
    end = next((k for k, para in enumerate(paras) if k not in candidates and _is_body(para)), 0)
    if end == 0:
        end = len(paras)
    block = sorted(k for k in candidates if k < end)
    if len(block) < 2:
        return sized, bold
    title = max(paras[k].size for k in block)
    drop = {
        k
        for k in block
        if paras[k].size < _SAME_LEVEL * title
        and not (k + 1 < len(paras) and k + 1 not in candidates and _is_body(paras[k + 1]))
    }
    if not drop:
        return sized, bold
    return (
        [c for c in sized if c[0] != first or c[1] not in drop],
        [c for c in bold if c[0] != first or c[1] not in drop],
    )


def _levels(sizes: list[float], total: int, kept: set[float]) -> dict[float, int]:
    """Heading level of each size in *kept*: sizes within 5% share a level, largest is level 1.

    Classes are formed from all heading-sized *sizes*. A class that covers more than a quarter
    of all paragraphs is not a heading style (a larger-print introduction, a slide's bullet
    text) and gets no level, and neither does a class none of whose sizes was *kept*: levels
    count only the heading styles that are actually used, so they stay dense.
    """
    classes: list[list[float]] = []
    for size in sorted(set(sizes), reverse=True):
        if classes and size >= _SAME_LEVEL * classes[-1][0]:
            classes[-1].append(size)
        else:
            classes.append([size])
    counts = Counter(sizes)
    levels: dict[float, int] = {}
    level = 0
    for members in classes:
        if sum(counts[s] for s in members) > _MAX_SHARE * max(total, 1) or kept.isdisjoint(members):
            continue
        level += 1
        for size in members:
            levels[size] = level
    return levels

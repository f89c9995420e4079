"""Which PDF paragraphs are headings, and at what level.

Researchers cite and navigate by section headings, and a PDF only shows them through the font.
The body size is the size most of the document's characters are set in. A paragraph is a heading
when it is short (at most 15 words), does not end like a sentence, is mostly letters, and

* is set noticeably larger than the body text (at least 15%), or
* is a single bold line at body size standing alone as a paragraph.

Distinct heading sizes are ranked into levels, largest first; bold body-size headings come one
level below the smallest sized one. A wrong heading misleads more than a missing one, so every
test leans towards "not a heading": running heads are already gone (:func:`.pdf_text.
strip_running`), and a size that covers many paragraphs is taken for a second body style.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from lgcoder.importers.pdf_text import Line, Para

_CJK = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")
HEADING_RATIO = 1.15  # how much larger than body text a heading must be
_MAX_WORDS = 15
_NOT_HEADING_END = (".", "!", "?", ";", ",", ":", "。", "！", "？", "；", "，", "：")
_MAX_CHARS = 100
_MAX_CJK = 30
_SAME_LEVEL = 0.95  # sizes within 5% of each other share a level
_MAX_SHARE = 0.25  # a size used by more of the paragraphs than this is a text style


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


def find_headings(pages: list[list[Para]], body: float) -> list[list[tuple[int, int]]]:
    """Per page, ``(paragraph index, level)`` of each heading paragraph."""
    if body <= 0:
        return [[] for _ in pages]
    large = heading_size(body)
    sized: list[tuple[int, int, float]] = []  # page, paragraph, size
    bold: list[tuple[int, int]] = []
    total = 0
    bold_floor = _SAME_LEVEL * body
    for p, paras in enumerate(pages):
        total += len(paras)
        for k, para in enumerate(paras):
            # the font tests are cheap and rule out most paragraphs, so they go first
            if para.size >= large:
                if _looks_like_heading(para.text):
                    sized.append((p, k, para.size))
            elif (
                para.bold
                and para.lines == 1
                and para.size >= bold_floor
                and _looks_like_heading(para.text)
            ):
                bold.append((p, k))
    levels = _levels([size for _, _, size in sized], total)
    out: list[list[tuple[int, int]]] = [[] for _ in pages]
    for p, k, size in sized:
        level = levels.get(size)
        if level is not None:
            out[p].append((k, level))
    if bold and len(bold) <= _MAX_SHARE * total:
        below = max(levels.values(), default=0) + 1
        for p, k in bold:
            out[p].append((k, below))
    for headings in out:
        headings.sort()
    return out


def _levels(sizes: list[float], total: int) -> dict[float, int]:
    """Heading level of each size: sizes within 5% share a level, the largest is level 1.

    A size class that covers more than a quarter of all paragraphs is not a heading style
    (a larger-print introduction, a slide's bullet text) and gets no level.
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
        if sum(counts[s] for s in members) > _MAX_SHARE * max(total, 1):
            continue
        level += 1
        for size in members:
            levels[size] = level
    return levels

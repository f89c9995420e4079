"""A document's text as the document view shows it: speakers' names in bold with their
timestamps dimmed, headings bold and larger, page marks noted for the view to draw.

The text and its formats go into a QTextDocument in one pass, before a layout is attached:
plain stretches and formatted ones are inserted in turn. Writing the whole text first and then
selecting and formatting each speaker's name cost twice the Qt calls and split the text's
pieces a second time: on a transcript of 500,000 characters with 1,200 turns that was 4-6 ms
of every open.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument

from lgcoder.core.queries_view import DocumentContent
from lgcoder.gui.offsets import OffsetMap, qt_text

_TIMESTAMP = re.compile(r"[\[(]?\d{1,2}(:\d{2}){1,2}([.,]\d+)?[\])]?")


@dataclass
class Structure:
    """What to format, in Qt's (UTF-16) positions."""

    #: (start, end, format), by start
    ranges: list[tuple[int, int, QTextCharFormat]] = field(default_factory=list)
    #: (position, label) of every page start, by position
    pages: list[tuple[int, str]] = field(default_factory=list)


def structure_of(
    content: DocumentContent, omap: OffsetMap, *, dark: bool, point_size: float
) -> Structure:
    """Bold speakers' names (with the colon), dimmed timestamps on the rest of their line,
    bold headings sized by level, and where pages start."""
    speaker = QTextCharFormat()
    speaker.setFontWeight(QFont.Weight.Bold)
    speaker.setForeground(QColor("#8fb3ff" if dark else "#1f4e9a"))
    dim = QTextCharFormat()
    dim.setForeground(QColor("#9a9a9a" if dark else "#777777"))
    out = Structure()
    ranges, pages = out.ranges, out.pages
    text = content.text
    to16 = omap.to_utf16_in_range()  # every offset below is kept inside the text
    for seg in content.segments:
        kind = seg.kind
        if kind == "turn":
            label = seg.label
            start = seg.start
            if not label or start < 0 or not text.startswith(label, start):
                continue
            end = start + len(label)
            if text.startswith(":", end):
                end += 1
            ranges.append((to16(start), to16(end), speaker))
            line_end = text.find("\n", end, end + 24)
            if line_end > end:
                rest = text[end:line_end].strip()
                if rest and _TIMESTAMP.fullmatch(rest):
                    ranges.append((to16(end), to16(line_end), dim))
        elif kind == "page":
            pages.append((to16(min(max(0, seg.start), len(text))), seg.label))
        elif kind == "heading":
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            level = seg.level or 1
            fmt.setFontPointSize(point_size * max(1.05, 1.45 - 0.15 * (level - 1)))
            start, end = max(0, seg.start), min(seg.end, len(text))
            if end > start:
                ranges.append((to16(start), to16(end), fmt))
    ranges.sort(key=lambda r: r[0])
    pages.sort()
    return out


def fill_document(
    doc: QTextDocument, text: str, structure: Structure, *, astral: bool = True
) -> None:
    """Put *text* into the empty *doc* with *structure*'s formats (*astral*: see qt_text)."""
    qt = qt_text(text, astral=astral)  # indexed by UTF-16 positions, like the ranges
    ranges = structure.ranges
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    if any(b[0] < a[1] for a, b in itertools.pairwise(ranges)):
        # overlapping formats (a heading holding a speaker's name) combine: merged one by one
        cursor.insertText(qt)
        move, keep = cursor.setPosition, QTextCursor.MoveMode.KeepAnchor
        for start, end, fmt in ranges:
            move(start)
            move(end, keep)
            cursor.mergeCharFormat(fmt)
    else:
        insert = cursor.insertText
        plain = QTextCharFormat()
        at = 0
        for start, end, fmt in ranges:
            if start > at:
                insert(qt[at:start], plain)
                at = start
            if end > at:
                insert(qt[at:end], fmt)
                at = end
        if at < len(qt):
            insert(qt[at:], plain)
    cursor.endEditBlock()

"""Lay out block-structured documents (Word, ODT, HTML, RTF) as one paragraph per line.

Every block becomes a ``paragraph`` (or ``heading``) segment, so agreement can use paragraphs as
units, and the blocks are checked for transcript conventions so a Word transcript gets speaker
turns just like a .vtt file does.
"""

from __future__ import annotations

from dataclasses import dataclass

from lgcoder.core.imported import SegmentSpec
from lgcoder.core.textnorm import normalise_text
from lgcoder.importers.base import TextBuilder, sort_segments
from lgcoder.importers.speakers import Line, find_turns, speaker_list


@dataclass
class Block:
    """A paragraph, heading or table row, its text already flattened to one string."""

    text: str
    kind: str = "paragraph"  # paragraph | heading
    level: int | None = None
    bold: str = ""  # leading bold run (speaker labels in Word transcripts)


def with_notes_section(blocks: list[Block], notes: list[str]) -> list[Block]:
    """Footnotes and endnotes go at the end under a "Notes" heading, numbered as cited."""
    if not notes:
        return blocks
    return [
        *blocks,
        Block("Notes", "heading", 1),
        *(Block(f"[{n}] {t}") for n, t in enumerate(notes, 1)),
    ]


def assemble(
    blocks: list[Block], builder: TextBuilder | None = None
) -> tuple[TextBuilder, list[int], list[str]]:
    """Append *blocks* to a builder; return it, each block's start offset, and the speakers.

    Blank blocks are kept out of the text (their start is recorded as where they would be).
    """
    builder = builder or TextBuilder()
    starts: list[int] = []
    lines: list[Line] = []
    for block in blocks:
        text = normalise_text(block.text).strip("\n")
        starts.append(builder.length)
        if not text.strip():
            continue
        kind = "heading" if block.kind == "heading" else "paragraph"
        label = " ".join(text.split())[:200] if kind == "heading" else ""
        seg = builder.add_segment(kind, text, label, level=block.level)  # type: ignore[arg-type]
        if seg is not None and kind == "paragraph":
            lines.append(Line(text, seg.start, seg.end, normalise_text(block.bold)))
    turns = find_turns(lines)
    for t in turns:
        builder.segments.append(SegmentSpec("turn", t.start, t.end, t.speaker, None, t.time))
    sort_segments(builder.segments)
    return builder, starts, speaker_list(turns)

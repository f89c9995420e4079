"""Speaker turns: how transcripts become citable structure.

Subtitle-style sources (WebVTT, SRT) arrive as many short cues. A researcher codes *turns*, so
consecutive cues by the same speaker are merged into one ``turn`` segment labelled with the speaker
and keeping the first cue's start time. Each cue still gets its own ``cue`` segment, so a citation
can point at the exact moment in the recording.
"""

from __future__ import annotations

from dataclasses import dataclass

from lgcoder.core.imported import SegmentSpec
from lgcoder.importers.base import TextBuilder


@dataclass
class Utterance:
    """One cue's text, who said it (if known) and when."""

    text: str
    speaker: str | None = None
    start: float | None = None
    end: float | None = None


def format_time(seconds: float | None) -> str:
    """``hh:mm:ss`` for labels (recordings of a roundtable never need the milliseconds)."""
    if seconds is None:
        return ""
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def parse_clock(text: str) -> float | None:
    """Seconds from ``hh:mm:ss(.mmm)``, ``mm:ss`` or ``hh:mm:ss,mmm``; None when not a time."""
    text = text.strip().replace(",", ".")
    neg = text.startswith("-")
    parts = text.lstrip("-").split(":")
    if not 2 <= len(parts) <= 4:
        return None
    try:
        values = list(map(float, parts))
    except ValueError:
        return None
    if len(parts) == 4:  # dd:hh:mm:ss (mission transcripts)
        d, h, m, s = values
        seconds = ((d * 24 + h) * 60 + m) * 60 + s
    else:
        seconds = 0.0
        for value in values:
            seconds = seconds * 60 + value
    return -seconds if neg else seconds


def add_utterances(builder: TextBuilder, utterances: list[Utterance]) -> list[str]:
    """Lay out *utterances* as ``Speaker: text`` paragraphs; return the speakers in order seen.

    Cues without a speaker stand on their own line (plain subtitles).
    """
    speakers: list[str] = []
    i = 0
    while i < len(utterances):
        first = utterances[i]
        if not first.speaker:
            _add_cue(builder, first)
            builder.add("\n")
            i += 1
            continue
        j = i
        while j < len(utterances) and utterances[j].speaker == first.speaker:
            j += 1
        if first.speaker not in speakers:
            speakers.append(first.speaker)
        turn_start, _ = builder.add(f"{first.speaker}: ")
        for k in range(i, j):
            if k > i:
                builder.add(" ")
            _add_cue(builder, utterances[k])
        turn_end = builder.length
        builder.add("\n\n")
        builder.segments.append(
            SegmentSpec(
                "turn",
                turn_start,
                turn_end,
                first.speaker,
                None,
                first.start,
                utterances[j - 1].end,
            )
        )
        i = j
    return speakers


def _add_cue(builder: TextBuilder, cue: Utterance) -> None:
    start, end = builder.add(cue.text)
    if end > start:
        builder.segments.append(
            SegmentSpec("cue", start, end, format_time(cue.start), None, cue.start, cue.end)
        )

"""Find speaker turns in text that was typed or exported as a transcript.

Plain-text and Word transcripts come in a handful of house styles::

    Name: text                      (most notes; Zoom chat has "00:11:09<TAB>Name:<TAB>text")
    [00:01:02] Name: text           (Otter, Copilot)
    Name  00:01  / Name 00:00:12    (Teams .docx export: name and time, the words below)
    Name / 00:00:12 / text          (Teams, one item per line)
    [id1] text                      (QualCoder's focus-group convention)
    **Name** text                   (a bold speaker run in Word: passed in as ``bold``)
    Role (Name): text               (minutes and panels: "Chair (Priya Raman): ...")

A document counts as a transcript only when enough of its lines carry a label and the labels look
like a cast, not prose (``Note: ...`` once does not make a transcript). The text itself is never
changed: turns are spans over it, from a label to the line before the next label.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lgcoder.importers.transcript import parse_clock

_NAME = r"[^\W\d_][\w.'’\-]*(?:[ \u00a0][\w.'’\-]+){0,4}?(?:\s*\([^()\n]{1,40}\))?"
_CLOCK = r"-?\d{1,2}(?::\d{2}){1,3}(?:[.,]\d+)?"
_TIMED = re.compile(rf"^\[?({_CLOCK})\]?[ \t]+({_NAME})[ \t]*:[ \t]*(.*)$")
_LABEL = re.compile(rf"^({_NAME})[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
_NAME_TIME = re.compile(rf"^({_NAME})[ \t]+\[?({_CLOCK})\]?[ \t]*$")
_CLOCK_ONLY = re.compile(rf"^\[?({_CLOCK})\]?$")
_BRACKET_ID = re.compile(r"^\[([^\W\d_][\w .\-]{0,30})\][ \t]+(\S.*)$")
_NAME_ONLY = re.compile(rf"^({_NAME})$")
_NOT_SPEAKERS = {
    "note",
    "notes",
    "abstract",
    "summary",
    "example",
    "http",
    "https",
    "date",
    "time",
    "file",
    "video",
    "subject",
    "re",
    "to",
    "from",
    "tel",
    "email",
    "url",
    "warning",
    "question",
    "answer",
    "source",
    "inaudible",
    "laughter",
    "laughs",
    "crosstalk",
    "music",
    "applause",
    "silence",
    "pause",
    "unclear",
    "noise",
    "background",
    "presenter",
    "agenda",
    "action",
    "resolution",
    "conclusion",
    "outcome",
    "topic",
    "minutes",
    "present",
    "regrets",
    "chair",
    "scribe",
}


@dataclass(frozen=True)
class Line:
    """A line (plain text) or paragraph (Word) and where it sits in the document text."""

    text: str
    start: int
    end: int
    bold: str = ""  # a leading bold run, when the source has formatting


@dataclass(frozen=True)
class Turn:
    speaker: str
    start: int
    end: int
    time: float | None


def _plausible(name: str) -> bool:
    """Whether a label reads as a person. A role with the name in brackets ("Chair (Priya
    Raman)") is a person even though the role alone ("Chair:") is a minutes heading."""
    bracketed = re.search(r"\(([^\W\d_][^()]*)\)$", name)
    if bracketed and _plausible(bracketed.group(1).strip()):
        return True
    bare = re.sub(r"\s*\(.*\)$", "", name).strip()
    if not bare or bare.lower() in _NOT_SPEAKERS or len(bare) > 40:
        return False
    words = bare.split()
    if len(words) > 5 or (bare[0].islower() and not re.match(r"^id\d+$", bare)):
        return False
    # Names are capitalised ("Neil deGrasse Tyson" allows one exception); scripts without case
    # (CJK, Arabic) pass.
    return sum(1 for w in words if w[0].islower()) <= (1 if len(words) > 2 else 0)


def _label(lines: list[Line], i: int) -> tuple[str, float | None, int] | None:
    """(speaker, time, lines used by the label) when line *i* starts a turn."""
    text = lines[i].text.strip()
    m = _TIMED.match(text)
    if m and _plausible(m.group(2)):
        return m.group(2).strip(), parse_clock(m.group(1)), 0
    m = _LABEL.match(text)
    if m and _plausible(m.group(1)):
        return m.group(1).strip(), None, 0
    m = _NAME_TIME.match(text)
    if m and _plausible(m.group(1)):
        return m.group(1).strip(), parse_clock(m.group(2)), 0
    m = _BRACKET_ID.match(text)
    if m and m.group(1).strip().lower() not in _NOT_SPEAKERS:
        return m.group(1).strip(), None, 0
    bold = lines[i].bold.strip().rstrip(":").strip()
    if bold and len(bold) <= 40 and _plausible(bold) and text.startswith(lines[i].bold.strip()):
        return bold, None, 0
    nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    if _NAME_ONLY.match(text) and _plausible(text) and _CLOCK_ONLY.match(nxt):
        return text, parse_clock(nxt.strip("[]")), 1
    return None


def find_turns(lines: list[Line]) -> list[Turn]:
    """Speaker turns over *lines*, or [] when the text does not read as a transcript."""
    labels: list[tuple[int, str, float | None]] = []
    pending_time: float | None = None
    i = 0
    while i < len(lines):
        text = lines[i].text.strip()
        found = _label(lines, i) if text else None
        if found:
            speaker, time, extra = found
            labels.append((i, speaker, time if time is not None else pending_time))
            pending_time = None
            i += 1 + extra
            continue
        clock = _CLOCK_ONLY.match(text)
        if clock:  # a timestamp on its own line stamps the label that follows
            pending_time = parse_clock(clock.group(1))
        i += 1
    if not _reads_as_transcript(lines, labels):
        return []
    turns: list[Turn] = []
    for n, (i, speaker, time) in enumerate(labels):
        last = (labels[n + 1][0] if n + 1 < len(labels) else len(lines)) - 1
        while last > i and not lines[last].text.strip():
            last -= 1
        if _CLOCK_ONLY.match(lines[last].text.strip()) and last > i:
            last -= 1  # the next turn's timestamp line
        start, end = lines[i].start, lines[last].end
        if turns and turns[-1].speaker == speaker:
            prev = turns[-1]
            turns[-1] = Turn(speaker, prev.start, end, prev.time)
        else:
            turns.append(Turn(speaker, start, end, time))
    return turns


def _reads_as_transcript(lines: list[Line], labels: list[tuple[int, str, float | None]]) -> bool:
    """Enough labels, relative to lines or to paragraphs, and speakers who speak more than once."""
    if len(labels) < 3:
        return False
    filled = [bool(line.text.strip()) for line in lines]
    nonempty = sum(filled)
    paragraphs = sum(1 for i, f in enumerate(filled) if f and (i == 0 or not filled[i - 1]))
    counts = Counter(speaker for _, speaker, _ in labels)
    repeated = sum(c for c in counts.values() if c > 1)
    dense = len(labels) >= 0.2 * nonempty or len(labels) >= 0.4 * paragraphs
    return dense and repeated >= 0.6 * len(labels)


def split_label(text: str) -> tuple[str, str] | None:
    """``("Name", "rest")`` when *text* opens with a ``Name:`` speaker label (Zoom cues)."""
    m = _LABEL.match(text.strip())
    if m and _plausible(m.group(1)) and m.group(2):
        return m.group(1).strip(), m.group(2).strip()
    return None


def speaker_list(turns: list[Turn]) -> list[str]:
    """Speakers in order of first appearance."""
    return list(dict.fromkeys(t.speaker for t in turns))

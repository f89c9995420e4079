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

import functools
import re
from collections import Counter
from itertools import accumulate, chain
from operator import add, gt
from typing import NamedTuple

from lgcoder.importers.transcript import parse_clock

_NAME = r"[^\W\d_][\w.'’\-]*(?:[ \u00a0][\w.'’\-]+){0,4}?(?:\s*\([^()\n]{1,40}\))?"
_CLOCK = r"-?\d{1,2}(?::\d{2}){1,3}(?:[.,]\d+)?"
_TIMED = re.compile(rf"^\[?({_CLOCK})\]?[ \t]+({_NAME})[ \t]*:[ \t]*(.*)$")
_LABEL = re.compile(rf"^({_NAME})[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
_NAME_TIME = re.compile(rf"^({_NAME})[ \t]+\[?({_CLOCK})\]?[ \t]*$")
_CLOCK_ONLY = re.compile(rf"^\[?({_CLOCK})\]?$")
_BRACKET_ID = re.compile(r"^\[([^\W\d_][\w .\-]{0,30})\][ \t]+(\S.*)$")
_NAME_ONLY = re.compile(rf"^({_NAME})$")
_CLOCK_FIRST = frozenset("[-0123456789")  # a bare clock line starts with one of these
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


class Line(NamedTuple):
    """A line (plain text) or paragraph (Word) and where it sits in the document text.

    A named tuple rather than a dataclass: a long transcript has tens of thousands of lines,
    and a tuple is several times cheaper to build.
    """

    text: str
    start: int
    end: int
    bold: str = ""  # a leading bold run, when the source has formatting


class Turn(NamedTuple):
    """A speaker's turn: from their label to the line before the next label."""

    speaker: str
    start: int
    end: int
    time: float | None


_BRACKETED = re.compile(r"\(([^\W\d_][^()]*)\)$")
_ROLE_SUFFIX = re.compile(r"\s*\(.*\)$")
_ID = re.compile(r"^id\d+$")


@functools.lru_cache(maxsize=4096)
def _plausible(name: str) -> bool:
    """Whether a label reads as a person. A role with the name in brackets ("Chair (Priya
    Raman)") is a person even though the role alone ("Chair:") is a minutes heading.

    Cached: a transcript repeats the same few names thousands of times.
    """
    bracketed = _BRACKETED.search(name)
    if bracketed and _plausible(bracketed.group(1).strip()):
        return True
    bare = _ROLE_SUFFIX.sub("", name).strip()
    if not bare or bare.lower() in _NOT_SPEAKERS or len(bare) > 40:
        return False
    words = bare.split()
    if len(words) > 5 or (bare[0].islower() and not _ID.match(bare)):
        return False
    # Names are capitalised ("Neil deGrasse Tyson" allows one exception); scripts without case
    # (CJK, Arabic) pass.
    return sum(1 for w in words if w[0].islower()) <= (1 if len(words) > 2 else 0)


def _label(text: str, bold: str, nxt: str) -> tuple[str, float | None, int] | None:
    """(speaker, time, lines used by the label) when a line starts a turn.

    *text* is the line stripped, *bold* its raw leading bold run, *nxt* the next line stripped.
    The cheap tests on the first character and on ``:`` only skip patterns that cannot match
    (each needs a colon, a bracket, a digit or a letter where tested), so the answer is the same
    as trying every pattern in turn; on a long transcript they save most of the work.
    """
    first = text[0]
    colon = ":" in text
    if colon and (first == "[" or first == "-" or first.isdigit()):
        m = _TIMED.match(text)
        if m and _plausible(m.group(2)):
            return m.group(2).strip(), parse_clock(m.group(1)), 0
    wordy = first.isalnum()
    if colon and wordy:
        m = _LABEL.match(text)
        if m and _plausible(m.group(1)):
            return m.group(1).strip(), None, 0
        m = _NAME_TIME.match(text)
        if m and _plausible(m.group(1)):
            return m.group(1).strip(), parse_clock(m.group(2)), 0
    if first == "[":
        m = _BRACKET_ID.match(text)
        if m and m.group(1).strip().lower() not in _NOT_SPEAKERS:
            return m.group(1).strip(), None, 0
    if bold:
        label = bold.strip().rstrip(":").strip()
        if label and len(label) <= 40 and _plausible(label) and text.startswith(bold.strip()):
            return label, None, 0
    if (
        wordy
        and ":" in nxt
        and _CLOCK_ONLY.match(nxt)
        and _NAME_ONLY.match(text)
        and _plausible(text)
    ):
        return text, parse_clock(nxt.strip("[]")), 1
    return None


def find_turns(lines: list[Line]) -> list[Turn]:
    """Speaker turns over *lines*, or [] when the text does not read as a transcript."""
    return _turns(
        list(map(str.strip, (line.text for line in lines))),
        [line.bold for line in lines],
        [line.start for line in lines],
        [line.end for line in lines],
    )


def find_turns_in_text(text: str, offset: int = 0) -> list[Turn]:
    """``find_turns`` over every line of *text* (plain text), without a Line object per line.

    A long transcript has tens of thousands of lines; their spans are computed at C speed and
    the lines are stripped in one pass, which is most of what building Line objects cost.
    """
    raw = text.split("\n")
    lengths = list(map(len, raw))
    before = accumulate(lengths, initial=0)  # characters in the lines before each line
    starts = list(map(add, before, range(offset, offset + len(raw))))  # plus one LF per line
    return _turns(list(map(str.strip, raw)), None, starts, list(map(add, starts, lengths)))


def _turns(
    texts: list[str], bolds: list[str] | None, starts: list[int], ends: list[int]
) -> list[Turn]:
    """Turns over lines given as stripped texts, leading bold runs (None: no formatting) and
    spans."""
    count = len(texts)
    labels: list[tuple[int, str, float | None]] = []
    pending_time: float | None = None
    i = 0
    while i < count:
        text = texts[i]
        if not text:
            i += 1
            continue
        bold = bolds[i] if bolds is not None else ""
        if not bold and ":" not in text and text[0] != "[":
            # A line of words (a turn's second line, prose): no colon, bracket or bold run, so
            # it is no clock and of _label's patterns only the last can match it, a name line
            # whose next line is a bare clock (Teams); settled here without the call.
            nxt = texts[i + 1] if i + 1 < count else ""
            if (
                ":" in nxt
                and text[0].isalnum()
                and _CLOCK_ONLY.match(nxt)
                and _NAME_ONLY.match(text)
                and _plausible(text)
            ):
                time = parse_clock(nxt.strip("[]"))
                labels.append((i, text, time if time is not None else pending_time))
                pending_time = None
                i += 2
                continue
            i += 1
            continue
        # A timestamp on its own line stamps the label that follows. Without a bold run such a
        # line is never a label itself (every label pattern needs a letter or a space that a
        # bare clock lacks), so it is settled here without trying them.
        clock = (
            _CLOCK_ONLY.match(text) if ":" in text and (bold or text[0] in _CLOCK_FIRST) else None
        )
        if clock and not bold:
            pending_time = parse_clock(clock.group(1))
            i += 1
            continue
        if not bold and text[0].isalpha() and ":" in text:
            # the commonest line of a transcript, "Name: words": the first pattern _label
            # would try for it (a timed label needs a digit or bracket first), tried inline
            m = _LABEL.match(text)
            if m and _plausible(m.group(1)):
                labels.append((i, m.group(1).strip(), pending_time))
                pending_time = None
                i += 1
                continue
        found = _label(text, bold, texts[i + 1] if i + 1 < count else "")
        if found:
            speaker, time, extra = found
            labels.append((i, speaker, time if time is not None else pending_time))
            pending_time = None
            i += 1 + extra
            continue
        if clock:
            pending_time = parse_clock(clock.group(1))
        i += 1
    if not _reads_as_transcript(texts, labels):
        return []
    turns: list[Turn] = []
    for n, (i, speaker, time) in enumerate(labels):
        last = (labels[n + 1][0] if n + 1 < len(labels) else count) - 1
        while last > i and not texts[last]:
            last -= 1
        if last > i and _CLOCK_ONLY.match(texts[last]):
            last -= 1  # the next turn's timestamp line
        start, end = starts[i], ends[last]
        if turns and turns[-1].speaker == speaker:
            prev = turns[-1]
            turns[-1] = Turn(speaker, prev.start, end, prev.time)
        else:
            turns.append(Turn(speaker, start, end, time))
    return turns


def _reads_as_transcript(texts: list[str], labels: list[tuple[int, str, float | None]]) -> bool:
    """Enough labels, relative to lines or to paragraphs, and speakers who speak more than once.

    *texts* are the lines, stripped.
    """
    if len(labels) < 3:
        return False
    filled = list(map(bool, texts))
    nonempty = sum(filled)
    # a filled line after a blank one (or first) opens a paragraph: True > False, at C speed
    paragraphs = sum(map(gt, filled, chain((False,), filled)))
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

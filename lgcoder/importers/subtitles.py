"""WebVTT and SRT: caption cues, voices and speaker turns.

Recordings of roundtables come back from Zoom as ``Name: text`` cues (and Zoom drops the prefix
when one person keeps talking), from Teams as ``<v Name>text</v>`` voice spans, and from
subtitle tools as anonymous cues. All three become one layout: ``Speaker: words`` paragraphs with
``turn`` and ``cue`` segments, or a line per cue when nobody is named.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from lgcoder.core.errors import ImportFailedError
from lgcoder.core.imported import ImportedDocument
from lgcoder.core.textnorm import normalise_text
from lgcoder.core.words import counted
from lgcoder.importers.base import ImportOptions, TextBuilder
from lgcoder.importers.decoding import decode_text
from lgcoder.importers.registry import register
from lgcoder.importers.speakers import split_label
from lgcoder.importers.transcript import Utterance, add_utterances, parse_clock

_TIMING = re.compile(
    r"^\s*(-?\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\s*-->\s*"
    r"(-?\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)"
)
_IDENTIFIER = re.compile(r"^\s*(\d+|[0-9a-fA-F-]{16,}(?:/\d+-\d+)?)\s*$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]+)>")
_TAG = re.compile(r"</?[^>\n]*>")
_SPACE = re.compile(r"[ \t\u00a0]+")


#: File signatures that no SubRip file starts with (PDF, zip).
_NOT_TEXT = (b"%PDF-", b"PK\x03\x04")


def _decode(data: bytes, filename: str) -> str:
    text, _ = decode_text(data, filename)
    return normalise_text(text).lstrip("\ufeff")


def _clean(payload: str) -> str:
    text = html.unescape(_TAG.sub("", payload)).replace("\u200e", "").replace("\u200f", "")
    return _SPACE.sub(" ", " ".join(line.strip() for line in text.split("\n"))).strip()


def _voices(payload: str) -> list[tuple[str | None, str]]:
    """Split a cue payload into (voice, text) parts; one part with voice None when untagged."""
    marks = list(_VOICE.finditer(payload))
    if not marks:
        return [(None, _clean(payload))]
    parts: list[tuple[str | None, str]] = []
    if payload[: marks[0].start()].strip():
        parts.append((None, _clean(payload[: marks[0].start()])))
    for n, m in enumerate(marks):
        stop = marks[n + 1].start() if n + 1 < len(marks) else len(payload)
        parts.append((m.group(1).strip(), _clean(payload[m.end() : stop])))
    return [(v, t) for v, t in parts if t]


def parse_cues(text: str) -> tuple[list[Utterance], int]:
    """Utterances from WebVTT or SRT text, and the number of blocks skipped for lack of timing."""
    utterances: list[Utterance] = []
    labelled: list[tuple[int, str, str]] = []  # (index, name, rest) from "Name: text" cues
    skipped = 0
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        timings = [i for i, line in enumerate(lines) if _TIMING.match(line)]
        if not timings:
            head = lines[0].strip() if lines else ""
            if head and not head.startswith(("WEBVTT", "NOTE", "STYLE", "REGION", "Kind:")):
                skipped += 1
            continue
        for n, at in enumerate(timings):
            m = _TIMING.match(lines[at])
            assert m is not None
            stop = timings[n + 1] if n + 1 < len(timings) else len(lines)
            if n + 1 < len(timings) and stop - 1 > at and _IDENTIFIER.match(lines[stop - 1]):
                stop -= 1  # the next cue's identifier, in a file without blank lines
            start, end = parse_clock(m.group(1)), parse_clock(m.group(2))
            for voice, words in _voices("\n".join(lines[at + 1 : stop])):
                if voice is None and (label := split_label(words)):
                    labelled.append((len(utterances), *label))
                utterances.append(Utterance(words, voice, start, end))
    _apply_labels(utterances, labelled)
    return _drop_rolling_repeats(utterances), skipped


def _apply_labels(utterances: list[Utterance], labelled: list[tuple[int, str, str]]) -> None:
    """Take ``Name: text`` as a speaker only when names recur, as they do in Zoom transcripts.

    Film subtitles have the odd "Rule number one: ..." line; that is dialogue, not a speaker.
    """
    voices = {u.speaker for u in utterances if u.speaker}
    counts = Counter(name for _, name, _ in labelled)
    recurring = {name for name, c in counts.items() if c >= 2 or name in voices}
    kept = sum(counts[name] for name in recurring)
    if recurring and len(labelled) >= 0.4 * len(utterances):
        recurring = set(counts)  # a labelled transcript: people who speak once count too
        kept = len(labelled)
    mostly_voices = recurring <= voices and bool(recurring)
    if not mostly_voices and (
        kept < max(2, 0.1 * len(utterances)) or len(recurring) > max(2, kept // 3)
    ):
        return
    for index, name, rest in labelled:
        if name in recurring:
            utterances[index].speaker = name
            utterances[index].text = rest


def _drop_rolling_repeats(utterances: list[Utterance]) -> list[Utterance]:
    """YouTube auto-captions repeat the previous line at the top of each cue; keep it once."""
    out: list[Utterance] = []
    for u in utterances:
        if out and u.text.startswith(out[-1].text) and u.speaker == out[-1].speaker:
            rest = u.text[len(out[-1].text) :].strip()
            if not rest:
                continue
            u = Utterance(rest, u.speaker, u.start, u.end)
        out.append(u)
    return out


def _inherit_speakers(utterances: list[Utterance]) -> None:
    """Zoom drops ``Name:`` when a speaker continues; such cues belong to the previous speaker."""
    current: str | None = None
    for u in utterances:
        if u.speaker:
            current = u.speaker
        elif current:
            u.speaker = current


def build(
    data: bytes, filename: str, kind: str, mime: str, text: str | None = None
) -> ImportedDocument:
    """Turn subtitle text into a document; shared by the WebVTT and SRT importers."""
    name = Path(filename).name
    source = text if text is not None else _decode(data, name)
    utterances, skipped = parse_cues(source)
    utterances = [u for u in utterances if u.text]
    if not utterances:
        raise ImportFailedError(f"{name}: the transcript has no captions with text in it")
    _inherit_speakers(utterances)
    builder = TextBuilder()
    speakers = add_utterances(builder, utterances)
    warnings = (
        [
            f"{counted(skipped, 'caption block')} without a timing line {'was' if skipped == 1 else 'were'} skipped"
        ]
        if skipped
        else []
    )
    return ImportedDocument(
        text=builder.text().rstrip("\n") + "\n",
        kind=kind,
        source_bytes=data,
        source_filename=name,
        mime=mime,
        segments=builder.segments,
        speakers=speakers,
        warnings=warnings,
    )


class WebVttImporter:
    """WebVTT (.vtt), including Zoom and Teams transcripts; a missing header is tolerated."""

    name = "webvtt"
    extensions: tuple[str, ...] = (".vtt",)

    def sniff(self, data: bytes, filename: str) -> bool:
        head = data[:64]
        for prefix in (b"", b"\xef\xbb\xbf"):
            if head.startswith(prefix + b"WEBVTT"):
                return True
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return _decode(data[:200], filename).startswith("WEBVTT")
        return False

    def parse(self, data: bytes, filename: str, options: ImportOptions) -> ImportedDocument:
        text = _decode(data, Path(filename).name)
        first = text.lstrip().split("\n", 1)[0]
        if not first.startswith("WEBVTT") and not _TIMING.search(text):
            raise ImportFailedError(
                f"{Path(filename).name}: this is not a WebVTT transcript (no WEBVTT header and "
                "no cue timings)"
            )
        return build(data, filename, "transcript", "text/vtt", text)


class SrtImporter:
    """SubRip (.srt) subtitles in any encoding."""

    name = "srt"
    extensions: tuple[str, ...] = (".srt",)

    def sniff(self, data: bytes, filename: str) -> bool:
        if data.lstrip()[:6].startswith(b"WEBVTT"):
            return False
        if data.startswith(_NOT_TEXT):
            # A PDF or a zip (ODT) reaches this sniffer on its way to its own importer: no
            # decoding of those bytes starts with a digit, and guessing their encoding cost
            # every PDF ~1 ms (and the first one ~20 ms, loading every codec).
            return False
        try:
            head = _decode(data[:400], filename)
        except ImportFailedError:
            return False
        return bool(re.match(r"\s*\d+\n\d\d:\d\d:\d\d[,.]\d{1,3} --> ", head))

    def parse(self, data: bytes, filename: str, options: ImportOptions) -> ImportedDocument:
        return build(data, filename, "transcript", "application/x-subrip")


register(WebVttImporter())
register(SrtImporter())

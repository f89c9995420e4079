"""Plain text (.txt and anything unrecognised that decodes as text).

The text is kept exactly as written (after the one normalisation every document gets), with a
``paragraph`` segment per blank-line-separated block, so agreement can use paragraphs as units.
A text file that reads as a transcript also gets ``turn`` segments and a speaker list; one that
wraps a WebVTT body after a few ``Key: value`` lines (legislative caption dumps) is read as
captions, with those lines kept as attributes.
"""

from __future__ import annotations

import re
from pathlib import Path

from lgcoder.core.errors import ImportFailedError
from lgcoder.core.imported import ImportedDocument, SegmentSpec
from lgcoder.core.textnorm import normalise_text
from lgcoder.importers import subtitles
from lgcoder.importers.base import ImportOptions
from lgcoder.importers.decoding import decode_text
from lgcoder.importers.registry import register
from lgcoder.importers.speakers import Line, find_turns, speaker_list

_BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
_EMBEDDED_VTT = re.compile(r"^WEBVTT[^\n]*$", re.MULTILINE)


def paragraph_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans of blank-line-separated blocks, without their leading and trailing whitespace."""
    spans = []
    for m in _BLOCK.finditer(text):
        chunk = m.group(0)
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        spans.append((offset + m.start() + lead, offset + m.end() - trail))
    return spans


def text_lines(text: str, offset: int = 0) -> list[Line]:
    """Every line of *text* with its span (the newline excluded)."""
    lines = []
    pos = offset
    make = tuple.__new__  # a Line without the keyword handling of its constructor
    for raw in text.split("\n"):
        end = pos + len(raw)
        lines.append(make(Line, (raw, pos, end, "")))
        pos = end + 1
    return lines


def structure_segments(text: str) -> tuple[list[SegmentSpec], list[str]]:
    """Paragraph segments for *text*, plus turn segments and speakers when it is a transcript."""
    segments = [SegmentSpec("paragraph", s, e) for s, e in paragraph_spans(text)]
    turns = find_turns(text_lines(text))
    segments += [SegmentSpec("turn", t.start, t.end, t.speaker, None, t.time) for t in turns]
    segments.sort(key=lambda s: (s.start, -s.end))
    return segments, speaker_list(turns)


def decode_document(data: bytes, filename: str) -> tuple[str, str]:
    """Decoded, normalised text and its encoding; refuse files that hold no text at all."""
    name = Path(filename).name
    raw, encoding = decode_text(data, name)
    text = normalise_text(raw)
    if not text.strip():
        raise ImportFailedError(f"{name}: the file contains no text (only blank space)")
    return text, encoding


class PlainTextImporter:
    name = "text"
    extensions: tuple[str, ...] = (".txt", ".text", ".log", ".csv", ".tsv")

    def sniff(self, data: bytes, filename: str) -> bool:
        return False  # plain text is the fallback by extension, never claimed by content

    def parse(self, data: bytes, filename: str, options: ImportOptions) -> ImportedDocument:
        text, encoding = decode_document(data, filename)
        vtt = _EMBEDDED_VTT.search(text)
        if vtt and vtt.start() < 2000:
            return _captions_with_preamble(data, filename, text, vtt.start(), encoding)
        segments, speakers = structure_segments(text)
        return ImportedDocument(
            text=text,
            kind="transcript" if speakers else "text",
            source_bytes=data,
            source_filename=Path(filename).name,
            mime="text/plain",
            segments=segments,
            attributes={"encoding": encoding},
            speakers=speakers,
        )


def _captions_with_preamble(
    data: bytes, filename: str, text: str, at: int, encoding: str
) -> ImportedDocument:
    doc = subtitles.build(data, filename, "transcript", "text/plain", text[at:])
    for line in text[:at].split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and value.strip():
            doc.attributes[key.strip()] = value.strip()
    doc.attributes["encoding"] = encoding
    return doc


register(PlainTextImporter())

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
from lgcoder.core.gc_pause import cycle_collection_paused
from lgcoder.core.imported import ImportedDocument, SegmentSpec
from lgcoder.core.textnorm import normalise_text
from lgcoder.importers import subtitles
from lgcoder.importers.base import ImportOptions, sort_segments
from lgcoder.importers.decoding import decode_text
from lgcoder.importers.registry import register
from lgcoder.importers.speakers import find_turns_in_text, speaker_list

# A run of non-blank lines, from its first non-space character to its last (\s is the
# whitespace str.strip() removes): the spans come straight from the regex engine.
_STRIPPED_BLOCK = re.compile(r"\S(?:[^\n]*\S)?(?:[^\S\n]*\n[^\S\n]*\S(?:[^\n]*\S)?)*")
_SPAN = re.Match.span
_EMBEDDED_VTT = re.compile(r"^WEBVTT[^\n]*$", re.MULTILINE)
_VTT_WITHIN = 2000  # a WebVTT header starting within this many characters of the top


def paragraph_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans of blank-line-separated blocks, without their leading and trailing whitespace."""
    if offset:
        return [(offset + start, offset + end) for start, end in paragraph_spans(text)]
    return list(map(_SPAN, _STRIPPED_BLOCK.finditer(text)))


def structure_segments(text: str) -> tuple[list[SegmentSpec], list[str]]:
    """Paragraph segments for *text*, plus turn segments and speakers when it is a transcript."""
    with cycle_collection_paused():  # ~100,000 small objects, no cycles
        segments = [SegmentSpec("paragraph", s, e) for s, e in paragraph_spans(text)]
        turns = find_turns_in_text(text)
        segments += [SegmentSpec("turn", t.start, t.end, t.speaker, None, t.time) for t in turns]
        sort_segments(segments)
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
        # only a header near the top counts: the search stops there, not at the end of a long
        # transcript
        vtt = _EMBEDDED_VTT.search(text, 0, _VTT_WITHIN + len("WEBVTT"))
        if vtt and vtt.start() < _VTT_WITHIN:
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

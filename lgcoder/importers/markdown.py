"""Markdown (.md): headings become heading segments, YAML front matter becomes attributes.

The Markdown source is kept as the document text (minus the front matter, which is metadata),
because researchers quote it and lgcoder must never rewrite what they code. Headings inside fenced
code blocks are not headings.
"""

from __future__ import annotations

import re
from pathlib import Path

from lgcoder.core.imported import ImportedDocument, SegmentSpec
from lgcoder.importers.base import ImportOptions
from lgcoder.importers.plaintext import decode_document, structure_segments
from lgcoder.importers.registry import register

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Simple ``key: value`` pairs from YAML front matter, and where the body starts.

    Only top-level scalars are kept (lists are joined with commas); lgcoder attributes are flat.
    """
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    attributes: dict[str, str] = {}
    key = ""
    for line in m.group(1).split("\n"):
        item = re.match(r"^\s+-\s+(.*)$", line)
        if item and key:
            value = item.group(1).strip().strip("\"'")
            attributes[key] = f"{attributes[key]}, {value}" if attributes[key] else value
            continue
        k, sep, v = line.partition(":")
        if sep and k.strip() and not k.startswith((" ", "\t", "#")):
            key = k.strip()
            attributes[key] = v.strip().strip("\"'")
    return attributes, m.end()


def heading_segments(text: str, offset: int) -> list[SegmentSpec]:
    """ATX (``# Title``) and setext (underlined) headings outside fenced code."""
    segments = []
    lines = text.split("\n")
    starts = []
    pos = offset
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        m = _ATX.match(line)
        if m and m.group(2):
            seg_start = starts[i] + m.start(2)
            segments.append(
                SegmentSpec(
                    "heading", seg_start, seg_start + len(m.group(2)), m.group(2), len(m.group(1))
                )
            )
        elif (
            i > 0
            and _SETEXT.match(line)
            and lines[i - 1].strip()
            and (i < 2 or not lines[i - 2].strip())
        ):
            title = lines[i - 1].strip()
            lead = len(lines[i - 1]) - len(lines[i - 1].lstrip())
            level = 1 if line.strip().startswith("=") else 2
            s = starts[i - 1] + lead
            segments.append(SegmentSpec("heading", s, s + len(title), title, level))
    return segments


class MarkdownImporter:
    name = "markdown"
    extensions: tuple[str, ...] = (".md", ".markdown", ".mdown")

    def sniff(self, data: bytes, filename: str) -> bool:
        return False  # Markdown is plain text; only the extension says the # marks matter

    def parse(self, data: bytes, filename: str, options: ImportOptions) -> ImportedDocument:
        full, encoding = decode_document(data, filename)
        attributes, body_at = front_matter(full)
        text = full[body_at:]
        segments, speakers = structure_segments(text)
        segments = [s for s in segments if not _is_heading_line(text, s)]
        segments += heading_segments(text, 0)
        segments.sort(key=lambda s: (s.start, -s.end))
        attributes["encoding"] = encoding
        return ImportedDocument(
            text=text,
            kind="transcript" if speakers else "markdown",
            source_bytes=data,
            source_filename=Path(filename).name,
            mime="text/markdown",
            segments=segments,
            attributes=attributes,
            speakers=speakers,
        )


def _is_heading_line(text: str, seg: SegmentSpec) -> bool:
    """A block that is a single ``# Heading`` line is a heading, not also a paragraph."""
    piece = text[seg.start : seg.end]
    return seg.kind == "paragraph" and "\n" not in piece and bool(_ATX.match(piece))


register(MarkdownImporter())

"""Word documents (.docx, .docm, .dotx): text in reading order, headings, notes and comments.

The body is flattened by :mod:`.docx_walk`; footnotes and endnotes follow in a Notes section;
Word comments become :class:`AnchoredNote` memos over exactly the text they were attached to
(or the whole paragraph when Word recorded only a point). A Word transcript (``Name:`` lines or a
bold speaker run) also gets speaker turns.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from lgcoder.core.errors import ImportFailedError
from lgcoder.core.imported import AnchoredNote, ImportedDocument, SegmentSpec
from lgcoder.core.textnorm import normalise_text
from lgcoder.importers.base import ImportOptions
from lgcoder.importers.blocks import Block, assemble, with_notes_section
from lgcoder.importers.docx_package import OLE_MAGIC, open_word
from lgcoder.importers.docx_walk import BodyWalker, Mark, Styles
from lgcoder.importers.registry import register
from lgcoder.importers.safexml import attr, local

_WORD_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _notes_by_id(root: ET.Element | None, tag: str) -> dict[str, ET.Element]:
    if root is None:
        return {}
    return {
        attr(n, "id") or "": n
        for n in root
        if local(n.tag) == tag
        and attr(n, "type") not in ("separator", "continuationSeparator", "continuationNotice")
    }


def _comments(root: ET.Element | None) -> dict[str, tuple[str, str]]:
    """Comment id -> (text, author)."""
    found: dict[str, tuple[str, str]] = {}
    if root is None:
        return found
    for c in root:
        if local(c.tag) != "comment":
            continue
        walker = BodyWalker(Styles(None), {}, {})
        walker.walk(c)
        text = "\n".join(b.text for b in walker.blocks if b.text.strip())
        found[attr(c, "id") or ""] = (text, attr(c, "author") or "")
    return found


def _anchor(blocks: list[Block], starts: list[int], mark: Mark, text_len: int) -> int:
    """Document offset of a comment mark, counted in the normalised text."""
    block = blocks[mark.block]
    start = starts[mark.block]
    offset = start + len(normalise_text(block.text[: mark.offset]).lstrip("\n"))
    return max(0, min(offset, text_len))


def _anchored_notes(
    blocks: list[Block], starts: list[int], segments: list[SegmentSpec], marks: list[Mark],
    comments: dict[str, tuple[str, str]], text_len: int,
) -> list[AnchoredNote]:  # fmt: skip
    spans: dict[str, list[int]] = {}
    for mark in marks:
        pos = _anchor(blocks, starts, mark, text_len)
        span = spans.setdefault(mark.comment, [pos, pos])
        if mark.kind == "start":
            span[0] = pos
        else:
            span[1] = pos
    notes = []
    for cid, (body, author) in comments.items():
        if not body.strip():
            continue
        start, end = spans.get(cid, [0, 0])
        if end <= start:  # a point comment: attach it to its whole paragraph
            para = next(
                (s for s in segments if s.kind != "turn" and s.start <= start <= s.end), None
            )
            if para is None:
                continue
            start, end = para.start, para.end
        notes.append(AnchoredNote(start, end, body, author))
    return notes


class DocxImporter:
    name = "docx"
    extensions: tuple[str, ...] = (".docx", ".docm", ".dotx", ".dotm", ".doc")

    def sniff(self, data: bytes, filename: str) -> bool:
        if data[:4] != b"PK\x03\x04":
            return data.startswith(OLE_MAGIC) and Path(filename).suffix.lower() in self.extensions
        head = data[:4000]
        return b"word/" in head or (
            Path(filename).suffix.lower() in self.extensions and b"mimetype" not in data[:100]
        )

    def parse(self, data: bytes, filename: str, options: ImportOptions) -> ImportedDocument:
        name = Path(filename).name
        parts = open_word(data, name)
        body = next((c for c in parts.document if local(c.tag) == "body"), None)
        if body is None:
            raise ImportFailedError(f"{name}: the Word document has no body text")
        walker = BodyWalker(
            Styles(parts.parts.get("styles")),
            _notes_by_id(parts.parts.get("footnotes"), "footnote"),
            _notes_by_id(parts.parts.get("endnotes"), "endnote"),
        )
        walker.walk(body)
        blocks = with_notes_section(list(walker.blocks), walker.notes)
        builder, starts, speakers = assemble(blocks)
        text = builder.text()
        if not text.strip():
            raise ImportFailedError(f"{name}: the Word document contains no text")
        comments = _comments(parts.parts.get("comments"))
        notes = _anchored_notes(blocks, starts, builder.segments, walker.marks, comments, len(text))
        return ImportedDocument(
            text=text,
            kind="transcript" if speakers else "docx",
            source_bytes=data,
            source_filename=name,
            mime=_WORD_MIME,
            segments=builder.segments,
            speakers=speakers,
            notes=notes,
            warnings=parts.warnings,
        )


register(DocxImporter())

"""OpenDocument text (.odt): paragraphs, outline headings, tables, notes and comments.

The package XML is parsed with :mod:`.safexml`, so external entities are never resolved (the
corpus holds an XXE attack file). Tracked changes keep the current text: deleted passages live
in ``text:tracked-changes`` and are skipped. Footnotes and endnotes are cited inline as ``[n]`` and
collected in a Notes section at the end; comments (``office:annotation``) become notes anchored to
their paragraph.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from lgcoder.core.errors import ImportFailedError
from lgcoder.core.imported import AnchoredNote, ImportedDocument
from lgcoder.core.safe_archive import SafeZip
from lgcoder.importers.base import ImportOptions
from lgcoder.importers.blocks import Block, assemble, with_notes_section
from lgcoder.importers.registry import register
from lgcoder.importers.safexml import attr, local, parse_xml

_ODT_MIMES = (
    b"application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.text-template",
)
_SKIP = {"tracked-changes", "deletion", "note", "annotation", "annotation-end", "bookmark-ref", "soft-page-break"}  # fmt: skip


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: list[str] = []
        self.comments: list[tuple[int, str, str]] = []  # (block index, text, author)

    def walk(self, el: ET.Element) -> None:
        for child in el:
            name = local(child.tag)
            if name in ("p", "h"):
                self.paragraph(child, name == "h")
            elif name == "table":
                self.table(child)
            elif name not in ("tracked-changes", "sequence-decls", "forms", "variable-decls"):
                self.walk(child)

    def paragraph(self, el: ET.Element, heading: bool) -> None:
        nested: list[ET.Element] = []
        text = self.inline(el, nested)
        level = None
        if heading:
            try:
                level = int(attr(el, "outline-level") or 1)
            except ValueError:
                level = 1
        index = len(self.blocks)
        self.blocks.append(Block(text, "heading" if heading else "paragraph", level))
        for note in self._annotations(el):
            self.comments.append((index, *note))
        for frame in nested:  # text boxes: their paragraphs follow the anchoring one
            self.walk(frame)

    def inline(self, el: ET.Element, nested: list[ET.Element]) -> str:
        parts = [el.text or ""]
        for child in el:
            name = local(child.tag)
            if name == "s":
                parts.append(" " * int(attr(child, "c") or 1))
            elif name == "tab":
                parts.append("\t")
            elif name == "line-break":
                parts.append("\n")
            elif name == "note":
                parts.append(self.note(child))
            elif name == "text-box":
                nested.append(child)
            elif name not in _SKIP:
                parts.append(self.inline(child, nested))
            parts.append(child.tail or "")
        return "".join(parts)

    def note(self, el: ET.Element) -> str:
        body = next((c for c in el if local(c.tag) == "note-body"), None)
        paras = [] if body is None else [p for p in body.iter() if local(p.tag) in ("p", "h")]
        text = " ".join(self.inline(p, []) for p in paras)
        self.notes.append(" ".join(text.split()))
        return f"[{len(self.notes)}]"

    def table(self, el: ET.Element) -> None:
        for row in el.iter():
            if local(row.tag) != "table-row":
                continue
            cells = []
            for cell in row:
                if local(cell.tag) != "table-cell":
                    continue  # covered cells (spans) repeat nothing
                paras = [self.inline(p, []) for p in cell if local(p.tag) in ("p", "h")]
                cells.append(" ".join(" ".join(paras).split()))
            if any(cells):
                self.blocks.append(Block("\t".join(cells)))

    def _annotations(self, el: ET.Element) -> list[tuple[str, str]]:
        found = []
        for ann in el.iter():
            if local(ann.tag) != "annotation":
                continue
            author = next((c.text or "" for c in ann.iter() if local(c.tag) == "creator"), "")
            words = [self.inline(p, []) for p in ann if local(p.tag) == "p"]
            found.append((" ".join(" ".join(words).split()), author))
        return found


class OdtImporter:
    name = "odt"
    extensions: tuple[str, ...] = (".odt", ".ott")

    def sniff(self, data: bytes, filename: str) -> bool:
        return data[:4] == b"PK\x03\x04" and any(m in data[:200] for m in _ODT_MIMES)

    def parse(self, data: bytes, filename: str, options: ImportOptions) -> ImportedDocument:
        name = Path(filename).name
        with SafeZip(data, name, what="OpenDocument text file") as package:
            if package.info("content.xml") is None:
                raise ImportFailedError(
                    f"{name}: this is not a readable OpenDocument text file (no content.xml); "
                    "re-save it from LibreOffice or Word"
                )
            content = package.read("content.xml")
        warnings: list[str] = []
        root = parse_xml(content, name, warnings)
        body = next((e for e in root.iter() if local(e.tag) == "text"), None)
        if body is None:
            raise ImportFailedError(f"{name}: the OpenDocument file has no text body")
        walker = _Walker()
        walker.walk(body)
        blocks = with_notes_section(list(walker.blocks), walker.notes)
        builder, starts, speakers = assemble(blocks)
        text = builder.text()
        if not text.strip():
            raise ImportFailedError(f"{name}: the document contains no text")
        notes = []
        for index, note_text, author in walker.comments:
            start = starts[index]
            end = next(
                (s.end for s in builder.segments if s.start == start and s.kind != "turn"), start
            )
            if end > start and note_text:
                notes.append(AnchoredNote(start, end, note_text, author))
        return ImportedDocument(
            text=text,
            kind="transcript" if speakers else "odt",
            source_bytes=data,
            source_filename=name,
            mime="application/vnd.oasis.opendocument.text",
            segments=builder.segments,
            speakers=speakers,
            notes=notes,
            warnings=warnings,
        )


register(OdtImporter())

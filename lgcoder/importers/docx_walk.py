"""Walk a Word document body in reading order and flatten it into blocks.

What a reader of the printed document sees is what we keep: insertions and moved-to text (the
document as it stands), never deleted or moved-from text; the visible result of fields, not their
codes; text boxes after the paragraph that anchors them (Word stores each twice, as a modern
``mc:Choice`` and a legacy ``mc:Fallback``, and only one copy is read); footnote and endnote
references as ``[n]``. Headers and footers live in other parts and are simply never visited.
Element names are matched without namespaces, so Strict OOXML reads the same as transitional.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from lgcoder.importers.blocks import Block
from lgcoder.importers.safexml import attr, local

_HEADING_NAME = re.compile(
    r"^(?:heading|überschrift|titre|t[ií]tulo|titolo|kop|rubrik|nagłówek|заголовок|nadpis|"
    r"overskrift|otsikko|başlık|címsor|naslov|見出し|标题|標題|제목)\s*(\d)$",
    re.IGNORECASE,
)
_SKIP = {"del", "moveFrom", "delText", "instrText", "rPr", "pPr", "commentReference",
         "proofErr", "bookmarkStart", "bookmarkEnd", "lastRenderedPageBreak", "delInstrText"}  # fmt: skip
_RECURSE = {"ins", "moveTo", "hyperlink", "smartTag", "sdt", "sdtContent", "customXml",
            "fldSimple", "bdo", "dir", "r", "oMath", "oMathPara", "e", "num", "den", "sub", "sup"}  # fmt: skip


@dataclass(frozen=True)
class Mark:
    """Where a comment range starts or ends: block index and offset in that block's text."""

    comment: str
    kind: str  # start | end | ref
    block: int
    offset: int


class Styles:
    """Heading levels by paragraph style, resolved through ``basedOn`` chains."""

    def __init__(self, root: ET.Element | None) -> None:
        self._info: dict[str, tuple[str, int | None, str | None]] = {}
        for style in root.iter() if root is not None else ():
            if local(style.tag) != "style" or attr(style, "type") not in (None, "paragraph"):
                continue
            sid = attr(style, "styleId") or ""
            name, outline, based = "", None, None
            for child in style.iter():
                tag = local(child.tag)
                if tag == "name":
                    name = attr(child, "val") or ""
                elif tag == "outlineLvl":
                    outline = _int(attr(child, "val"))
                elif tag == "basedOn":
                    based = attr(child, "val")
            self._info[sid] = (name, outline, based)

    def level(self, style_id: str | None) -> int | None:
        """1-based heading level of a style, or None for body text."""
        seen: set[str] = set()
        sid = style_id
        while sid and sid not in seen:
            seen.add(sid)
            name, outline, based = self._info.get(sid, ("", None, None))
            if outline is not None:
                return outline + 1 if 0 <= outline < 9 else None
            for candidate in (name, sid):
                m = _HEADING_NAME.match(candidate.replace("_", " ").strip())
                if m:
                    return max(1, int(m.group(1)))
                if candidate.lower() == "title":
                    return 1
            sid = based
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _is_bold(run: ET.Element) -> bool:
    rpr = next((c for c in run if local(c.tag) == "rPr"), None)
    if rpr is None:
        return False
    b = next((c for c in rpr if local(c.tag) == "b"), None)
    return b is not None and (attr(b, "val") or "true").lower() not in ("0", "false", "off")


@dataclass
class _Para:
    parts: list[str] = field(default_factory=list)
    marks: list[tuple[str, str, int]] = field(default_factory=list)
    boxes: list[ET.Element] = field(default_factory=list)
    bold: str = ""
    bold_open: bool = True

    @property
    def length(self) -> int:
        return sum(len(p) for p in self.parts)


class BodyWalker:
    """Collects blocks, note texts and comment marks from ``w:body``."""

    def __init__(
        self, styles: Styles, footnotes: dict[str, ET.Element], endnotes: dict[str, ET.Element]
    ) -> None:
        self.styles = styles
        self.footnotes = footnotes
        self.endnotes = endnotes
        self.blocks: list[Block] = []
        self.marks: list[Mark] = []
        self.notes: list[str] = []
        self._merge_next = False

    def walk(self, container: ET.Element) -> None:
        for child in container:
            tag = local(child.tag)
            if tag == "p":
                self.paragraph(child)
            elif tag == "tbl":
                self.table(child)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "body", "txbxContent"):
                self.walk(child)

    def paragraph(self, p: ET.Element) -> None:
        para = _Para()
        self.inline(p, para)
        text = "".join(para.parts)
        ppr = next((c for c in p if local(c.tag) == "pPr"), None)
        level, mark_deleted = self._para_props(ppr)
        if self._merge_next and self.blocks:  # the previous paragraph mark was deleted
            prev = self.blocks[-1]
            base = len(prev.text)
            prev.text += text
            index = len(self.blocks) - 1
        else:
            base = 0
            index = len(self.blocks)
            kind = "heading" if level else "paragraph"
            self.blocks.append(Block(text, kind, level, para.bold))
        self.marks += [Mark(cid, kind, index, base + off) for cid, kind, off in para.marks]
        self._merge_next = mark_deleted
        for box in para.boxes:
            self._merge_next = False
            self.walk(box)

    def _para_props(self, ppr: ET.Element | None) -> tuple[int | None, bool]:
        if ppr is None:
            return None, False
        style = next((attr(c, "val") for c in ppr if local(c.tag) == "pStyle"), None)
        outline = next((_int(attr(c, "val")) for c in ppr if local(c.tag) == "outlineLvl"), None)
        level = outline + 1 if outline is not None and 0 <= outline < 9 else None
        if level is None and style:
            level = self.styles.level(style)
        rpr = next((c for c in ppr if local(c.tag) == "rPr"), None)
        deleted = rpr is not None and any(local(c.tag) == "del" for c in rpr)
        return level, deleted

    def inline(self, el: ET.Element, para: _Para) -> None:
        for child in el:
            tag = local(child.tag)
            if tag in _SKIP:
                continue
            if tag == "t":
                para.parts.append(child.text or "")
            elif tag == "tab":
                para.parts.append("\t")
            elif tag in ("br", "cr"):
                para.parts.append("\n")
            elif tag == "noBreakHyphen":
                para.parts.append("-")
            elif tag in ("footnoteReference", "endnoteReference"):
                para.parts.append(self._note(child, tag))
                para.bold_open = False
            elif tag == "commentRangeStart":
                para.marks.append((attr(child, "id") or "", "start", para.length))
            elif tag == "commentRangeEnd":
                para.marks.append((attr(child, "id") or "", "end", para.length))
            elif tag == "AlternateContent":
                choice = next((c for c in child if local(c.tag) == "Choice"), None)
                self.inline(choice if choice is not None else child, para)
            elif tag == "txbxContent":
                para.boxes.append(child)
            elif (
                tag in ("drawing", "pict", "object", "Fallback", "Choice")
                or tag in _RECURSE
                or tag not in ("p", "tbl")
            ):
                self.inline(child, para)
            if tag == "r":
                self._end_run(para, child)

    def _end_run(self, para: _Para, run: ET.Element) -> None:
        """Track the leading bold run, which transcripts use for speaker names."""
        if not para.bold_open:
            return
        words = "".join(c.text or "" for c in run if local(c.tag) == "t")
        if not words.strip():
            return
        if _is_bold(run):
            para.bold += words
        else:
            para.bold_open = False

    def _note(self, ref: ET.Element, tag: str) -> str:
        source = self.footnotes if tag == "footnoteReference" else self.endnotes
        note = source.get(attr(ref, "id") or "")
        if note is None:
            return ""
        inner = BodyWalker(self.styles, {}, {})
        inner.walk(note)
        self.notes.append(" ".join(" ".join(b.text for b in inner.blocks).split()))
        return f"[{len(self.notes)}]"

    def table(self, tbl: ET.Element) -> None:
        for row in tbl:
            if local(row.tag) != "tr":
                if local(row.tag) in ("sdt", "sdtContent", "customXml"):
                    self.table(row)
                continue
            cells: list[str] = []
            marks: list[tuple[str, str, int]] = []
            for cell in _cells(row):
                if self._continues_merge(cell):
                    continue
                inner = BodyWalker(self.styles, self.footnotes, self.endnotes)
                inner.notes = self.notes
                inner.walk(cell)
                base = sum(len(c) + 1 for c in cells)
                texts = [b.text for b in inner.blocks]
                for m in inner.marks:
                    offset = base + sum(len(t) + 1 for t in texts[: m.block]) + m.offset
                    marks.append((m.comment, m.kind, offset))
                cells.append(" ".join(texts))
            if cells and any(c.strip() for c in cells):
                index = len(self.blocks)
                self.blocks.append(Block("\t".join(cells)))
                self.marks += [Mark(cid, kind, index, off) for cid, kind, off in marks]

    @staticmethod
    def _continues_merge(cell: ET.Element) -> bool:
        """A vertically merged cell below the first repeats nothing visible."""
        for c in cell:
            if local(c.tag) == "tcPr":
                vmerge = next((v for v in c if local(v.tag) == "vMerge"), None)
                return vmerge is not None and attr(vmerge, "val") in (None, "continue")
        return False


def _cells(row: ET.Element) -> list[ET.Element]:
    """A row's own cells (not those of tables nested inside them), through content controls."""
    found: list[ET.Element] = []
    for child in row:
        tag = local(child.tag)
        if tag == "tc":
            found.append(child)
        elif tag in ("sdt", "sdtContent", "customXml"):
            found += _cells(child)
    return found

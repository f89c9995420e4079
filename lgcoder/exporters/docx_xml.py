"""Write WordprocessingML body content fast, as text parsed in batches.

python-docx's ``add_paragraph`` looks the style up by name on every call and appends text one
character at a time. A report with ten thousand quotes would spend most of its time there, so
paragraphs are composed as XML strings here (style ids resolved once by the caller), parsed a
few thousand at a time and inserted before the section properties. The output is the same
markup Word writes; python-docx can still read and edit it afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from docx.oxml import parse_xml

from lgcoder.exporters.cleaning import xml_safe

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WRAP_OPEN = f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
BATCH = 2000


def esc(text: str) -> str:
    """Escape for element text and attribute values, dropping characters XML cannot hold.

    Names, definitions and memos reach the document too, not only cleaned quotes, so every
    piece of text is made safe here rather than trusted.
    """
    return xml_safe(text).translate(_ESCAPES)


def rpr(
    *,
    style: str | None = None,
    bold: bool = False,
    italic: bool | None = None,
    color: str | None = None,
    size_pt: float | None = None,
) -> str:
    parts = []
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    if bold:
        parts.append("<w:b/>")
    if italic is not None:
        parts.append("<w:i/>" if italic else '<w:i w:val="0"/>')
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size_pt:
        parts.append(f'<w:sz w:val="{round(size_pt * 2)}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def run(text: str, props: str = "") -> str:
    """A run; ``"\\n"`` in *text* becomes a line break inside the same paragraph."""
    if "\n" not in text:
        return f'<w:r>{props}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'
    pieces = [f'<w:t xml:space="preserve">{esc(line)}</w:t>' for line in text.split("\n")]
    return f"<w:r>{props}{'<w:br/>'.join(pieces)}</w:r>"


def ppr(
    style: str | None = None,
    *,
    keep_next: bool = False,
    align: str | None = None,
    extra: str = "",
) -> str:
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    parts.append(extra)
    if align:
        parts.append(f'<w:jc w:val="{align}"/>')
    inner = "".join(parts)
    return f"<w:pPr>{inner}</w:pPr>" if inner else ""


def para(content: str = "", style: str | None = None, **kwargs: Any) -> str:
    return f"<w:p>{ppr(style, **kwargs)}{content}</w:p>"


def field(instruction: str, shown: str = "", props: str = "") -> str:
    """A complex field (TOC, PAGE, PAGEREF) with *shown* as its last computed result."""
    return (
        f'<w:r>{props}<w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        f'<w:r>{props}<w:instrText xml:space="preserve"> {esc(instruction)} </w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(shown, props) if shown else ''}"
        f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def bookmark(ident: int, name: str, content: str) -> str:
    return (
        f'<w:bookmarkStart w:id="{ident}" w:name="{esc(name)}"/>{content}'
        f'<w:bookmarkEnd w:id="{ident}"/>'
    )


def table(
    rows: Sequence[Sequence[str]],
    *,
    style: str,
    widths_twips: Sequence[int],
    header_rows: int = 1,
    cell_style: str | None = None,
    shading: Sequence[Sequence[str | None]] | None = None,
    align: Sequence[str | None] | None = None,
) -> str:
    """A table whose cells hold run XML (already built); header rows repeat on each page.

    ``shading`` gives an optional fill colour per cell (the matrix's heat map); ``align`` a
    paragraph alignment per column.
    """
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths_twips)
    look = '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
    out = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/>'
        f'<w:tblW w:w="{sum(widths_twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        f"{look}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    ]
    for r, cells in enumerate(rows):
        head = r < header_rows
        trpr = (
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            if head
            else "<w:trPr><w:cantSplit/></w:trPr>"
        )
        out.append(f"<w:tr>{trpr}")
        for c, content in enumerate(cells):
            fill = shading[r][c] if shading else None
            if head:
                fill = fill or "DCE4EE"
            shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
            width = widths_twips[c] if c < len(widths_twips) else widths_twips[-1]
            jc = align[c] if align and c < len(align) else None
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>'
                f"{para(content, cell_style, align=jc)}</w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


class BodyWriter:
    """Appends XML fragments to a document body, in order, before its final ``w:sectPr``."""

    def __init__(self, body: Any) -> None:
        self._body = body
        sect = body.find(f"{{{W_NS}}}sectPr")
        self._anchor = sect
        self._pending: list[str] = []

    def add(self, xml: str) -> None:
        self._pending.append(xml)
        if len(self._pending) >= BATCH:
            self.flush()

    def extend(self, fragments: Iterable[str]) -> None:
        for xml in fragments:
            self.add(xml)

    def placeholder(self) -> Any:
        """An empty paragraph to fill in later (the table of contents needs every heading)."""
        self.flush()
        (element,) = self._parse(["<w:p/>"])
        self._insert(element)
        return element

    def flush(self) -> None:
        if not self._pending:
            return
        elements = self._parse(self._pending)
        self._pending = []
        for element in elements:
            self._insert(element)

    def _insert(self, element: Any) -> None:
        if self._anchor is not None:
            self._anchor.addprevious(element)
        else:
            self._body.append(element)

    @staticmethod
    def _parse(fragments: list[str]) -> list[Any]:
        root = parse_xml(_WRAP_OPEN + "".join(fragments) + "</w:body>")
        return list(root)

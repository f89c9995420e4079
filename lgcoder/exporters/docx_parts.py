"""Package parts python-docx does not write for us: footnotes, and a page-numbered footer.

Coding memos become real footnotes, which is what "memos as notes" means to a report author:
Word and LibreOffice number them, place them at the foot of the page and let the author restyle
them with "Footnote Text". A template that already has a footnotes part keeps its separators.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from lxml import etree

from lgcoder.exporters.docx_styles import declare_footnote_separators
from lgcoder.exporters.docx_xml import W_NS, field, para, rpr, run

_W = f"{{{W_NS}}}"
_EMPTY_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


class Footnotes:
    """Adds footnotes to a document; call :meth:`finish` before saving."""

    def __init__(self, document: DocxDocument, text_style: str, ref_style: str) -> None:
        self._document = document
        self._doc_part = document.part
        self._text_style = text_style
        self._ref_style = ref_style
        self._part: Part | None = None
        self._root: Any = None
        self._next_id = 1
        self._pending: list[str] = []
        self._added = 0
        for rel in self._doc_part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                self._part = rel.target_part
                self._root = etree.fromstring(self._part.blob)
                ids = [int(n.get(f"{_W}id", "0")) for n in self._root.findall(f"{_W}footnote")]
                self._next_id = max([0, *ids]) + 1
                # A template's own example notes would dangle once its body is emptied.
                for note in self._root.findall(f"{_W}footnote"):
                    if note.get(f"{_W}type") in (None, "normal"):
                        self._root.remove(note)

    def reference(self, text: str) -> str:
        """Run XML for a footnote mark in the body; the note itself holds *text*."""
        ident = self._next_id
        self._next_id += 1
        self._added += 1
        mark = rpr(style=self._ref_style)
        self._pending.append(
            f'<w:footnote w:id="{ident}">'
            + para(
                f"<w:r>{mark}<w:footnoteRef/></w:r>" + run(" " + text),
                self._text_style,
            )
            + "</w:footnote>"
        )
        return f'<w:r>{mark}<w:footnoteReference w:id="{ident}"/></w:r>'

    @property
    def count(self) -> int:
        """Footnotes added by us (the template's separators not included)."""
        return self._added

    def finish(self) -> None:
        if not self._pending:
            return
        if self._root is None:
            self._root = etree.fromstring(_EMPTY_FOOTNOTES.encode("utf-8"))
        notes = parse_xml(
            f'<w:footnotes xmlns:w="{W_NS}">' + "".join(self._pending) + "</w:footnotes>"
        )
        for note in list(notes):
            self._root.append(note)
        blob = etree.tostring(self._root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if self._part is None:
            package = self._doc_part.package
            part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, package)
            self._doc_part.relate_to(part, RT.FOOTNOTES)
            self._part = part
            declare_footnote_separators(self._document)
        else:
            self._part._blob = blob
        self._pending = []


def add_page_footer(document: DocxDocument, title: str, styles: dict[str, str]) -> None:
    """ "Title · page N of M" in the footer, unless the template brings its own footer."""
    section = document.sections[-1]
    footer = section.footer
    if not footer.is_linked_to_previous:
        return  # the template defines one: keep it
    element = footer._element
    for child in list(element):
        element.remove(child)
    grey = rpr(color="7F7F7F", size_pt=8.5)
    content = (
        run(title, grey)
        + f"<w:r>{grey}<w:tab/></w:r><w:r>{grey}<w:tab/></w:r>"
        + run("Page ", grey)
        + field("PAGE", "1", grey)
        + run(" of ", grey)
        + field("NUMPAGES", "1", grey)
    )
    element.append(
        parse_xml(f'<w:ftr xmlns:w="{W_NS}">{para(content, styles["footer"])}</w:ftr>')[0]
    )

"""Start a report from the author's template (or python-docx's) and make sure its styles exist.

A council's template carries its fonts, colours, headers, footers and page setup; we keep all
of that, empty the body and write into it. Word saves only the styles a document uses, so a
template often lacks "Quote", "Caption" or the TOC levels: those are added with sober
definitions, and any style the template does define wins. Styles are looked up by their
internal English name, so a localised template ("Überschrift 1" shown, "heading 1" stored)
works too. Every style id is resolved once here; the writer never searches the style sheet.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml

from lgcoder.core.errors import ValidationError
from lgcoder.core.safe_archive import vet_package
from lgcoder.exporters.docx_xml import W_NS, esc

_W = f"{{{W_NS}}}"


@dataclass(frozen=True)
class StyleDef:
    """A style we need: its type, and the markup used when the template lacks it."""

    kind: str  # paragraph | character | table
    body: str
    based_on: str | None = "Normal"
    next_style: str | None = None


def _p(body: str, **kw: Any) -> StyleDef:
    return StyleDef(kind="paragraph", body=body, **kw)


_HEADING = (
    '<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="120"/>'
    '<w:outlineLvl w:val="{lvl}"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/>'
    '<w:sz w:val="{size}"/></w:rPr>'
)

#: Internal name -> definition. The key is what the writer asks for.
STYLES: dict[str, StyleDef] = {
    "Title": _p(
        '<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:color w:val="1F3864"/>'
        '<w:sz w:val="56"/></w:rPr>'
    ),
    "Subtitle": _p(
        '<w:pPr><w:spacing w:after="480"/></w:pPr><w:rPr><w:color w:val="595959"/><w:sz w:val="28"/></w:rPr>'
    ),
    "heading 1": _p(_HEADING.format(before=480, lvl=0, size=32)),
    "heading 2": _p(_HEADING.format(before=360, lvl=1, size=28)),
    "heading 3": _p(_HEADING.format(before=240, lvl=2, size=24)),
    "heading 4": _p(_HEADING.format(before=200, lvl=3, size=22)),
    "Quote": _p(
        '<w:pPr><w:spacing w:before="120" w:after="40"/><w:ind w:left="720" w:right="720"/>'
        '</w:pPr><w:rPr><w:i/><w:color w:val="404040"/></w:rPr>'
    ),
    "Intense Quote": _p(
        '<w:pPr><w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="1F3864"/>'
        '</w:pBdr><w:spacing w:before="120" w:after="120"/><w:ind w:left="720" w:right="720"/>'
        '</w:pPr><w:rPr><w:i/><w:color w:val="1F3864"/></w:rPr>'
    ),
    "caption": _p(
        '<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="80"/></w:pPr>'
        '<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="18"/></w:rPr>'
    ),
    "TOC Heading": _p(
        '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/></w:pPr>'
        '<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="32"/></w:rPr>'
    ),
    "toc 1": _p(
        '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9350"/></w:tabs>'
        '<w:spacing w:before="120" w:after="40"/></w:pPr><w:rPr><w:b/></w:rPr>'
    ),
    "toc 2": _p(
        '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9350"/></w:tabs>'
        '<w:spacing w:after="40"/><w:ind w:left="240"/></w:pPr>'
    ),
    "toc 3": _p(
        '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9350"/></w:tabs>'
        '<w:spacing w:after="40"/><w:ind w:left="480"/></w:pPr>'
    ),
    "footnote text": _p(
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/></w:rPr>'
    ),
    "footer": _p(
        '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs><w:spacing w:after="0"/></w:pPr>'
    ),
    "header": _p(
        '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs><w:spacing w:after="0"/></w:pPr>'
    ),
    # Our own styles, based on built-ins so that restyling Normal or Quote carries over.
    "Quote Citation": _p(
        '<w:pPr><w:spacing w:before="0" w:after="200"/><w:ind w:left="720" w:right="720"/>'
        '<w:jc w:val="right"/></w:pPr><w:rPr><w:color w:val="595959"/><w:sz w:val="18"/></w:rPr>'
    ),
    "Memo Note": _p(
        '<w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="6" w:color="BF8F00"/></w:pBdr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="FFF8E1"/><w:spacing w:before="120" w:after="120"/>'
        '<w:ind w:left="144" w:right="144"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr>'
    ),
    "Table Text": _p(
        '<w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/></w:rPr>'
    ),
    "Definition": _p(
        '<w:pPr><w:spacing w:after="160"/></w:pPr><w:rPr><w:color w:val="262626"/></w:rPr>'
    ),
    "footnote reference": StyleDef(
        "character", '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>', None
    ),
    "Quote Context": StyleDef(
        "character",
        '<w:rPr><w:i w:val="0"/><w:color w:val="8C8C8C"/></w:rPr>',
        None,
    ),
    "Table Grid": StyleDef(
        "table",
        "<w:tblPr><w:tblBorders>"
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
        None,
    ),
}

#: Style names whose ids python-docx's default template already uses with other spellings.
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOTX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def open_base(template: Path | None) -> DocxDocument:
    """The document to write into: the template with its body emptied, or python-docx's own."""
    if template is None:
        return docx.Document()
    path = Path(template)
    if not path.is_file():
        raise ValidationError(f"template {path} does not exist")
    try:
        data = path.read_bytes()
        if data.startswith(b"PK"):
            # inflate every member under caps first: python-docx trusts size headers
            vet_package(data, path.name, what="Word template")
            data = _as_document(data)
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValidationError(f"template {path.name} is not a Word .docx or .dotx file") from exc
    body = document.element.body
    for child in list(body):
        if child.tag != f"{_W}sectPr":
            body.remove(child)
    return document


def _as_document(data: bytes) -> bytes:
    """A .dotx is a .docx with another content type; rewrite it so python-docx opens it."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        types = src.read("[Content_Types].xml").decode("utf-8")
        if DOTX_MIME not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                blob = src.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    blob = types.replace(DOTX_MIME, DOCX_MIME).encode("utf-8")
                dst.writestr(item, blob)
    return out.getvalue()


class StyleSheet:
    """Resolves (and, when missing, adds) the styles the report uses; ``ids[name]`` is the id."""

    def __init__(self, document: DocxDocument) -> None:
        self._root = document.styles.element
        self.ids: dict[str, str] = {}
        self.added: list[str] = []
        by_name: dict[str, str] = {}
        used_ids: set[str] = set()
        for style in self._root.findall(f"{_W}style"):
            sid = style.get(f"{_W}styleId") or ""
            used_ids.add(sid)
            name = style.find(f"{_W}name")
            if name is not None:
                by_name.setdefault(name.get(f"{_W}val", "").lower(), sid)
        self._by_name = by_name
        self._used_ids = used_ids
        for name in STYLES:
            self.ids[name] = self._resolve(name)

    def _resolve(self, name: str) -> str:
        found = self._by_name.get(name.lower())
        if found is not None:
            return found
        spec = STYLES[name]
        sid = "".join(part.capitalize() if part.islower() else part for part in name.split())
        while sid in self._used_ids:
            sid += "X"
        based = ""
        if spec.based_on and spec.based_on.lower() in self._by_name:
            based = f'<w:basedOn w:val="{self._by_name[spec.based_on.lower()]}"/>'
        following = (
            f'<w:next w:val="{self.ids.get(spec.next_style or "", "")}"/>'
            if spec.next_style
            else ""
        )
        xml = (
            f'<w:style xmlns:w="{W_NS}" w:type="{spec.kind}" w:customStyle="{int(name not in _BUILTIN)}"'
            f' w:styleId="{sid}"><w:name w:val="{esc(name)}"/>{based}{following}'
            f'<w:uiPriority w:val="39"/><w:qFormat/>{spec.body}</w:style>'
        )
        self._root.append(parse_xml(xml))
        self._used_ids.add(sid)
        self._by_name[name.lower()] = sid
        self.added.append(name)
        return sid

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


_BUILTIN = {
    "Title",
    "Subtitle",
    "heading 1",
    "heading 2",
    "heading 3",
    "heading 4",
    "Quote",
    "Intense Quote",
    "caption",
    "TOC Heading",
    "toc 1",
    "toc 2",
    "toc 3",
    "footnote text",
    "footnote reference",
    "footer",
    "header",
    "Table Grid",
}


#: Elements that come after ``w:updateFields`` in a settings part (schema order matters to Word).
_AFTER_UPDATE_FIELDS = [
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
]


def _insert_setting(document: DocxDocument, xml: str, before: list[str]) -> None:
    settings = document.settings.element
    element = parse_xml(xml)
    later = {f"{_W}{name}" for name in before}
    for child in settings:
        if child.tag in later:
            child.addprevious(element)
            return
    settings.append(element)


def declare_footnote_separators(document: DocxDocument) -> None:
    """Point the settings at the separator notes, as Word itself writes them."""
    if document.settings.element.find(f"{_W}footnotePr") is not None:
        return
    xml = (
        f'<w:footnotePr xmlns:w="{W_NS}"><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
        "</w:footnotePr>"
    )
    _insert_setting(document, xml, _AFTER_UPDATE_FIELDS[2:])


def request_field_update(document: DocxDocument) -> None:
    """Ask Word to fill in the table of contents (and page references) when it opens the file."""
    settings = document.settings.element
    for old in settings.findall(f"{_W}updateFields"):
        settings.remove(old)
    element = parse_xml(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>')
    later = {f"{_W}{name}" for name in _AFTER_UPDATE_FIELDS}
    for child in settings:
        if child.tag in later:
            child.addprevious(element)
            return
    settings.append(element)

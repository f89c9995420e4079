"""HTML pages (.html/.htm): visible text by blocks, headings, table rows one per line.

Read with the standard library's tolerant tokenizer, which never fetches anything and knows
no DTDs, so there is no network access and no entity expansion beyond HTML's fixed character
references. The charset comes from a BOM, then the page's own ``<meta charset>``, then detection.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from lgcoder.core.errors import ImportFailedError
from lgcoder.core.imported import ImportedDocument
from lgcoder.importers.base import ImportOptions
from lgcoder.importers.blocks import Block, assemble
from lgcoder.importers.decoding import bom_encoding, decode_text, nul_pattern_encoding
from lgcoder.importers.registry import register

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_BLOCKS = {
    "p", "div", "li", "dt", "dd", "blockquote", "pre", "section", "article", "header", "footer",
    "main", "nav", "aside", "table", "ul", "ol", "dl", "form", "fieldset", "figure", "figcaption",
    "address", "hr", "center", "details", "summary", "caption",
}  # fmt: skip
_HIDDEN = {"script", "style", "head", "noscript", "template", "svg", "object", "iframe", "select"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


class _Collector(HTMLParser):
    """Collects blocks of visible text; the parser is fed the whole (decoded) document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self._parts: list[str] = []
        self._hidden = 0
        self._pre = 0
        self._heading: int | None = None
        self._in_title = False
        self._cells: list[str] | None = None

    def _flush(self) -> None:
        raw = "".join(self._parts)
        self._parts = []
        text = raw if self._pre else " ".join(raw.split())
        if self._cells is not None:
            if text.strip():
                self._cells.append(text.strip())
            return
        if text.strip():
            kind = "heading" if self._heading else "paragraph"
            self.blocks.append(Block(text.strip("\n"), kind, self._heading))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "br":
            self._parts.append("\n")
        elif tag == "tr":
            self._flush()
            self._cells = []
        elif tag in ("td", "th"):
            self._flush()
        elif tag in _HEADINGS:
            self._flush()
            self._heading = _HEADINGS[tag]
        elif tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._parts.append("\n")
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in ("td", "th"):
            self._flush()
        elif tag == "tr":
            self._flush()
            if self._cells:
                self.blocks.append(Block("\t".join(self._cells)))
            self._cells = None
        elif tag in _HEADINGS:
            self._flush()
            self._heading = None
        elif tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._hidden:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def decode_html(data: bytes, filename: str) -> tuple[str, str]:
    """Decode by BOM, then the NUL pattern of UTF-16, then ``<meta charset>``, then detection."""
    if bom_encoding(data) or nul_pattern_encoding(data):
        return decode_text(data, filename)
    m = _META.search(data[:4096])
    hint = m.group(1).decode("ascii", "replace") if m else None
    return decode_text(data, filename, hint=hint)


class HtmlImporter:
    name = "html"
    extensions: tuple[str, ...] = (".html", ".htm", ".xhtml")

    def sniff(self, data: bytes, filename: str) -> bool:
        head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return head.startswith((b"<!doctype html", b"<html"))

    def parse(self, data: bytes, filename: str, options: ImportOptions) -> ImportedDocument:
        name = Path(filename).name
        text, encoding = decode_html(data, name)
        collector = _Collector()
        collector.feed(text)
        collector.close()
        builder, _, speakers = assemble(collector.blocks)
        if not builder.text().strip():
            raise ImportFailedError(f"{name}: the page has no visible text")
        attributes = {"encoding": encoding}
        if collector.title.strip():
            attributes["title"] = " ".join(collector.title.split())
        return ImportedDocument(
            text=builder.text(),
            kind="transcript" if speakers else "html",
            source_bytes=data,
            source_filename=name,
            mime="text/html",
            segments=builder.segments,
            attributes=attributes,
            speakers=speakers,
        )


register(HtmlImporter())

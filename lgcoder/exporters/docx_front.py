"""Front and back matter of the Word summary: title page, contents, overview tables, appendix.

The table of contents is a real TOC field, so Word refreshes it (the file asks to update fields
on open; LibreOffice with Tools > Update) and the author can restyle it. Its first result is
filled in here with one entry per heading, linked to the heading's bookmark, so the contents
read correctly before any refresh; page numbers arrive with the refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lgcoder.core.words import counted, noun_for
from lgcoder.exporters.cleaning import one_line
from lgcoder.exporters.docx_chapters import join_names, note_text
from lgcoder.exporters.docx_xml import W_NS, BodyWriter, esc, field, para, rpr, run, table
from lgcoder.exporters.evidence import TITLE_ATTRIBUTE, Evidence, Theme

Heading = Callable[..., str]
_W = f"{{{W_NS}}}"
#: Above this many documents the matrix names its columns S1, S2 ... (see the sources list).
MATRIX_NAMED_COLUMNS = 5
#: ... and when any name is longer than this (a narrow column would break it mid-word).
MATRIX_NAME_LIMIT = 14
TOC_LEVELS = 2


def _heat(value: int, top: int) -> str | None:
    """A light blue fill that darkens with the count: the matrix reads as a heat map."""
    if value <= 0 or top <= 0:
        return None
    share = value / top
    # from #EEF3FA (few) to #8FB0D9 (most)
    lo, hi = (0xEE, 0xF3, 0xFA), (0x8F, 0xB0, 0xD9)
    r, g, b = (round(a + (c - a) * share) for a, c in zip(lo, hi, strict=True))
    return f"{r:02X}{g:02X}{b:02X}"


class FrontMatter:
    def __init__(
        self, body: BodyWriter, styles: dict[str, str], heading: Heading, evidence: Evidence
    ) -> None:
        self.body = body
        self.s = styles
        self.heading = heading
        self.ev = evidence
        self.table_no = 0
        self.width = 9360  # twips of text width on a US Letter / A4 page with 1" margins

    def set_text_width(self, twips: int) -> None:
        self.width = max(4000, twips)

    # -- title page ------------------------------------------------------------------------

    def title_page(self) -> None:
        ev = self.ev
        add = self.body.add
        add(para("", None, extra='<w:spacing w:before="2400"/>'))
        add(para(run(ev.title), self.s["Title"]))
        add(
            para(
                run(f"Evidence summary \u00b7 {ev.made_on.day} {ev.made_on:%B %Y}"),
                self.s["Subtitle"],
            )
        )
        add(para(run("Scope", rpr(bold=True)), None, keep_next=True))
        for line in ev.scope_lines:
            add(para(run(line), None, extra='<w:spacing w:after="40"/>'))
        themes = sum(len(t.walk()) for t in ev.themes)
        cited = sum(1 for s in ev.sources if s.passages)
        summary = (
            f"This summary quotes {counted(ev.total_passages, 'coded passage')} under "
            f"{counted(themes, 'theme')}, from {cited} of {counted(len(ev.sources), 'source document')}."
        )
        opts = ev.options
        extras = []
        if opts.max_quotes is not None:
            extras.append(f"at most {counted(opts.max_quotes, 'quote')} are shown per theme")
        extras.append(
            "quotes are grouped by document"
            if opts.order == "document"
            else "quotes follow the order of the documents"
        )
        if opts.include_context:
            extras.append("the sentence around each quote is shown in grey")
        add(
            para(
                run(summary + " " + "; ".join(extras).capitalize() + "."),
                None,
                extra='<w:spacing w:before="240"/>',
            )
        )
        for note in ev.project_notes:
            add(
                para(
                    run("Project memo \u2014 ", rpr(bold=True)) + run(note_text(note)),
                    self.s["Memo Note"],
                )
            )

    def contents(self) -> Any:
        self.body.add(para(run("Contents"), self.s["TOC Heading"], extra="<w:pageBreakBefore/>"))
        return self.body.placeholder()

    # -- overview --------------------------------------------------------------------------

    def _caption(self, text: str) -> None:
        self.table_no += 1
        self.body.add(
            para(
                run("Table ")
                + field("SEQ Table \\* ARABIC", str(self.table_no))
                + run(f". {text}"),
                self.s["caption"],
            )
        )

    def _cell(self, text: str, *, bold: bool = False) -> str:
        return run(text, rpr(bold=True) if bold else "")

    def overview(self) -> None:
        ev = self.ev
        add = self.body.add
        add(self.heading("Overview", 1, True))
        add(
            para(
                run(
                    "The table below counts, for each theme, the coded passages, the documents they "
                    "come from and the distinct speakers quoted. Counts include sub-themes."
                )
            )
        )
        self._caption("Passages, documents and speakers per theme")
        rows = [[self._cell(h, bold=True) for h in ("Theme", "Passages", "Documents", "Speakers")]]
        for root in ev.themes:
            for theme in root.walk():
                rows.append(self._theme_row(theme))
        w = self.width
        num = (w * 17) // 100
        add(
            table(
                rows,
                style=self.s["Table Grid"],
                widths_twips=[w - 3 * num, num, num, num],
                cell_style=self.s["Table Text"],
                align=[None, "right", "right", "right"],
            )
        )
        self._matrix()

    def _theme_row(self, theme: Theme) -> list[str]:
        top = theme.depth == 0
        name = "\u00a0\u00a0\u00a0\u00a0" * theme.depth + theme.name
        return [
            self._cell(name, bold=top),
            self._cell(str(theme.passages), bold=top),
            self._cell(str(len(theme.documents)), bold=top),
            self._cell(str(len(theme.speakers)) if theme.speakers else "\u2013", bold=top),
        ]

    def _matrix(self) -> None:
        ev = self.ev
        sources = [s for s in ev.sources if s.passages]
        if not ev.options.include_matrix or not sources or not ev.themes:
            return
        add = self.body.add
        named = len(sources) <= MATRIX_NAMED_COLUMNS and all(
            len(s.title) <= MATRIX_NAME_LIMIT for s in sources
        )
        add(
            para(
                run(
                    "The matrix shows how many passages of each theme come from each document; "
                    "darker cells hold more evidence."
                    + ("" if named else " Columns are numbered as in the key below the table.")
                ),
                None,
                extra='<w:spacing w:before="240"/>',
            )
        )
        self._caption("Passages per theme and document")
        header = [self._cell("Theme", bold=True)]
        header += [self._cell(s.title if named else s.source_id, bold=True) for s in sources]
        header.append(self._cell("Total", bold=True))
        rows = [header]
        shades: list[list[str | None]] = [[None] * len(header)]
        themes = [t for root in ev.themes for t in root.walk()]
        top = max((t.per_document.get(s.name, 0) for t in themes for s in sources), default=0)
        for theme in themes:
            bold = theme.depth == 0
            counts = [theme.per_document.get(s.name, 0) for s in sources]
            row = [self._cell("\u00a0\u00a0\u00a0" * theme.depth + theme.name, bold=bold)]
            row += [self._cell(str(n) if n else "\u00b7", bold=bold) for n in counts]
            row.append(self._cell(str(theme.passages), bold=True))
            rows.append(row)
            shades.append([None, *(_heat(n, top) for n in counts), None])
        w = self.width
        first = min(w // 3, 3200)
        col = (w - first) // (len(sources) + 1)
        add(
            table(
                rows,
                style=self.s["Table Grid"],
                widths_twips=[first] + [col] * (len(sources) + 1),
                cell_style=self.s["Table Text"],
                shading=shades,
                align=[None] + ["center"] * (len(sources) + 1),
            )
        )
        if not named:
            key = "; ".join(f"{s.source_id}\u00a0{s.title}" for s in sources)
            add(
                para(
                    run("Sources: " + key + "."),
                    self.s["Table Text"],
                    extra='<w:spacing w:before="80"/>',
                )
            )

    # -- appendix --------------------------------------------------------------------------

    def appendix(self) -> None:
        ev = self.ev
        add = self.body.add
        add(self.heading("Appendix A. Codebook", 1, True))
        add(
            para(
                run(
                    "Every theme in scope with its definition. Passages and documents count the "
                    "codings made with that theme itself, within the scope of this summary; for "
                    "a theme with sub-themes, the figure in brackets includes them."
                )
            )
        )
        self._caption("Codebook")
        rows = [
            [self._cell(h, bold=True) for h in ("Theme", "Definition", "Passages", "Documents")]
        ]
        themes = {t.guid: t for root in ev.themes for t in root.walk()}
        for node, passages, docs in ev.codebook:
            depth = node.path.count("/")
            theme = themes.get(node.guid)
            shown = str(passages)
            if theme is not None and theme.children:
                shown = f"{passages} ({theme.passages})"  # own, then with sub-themes
            rows.append(
                [
                    self._cell("\u00a0\u00a0\u00a0" * depth + node.name, bold=depth == 0),
                    self._cell(one_line(node.description) if node.description else "\u2013"),
                    self._cell(shown),
                    self._cell(str(docs)),
                ]
            )
        w = self.width
        num = (w * 16) // 100
        name_w = (w * 22) // 100
        add(
            table(
                rows,
                style=self.s["Table Grid"],
                widths_twips=[name_w, w - name_w - 2 * num, num, num],
                cell_style=self.s["Table Text"],
                align=[None, None, "right", "right"],
            )
        )
        add(self.heading("Appendix B. Sources", 1, True))
        add(para(run("The documents in scope, with the attributes recorded for them.")))
        self._caption("Sources")
        rows = [
            [
                self._cell(h, bold=True)
                for h in ("ID", "Document", "Type", "Extent", "Passages", "Attributes")
            ]
        ]
        for src in ev.sources:
            extent = [counted(src.pages, "page")] if src.pages else []
            if src.speakers:
                extent.append(counted(src.speakers, "speaker"))
            extent.append(f"{src.chars:,} {noun_for(src.chars, 'character')}")
            attrs = (
                "; ".join(
                    f"{k}: {v}"
                    for k, v in src.attributes.items()
                    if k.casefold() != TITLE_ATTRIBUTE.casefold()  # shown as the document
                )
                or "\u2013"
            )
            rows.append(
                [
                    self._cell(src.source_id, bold=True),
                    self._cell(src.title if src.title == src.name else f"{src.title} ({src.name})"),
                    self._cell(src.kind),
                    self._cell(", ".join(extent)),
                    self._cell(str(src.passages)),
                    self._cell(attrs),
                ]
            )
        id_w, type_w, num = 600, 1150, 1300
        rest = w - id_w - type_w - num
        add(
            table(
                rows,
                style=self.s["Table Grid"],
                widths_twips=[
                    id_w,
                    rest * 35 // 100,
                    type_w,
                    rest * 30 // 100,
                    num,
                    rest * 35 // 100,
                ],
                cell_style=self.s["Table Text"],
                align=[None, None, None, None, "right", None],
            )
        )
        for src in ev.sources:
            for note in src.notes:
                add(
                    para(
                        run(f"{src.source_id} {src.title} \u2014 ", rpr(bold=True))
                        + run(note_text(note)),
                        self.s["Memo Note"],
                    )
                )
        coders = sorted(
            {c for root in ev.themes for t in root.walk() for q in t.quotes for c in q.coders}
        )
        if coders:
            add(
                para(
                    run(f"Coded by {join_names(coders)}. Exported with lgcoder."),
                    None,
                    extra='<w:spacing w:before="240"/>',
                )
            )


def fill_toc(
    slot: Any,
    entries: list[tuple[int, str, str]],
    styles: dict[str, str],
    pages: dict[str, int] | None = None,
) -> None:
    """Replace the placeholder paragraph with a TOC field whose result lists every heading.

    *pages* (bookmark -> page number, measured on a rendering, see :mod:`.pdf_render`) puts
    the numbers in, each as a PAGEREF that Word can refresh; without them Word fills them in
    when it updates fields.
    """
    from docx.oxml import parse_xml

    shown = [e for e in entries if e[0] <= TOC_LEVELS]
    instruction = f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u'
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {esc(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    paragraphs = []
    for i, (level, text, anchor) in enumerate(shown):
        # Without measured pages the numbers are left to Word's refresh: a guessed number would
        # be wrong, and an empty PAGEREF in a cached TOC stays empty in LibreOffice.
        number = ""
        if pages and anchor in pages:
            number = "<w:r><w:tab/></w:r>" + field(f"PAGEREF {anchor} \\h", str(pages[anchor]))
        entry = f'<w:hyperlink w:anchor="{anchor}" w:history="1">{run(text)}{number}</w:hyperlink>'
        paragraphs.append(para((begin if i == 0 else "") + entry, styles[f"toc {level}"]))
    if not paragraphs:
        paragraphs.append(para(begin + run("(no headings)"), styles["toc 1"]))
    paragraphs.append(para(end, styles["toc 1"]))
    root = parse_xml(f'<w:body xmlns:w="{W_NS}">' + "".join(paragraphs) + "</w:body>")
    for element in list(root):
        slot.addprevious(element)
    slot.getparent().remove(slot)

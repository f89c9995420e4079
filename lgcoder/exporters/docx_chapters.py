"""The theme chapters of a Word summary: headings, definitions, memos, quotes and citations.

This is the hot path for large exports (one quote and one citation paragraph per passage), so
paragraphs are composed as strings with style ids looked up once, and nothing here searches the
document.
"""

from __future__ import annotations

from collections.abc import Callable

from lgcoder.core.queries import Citation
from lgcoder.core.words import counted
from lgcoder.exporters.docx_parts import Footnotes
from lgcoder.exporters.docx_xml import BodyWriter, bookmark, para, rpr, run
from lgcoder.exporters.evidence import Note, Quote, Theme
from lgcoder.exporters.options import SummaryOptions

Progress = Callable[[int, int, str], None]
#: Citations, memos and headings say "who", "where" and "what" in this order.
OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"


def format_timestamp(seconds: float) -> str:
    whole = int(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def locator(citation: Citation) -> str:
    """Where in the document: page for paginated sources, else timestamp, else paragraph."""
    if citation.page:
        return f"p.\u00a0{citation.page}"
    if citation.timestamp is not None:
        return format_timestamp(citation.timestamp)
    if citation.paragraph is not None:
        return f"para.\u00a0{citation.paragraph}"
    return ""


def join_after(text: str) -> str:
    """Context after a quote: no space before closing punctuation (", and then...")."""
    return text if text[:1] in ",.;:!?)]’”、。" else " " + text


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def unbroken(name: str) -> str:
    """*name* with non-breaking spaces, so a line never ends between "Ann" and "Newcomer"."""
    return "\u00a0".join(name.split())


def initials(name: str) -> str:
    """ "Ann Newcomer" -> "AN"; "Mary-Jane O'Neil" -> "MJO": how coders sign a codebook."""
    words = [w for part in name.replace("-", " ").split() if (w := part.strip(".'’"))]
    return "".join(w[0].upper() for w in words) or name


def citation_text(quote: Quote, cite_coder: str = "name") -> str:
    """ "— Cllr Rivera, Roundtable 2, p. 4 · coded by Ann": the line after every quote.

    The document is cited by its title; names never break across lines; *cite_coder* is
    "name", "initials" or "none" (see :class:`SummaryOptions`).
    """
    speaker = unbroken(quote.citation.speaker or "")
    parts = [speaker, quote.title or quote.document, locator(quote.citation)]
    where = ", ".join(p for p in parts if p)
    if cite_coder == "none":
        return f"\u2014 {where}"
    coders = [initials(c) if cite_coder == "initials" else unbroken(c) for c in quote.coders]
    return f"\u2014 {where} \u00b7 coded by {join_names(coders)}"


def note_text(note: Note) -> str:
    who = f"{note.author}: " if note.author else ""
    title = f"{note.title}. " if note.title and note.title not in note.text else ""
    return f"{who}{title}{note.text}"


class ChapterWriter:
    """Writes one chapter per top-level theme, recursing into sub-themes."""

    def __init__(
        self,
        body: BodyWriter,
        styles: dict[str, str],
        footnotes: Footnotes,
        options: SummaryOptions,
        heading: Callable[[str, int, bool], str],
        progress: Progress | None = None,
        total: int = 0,
        chapters: bool = True,
    ) -> None:
        self.body = body
        self.s = styles
        self.footnotes = footnotes
        self.options = options
        self.heading = heading
        self.progress = progress
        self.total = total
        self.done = 0
        self.quotes_written = 0
        self._quote_style = styles["Quote"]
        self._cite_style = styles["Quote Citation"]
        self._context = rpr(style=styles["Quote Context"])
        #: Each top-level theme starts a new page (else themes follow one another).
        self.chapters = chapters

    def write(self, themes: list[Theme]) -> None:
        for theme in themes:
            self._theme(theme)

    def _theme(self, theme: Theme) -> None:
        level = min(theme.depth + 1, 3)
        self.body.add(self.heading(theme.name, level, theme.depth == 0 and self.chapters))
        add = self.body.add
        if self.options.include_definitions:
            if theme.description:
                add(
                    para(
                        run("Definition. ", rpr(bold=True)) + run(theme.description),
                        self.s["Definition"],
                        keep_next=True,
                    )
                )
            else:
                add(
                    para(
                        run(
                            "No definition has been written for this theme yet.",
                            rpr(italic=True, color="7F7F7F"),
                        ),
                        self.s["Definition"],
                        keep_next=True,
                    )
                )
        add(para(run(self._summary(theme)), None, keep_next=bool(theme.quotes)))
        for note in theme.notes:
            add(
                para(
                    run("Memo \u2014 ", rpr(bold=True)) + run(note_text(note)), self.s["Memo Note"]
                )
            )
        self._quotes(theme)
        for child in theme.children:
            self._theme(child)

    @staticmethod
    def _summary(theme: Theme) -> str:
        docs, speakers = len(theme.documents), len(theme.speakers)
        text = f"{counted(theme.passages, 'coded passage')} from {counted(docs, 'document')}"
        if speakers:
            text += f" and {counted(speakers, 'speaker')}"
        if theme.children:
            text += ", sub-themes included"
            if theme.own_total:
                text += f" ({theme.own_total} coded with this theme itself)"
        text += "."
        shown = len(theme.quotes)
        if shown < theme.own_total:
            verb = "is" if shown == 1 else "are"
            text += f" {shown} of the {counted(theme.own_total, 'passage')} of this theme {verb} quoted below."
        return text

    def _quotes(self, theme: Theme) -> None:
        add = self.body.add
        by_document = self.options.order == "document"
        current = None
        group_level = min(theme.depth + 2, 4)
        for quote in theme.quotes:
            if by_document and quote.document != current:
                current = quote.document
                add(self.heading(quote.title or quote.document, group_level, False))
            add(self._quote_xml(quote))
            self.quotes_written += 1
            self.done += 1
            if self.progress is not None and self.done % 500 == 0:
                self.progress(self.done, self.total, "Writing quotes")

    def _quote_xml(self, quote: Quote) -> str:
        if quote.before or quote.after:
            content = ""
            if quote.before:
                content += run(quote.before + " ", self._context)
            content += run(OPEN_QUOTE + quote.text + CLOSE_QUOTE)
            if quote.after:
                content += run(join_after(quote.after), self._context)
        else:
            content = run(OPEN_QUOTE + quote.text + CLOSE_QUOTE)
        cite = run(citation_text(quote, self.options.cite_coder))
        for note in quote.notes:
            cite += self.footnotes.reference(note_text(note))
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{self._quote_style}"/><w:keepNext/></w:pPr>'
            f"{content}</w:p>"
            f'<w:p><w:pPr><w:pStyle w:val="{self._cite_style}"/></w:pPr>{cite}</w:p>'
        )


def heading_xml(style_id: str, text: str, ident: int, *, page_break: bool = False) -> str:
    extra = "<w:pageBreakBefore/>" if page_break else ""
    return para(bookmark(ident, f"_Toc{ident:08d}", run(text)), style_id, extra=extra)

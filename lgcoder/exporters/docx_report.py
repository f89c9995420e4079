"""The Word evidence summary: the chapter a lead author drops into a report (issue 5).

Layout: a title page stating the scope in words; a table of contents field; an overview table
and a theme x document matrix; one chapter per top-level theme (Heading 1) with a section per
sub-theme (Heading 2), each opening with its definition and memos, then quotes in "Quote" style
with a citation line and memos as footnotes; an appendix with the codebook and the sources.
Everything uses named styles so the author can restyle it in Word.

The CLI and the GUI both call :func:`export_summary`; it opens its own read-only session.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocxDocument

from lgcoder.core.db import Project
from lgcoder.core.errors import ValidationError
from lgcoder.core.words import counted
from lgcoder.exporters.cleaning import xml_safe
from lgcoder.exporters.docx_chapters import ChapterWriter, heading_xml
from lgcoder.exporters.docx_figures import FigureWriter, ReportFigure, gather_figures
from lgcoder.exporters.docx_front import FrontMatter, fill_toc
from lgcoder.exporters.docx_parts import Footnotes, add_page_footer
from lgcoder.exporters.docx_styles import StyleSheet, open_base, request_field_update
from lgcoder.exporters.docx_xml import BodyWriter, para, run
from lgcoder.exporters.evidence import Evidence, gather_evidence
from lgcoder.exporters.files import check_output, project_for_export, save_atomically
from lgcoder.exporters.options import SHORT_SUMMARY_QUOTES, SummaryOptions
from lgcoder.exporters.pdf_render import (
    INSTALL_HINT,
    convert_to_pdf,
    find_soffice,
    match_headings,
    outline_pages,
)

Progress = Callable[[int, int, str], None]


@dataclass
class SummaryResult:
    """What was written, for the CLI's one-line report and the GUI's message."""

    path: Path
    passages: int
    quotes: int
    themes: int
    documents: int
    footnotes: int
    styles_added: list[str] = field(default_factory=list)
    #: (level, heading, bookmark) of every contents entry, for measuring pages.
    toc: list[tuple[int, str, str]] = field(default_factory=list, repr=False)
    #: The PDF rendered beside the .docx, when one was asked for.
    pdf: Path | None = None
    #: Top-level themes start new pages (the "chapters" layout).
    chapters: bool = False
    #: Pictures in the overview (``include_charts``).
    figures: int = 0

    def describe(self) -> str:
        if self.pdf is not None:
            return self._describe() + f" and {self.pdf}"
        return self._describe()

    def _describe(self) -> str:
        return (
            f"wrote {self.path} ({counted(self.quotes, 'quote')} from "
            f"{counted(self.passages, 'coded passage')}, {counted(self.themes, 'theme')}, "
            f"{counted(self.documents, 'document')})"
        )


class _Headings:
    """Bookmarked headings, remembered for the table of contents."""

    def __init__(self, styles: dict[str, str]) -> None:
        self._styles = styles
        self.entries: list[tuple[int, str, str]] = []

    def __call__(self, text: str, level: int, page_break: bool = False) -> str:
        ident = len(self.entries) + 1
        self.entries.append((level, text, f"_Toc{ident:08d}"))
        return heading_xml(self._styles[f"heading {level}"], text, ident, page_break=page_break)


def uses_chapters(options: SummaryOptions, quotes: int) -> bool:
    """Whether top-level themes start new pages: asked for, or "auto" and a long summary."""
    if options.layout == "auto":
        return quotes > SHORT_SUMMARY_QUOTES
    return options.layout == "chapters"


def render_summary(
    evidence: Evidence,
    out: Path,
    progress: Progress | None = None,
    toc_pages: dict[str, int] | None = None,
    figures: list[ReportFigure] | None = None,
) -> SummaryResult:
    """Lay the evidence out as a .docx at *out* (with contents page numbers when measured)."""
    options = evidence.options
    document = open_base(options.template)
    sheet = StyleSheet(document)
    styles = sheet.ids
    body = BodyWriter(document.element.body)
    footnotes = Footnotes(document, styles["footnote text"], styles["footnote reference"])
    headings = _Headings(styles)
    front = FrontMatter(body, styles, headings, evidence)
    front.set_text_width(_text_width(document))
    front.title_page()
    toc_slot = front.contents()
    front.overview()
    if figures:
        _add_figures(body, document, styles, front.width, figures)

    total = sum(len(t.quotes) for root in evidence.themes for t in root.walk())
    chaptered = uses_chapters(options, total)
    chapters = ChapterWriter(
        body, styles, footnotes, options, headings, progress, total, chapters=chaptered
    )
    chapters.write(evidence.themes)
    if options.include_appendix:
        front.appendix()
    body.flush()
    fill_toc(toc_slot, headings.entries, styles, toc_pages)
    footnotes.finish()
    if options.template is None:
        add_page_footer(document, evidence.title, styles)
    request_field_update(document)
    core = document.core_properties
    core.title = xml_safe(evidence.title)
    core.subject = "Evidence summary"
    core.comments = xml_safe(" ".join(evidence.scope_lines))
    save_atomically(out, document.save)
    return SummaryResult(
        path=out,
        passages=evidence.total_passages,
        quotes=chapters.quotes_written,
        themes=sum(len(root.walk()) for root in evidence.themes),
        documents=len(evidence.sources),
        footnotes=footnotes.count,
        styles_added=sheet.added,
        toc=list(headings.entries),
        chapters=chaptered,
        figures=len(figures or ()),
    )


def _add_figures(
    body: BodyWriter,
    document: DocxDocument,
    styles: dict[str, str],
    width: int,
    figures: list[ReportFigure],
) -> None:
    """The overview's figures, introduced in a sentence that says what each shows."""
    text = "Figure 1 draws the passages per theme as bars"
    if len(figures) > 1:
        text += "; Figure 2 shows which speakers raised each theme"
    body.add(para(run(text + "."), None, keep_next=True, extra='<w:spacing w:before="240"/>'))
    writer = FigureWriter(document, styles, width)
    for figure in figures:
        body.add(writer.xml(figure))


def _text_width(document: DocxDocument) -> int:
    """Usable line width in twips, from the (template's) page size and margins."""
    section = document.sections[-1]
    try:
        width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    except TypeError:
        return 9360
    return int(width) // 635


def export_summary(
    project: Project | str | Path,
    out: str | Path,
    options: SummaryOptions | None = None,
    progress: Progress | None = None,
    *,
    pdf: str | Path | None = None,
) -> SummaryResult:
    """Export the Word evidence summary of *project* (an open Project or a path) to *out*.

    With *pdf*, also render it there through LibreOffice, contents numbered (see
    :mod:`.pdf_render`); without LibreOffice that is an error saying what to do, after the .docx
    has been written.
    """
    options = options or SummaryOptions()
    out = Path(out)
    check_output(out, (".docx",))
    if pdf is not None:
        pdf = Path(pdf)
        check_output(pdf, (".pdf",))
    with project_for_export(project) as opened, opened.reading() as session:
        evidence = gather_evidence(session, options)
        figures = gather_figures(session, options)
    if progress is not None:
        progress(0, max(1, evidence.total_passages), "Writing the document")
    result = render_summary(evidence, out, progress, figures=figures)
    if pdf is not None:
        if progress is not None:
            progress(0, 0, "Making the PDF with LibreOffice")
        result.pdf = _render_pdf(evidence, result, pdf, figures)
    return result


#: Render, measure, renumber at most this many times (numbers settle after one in practice).
PDF_PASSES = 4


def _render_pdf(
    evidence: Evidence, result: SummaryResult, pdf: Path, figures: list[ReportFigure]
) -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise ValidationError(f"wrote {result.path}, but {INSTALL_HINT}")
    out = result.path
    with tempfile.TemporaryDirectory(prefix="lgcoder-pdf-") as tmp:
        used: dict[str, int] | None = None  # the page numbers the .docx holds now
        for attempt in range(PDF_PASSES):
            made = convert_to_pdf(out, Path(tmp), soffice)
            measured = match_headings(result.toc, outline_pages(made))
            if measured == used or attempt == PDF_PASSES - 1:
                break
            render_summary(evidence, out, None, toc_pages=measured, figures=figures)
            used = measured
        save_atomically(pdf, lambda target: shutil.copyfile(made, target))
    return pdf

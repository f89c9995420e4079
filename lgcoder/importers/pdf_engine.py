"""Extract a PDF's pages as paragraphs. Runs inside the time-bounded worker (see sandbox).

pdfium (through pypdfium2) does the reading: it is fast, handles encryption and copes with most
damage. When pdfium cannot open a file at all, pdfminer (through pdfplumber) gets a second try,
because it rebuilds broken cross-reference tables that pdfium rejects. Results are plain tuples
so they cross the process boundary cheaply.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable
from typing import Any

from lgcoder.core.words import counted
from lgcoder.importers.pdf_fonts import FontProbe, measure_lines
from lgcoder.importers.pdf_handles import close_page, close_text, open_page
from lgcoder.importers.pdf_headings import body_size, find_headings, heading_size
from lgcoder.importers.pdf_layout import reading_lines
from lgcoder.importers.pdf_pages import PdfPages
from lgcoder.importers.pdf_pieces import page_pieces
from lgcoder.importers.pdf_split import PageRead, Split, worth_splitting
from lgcoder.importers.pdf_tables import read_tables, splice, table_blocks
from lgcoder.importers.pdf_text import make_line, paragraphs, strip_running

__all__ = ["PdfPages", "extract"]

# pdfium's FPDF_ERR_* codes
_ERR_FILE, _ERR_FORMAT, _ERR_PASSWORD, _ERR_SECURITY = 2, 3, 4, 5


def extract(
    data: bytes, password: str | None, report: Callable[[int, int], None] | None = None
) -> PdfPages:
    """Read *data*; failures come back in ``error`` rather than as exceptions.

    ``report(page, pages)`` is called after each page, for progress bars.
    """
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == _ERR_PASSWORD:
            return PdfPages(error=("wrong-password" if password else "password", str(exc)))
        if code == _ERR_SECURITY:
            return PdfPages(error=("damaged", "unsupported security handler"))
        return _extract_with_pdfminer(data, password, str(exc))
    # The pages become tens of thousands of small objects without reference cycles; the
    # cyclic collector would walk them over and over as they pile up (1-2% of the import
    # on the IRS instructions), so it is paused while they are built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _extract_pdfium(doc, report)
    finally:
        if collecting:
            gc.enable()
        doc.close()


def _extract_pdfium(doc: object, report: Callable[[int, int], None] | None = None) -> PdfPages:
    result = PdfPages()
    total = len(doc)  # type: ignore[arg-type]
    split = Split(lambda i: _read_page(doc, i), total) if worth_splitting(total) else None
    reads: list[PageRead] = []
    try:
        for i in range(total):
            if split is not None and not split.take(i):
                break  # the forked copy has read the rest
            reads.append(_read_page(doc, i))
            if report is not None:
                report(i + 1, total)
    except BaseException:
        if split is not None:
            split.abandon()
        raise
    rest = split.collect() if split is not None else None
    for i in range(len(reads), total):
        got = rest.get(i) if rest is not None else None
        reads.append(got if got is not None else _read_page(doc, i))
        if report is not None:
            report(i + 1, total)
    line_pages = [lines for lines, _, _, _ in reads]
    heights = [height for _, height, _, _ in reads]
    result.labels = [label for _, _, label, _ in reads]
    result.images = sum(images for _, _, _, images in reads)
    line_pages, removed = strip_running(line_pages, heights)
    if removed:
        result.warnings.append(
            f"{counted(removed, 'running header/footer line')} "
            f"{'was' if removed == 1 else 'were'} left out"
        )
    body = body_size(line_pages)
    large = heading_size(body)
    paras = [paragraphs(lines, large) for lines in line_pages]
    result.headings = find_headings(paras, body)
    result.pages = [[p.text for p in page] for page in paras]
    return result


def _read_page(doc: Any, i: int) -> PageRead:
    """One page's lines in reading order with their fonts, its height, label and images.

    This is all the work that looks at one page only (see :mod:`.pdf_split`). The page and
    its text page are bare handles (:mod:`.pdf_handles`), closed here whatever happens.
    """
    images = 0
    page, textpage = open_page(doc, i)
    try:
        pieces = page_pieces(textpage, page.get_width())
        height = page.get_height()
        blocks = table_blocks(pieces, height)
        ordered = reading_lines(pieces)
        if blocks and not page.get_rotation():
            found = read_tables(page, textpage, blocks, pieces)
            if found is not pieces:
                ordered = splice(ordered, pieces, found)
        lines = [make_line(line) for line in ordered]
        measure_lines(lines, FontProbe(textpage))
    finally:
        close_text(textpage)
        close_page(page)
    if not lines:
        images = _images(doc, i)
    label = doc.get_page_label(i) if hasattr(doc, "get_page_label") else ""
    return lines, height, label or str(i + 1), images


def _images(doc: Any, i: int) -> int:
    """Images on a page without text (scans), counted for the user's warning."""
    import pypdfium2.raw as raw

    page = doc[i]
    try:
        return sum(1 for obj in page.get_objects(max_depth=2) if obj.type == raw.FPDF_PAGEOBJ_IMAGE)
    finally:
        page.close()


def _extract_with_pdfminer(data: bytes, password: str | None, why: str) -> PdfPages:
    """Second opinion for files pdfium refuses (broken xref tables)."""
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            result = PdfPages(engine="pdfminer")
            for n, page in enumerate(pdf.pages, 1):
                text = page.extract_text() or ""
                result.pages.append([" ".join(p.split()) for p in text.split("\n") if p.strip()])
                result.labels.append(str(n))
            result.warnings.append("the PDF is damaged; it was read by the fallback reader")
            return result
    except PDFPasswordIncorrect:
        return PdfPages(error=("wrong-password" if password else "password", why))
    except Exception as exc:  # pdfminer raises many types on garbage; all mean "damaged"
        return PdfPages(error=("damaged", f"{why}; {type(exc).__name__}"))

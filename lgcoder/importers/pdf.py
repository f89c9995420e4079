"""PDF reports: text in reading order, one ``page`` segment per page labelled as printed.

Extraction runs in a time-bounded worker (:mod:`.sandbox`) because PDFs are where hostile and
broken input lives; this module only names the reader (:data:`EXTRACT`), so importing it costs
nothing until a PDF is read. Page labels come from the PDF's /PageLabels ("iii", "iv", "1" ...) so a
citation matches the page number the reader sees. Encrypted files open with the empty password
when they allow it; otherwise the user is asked for one. A file without a text layer is refused
with a pointer to OCR rather than imported as an empty document.
"""

from __future__ import annotations

from pathlib import Path

from lgcoder.core.errors import ImportFailedError, PasswordRequiredError
from lgcoder.core.imported import ImportedDocument, SegmentSpec
from lgcoder.core.textnorm import normalise_text
from lgcoder.core.words import counted
from lgcoder.importers.base import ImportOptions
from lgcoder.importers.pdf_pages import PdfPages
from lgcoder.importers.registry import register
from lgcoder.importers.sandbox import run_bounded

TIME_LIMIT_SECONDS = 120.0
# The reader, named rather than imported: only the helper process loads pdfium and the layout
# code (numpy among them), so neither this process nor a text-only import pays for them.
EXTRACT = "lgcoder.importers.pdf_engine:extract"


def _raise_for(error: tuple[str, str], name: str) -> None:
    kind, detail = error
    if kind == "password":
        raise PasswordRequiredError(
            f"{name}: this PDF is password-protected; give its password "
            "(--password on the command line) to import it"
        )
    if kind == "wrong-password":
        raise PasswordRequiredError(
            f"{name}: the password is wrong for this PDF; check it and try again",
            wrong_password=True,
        )
    raise ImportFailedError(
        f"{name}: the PDF is damaged and could not be read ({detail}); "
        "try opening it in a PDF viewer and printing it to a new PDF"
    )


def build_document(result: PdfPages, data: bytes, name: str) -> ImportedDocument:
    """Lay out extracted pages: paragraphs one per line, a blank line between pages.

    A paragraph found to be a heading gets a ``heading`` segment (label: its text, level from
    the font size) instead of a ``paragraph`` one, as Word headings do.

    Paragraphs are normalised one by one so that segment offsets count code points of the
    final text; pure-ASCII paragraphs (most of them) are already normal and are taken as they
    are, which keeps this step small next to reading the PDF.
    """
    parts: list[str] = []
    segments: list[SegmentSpec] = []
    length = 0
    empty_pages = 0
    headings = result.headings or [[] for _ in result.pages]
    for label, paras, heads in zip(result.labels, result.pages, headings, strict=True):
        if not paras:
            empty_pages += 1
            continue
        if length:
            parts.append("\n")
            length += 1
        page_start = length
        levels = dict(heads)
        for n, para in enumerate(paras):
            text = para if para.isascii() and "\r" not in para else normalise_text(para)
            if text:
                level = levels.get(n)
                segments.append(
                    SegmentSpec("paragraph", length, length + len(text))
                    if level is None
                    else SegmentSpec("heading", length, length + len(text), text[:200], level)
                )
                parts.append(text)
                length += len(text)
            parts.append("\n")
            length += 1
        segments.append(SegmentSpec("page", page_start, length - 1, label))
    text = "".join(parts)
    if not text.strip():
        pages = len(result.pages)
        raise ImportFailedError(
            f"{name}: this PDF has no text layer ({counted(pages, 'page')} of images, probably scanned); "
            "run OCR on it first (for example with OCRmyPDF) and import the result"
        )
    warnings = list(result.warnings)
    if empty_pages:
        warnings.append(
            f"{counted(empty_pages, 'page')} {'has' if empty_pages == 1 else 'have'} no text (images or scans; OCR them to code)"
        )
    segments.sort(key=lambda s: (s.start, -s.end))
    return ImportedDocument(
        text=text,
        kind="pdf",
        source_bytes=data,
        source_filename=name,
        mime="application/pdf",
        segments=segments,
        attributes={"pages": str(len(result.pages))},
        warnings=warnings,
    )


class PdfImporter:
    name = "pdf"
    extensions: tuple[str, ...] = (".pdf",)

    def sniff(self, data: bytes, filename: str) -> bool:
        return b"%PDF-" in data[:1024]

    def parse(self, data: bytes, filename: str, options: ImportOptions) -> ImportedDocument:
        name = Path(filename).name
        if b"%PDF" not in data[:1024]:
            raise ImportFailedError(f"{name}: this is not a PDF file (it lacks the %PDF header)")
        result: PdfPages = run_bounded(
            EXTRACT,
            (data, options.password),
            TIME_LIMIT_SECONDS,
            name,
            progress=options.progress,
            cancelled=options.cancelled,
        )
        if result.error:
            _raise_for(result.error, name)
        return build_document(result, data, name)


register(PdfImporter())

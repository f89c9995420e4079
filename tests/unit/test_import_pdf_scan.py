"""The compiled loops of the PDF reader (``lgcoder.importers._pdfscan``) change nothing a user
sees: every page, heading and warning comes out exactly as from the Python loops they replace.

The extension is optional (setup.py builds it with ``optional=True``): a machine without a C
compiler runs the Python loops. Where a compiler exists, a missing module means the build
broke, which fails here rather than silently running slower.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

import lgcoder.importers.pdf_pieces as pieces
from lgcoder.importers.pdf_engine import extract


def _compiled() -> None:
    if pieces.scan is None:
        if shutil.which(os.environ.get("CC", "cc")) is None:
            pytest.skip("no C compiler here: the PDF reader runs its Python loops")
        pytest.fail("lgcoder.importers._pdfscan was not built: run `make setup`")


def _read(path: Path, compiled: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    with monkeypatch.context() as patch:
        if not compiled:
            patch.setattr(pieces, "scan", None)
        patch.setenv("LGCODER_PDF_SPLIT", "0")
        return dataclasses.asdict(extract(path.read_bytes(), None))


@pytest.mark.parametrize(
    "name",
    [
        "two-column-academic-paper.pdf",  # gutters found at spaces of lines across columns
        "la-precinct-bulletin-multicolumn.pdf",
        "chinese-quarterly-report-tables.pdf",  # table header rows cut at gutters
        "two-column-latex-lorem.pdf",
    ],
)
def test_compiled_and_python_loops_read_the_same_text(
    corpus: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _compiled()
    path = corpus / "pdf" / name
    compiled = _read(path, True, monkeypatch)
    assert compiled["pages"]
    assert compiled == _read(path, False, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["irs-instructions-1040nr-50p.pdf", "long-117p-german-math-lecture-notes.pdf"]
)
def test_long_reports_read_the_same_with_compiled_loops(
    corpus: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The IRS instructions (columns on one baseline, tax tables) and formulas of many runs."""
    _compiled()
    path = corpus / "pdf" / name
    assert _read(path, True, monkeypatch) == _read(path, False, monkeypatch)


@pytest.mark.parametrize(
    "name",
    [
        "irs-instructions-1040nr-50p.pdf",  # tax tables: grids, boxes, dotted leaders
        "table-curves.pdf",
        "rotated-page-table.pdf",
        "chinese-quarterly-report-tables.pdf",
        "chelsea-transport-plan-65p-french.pdf",
    ],
)
def test_compiled_and_python_rule_walks_find_the_same_borders(
    corpus: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page's rules, looked for over the whole page (not only near likely tables)."""
    import pypdfium2 as pdfium

    from lgcoder.importers.pdf_handles import close_page, close_text, open_page
    from lgcoder.importers.pdf_rules import ruling_edges

    _compiled()
    doc = pdfium.PdfDocument(corpus / "pdf" / name)
    found = 0
    try:
        for i in range(len(doc)):
            page, text = open_page(doc, i)
            try:
                everywhere = [(-1e9, -1e9, 1e9, 1e9)]
                compiled = ruling_edges(page, page.get_height(), everywhere)
                with monkeypatch.context() as patch:
                    patch.setattr(pieces, "scan", None)
                    assert compiled == ruling_edges(page, page.get_height(), everywhere), i
                found += len(compiled)
            finally:
                close_text(text)
                close_page(page)
    finally:
        doc.close()
    assert found  # each of these has rules


@pytest.mark.parametrize(
    "name",
    [
        "irs-instructions-1040nr-50p.pdf",  # sizes set as 1 Tf and a scaled matrix
        "two-column-academic-paper.pdf",
        "word365-tagged-lists.pdf",
    ],
)
def test_compiled_and_python_font_sizes_are_the_same(
    corpus: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line's font size (what finds headings), to the last bit."""
    import pypdfium2 as pdfium

    from lgcoder.importers.pdf_fonts import FontProbe, measure_lines
    from lgcoder.importers.pdf_handles import close_page, close_text, open_page
    from lgcoder.importers.pdf_text import make_line

    _compiled()
    doc = pdfium.PdfDocument(corpus / "pdf" / name)
    sizes: list[list[float]] = [[], []]
    try:
        for i in range(len(doc)):
            page, text = open_page(doc, i)
            try:
                for n, compiled in enumerate((True, False)):
                    lines = [make_line([p]) for p in pieces.page_pieces(text, page.get_width())]
                    with monkeypatch.context() as patch:
                        if not compiled:
                            patch.setattr(pieces, "scan", None)
                        measure_lines(lines, FontProbe(text))
                    sizes[n] += [line.size for line in lines]
            finally:
                close_text(text)
                close_page(page)
    finally:
        doc.close()
    assert sizes[0] == sizes[1]
    assert len(set(sizes[0])) > 1  # body text and headings

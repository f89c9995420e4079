"""PDF tables are read row by row: one line per row, cells separated by tabs.

The two test PDFs are drawn here with Qt's PDF writer (text we wrote, at positions we chose):
one table with ruling lines around every cell, one laid out by alignment alone. Pages without
tables must come out exactly as the fast path reads them, so the corpus files without tables
are compared with table reading switched off.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

import lgcoder.importers.pdf_engine as pdf_engine
from lgcoder.core.imported import ImportedDocument
from lgcoder.importers.registry import parse_bytes
from tests.unit.import_helpers import load

# every golden check twice: through the C loops and through the Python fallback
pytestmark = pytest.mark.usefixtures("pdf_loops")

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

INTRO = (
    "The table below lists the councils that answered our survey, with the number of online "
    "forms each runs and the share of requests that arrive through them."
)
OUTRO = (
    "Councils with more forms did not always see a larger online share, which suggests that "
    "the design of each form matters more than their number."
)
HEADER = ["Council", "Online forms", "Online share", "Main barrier"]
ROWS = [
    ["Harrowfield", "42", "71%", "Legacy systems"],
    ["Northgate", "18", "55%", "Procurement"],
    ["Three Valleys", "27", "63%", "Staff time"],
    ["Kelby Marsh", "9", "38%", "Broadband"],
]


def _draw_table_pdf(path: Path, ruled: bool) -> None:
    """A one-page A4 PDF: a paragraph, a four-column table, a paragraph."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
    from PySide6.QtGui import (
        QFont,
        QGuiApplication,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QPen,
    )

    app = QGuiApplication.instance() or QGuiApplication([])
    assert app is not None
    writer = QPdfWriter(str(path))
    writer.setResolution(72)  # one device unit = one PDF point
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Point,
        )
    )
    painter = QPainter(writer)
    try:
        painter.setFont(QFont("DejaVu Sans", 10))
        left, width = 60.0, 470.0
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.drawText(QRectF(left, 60, width, 60), flags, INTRO)
        columns = [left, left + 140, left + 250, left + 350, left + width]
        top, row_height = 150.0, 24.0
        for r, row in enumerate([HEADER, *ROWS]):
            y = top + r * row_height
            for c, text in enumerate(row):
                cell = QRectF(columns[c] + 5, y, columns[c + 1] - columns[c] - 10, row_height)
                painter.drawText(cell, int(Qt.AlignmentFlag.AlignVCenter), text)
        if ruled:
            painter.setPen(QPen(Qt.GlobalColor.black, 0.8))
            bottom = top + row_height * (len(ROWS) + 1)
            for r in range(len(ROWS) + 2):
                y = top + r * row_height
                painter.drawLine(QPointF(columns[0], y), QPointF(columns[-1], y))
            for x in columns:
                painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        painter.drawText(QRectF(left, 300, width, 60), flags, OUTRO)
    finally:
        painter.end()


def _table_lines(doc: ImportedDocument) -> list[str]:
    return [line for line in doc.text.split("\n") if "\t" in line]


def test_sample_report_table_is_read_by_rows() -> None:
    doc = load(SAMPLES / "harrowfield-roundtable-report.pdf")
    rows = [
        "Shared arrangement\tBenefit reported\tDifficulty reported",
        "IT hosting and security\tOne contract, one team, lower risk\tFew",
        "Joint procurement\tBetter prices and terms\tAligning timetables",
        "Shared digital team\tForms built once\tDifferent processes underneath",
        "Referrals with partners\tNot yet in place\tNo clear owner; data sharing",
    ]
    assert "\n" + "\n".join(rows) + "\n" in doc.text
    assert _table_lines(doc) == rows  # and no other line of the report became a "table"
    # the prose around the table is untouched
    assert "spare people telling their story three times.\n" + rows[0] in doc.text


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_drawn_tables_are_read_by_rows(tmp_path: Path, ruled: bool) -> None:
    path = tmp_path / ("ruled.pdf" if ruled else "unruled.pdf")
    _draw_table_pdf(path, ruled)
    doc = load(path)
    lines = doc.text.split("\n")
    expected = ["\t".join(row) for row in [HEADER, *ROWS]]
    assert _table_lines(doc) == expected
    start = lines.index(expected[0])
    assert lines[start : start + len(expected)] == expected
    assert lines[start - 1] == INTRO and lines[start + len(expected)] == OUTRO
    rows = [s for s in doc.segments if s.kind == "paragraph" and "\t" in doc.text[s.start : s.end]]
    assert len(rows) == len(expected)  # each row its own paragraph, none taken for a heading
    assert not [s for s in doc.segments if s.kind == "heading"]


def _both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The text with table reading, and as the fast path alone reads it."""
    data = path.read_bytes()
    monkeypatch.setenv("LGCODER_IMPORT_SANDBOX", "0")
    with_tables = parse_bytes(data, path.name).text
    with monkeypatch.context() as m:
        m.setattr(pdf_engine, "table_blocks", lambda pieces, height: [])
        plain = parse_bytes(data, path.name).text
    return with_tables, plain


@pytest.mark.parametrize(
    "name",
    [
        "two-column-academic-paper.pdf",
        "federal-register-2020-17221.pdf",
        "dmca-summary-encrypted-noprompt.pdf",
        "scotus-transcript-p1.pdf",
        "la-precinct-bulletin-multicolumn.pdf",
        "google-docs-export.pdf",
        "word365-tagged-lists.pdf",
        "pv-comite-demolition-2023-06-20.pdf",
    ],
)
def test_pages_without_tables_are_unchanged(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    with_tables, plain = _both_ways(corpus / "pdf" / name, monkeypatch)
    assert with_tables == plain


@pytest.mark.slow
def test_long_lecture_notes_unchanged(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Formulas, an index in two columns and figure labels are no tables."""
    path = corpus / "pdf" / "long-117p-german-math-lecture-notes.pdf"
    with_tables, plain = _both_ways(path, monkeypatch)
    assert with_tables == plain


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("two-column-latex-lorem.pdf", "Belgium\t11.5\t30,689\tBrussels\tDutch, French, German"),
        ("irs-instructions-1040nr-50p.pdf", None),
        (
            "chelsea-transport-plan-65p-french.pdf",
            "Oui\t190\t79%",  # a survey table drawn with more rules than columns
        ),
    ],
)
def test_tables_in_corpus_change_only_their_own_lines(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, name: str, row: str | None
) -> None:
    """Reading a table by rows moves its words, never loses or adds one, nor touches prose."""
    with_tables, plain = _both_ways(corpus / "pdf" / name, monkeypatch)
    assert Counter(with_tables.split()) == Counter(plain.split())
    assert with_tables != plain
    if row is not None:
        assert row in with_tables.split("\n")
    prose = [line for line in with_tables.split("\n") if "\t" not in line and len(line) > 200]
    kept = set(plain.split("\n"))
    assert prose and all(line in kept for line in prose)


@pytest.mark.parametrize(
    "name",
    [
        "two-column-academic-paper.pdf",
        "dmca-summary-encrypted-noprompt.pdf",
        "scotus-transcript-p1.pdf",
        "two-column-latex-lorem.pdf",
    ],
)
def test_plain_pages_never_reach_the_table_finder(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Prose in one, two or three columns stays on the fast path: the cheap pre-check turns
    it away, so only pages that look like tables pay for the table finder."""
    import pypdfium2 as pdfium

    from lgcoder.importers.pdf_pieces import page_pieces
    from lgcoder.importers.pdf_tables import table_blocks

    pdf = pdfium.PdfDocument((corpus / "pdf" / name).read_bytes())
    try:
        sent = []
        for index in range(len(pdf)):
            page = pdf[index]
            if table_blocks(page_pieces(page.get_textpage(), page.get_width()), page.get_height()):
                sent.append(index)
    finally:
        pdf.close()
    # the LaTeX sample has one real table, on its third page
    assert sent == ([2] if name == "two-column-latex-lorem.pdf" else [])

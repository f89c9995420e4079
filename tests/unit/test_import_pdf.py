"""PDF reports: pages as printed, reading order, passwords, scans and hostile files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from lgcoder.core.errors import ImportFailedError, PasswordRequiredError
from lgcoder.importers.registry import parse_bytes
from tests.unit.import_helpers import kinds, labels, load

# every golden check twice: through the C loops and through the Python fallback
pytestmark = pytest.mark.usefixtures("pdf_loops")

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def test_sample_report_has_numbered_pages_without_footers() -> None:
    doc = load(SAMPLES / "harrowfield-roundtable-report.pdf")
    assert labels(doc, "page") == [str(n) for n in range(1, len(labels(doc, "page")) + 1)]
    assert len(labels(doc, "page")) >= 5
    assert "Channel Shift Without Leaving People Behind" in doc.text
    assert not re.search(r"^\d+$", doc.text, re.MULTILINE)  # page numbers are not text


def test_roman_page_labels(corpus: Path) -> None:
    doc = load(corpus / "pdf" / "page-labels-roman.pdf")
    assert labels(doc, "page") == ["iii", "iv", "1", "2", "1"]


def test_two_column_paper_has_no_glued_words_or_interleaving(corpus: Path) -> None:
    doc = load(corpus / "pdf" / "two-column-academic-paper.pdf")
    assert "tracted as a table by our system" in doc.text
    assert "Information Extraction (IE) systems. Existing IE systems require" in doc.text
    words = [w for w in doc.text.split() if w.isalpha()]
    assert max(len(w) for w in words) < 25  # no run-together words
    assert len(labels(doc, "page")) == 8


def test_latex_two_columns_read_column_by_column(corpus: Path) -> None:
    doc = load(corpus / "pdf" / "two-column-latex-lorem.pdf")
    assert "with Lorem Ipsum text." in doc.text
    assert "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Ut purus elit" in doc.text


def test_interleaved_columns_are_separated(corpus: Path) -> None:
    doc = load(corpus / "pdf" / "irs-instructions-1040nr-50p.pdf")
    assert (
        "You must provide the information required for each type of income for which a treaty "
        "claim is made." in doc.text
    )


def test_three_column_register_and_running_heads(corpus: Path) -> None:
    doc = load(corpus / "pdf" / "federal-register-2020-17221.pdf")
    assert doc.text.count("Federal Register / Vol. 85, No. 152") <= 3
    assert "The Runaway Stabilizer checklist of the AFM is used when there is undesired" in doc.text


def test_ligatures_expanded(corpus: Path) -> None:
    doc = load(corpus / "pdf" / "ligatures-ffi-syntax-errors.pdf")
    assert not set("ﬀﬁﬂﬃﬄ") & set(doc.text)
    assert "officers" in doc.text


@pytest.mark.parametrize(
    ("name", "password", "phrase"),
    [
        ("password-example.pdf", "test", "Backup4all"),
        ("encrypted-aes128.pdf", "baz", "Secret!"),
        ("encrypted-rc4-40.pdf", "foo", "Secret!"),
        ("encrypted-aes256-r6.pdf", "usersecret", "Hello World"),
        ("encrypted-libreoffice-openpassword.pdf", "openpassword", "Lorem ipsum"),
    ],
)
def test_encrypted_with_password(corpus: Path, name: str, password: str, phrase: str) -> None:
    with pytest.raises(PasswordRequiredError) as ask:
        load(corpus / "pdf" / name)
    assert not ask.value.wrong_password and "password" in str(ask.value)
    assert phrase in load(corpus / "pdf" / name, password).text


def test_wrong_password_is_a_clear_error(corpus: Path) -> None:
    with pytest.raises(PasswordRequiredError, match="password is wrong") as err:
        load(corpus / "pdf" / "password-example.pdf", "nope")
    assert err.value.wrong_password


def test_empty_user_password_opens_without_asking(corpus: Path) -> None:
    doc = load(corpus / "pdf" / "dmca-summary-encrypted-noprompt.pdf")
    assert "Digital Millennium Copyright Act" in doc.text
    assert len(labels(doc, "page")) == 18


@pytest.mark.parametrize(
    "name", ["scanned-image-only-chinese.pdf", "scanned-typewriter-service-bulletin.pdf"]
)
def test_scanned_pdf_suggests_ocr(corpus: Path, name: str) -> None:
    with pytest.raises(ImportFailedError, match="OCR"):
        load(corpus / "pdf" / name)


def test_zero_byte_pdf(corpus: Path) -> None:
    with pytest.raises(ImportFailedError, match="empty"):
        load(corpus / "pdf" / "empty-zero-bytes.pdf")


def test_hostile_and_broken_files_end_cleanly(corpus: Path) -> None:
    assert "Hello world" in load(corpus / "pdf" / "evil-recursive-xobjects.pdf").text
    assert (
        "Beautiful is better than ugly."
        in load(corpus / "pdf" / "zen-of-python-corrupted.pdf").text
    )
    broken = load(corpus / "pdf" / "broken-xref-page-count-disagrees.pdf")
    assert broken.warnings  # read by the fallback engine, and the user is told


def test_garbage_bytes_named_pdf() -> None:
    with pytest.raises(ImportFailedError, match="not a PDF"):
        parse_bytes(b"hello, this is not a pdf at all" * 10, "report.pdf")
    with pytest.raises(ImportFailedError, match="damaged"):
        parse_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 500, "report.pdf")


def test_paragraph_segments_inside_pages(corpus: Path) -> None:
    doc = load(corpus / "pdf" / "google-docs-export.pdf")
    pages = [s for s in doc.segments if s.kind == "page"]
    paras = [s for s in doc.segments if s.kind == "paragraph"]
    assert paras and all(pages[0].start <= p.start and p.end <= pages[0].end for p in paras)
    assert labels(doc, "heading")[0] == "Example document"  # the title, set larger
    assert "Beautiful is better than ugly." in kinds(doc, "paragraph")[0]


@pytest.mark.parametrize(
    "name",
    [
        "irs-instructions-1040nr-50p.pdf",
        "two-column-academic-paper.pdf",
        "federal-register-2020-17221.pdf",
        "duplicate-chars-fake-bold-french.pdf",
    ],
)
def test_cutting_lines_into_pieces_loses_no_text(corpus: Path, name: str) -> None:
    """The fast cut search (one glyph box per guess) must never drop or repeat characters."""
    import pypdfium2 as pdfium

    from lgcoder.importers.pdf_pieces import page_pieces

    pdf = pdfium.PdfDocument((corpus / "pdf" / name).read_bytes())
    try:
        for index in range(min(len(pdf), 8)):
            page = pdf[index]
            textpage = page.get_textpage()
            expected = Counter("".join(textpage.get_text_range().split()))
            pieces = page_pieces(textpage, page.get_width())
            assert Counter("".join("".join(p.text.split()) for p in pieces)) == expected
            textpage.close()
            page.close()
    finally:
        pdf.close()


def test_sample_report_headings_from_font_size() -> None:
    doc = load(SAMPLES / "harrowfield-roundtable-report.pdf")
    heads = [(s.level, s.label) for s in doc.segments if s.kind == "heading"]
    assert heads == [
        (1, "Channel Shift Without Leaving People Behind"),
        (2, "Summary"),
        (2, "1. Barriers"),
        (2, "2. Leadership"),
        (2, "3. Synergy between partners"),
        (2, "4. Channel shift"),
        (2, "5. Conclusions"),
    ]
    for s in doc.segments:
        if s.kind == "heading":  # each heading is a line of its own, not part of a paragraph
            assert doc.text[s.start : s.end] == s.label
            assert s.start == 0 or doc.text[s.start - 1] == "\n"


def test_academic_paper_section_titles_are_headings(corpus: Path) -> None:
    doc = load(corpus / "pdf" / "two-column-academic-paper.pdf")
    heads = labels(doc, "heading")
    assert {"1 Background", "3.1 Web Crawling and Basic Clustering", "5 Conclusion"} <= set(heads)
    assert all(len(h.split()) <= 15 for h in heads)


def test_body_text_and_bullets_are_not_headings(corpus: Path) -> None:
    doc = load(corpus / "pdf" / "irs-instructions-1040nr-50p.pdf")
    heads = labels(doc, "heading")
    assert "General Instructions" in heads
    assert not [h for h in heads if h.startswith(("•", "!"))]
    assert len(heads) < 0.1 * len(labels(doc, "paragraph"))


def test_sandboxed_import_reports_every_page_in_order(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper batches its progress messages; the caller must still see each page once."""
    from lgcoder.importers.pdf_engine import extract
    from lgcoder.importers.sandbox import run_bounded

    monkeypatch.setenv("LGCODER_IMPORT_SANDBOX", "1")
    data = (corpus / "pdf" / "long-117p-german-math-lecture-notes.pdf").read_bytes()
    seen: list[tuple[int, int]] = []
    result = run_bounded(
        extract, (data, None), 120, "notes.pdf", progress=lambda *page: seen.append(page)
    )
    pages = len(result.labels)
    assert pages == 117
    assert seen == [(n, pages) for n in range(1, pages + 1)]


def test_table_cells_are_not_headings(corpus: Path) -> None:
    """Bold or large cells share their baseline with other cells; headings stand alone."""
    bulletin = labels(load(corpus / "pdf" / "la-precinct-bulletin-multicolumn.pdf"), "heading")
    assert not [h for h in bulletin if h.startswith(("PAGE", "SERIAL", "AJ 2D", "PJ 2D"))]
    table = labels(load(corpus / "pdf" / "rotated-page-table.pdf"), "heading")
    assert table == ["NICS Firearm Background Checks November - 2015"]
    assert labels(load(corpus / "pdf" / "google-docs-export.pdf"), "heading") == [
        "Example document"
    ]


def test_title_block_and_page_furniture_are_not_headings(corpus: Path) -> None:
    """Author, date and "Page 1 of 48" lines are set large but are no section titles."""
    latex = labels(load(corpus / "pdf" / "two-column-latex-lorem.pdf"), "heading")
    assert latex == ["Two-Column Document with Lorem Ipsum", "Abstract"]  # not "Your Name"
    paper = labels(load(corpus / "pdf" / "two-column-academic-paper.pdf"), "heading")
    assert "Satoshi Sekine" not in paper
    assert paper[:2] == [
        "Preemptive Information Extraction using Unrestricted Relation Discovery",
        "1 Background",
    ]
    irs = labels(load(corpus / "pdf" / "irs-instructions-1040nr-50p.pdf"), "heading")
    assert not [h for h in irs if re.search(r"Page \d+ of \d+|^- \d+ -", h)]
    assert "Instructions for Form 1040NR" in irs
    assert not labels(load(corpus / "pdf" / "tiny-content-huge-mediabox-german.pdf"), "heading")


def test_bold_capitals_a_point_smaller_are_headings(corpus: Path) -> None:
    """Capitals look larger, so all-caps headings are often set a point below the body."""
    heads = labels(load(corpus / "pdf" / "dmca-summary-encrypted-noprompt.pdf"), "heading")
    assert {"INTRODUCTION", "TITLE I: WIPO TREATY IMPLEMENTATION"} <= set(heads)
    assert "December 1998" not in heads  # a date line, not a section


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        ("January 3, 2024", True),
        ("7:48 - 6-DEC-2007 Page 1 of 48 Instructions for Form 1040NR", True),
        ("Seite 1092 GMBl 2008", True),
        ("- 36 - Instructions for Form 1040NR", True),
        ("Expatriation Before June 4, 2004", False),  # a date inside a title is fine
        ("14 CFR Part 39", False),
        ("3.1 Web Crawling and Basic Clustering", False),
        ("2018 年第一季度报告", False),
    ],
)
def test_page_furniture_and_date_lines(text: str, furniture: bool) -> None:
    from lgcoder.importers.pdf_headings import _is_furniture

    assert _is_furniture(text) is furniture

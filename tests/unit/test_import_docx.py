"""Word documents: what a reader of the printed page sees, plus comments as anchored memos."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from lgcoder.core.errors import ImportFailedError, PasswordRequiredError
from lgcoder.importers.registry import parse_bytes
from tests.unit.import_helpers import labels, load


def test_tracked_changes_keep_insertions_drop_deletions(corpus: Path) -> None:
    deleted = load(corpus / "docx" / "pandoc-track-changes-deletion.docx")
    assert deleted.text == "This is a text with a deletion.\n"
    assert "excessively modified" not in deleted.text
    inserted = load(corpus / "docx" / "pandoc-track-changes-insertion.docx")
    assert "This is a text with two exciting insertions." in inserted.text
    moved = load(corpus / "docx" / "pandoc-track-changes-move.docx")
    assert moved.text.count("Here is the text to be moved.") == 1


def test_emoji_with_tracked_changes_keeps_offsets(corpus: Path) -> None:
    doc = load(corpus / "docx" / "word-extractor-tracked-changes-emoji.docx")
    assert "A second test of reviewing" in doc.text


def test_comments_anchor_to_commented_text(corpus: Path) -> None:
    doc = load(corpus / "docx" / "pandoc-comments-nested.docx")
    anchored = {n.text: doc.text[n.start : n.end] for n in doc.notes}
    assert anchored["I left a comment."] == "some text to have a comment "
    assert anchored["Do something."] == "comment in a comment"
    assert all(n.author == "Jesse Rosenthal" for n in doc.notes if n.author)
    rich = load(corpus / "docx" / "python-docx-comments-rich.docx")
    first = rich.notes[0]
    assert rich.text[first.start : first.end] == "Some text worthy of note."
    assert first.author == "Steve Canny"


def test_modern_threaded_comments(corpus: Path) -> None:
    doc = load(corpus / "docx" / "docx2python-modern-comments.docx")
    assert len(doc.notes) >= 5
    assert all(n.end > n.start for n in doc.notes)


def test_footnotes_and_endnotes_in_notes_section(corpus: Path) -> None:
    doc = load(corpus / "docx" / "pandoc-notes.docx")
    assert "Test footnote.[1] Test endnote.[2]" in doc.text
    assert "Notes" in labels(doc, "heading")
    assert "[1] My note." in doc.text
    ends = load(corpus / "docx" / "mammoth-endnotes.docx")
    assert "[1] A tachyon walks into a bar." in ends.text


def test_headings_by_outline_and_localised_style_ids(corpus: Path) -> None:
    doc = load(corpus / "docx" / "pandoc-i18n-style-ids.docx")
    headings = [(s.label, s.level) for s in doc.segments if s.kind == "heading"]
    assert headings == [("This is Heading 1", 1), ("This is Heading 2", 2)]
    plain = load(corpus / "docx" / "pandoc-headings.docx")
    assert ("Second Level", 2) in [
        (s.label, s.level) for s in plain.segments if s.kind == "heading"
    ]


def test_tables_one_row_per_line_in_document_order(corpus: Path) -> None:
    doc = load(corpus / "docx" / "mammoth-tables.docx")
    assert doc.text == "Above\nTop left\tTop right\nBottom left\tBottom right\nBelow\n"
    merged = load(corpus / "docx" / "docx2python-merged-cells.docx")
    assert "0-0" in merged.text


def test_text_box_included(corpus: Path) -> None:
    assert "Datum plane" in load(corpus / "docx" / "mammoth-text-box.docx").text


def test_headers_and_footers_excluded(corpus: Path) -> None:
    doc = load(corpus / "docx" / "python-docx-header-footer.docx")
    assert doc.text == "section with header\nsection without header of its own.\n"


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("mammoth-strict-ooxml.docx", "Test"),
        ("docx2python-renamed-document-xml.docx", "This is a link to my website."),
        ("pandoc-alternate-document-path.docx", "This is italic, bold, underlined"),
        ("mammoth-utf8-bom-parts.docx", "This XML has a byte order mark."),
        ("word-extractor-bad-xml.docx", "A second test of reviewing"),
        ("docxtemplater-cyrillic.docx", "ЀКИЖДЕЏА {name}"),
        ("pandoc-unicode.docx", "Hello, 世界. This costs €10."),
        ("docx2python-curly-quotes.docx", "“double quote”"),
    ],
)
def test_unusual_packages_read(corpus: Path, name: str, phrase: str) -> None:
    assert phrase in load(corpus / "docx" / name).text


def test_empty_documents_refused(corpus: Path) -> None:
    for name in ("mammoth-empty.docx", "python-docx-no-styles-part.docx"):
        with pytest.raises(ImportFailedError, match="no text"):
            load(corpus / "docx" / name)


def test_old_doc_or_encrypted_word_gets_clear_advice() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(PasswordRequiredError, match=r"save it as \.docx"):
        parse_bytes(ole, "minutes.doc")


def test_damaged_zip_refused() -> None:
    with pytest.raises(ImportFailedError, match=r"notes\.docx"):
        parse_bytes(b"PK\x03\x04" + b"garbage" * 50, "notes.docx")


def test_entity_bomb_in_docx_is_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Safe &b; text</w:t></w:r></w:p></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", bomb)
    doc = parse_bytes(buf.getvalue(), "bomb.docx")
    assert "aaaa" not in doc.text
    assert "Safe" in doc.text and doc.warnings

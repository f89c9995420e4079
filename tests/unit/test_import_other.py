"""ODT and RTF: safe XML, notes and tracked changes; code pages in RTF."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.import_helpers import labels, load


def test_odt_external_entity_is_not_resolved(corpus: Path) -> None:
    doc = load(corpus / "odt" / "odfpy-xxe-external-entity.odt")
    assert doc.text.startswith("Test:")
    assert "externalcontent" not in doc.text and "&nasty;" not in doc.text
    assert doc.warnings


def test_odt_structure(corpus: Path) -> None:
    headings = load(corpus / "odt" / "pandoc-headings.odt")
    assert ("A header (Lv 1)", 1) in [
        (s.label, s.level) for s in headings.segments if s.kind == "heading"
    ]
    notes = load(corpus / "odt" / "pandoc-footnote.odt")
    assert "Some text[1] with a footnote." in notes.text
    assert "[1] Footnote text" in notes.text
    tracked = load(corpus / "odt" / "pandoc-tracked-changes.odt")
    assert "inserted text" in tracked.text
    assert "deleted" not in tracked.text
    table = load(corpus / "odt" / "odfpy-simple-table.odt")
    assert table.text == "Cell 1\tCell 2\nCell 3 (bold)\tCell 4 (italic)\n"
    header = load(corpus / "odt" / "odfpy-header-footer.odt")
    assert header.text == "Lorem ipsum\n"


def test_odt_greek_play(corpus: Path) -> None:
    doc = load(corpus / "odt" / "odfpy-electra-gutenberg.odt")
    assert "ΗΛΕΚΤΡΑ" in doc.text
    assert "\ufeff" not in doc.text


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("striprtf-polish-cp1250.rtf", "Proszę o zapoznanie się z poniższą klauzulą informacyjną."),
        ("striprtf-ukrainian-court-cp1251.rtf", "27 грудня 2018 року"),
        ("striprtf-unicode-japanese.rtf", "柔道"),
        ("striprtf-french-cp1252.rtf", "10‘000"),
        ("striprtf-austrian-court-decision-long.rtf", "Bundesverwaltungsgericht"),
    ],
)
def test_rtf_code_pages(corpus: Path, name: str, phrase: str) -> None:
    doc = load(corpus / "rtf" / name)
    assert phrase in doc.text
    assert labels(doc, "paragraph")  # one paragraph segment per line of the RTF

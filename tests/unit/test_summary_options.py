"""Word summary options of issue 11: citations by title, coder naming, unbroken names, layout."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from lgcoder.core.ops.documents import get_document, set_document_attribute
from lgcoder.core.queries import Citation
from lgcoder.exporters.docx_chapters import citation_text, initials
from lgcoder.exporters.docx_report import export_summary, uses_chapters
from lgcoder.exporters.evidence import Quote, document_title
from lgcoder.exporters.options import SHORT_SUMMARY_QUOTES, SummaryOptions
from tests.export_fixtures import SampleProject, build_sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleProject]:
    sample = build_sample_project(tmp_path_factory.mktemp("sample") / "sample.lgc")
    with sample.project.transaction() as session:
        doc = get_document(session, "Roundtable 2 - Eastvale.txt")
        set_document_attribute(session, doc, "Title", "Eastvale roundtable, 4 May")
    yield sample
    sample.project.close()


def citations(out: Path) -> list[str]:
    return [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Quote Citation"]


def test_citations_use_titles_and_the_chosen_coder_form(
    sample: SampleProject, tmp_path: Path
) -> None:
    out = tmp_path / "s.docx"
    export_summary(sample.project, out)
    cited = citations(out)
    assert any("Eastvale roundtable, 4 May" in c for c in cited)  # the Title attribute
    assert any(", Roundtable 1 - Northshire, " in c for c in cited)  # else the file's stem
    assert not any(".txt" in c or ".docx" in c or ".pdf" in c for c in cited)
    export_summary(sample.project, out, SummaryOptions(cite_coder="none"))
    assert cited and not any("coded by" in c for c in citations(out))
    export_summary(sample.project, out, SummaryOptions(cite_coder="initials"))
    assert any(c.endswith("coded by A and B") for c in citations(out))


def test_names_in_citations_cannot_break() -> None:
    quote = Quote(
        text="Contracts first.",
        document="session1.docx",
        title="Harrowfield roundtable",
        source_id="S1",
        citation=Citation(speaker="Priya Raman", paragraph=3),
        coders=["Ann Newcomer", "Ben de la Cruz"],
        start=0,
        end=16,
    )
    assert citation_text(quote) == (
        "\u2014 Priya\u00a0Raman, Harrowfield roundtable, para.\u00a03 \u00b7 coded by "
        "Ann\u00a0Newcomer and Ben\u00a0de\u00a0la\u00a0Cruz"
    )
    assert citation_text(quote, "initials").endswith("coded by AN and BDLC")
    assert initials("Mary-Jane O'Neil") == "MJO"
    assert document_title("report.final.pdf", {}) == "report.final"
    assert document_title("notes", {"title": "  Field   notes "}) == "Field notes"


def _page_breaks_before_themes(out: Path) -> int:
    with zipfile.ZipFile(out) as z:
        body = z.read("word/document.xml").decode("utf-8")
    # the contents, the overview and the two appendices always start a page; themes only in
    # the "chapters" layout
    return body.count("<w:pageBreakBefore/>") - 4


def test_layouts_put_themes_on_new_pages_only_when_asked(
    sample: SampleProject, tmp_path: Path
) -> None:
    out = tmp_path / "s.docx"
    themes = 4  # Barriers, Leadership, Synergy, Channel shift
    export_summary(sample.project, out, SummaryOptions(layout="chapters"))
    assert _page_breaks_before_themes(out) == themes
    export_summary(sample.project, out, SummaryOptions(layout="continuous"))
    assert _page_breaks_before_themes(out) == 0
    result = export_summary(sample.project, out)  # auto: a short summary runs on
    assert result.quotes <= SHORT_SUMMARY_QUOTES and _page_breaks_before_themes(out) == 0
    assert uses_chapters(SummaryOptions(), SHORT_SUMMARY_QUOTES + 1)
    assert not uses_chapters(SummaryOptions(layout="continuous"), 10_000)


def test_the_appendix_codebook_shows_parents_with_their_sub_theme_totals(
    sample: SampleProject, tmp_path: Path
) -> None:
    out = tmp_path / "s.docx"
    export_summary(sample.project, out)
    codebook = docx.Document(str(out)).tables[2]
    rows = {r.cells[0].text.strip(): r.cells[2].text for r in codebook.rows[1:]}
    overview = docx.Document(str(out)).tables[0]
    totals = {r.cells[0].text.strip(): r.cells[1].text for r in overview.rows[1:]}
    own, total = rows["Barriers"].split(" ")
    assert total == f"({totals['Barriers']})" and int(own) < int(totals["Barriers"])
    assert rows["Funding"] == totals["Funding"]  # a leaf: one figure

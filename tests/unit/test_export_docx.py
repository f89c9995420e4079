"""The Word evidence summary, read back with python-docx (issue 5 "Tests")."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt, RGBColor

from lgcoder.core.errors import NotFoundError, ValidationError
from lgcoder.core.queries import retrieve_codings
from lgcoder.exporters.cleaning import clean_quote
from lgcoder.exporters.docx_report import export_summary
from lgcoder.exporters.options import Scope, SummaryOptions
from tests.export_fixtures import CODES, SampleProject, build_sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleProject]:
    folder = tmp_path_factory.mktemp("sample")
    sample = build_sample_project(folder / "sample.lgc")
    yield sample
    sample.project.close()


def export(sample: SampleProject, tmp_path: Path, **kwargs: object) -> docx.document.Document:
    out = tmp_path / "summary.docx"
    export_summary(sample.project, out, SummaryOptions(**kwargs))  # type: ignore[arg-type]
    return docx.Document(str(out))


def styled(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def chapter_headings(document: docx.document.Document) -> list[tuple[str, str]]:
    pairs = [(s, t) for s, t in styled(document) if s.startswith("Heading")]
    return [(s, t) for s, t in pairs if t != "Overview" and not t.startswith("Appendix")]


def quote_pairs(document: docx.document.Document) -> list[tuple[str, str]]:
    paras = styled(document)
    return [
        (paras[i][1], paras[i + 1][1])
        for i in range(len(paras) - 1)
        if paras[i][0] == "Quote" and paras[i + 1][0] == "Quote Citation"
    ]


def test_every_quote_in_scope_appears_with_its_citation(
    sample: SampleProject, tmp_path: Path
) -> None:
    document = export(sample, tmp_path)
    pairs = quote_pairs(document)
    for coded in sample.coded:
        reflow = coded.document.endswith(".pdf")
        wanted = clean_quote(coded.text, reflow=reflow)
        title = coded.document.rsplit(".", 1)[0]  # cited by title: the file name's stem
        matches = [(q, c) for q, c in pairs if wanted in q and title in c]
        assert matches, f"missing quote: {wanted!r}"
        assert any(coded.coder in c for _q, c in matches)
    # Two coders on the same span: one quote, both named.
    funding = [c for q, c in pairs if "biggest barrier is funding" in q]
    assert funding == ["— Dev\u00a0Patel, Roundtable 1 - Northshire, 0:35 · coded by Ann and Ben"]
    # PDF quotes cite the page, documents without pages the paragraph.
    assert any("Council annual report 2023, p.\u00a02" in c for _q, c in pairs)
    assert any("Interview - Chief Executive, para.\u00a03" in c for _q, c in pairs)


def test_headings_follow_the_code_tree(sample: SampleProject, tmp_path: Path) -> None:
    document = export(sample, tmp_path)
    expected = [
        ("Heading 2" if "/" in path else "Heading 1", path.split("/")[-1]) for path in CODES
    ]
    assert chapter_headings(document) == expected


def test_code_filter_keeps_sub_themes_and_drops_the_rest(
    sample: SampleProject, tmp_path: Path
) -> None:
    document = export(sample, tmp_path, scope=Scope(codes=("Barriers",)))
    names = [t for _s, t in chapter_headings(document)]
    assert names == ["Barriers", "Funding", "Capacity", "Data sharing"]
    text = "\n".join(t for _s, t in styled(document))
    assert "chief executive does not champion" not in text
    assert "biggest barrier is funding" in text


def test_sub_theme_filter_keeps_its_parent_as_a_heading(
    sample: SampleProject, tmp_path: Path
) -> None:
    document = export(sample, tmp_path, scope=Scope(codes=("Leadership/Political",)))
    assert chapter_headings(document) == [("Heading 1", "Leadership"), ("Heading 2", "Political")]
    assert len(quote_pairs(document)) == 1


def test_document_coder_and_attribute_filters(sample: SampleProject, tmp_path: Path) -> None:
    by_doc = quote_pairs(export(sample, tmp_path, scope=Scope(documents=("Community forum.txt",))))
    assert len(by_doc) == 3 and all("Community forum" in c for _q, c in by_doc)
    by_coder = quote_pairs(export(sample, tmp_path, scope=Scope(coders=("Ben",))))
    assert by_coder and all(c.endswith("coded by Ben") for _q, c in by_coder)
    assert not any("Leadership has to come from the top" in q for q, _c in by_coder)
    north = quote_pairs(export(sample, tmp_path, scope=Scope(attributes=(("region", "north"),))))
    docs = {c.split(", ")[-2] if "Dev" in c else c for _q, c in north}
    assert north and all("Eastvale" not in c and "Interview" not in c for _q, c in north)
    assert docs


def test_unknown_names_are_errors_not_empty_reports(sample: SampleProject, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="Barriers/Fundng"):
        export(sample, tmp_path, scope=Scope(codes=("Barriers/Fundng",)))
    with pytest.raises(NotFoundError, match="Region"):
        export(sample, tmp_path, scope=Scope(attributes=(("Regoin", "North"),)))


def test_unicode_survives(sample: SampleProject, tmp_path: Path) -> None:
    quotes = "\n".join(q for q, _c in quote_pairs(export(sample, tmp_path)))
    assert "我们需要更多的社区资金。" in quotes
    assert "نحتاج إلى دعم رقمي لكبار السن 👵🏽" in quotes
    assert "work best 🤝 when" in quotes


def test_definitions_memos_and_their_options(sample: SampleProject, tmp_path: Path) -> None:
    out = tmp_path / "full.docx"
    export_summary(sample.project, out)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Definition. Short-term, insecure or insufficient funding" in text
    assert "Funding dominates in district councils" in text  # code memo
    assert "Coding frame agreed at the team meeting" in text  # project memo
    with zipfile.ZipFile(out) as z:
        notes = z.read("word/footnotes.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    assert "Strongest statement on grant cycles" in notes  # coding memo as a footnote
    assert "Links to the PDF" in notes and body.count("w:footnoteReference") == 2
    bare = export(sample, tmp_path, include_definitions=False, include_memos=False)
    bare_text = "\n".join(t for _s, t in styled(bare))
    assert "Definition." not in bare_text and "Funding dominates" not in bare_text
    with zipfile.ZipFile(tmp_path / "summary.docx") as z:
        assert "word/footnotes.xml" not in z.namelist()


def test_max_quotes_and_grouping_by_document(sample: SampleProject, tmp_path: Path) -> None:
    document = export(sample, tmp_path, max_quotes=1, order="document")
    paras = styled(document)
    text = "\n".join(t for _s, t in paras)
    assert "1 of the 3 passages of this theme is quoted below." in text
    start = paras.index(("Heading 2", "Funding"))
    section = paras[start + 1 : paras.index(("Heading 2", "Capacity"))]
    assert sum(1 for s, _t in section if s == "Quote") == 1
    assert ("Heading 3", "Roundtable 1 - Northshire") in section  # the document's title


def test_context_sentences_are_shown_in_their_own_style(
    sample: SampleProject, tmp_path: Path
) -> None:
    document = export(sample, tmp_path, include_context=True)
    para = next(p for p in document.paragraphs if "Data sharing agreements take" in p.text)
    context = [r.text for r in para.runs if r.style.name == "Quote Context"]
    # context stays inside the speaker's own turn: the facilitator's question is not quoted
    assert not any("Facilitator" in c or "Let us start" in c for c in context)
    assert context[-1].startswith(", and by then the people")


def test_front_matter_toc_overview_matrix_and_appendix(
    sample: SampleProject, tmp_path: Path
) -> None:
    out = tmp_path / "summary.docx"
    export_summary(sample.project, out)
    document = docx.Document(str(out))
    paras = styled(document)
    assert paras[1] == ("Title", "Joint working in local government")
    assert paras[2][0] == "Subtitle" and "Evidence summary" in paras[2][1]
    assert ("Normal", "Documents: all 5 documents in the project.") in paras
    with zipfile.ZipFile(out) as z:
        body = z.read("word/document.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
    assert 'TOC \\o "1-2" \\h \\z \\u' in body and '<w:updateFields w:val="true"/>' in settings
    overview, matrix, codebook, sources = document.tables
    rows = {r.cells[0].text.strip(): [c.text for c in r.cells[1:]] for r in overview.rows}
    assert rows["Barriers"] == ["7", "5", "2"] and rows["Funding"] == ["4", "3", "1"]
    assert [c.text for c in matrix.rows[0].cells][-1] == "Total"
    assert len(matrix.rows) == 1 + len(CODES)
    assert codebook.rows[2].cells[1].text.startswith("Short-term, insecure")
    assert [r.cells[0].text for r in sources.rows[1:]] == ["S1", "S2", "S3", "S4", "S5"]
    assert "Region: North" in sources.rows[3].cells[5].text


def test_export_never_changes_stored_text_or_offsets(sample: SampleProject, tmp_path: Path) -> None:
    with sample.project.reading() as session:
        before = [(r.guid, r.start, r.end, r.text) for r in retrieve_codings(session)]
    export(sample, tmp_path, include_context=True)
    with sample.project.reading() as session:
        after = [(r.guid, r.start, r.end, r.text) for r in retrieve_codings(session)]
    assert after == before
    assert any("\n" in text for *_x, text in before)  # the PDF passages keep their line breaks


def make_template(path: Path, *, drop: tuple[str, ...] = ("Quote", "Intense Quote")) -> None:
    template = docx.Document()
    template.styles["Normal"].font.name = "Georgia"
    template.styles["Normal"].font.size = Pt(10.5)
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x80, 0x00, 0x20)
    section = template.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = Cm(3.1)
    section.header.paragraphs[0].text = "Northshire Council \u2014 Official"
    section.footer.paragraphs[0].text = "Council footer"
    template.add_paragraph("Template sample text that must not survive.")
    for name in drop:
        element = template.styles[name].element
        element.getparent().remove(element)
    template.save(str(path))


def test_template_styles_headers_and_page_setup_are_kept(
    sample: SampleProject, tmp_path: Path
) -> None:
    template = tmp_path / "council.docx"
    make_template(template)
    out = tmp_path / "summary.docx"
    result = export_summary(sample.project, out, SummaryOptions(template=template))
    assert "Quote" in result.styles_added and "heading 1" not in result.styles_added
    document = docx.Document(str(out))
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Normal"].font.size == Pt(10.5)
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x80, 0x00, 0x20)
    section = document.sections[-1]
    assert section.orientation == WD_ORIENT.LANDSCAPE and abs(section.left_margin - Cm(3.1)) < Cm(
        0.01
    )
    assert section.header.paragraphs[0].text == "Northshire Council \u2014 Official"
    assert section.footer.paragraphs[0].text == "Council footer"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Template sample text" not in text
    assert any(p.style.name == "Quote" for p in document.paragraphs)


def test_a_dotx_template_is_accepted(sample: SampleProject, tmp_path: Path) -> None:
    docx_template = tmp_path / "council.docx"
    make_template(docx_template, drop=())
    dotx = tmp_path / "council.dotx"
    with zipfile.ZipFile(docx_template) as src, zipfile.ZipFile(dotx, "w") as dst:
        for item in src.infolist():
            blob = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                blob = blob.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, blob)
    out = tmp_path / "from-dotx.docx"
    export_summary(sample.project, out, SummaryOptions(template=dotx))
    assert docx.Document(str(out)).styles["Normal"].font.name == "Georgia"


def test_bad_template_and_output_paths_are_clear_errors(
    sample: SampleProject, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        export(sample, tmp_path, template=tmp_path / "missing.docx")
    junk = tmp_path / "junk.docx"
    junk.write_text("not a zip")
    with pytest.raises(ValidationError, match="not a Word"):
        export(sample, tmp_path, template=junk)
    with pytest.raises(ValidationError, match="does not exist"):
        export_summary(sample.project, tmp_path / "nowhere" / "s.docx")
    with pytest.raises(ValidationError, match=r"\.docx"):
        export_summary(sample.project, tmp_path / "s.pdf")


def test_control_characters_in_names_and_memos_do_not_break_the_file(tmp_path: Path) -> None:
    from lgcoder.core.db import Project
    from lgcoder.core.ops.coders import ensure_coder
    from lgcoder.core.ops.codes import add_code, get_code
    from lgcoder.core.ops.codings import apply_coding
    from lgcoder.core.ops.documents import get_document
    from tests.helpers import add_text

    with Project.create(tmp_path / "odd.lgc", title="Odd\x07 title", coder="Ann") as project:
        body = "Page one\x0cpage two has a bell\x07 in it."
        add_text(project, body, name="odd\x1b.txt")
        with project.transaction() as session:
            add_code(session, "Odd", description="Defined\x01 here")
            doc = get_document(session, "odd\x1b.txt")
            apply_coding(
                session,
                doc,
                get_code(session, "Odd"),
                ensure_coder(session, "Ann"),
                0,
                len(body),
                "memo\x02",
            )
        export_summary(project, tmp_path / "odd.docx")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "odd.docx")).paragraphs)
    assert "Page one page two has a bell in it." in text and "Defined here" in text

"""``lgcoder export docx --charts``: two inline pictures with numbered captions that render."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.chart_fixtures import build_chart_project
from tests.helpers import run_cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("charts")
    project = build_chart_project(folder / "charts.lgc")
    out = folder / "summary.docx"
    run_cli("export", "docx", project, out, "--charts", check=True)
    return out


def test_summary_has_two_captioned_inline_pictures_in_the_overview(summary: Path) -> None:
    from docx import Document
    from PIL import Image

    doc = Document(str(summary))
    shapes = doc.inline_shapes
    assert len(shapes) == 2
    text_width = (
        doc.sections[-1].page_width - doc.sections[-1].left_margin - doc.sections[-1].right_margin
    )
    for shape in shapes:
        assert abs(shape.width - text_width) < 12700  # the text width, to within 1 pt
        blob = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        image_part = doc.part.related_parts[blob]
        assert image_part.content_type == "image/png"
        with Image.open(__import__("io").BytesIO(image_part.blob)) as image:
            width_in = shape.width / 914400
            assert abs(image.size[0] / width_in - 300) < 2  # drawn at 300 dpi for that width
        assert shape._inline.find(f"{WP}docPr").get("descr")  # alternative text
    paragraphs = doc.paragraphs
    captions = [
        p for p in paragraphs if p.style.name.lower() == "caption" and p.text.startswith("Figure")
    ]
    assert [p.text for p in captions] == [
        "Figure 1. Passages per theme",
        "Figure 2. Passages per speaker and theme",
    ]
    for caption in captions:
        assert "SEQ Figure" in caption._p.xml  # a real Word caption number
    # each picture sits in the overview, right above its caption, with a source note after
    texts = [p.text for p in paragraphs]
    heads = [i for i, p in enumerate(paragraphs) if p.style.name.startswith("Heading")]
    overview = next(i for i in heads if texts[i] == "Overview")
    first_theme = next(i for i in heads if texts[i] == "Barriers")
    for caption in captions:
        at = texts.index(caption.text)
        assert overview < at < first_theme
        assert paragraphs[at - 1]._p.xpath(".//w:drawing")
        assert texts[at + 1].startswith("Source:")


def test_without_the_option_there_are_no_pictures(tmp_path: Path) -> None:
    from docx import Document

    project = build_chart_project(tmp_path / "charts.lgc")
    out = tmp_path / "plain.docx"
    run_cli("export", "docx", project, out, check=True)
    assert len(Document(str(out)).inline_shapes) == 0


def test_template_caption_style_is_used(tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    template = tmp_path / "house.docx"
    house = Document()
    house.styles["Caption"].font.size = Pt(13)
    house.save(str(template))
    project = build_chart_project(tmp_path / "charts.lgc")
    out = tmp_path / "house-summary.docx"
    run_cli("export", "docx", project, out, "--charts", "--template", template, check=True)
    doc = Document(str(out))
    captions = [p for p in doc.paragraphs if re.match(r"Figure \d+\. ", p.text)]
    assert len(captions) == 2
    assert all(p.style.name == "Caption" and p.style.font.size == Pt(13) for p in captions)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_summary_with_charts_renders_through_libreoffice(summary: Path, tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    from tests.integration.test_cli_export_render import render_pdf

    pdf = render_pdf(summary, tmp_path)
    with pdfplumber.open(pdf) as doc:
        images = [img for page in doc.pages for img in page.images]
        text = " ".join(" ".join((page.extract_text() or "") for page in doc.pages).split())
    assert len(images) == 2
    assert all(img["width"] > 300 for img in images)  # points: wide on the page, not a stamp
    assert "Figure 1. Passages per theme" in text
    assert "Figure 2. Passages per speaker and theme" in text

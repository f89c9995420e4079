"""Figures in the Word summary (``--charts``): passages per theme, then who raised what.

Each figure is a real inline picture (a PNG at 300 dpi drawn at the page's text width, so its
type is the size it was drawn at), with alternative text for screen readers, a numbered caption
in the template's Caption style ("Figure 1. Passages per theme", the number a SEQ field Word
renumbers and lists in a table of figures) and a source note saying what was counted.

The numbers are the same as the overview table's: both count the coded passages in the
summary's scope, sub-themes in their parents (see :mod:`lgcoder.analysis.chart_data`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from sqlalchemy.orm import Session

from lgcoder.analysis.chart_data import ChartData, HeatMap
from lgcoder.analysis.matrix import NO_SPEAKER
from lgcoder.exporters.docx_xml import field as field_xml
from lgcoder.exporters.docx_xml import para, rpr, run
from lgcoder.exporters.options import SummaryOptions

#: Print resolution of the pictures.
DPI = 300
EMU_PER_TWIP = 635


@dataclass
class ReportFigure:
    """One figure's numbers and words; its picture is drawn once per text width."""

    data: ChartData
    caption: str
    alt: str
    source: str
    _png: dict[int, tuple[bytes, int, int]] = field(default_factory=dict, repr=False)

    def picture(self, width_twips: int) -> tuple[bytes, int, int]:
        """(PNG, width px, height px) at the text width (drawn on first use, then kept)."""
        if width_twips not in self._png:
            from lgcoder.charts.draw import render

            drawn = render(self.data, width_in=width_twips / 1440, dpi=DPI, annotate=False)
            self._png[width_twips] = (drawn.png, drawn.width, drawn.height)
        return self._png[width_twips]


def gather_figures(session: Session, options: SummaryOptions) -> list[ReportFigure]:
    """The summary's figures for its scope (none unless ``include_charts``)."""
    if not options.include_charts:
        return []
    from lgcoder.charts.scope import ChartOptions, chart_data

    scope = options.scope
    figures = []
    prevalence = chart_data(session, scope, ChartOptions(kind="prevalence"))
    total_note = (
        "Source: the coded passages in this summary's scope (see the title page), counted "
        "by lgcoder; a bar for a theme includes its sub-themes, indented below it."
    )
    figures.append(
        ReportFigure(
            prevalence,
            "Passages per theme",
            "Bar chart of the number of coded passages per theme, sub-themes under their theme.",
            " ".join(x for x in (total_note, prevalence.note) if x),
        )
    )
    speakers = chart_data(session, scope, ChartOptions(kind="speakers"))
    if isinstance(speakers, HeatMap) and any(
        any(v for v in row)
        for who, row in zip(speakers.rows, speakers.values, strict=True)
        if who != NO_SPEAKER
    ):
        figures.append(
            ReportFigure(
                speakers,
                "Passages per speaker and theme",
                "Heat map of coded passages per speaker (rows) and theme (columns); darker "
                "cells hold more passages, and every cell shows its count.",
                "Source: the coded passages in this summary's scope, each counted for the "
                "speaker whose turn it starts in; a theme includes its sub-themes. "
                + speakers.note,
            )
        )
    return figures


class FigureWriter:
    """Adds figures to the body as inline pictures with captions, numbered from 1."""

    def __init__(self, document: Any, styles: dict[str, str], width_twips: int) -> None:
        self.document = document
        self.s = styles
        self.width = width_twips
        self.number = 0

    def xml(self, figure: ReportFigure) -> str:
        """The picture paragraph, its caption and its source note, as body XML."""
        png, px_w, px_h = figure.picture(self.width)
        width = self.width * EMU_PER_TWIP
        height = round(width * px_h / px_w)
        inline = self.document.part.new_pic_inline(io.BytesIO(png), width, height)
        self.number += 1
        doc_pr = inline.find("{*}docPr")
        if doc_pr is not None:
            doc_pr.set("name", f"Figure {self.number}")
            doc_pr.set("descr", figure.alt)
        drawing = etree.tostring(inline, encoding="unicode")
        picture = para(
            f"<w:r><w:drawing>{drawing}</w:drawing></w:r>",
            None,
            keep_next=True,
            align="center",
            extra='<w:spacing w:before="240" w:after="60"/>',
        )
        caption = para(
            run("Figure ")
            + field_xml("SEQ Figure \\* ARABIC", str(self.number))
            + run(f". {figure.caption}"),
            self.s["caption"],
        )
        source = para(
            run(figure.source, rpr(italic=True, color="595959")),
            self.s["Table Text"],
            extra='<w:spacing w:after="240"/>',
        )
        return picture + caption + source

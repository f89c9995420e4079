"""Write an agreement table to CSV or Word, for the methods section of a report."""

from __future__ import annotations

import csv
from pathlib import Path

from lgcoder.team.agreement import LOW_AGREEMENT, AgreementResult, Stats


def _row(name: str, stats: Stats) -> list[str]:
    def fmt(v: float | None) -> str:
        return "" if v is None else f"{v:.4f}"

    return [
        name,
        str(stats.units),
        fmt(stats.percent_agreement),
        *(fmt(v) for _a, _b, v in stats.kappa),
        fmt(stats.alpha),
        "low" if stats.low() else "",
    ]


def header(result: AgreementResult) -> list[str]:
    pairs = [f"kappa {a}/{b}" for a, b, _v in result.pooled.kappa]
    return ["code", "units", "percent agreement", *pairs, "alpha", "flag"]


def rows(result: AgreementResult) -> list[list[str]]:
    return [_row(p, s) for p, s in result.codes] + [_row("(pooled)", result.pooled)]


def scope_note(result: AgreementResult) -> str:
    unit = "character" if result.unit == "char" else "paragraph / speaker turn"
    return (
        f"Unit: {unit}. Coders: {', '.join(result.coders)}. Documents in scope "
        f"({len(result.documents)}): {', '.join(result.documents)}. Empty cells are undefined."
    )


def export_csv(result: AgreementResult, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header(result))
        writer.writerows(rows(result))
        writer.writerow([])
        writer.writerow([scope_note(result)])


def export_docx(result: AgreementResult, path: Path) -> None:
    """A table a methods section can take as it is: the code column wide enough for sub-code
    paths, figures right-aligned, the pooled row and low values in bold."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    doc.add_heading("Inter-coder agreement", level=1)
    doc.add_paragraph(scope_note(result))
    head = header(result)
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    usable = 16.0  # cm between A4 margins, less a little air
    # code, units, the statistics, flag: statistics get what the short columns leave
    stats = len(head) - 3
    widths = [Cm(5.0), Cm(1.5)] + [Cm((usable - 7.8) / stats)] * stats + [Cm(1.3)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice reads; cells below carry it for Word
    body = rows(result)
    for index, values in enumerate([head, *body]):
        cells = table.rows[0].cells if index == 0 else table.add_row().cells
        pooled = index == len(body)
        low = index > 0 and values[-1] == "low"
        for col, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.width = widths[col]
            para = cell.paragraphs[0]
            run = para.add_run(text)
            run.font.size = Pt(9)
            run.bold = index == 0 or pooled or (low and col == len(values) - 1)
            if col > 0:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(
        "Percent agreement is the mean over coder pairs; Cohen's kappa per pair; "
        "Krippendorff's alpha (nominal) over all coders. Pooled rows concatenate the codes. "
        f"'low' marks kappa or alpha below {LOW_AGREEMENT}."
    )
    doc.save(str(path))

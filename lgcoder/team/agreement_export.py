"""Write an agreement table to CSV or Word, for the methods section of a report."""

from __future__ import annotations

import csv
from pathlib import Path

from lgcoder.team.agreement import AgreementResult, Stats


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
    from docx import Document

    doc = Document()
    doc.add_heading("Inter-coder agreement", level=1)
    doc.add_paragraph(scope_note(result))
    head = header(result)
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for values in rows(result):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    doc.add_paragraph(
        "Percent agreement is the mean over coder pairs; Cohen's kappa per pair; "
        "Krippendorff's alpha (nominal) over all coders. Pooled rows concatenate the codes."
    )
    doc.save(str(path))

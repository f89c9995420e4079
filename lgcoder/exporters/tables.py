"""One row per coded passage, as CSV or an Excel workbook, for analysis outside lgcoder.

Columns: document, code path, coder, start, end, quote, page, speaker, memo, then paragraph,
timestamp and the coding's guid, then one column per document attribute ("attr: Region").
The quote is the cleaned reading text unless ``exact_text`` asks for the stored text; start/end
always index the stored text, so a row can be traced back exactly.

CSV is written as UTF-8 with a byte-order mark so that Excel opens non-Latin text correctly.
In the workbook every cell is typed as text or number explicitly: a quote that starts with "="
must never become a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lgcoder.core.db import Project
from lgcoder.core.errors import ValidationError
from lgcoder.core.words import counted
from lgcoder.exporters.cleaning import clean_quote, xml_safe
from lgcoder.exporters.evidence import REFLOW_KINDS
from lgcoder.exporters.files import check_output, project_for_export, save_atomically
from lgcoder.exporters.options import TableOptions
from lgcoder.exporters.scope import attributes_by_document, passages_in_scope

Progress = Callable[[int, int, str], None]
BASE_COLUMNS = (
    "document",
    "code",
    "coder",
    "start",
    "end",
    "quote",
    "page",
    "speaker",
    "memo",
    "paragraph",
    "timestamp",
    "coding_guid",
)
ATTRIBUTE_PREFIX = "attr: "


@dataclass
class TableResult:
    path: Path
    rows: int
    columns: list[str]

    def describe(self) -> str:
        return f"wrote {self.path} ({counted(self.rows, 'coded passage')}, {counted(len(self.columns), 'column')})"


@dataclass
class PassageTable:
    columns: list[str]
    rows: list[list[Any]]


def passage_table(project: Project, options: TableOptions) -> PassageTable:
    """The rows of the export, computed in one read-only session."""
    from sqlalchemy import select

    from lgcoder.core.models import Document

    with project.reading() as session:
        passages = passages_in_scope(session, options.scope)
        guids = list(dict.fromkeys(r.document_guid for r in passages))
        attrs = attributes_by_document(session, guids)
        kinds = dict(
            session.execute(
                select(Document.guid, Document.kind).where(Document.guid.in_(guids))
            ).all()
        )
    names = sorted({name for values in attrs.values() for name in values}, key=str.lower)
    columns = [*BASE_COLUMNS, *(ATTRIBUTE_PREFIX + n for n in names)]
    rows: list[list[Any]] = []
    for p in passages:
        if options.exact_text:
            quote = p.text
        else:
            quote = clean_quote(p.text, reflow=kinds.get(p.document_guid) in REFLOW_KINDS)
        doc_attrs = attrs.get(p.document_guid, {})
        c = p.citation
        rows.append(
            [
                p.document,
                p.code,
                p.coder,
                p.start,
                p.end,
                quote,
                c.page or "",
                c.speaker or "",
                p.memo,
                c.paragraph if c.paragraph is not None else "",
                c.timestamp if c.timestamp is not None else "",
                p.guid,
                *(doc_attrs.get(n, "") for n in names),
            ]
        )
    return PassageTable(columns, rows)


def export_table(
    project: Project | str | Path,
    out: str | Path,
    options: TableOptions | None = None,
    progress: Progress | None = None,
) -> TableResult:
    """Write the passages in scope to *out*; the format follows the suffix (.csv or .xlsx)."""
    options = options or TableOptions()
    out = Path(out)
    check_output(out, (".csv", ".xlsx"))
    with project_for_export(project) as opened:
        table = passage_table(opened, options)
    if progress is not None:
        progress(0, max(1, len(table.rows)), "Writing the table")
    if out.suffix.lower() == ".csv":
        save_atomically(out, lambda tmp: write_csv(tmp, table.columns, table.rows))
    else:
        save_atomically(
            out, lambda tmp: write_xlsx(tmp, table.columns, table.rows, "Coded passages")
        )
    return TableResult(out, len(table.rows), table.columns)


def write_csv(path: str | Path, columns: list[str], rows: list[list[Any]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)


def write_xlsx(
    path: str | Path,
    columns: list[str],
    rows: list[list[Any]],
    sheet: str,
    widths: dict[str, int] | None = None,
) -> None:
    """A workbook with a bold, frozen, filterable header row and sensible column widths."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    default = {"quote": 80, "memo": 40, "document": 30, "code": 28, "description": 60}
    for i, name in enumerate(columns, start=1):
        width = (widths or {}).get(name) or default.get(name) or max(10, min(30, len(name) + 4))
        ws.column_dimensions[_column_letter(i)].width = width
    ws.auto_filter.ref = f"A1:{_column_letter(len(columns))}{len(rows) + 1}"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE4EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=xml_safe(name))
        cell.font, cell.fill = bold, fill
        header.append(cell)
    ws.append(header)
    wrapped = {i for i, name in enumerate(columns) if name in ("quote", "memo", "description")}
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            if isinstance(value, str):
                cell = WriteOnlyCell(ws, value=None)
                cell.value = xml_safe(value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if i in wrapped:
                    cell.alignment = wrap
            else:
                cell = WriteOnlyCell(ws, value=value)
            cells.append(cell)
        ws.append(cells)
    try:
        wb.save(path)
    except OSError as exc:
        raise ValidationError(f"cannot write {path}: {exc}") from exc


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))

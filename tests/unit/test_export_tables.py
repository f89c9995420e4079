"""Passage tables (CSV/XLSX) and the codebook export (issue 5 "Tables and codebook exports")."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest

from lgcoder.core.db import Project
from lgcoder.core.errors import ValidationError
from lgcoder.core.ops.coders import ensure_coder
from lgcoder.core.ops.codes import add_code, get_code
from lgcoder.core.ops.codings import apply_coding
from lgcoder.core.ops.documents import get_document
from lgcoder.exporters.codebook import export_codebook
from lgcoder.exporters.options import Scope, TableOptions
from lgcoder.exporters.tables import BASE_COLUMNS, export_table
from tests.export_fixtures import CODES, PASSAGES, SampleProject, build_sample_project
from tests.helpers import add_text


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleProject]:
    sample = build_sample_project(tmp_path_factory.mktemp("tables") / "sample.lgc")
    yield sample
    sample.project.close()


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_has_one_row_per_passage_with_the_listed_columns(
    sample: SampleProject, tmp_path: Path
) -> None:
    out = tmp_path / "passages.csv"
    result = export_table(sample.project, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for UTF-8
    rows = read_csv(out)
    assert result.rows == len(rows) == len(PASSAGES)
    assert list(rows[0])[: len(BASE_COLUMNS)] == list(BASE_COLUMNS)
    assert list(rows[0])[len(BASE_COLUMNS) :] == ["attr: Council type", "attr: Region"]
    first = rows[0]
    assert first["document"] == "Roundtable 1 - Northshire.txt"
    assert first["code"] == "Barriers/Funding" and first["speaker"] == "Dev Patel"
    assert first["attr: Region"] == "North" and first["timestamp"] == "35.5"
    assert first["memo"] == "Strongest statement on grant cycles; use in exec summary."
    pdf = [r for r in rows if r["document"].endswith(".pdf")]
    assert pdf[0]["page"] == "1"
    assert "funding settlements" in pdf[0]["quote"] and "\n" not in pdf[0]["quote"]
    assert any(r["quote"] == "نحتاج إلى دعم رقمي لكبار السن 👵🏽" for r in rows)


def test_exact_text_keeps_the_stored_passage(sample: SampleProject, tmp_path: Path) -> None:
    out = tmp_path / "exact.csv"
    export_table(sample.project, out, TableOptions(exact_text=True))
    pdf = [r for r in read_csv(out) if r["document"].endswith(".pdf")]
    with sample.project.reading() as session:
        text = get_document(session, pdf[0]["document"]).text
    assert pdf[0]["quote"] == text[int(pdf[0]["start"]) : int(pdf[0]["end"])]
    assert "fund-\ning" in pdf[0]["quote"]


def test_table_filters(sample: SampleProject, tmp_path: Path) -> None:
    out = tmp_path / "ben.csv"
    export_table(
        sample.project, out, TableOptions(scope=Scope(coders=("Ben",), codes=("Barriers",)))
    )
    rows = read_csv(out)
    assert rows and {r["coder"] for r in rows} == {"Ben"}
    assert all(r["code"].startswith("Barriers/") for r in rows)


def test_xlsx_rows_types_and_header(sample: SampleProject, tmp_path: Path) -> None:
    out = tmp_path / "passages.xlsx"
    export_table(sample.project, out)
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[: len(BASE_COLUMNS)] == list(BASE_COLUMNS)
    assert ws.max_row == len(PASSAGES) + 1
    assert ws.freeze_panes == "A2"
    second = [c.value for c in ws[2]]
    assert isinstance(second[3], int) and second[5].startswith("the biggest barrier")


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    with Project.create(tmp_path / "f.lgc", coder="Ann") as project:
        add_text(project, '=HYPERLINK("http://evil","click") said nobody\x0b', name="f.txt")
        with project.transaction() as session:
            add_code(session, "Odd")
            apply_coding(
                session,
                get_document(session, "f.txt"),
                get_code(session, "Odd"),
                ensure_coder(session, "Ann"),
                0,
                44,
            )
        export_table(project, tmp_path / "f.xlsx", TableOptions(exact_text=True))
    cell = openpyxl.load_workbook(tmp_path / "f.xlsx").active["F2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK(")


def test_wrong_suffix_is_refused(sample: SampleProject, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        export_table(sample.project, tmp_path / "passages.txt")


def test_codebook_csv_and_xlsx(sample: SampleProject, tmp_path: Path) -> None:
    export_codebook(sample.project, tmp_path / "codebook.csv")
    rows = read_csv(tmp_path / "codebook.csv")
    assert [r["path"] for r in rows] == list(CODES)
    funding = rows[1]
    assert (
        funding["name"] == "Funding" and funding["parent"] == "Barriers" and funding["level"] == "2"
    )
    assert funding["description"] == CODES["Barriers/Funding"]
    assert funding["codings"] == "4" and funding["documents"] == "3"
    export_codebook(sample.project, tmp_path / "codebook.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "codebook.xlsx").active
    assert ws.max_row == len(CODES) + 1
    export_codebook(sample.project, tmp_path / "ben.csv", coders=("Ben",))
    assert read_csv(tmp_path / "ben.csv")[1]["codings"] == "1"


def test_codebook_docx_follows_the_tree(sample: SampleProject, tmp_path: Path) -> None:
    out = tmp_path / "codebook.docx"
    result = export_codebook(sample.project, out)
    assert result.codes == len(CODES)
    paras = [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs]
    headings = [(s, t) for s, t in paras if s.startswith("Heading")]
    assert headings == [("Heading 2" if "/" in p else "Heading 1", p.split("/")[-1]) for p in CODES]
    text = "\n".join(t for _s, t in paras)
    assert "Definition. Short-term, insecure or insufficient funding" in text
    assert "Used in 4 codings across 3 documents." in text
    assert "No definition yet." in text  # Digital exclusion has none

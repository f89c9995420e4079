"""``lgcoder export`` end to end, in a subprocess, as a user's script runs it (DESIGN §5)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.export_fixtures import PASSAGES, build_sample_project
from tests.helpers import assert_clean_error, run_cli


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("cli") / "sample.lgc"
    build_sample_project(path).project.close()
    yield path


def test_export_docx_with_filters_and_options(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.docx"
    result = run_cli(
        "export", "docx", project, out,
        "--code", "Barriers", "--code", "Synergy", "--doc", "Roundtable 1 - Northshire.txt",
        "--doc", "Council annual report 2023.pdf", "--coder", "Ann",
        "--max-quotes", "5", "--context", "--group-by-document", "--title", "Evidence chapter",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out} (")
    document = docx.Document(str(out))
    paras = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Evidence chapter") in paras
    headings = [t for s, t in paras if s in ("Heading 1", "Heading 2")]
    assert headings[:4] == ["Overview", "Barriers", "Funding", "Synergy"]
    cites = [t for s, t in paras if s == "Quote Citation"]
    assert cites and all("coded by Ann" in c for c in cites)
    assert not any("Eastvale" in c or "forum" in c for c in cites)


def test_export_docx_with_template(project: Path, tmp_path: Path) -> None:
    template = tmp_path / "council.docx"
    base = docx.Document()
    base.sections[0].header.paragraphs[0].text = "Council header"
    base.save(str(template))
    out = tmp_path / "templated.docx"
    run_cli("export", "docx", project, out, "--template", template, check=True)
    assert docx.Document(str(out)).sections[-1].header.paragraphs[0].text == "Council header"


def test_export_csv_and_xlsx(project: Path, tmp_path: Path) -> None:
    run_cli("export", "csv", project, tmp_path / "p.csv", check=True)
    with open(tmp_path / "p.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(PASSAGES)
    out = run_cli(
        "export", "xlsx", project, tmp_path / "p.xlsx", "--attribute", "Region=East", check=True
    )
    assert "coded passages" in out.stdout
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx").active
    docs = {ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)}
    assert docs == {"Roundtable 2 - Eastvale.txt", "Interview - Chief Executive.docx"}


def test_export_codebook(project: Path, tmp_path: Path) -> None:
    run_cli("export", "codebook", project, tmp_path / "cb.docx", check=True)
    run_cli("export", "codebook", project, tmp_path / "cb.csv", check=True)
    assert (tmp_path / "cb.csv").read_text(encoding="utf-8-sig").startswith("path,name,level")
    assert docx.Document(str(tmp_path / "cb.docx")).paragraphs[0].style.name == "Title"


@pytest.mark.parametrize(
    "args",
    [
        ("docx", "{p}", "{t}/x.docx", "--code", "Nope"),
        ("docx", "{p}", "{t}/x.docx", "--doc", "missing.txt"),
        ("docx", "{p}", "{t}/x.docx", "--template", "{t}/missing.docx"),
        ("docx", "{p}", "{t}/no/such/dir/x.docx"),
        ("docx", "{t}/missing.lgc", "{t}/x.docx"),
        ("csv", "{p}", "{t}/x.xlsx"),
        ("xlsx", "{p}", "{t}/x.xlsx", "--attribute", "Region"),
        ("codebook", "{p}", "{t}/x.pdf"),
    ],
)
def test_errors_are_one_clean_line(project: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    argv = [a.format(p=project, t=tmp_path) for a in args]
    result = run_cli("export", *argv)
    assert_clean_error(result)
    assert not (tmp_path / "x.docx").exists()


def test_usage_errors_exit_2(project: Path, tmp_path: Path) -> None:
    assert (
        run_cli("export", "docx", project, tmp_path / "x.docx", "--max-quotes", "0").returncode == 2
    )
    assert run_cli("export").returncode == 2

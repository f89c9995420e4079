"""``lgcoder export docx --pdf`` (issue 11): a PDF a lead author can paste from, made by
LibreOffice, with a numbered contents page, titles in citations and unbroken names.

Skips where LibreOffice is not installed (CI's ``.ci/run`` installs libreoffice-writer); the
message for a machine without it is tested everywhere.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lgcoder.samples import build_sample_project
from tests.helpers import cli_json, run_cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def pdf_pages(pdf: Path) -> list[str]:
    out = subprocess.run(
        [str(PDFTOTEXT), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return [page.replace("\u00a0", " ") for page in out.split("\f")]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    project = tmp_path / "sample.lgc"
    build_sample_project(project, "Ann Newcomer")
    run_cli(
        "attribute", "set", project, "--doc", "harrowfield-roundtable-session1.docx",
        "Title=Harrowfield roundtable, session 1", check=True,
    )  # fmt: skip
    return project


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="needs LibreOffice, pdftotext")
def test_pdf_has_numbered_contents_titles_and_unbroken_names(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.docx"
    done = run_cli("export", "docx", sample, out, "--pdf", check=True)
    pdf = out.with_suffix(".pdf")
    assert done.stdout.strip().endswith(f"and {pdf}") and pdf.is_file()
    pages = pdf_pages(pdf)
    contents = next(i for i, p in enumerate(pages) if p.lstrip().startswith("Contents"))
    themes = [c["path"].rsplit("/", 1)[-1] for c in cli_json("codes", sample, "--json")]
    for heading in [*themes, "Appendix A. Codebook"]:
        line = re.search(rf"^\s*{re.escape(heading)}[ .]*?(\d+)\s*$", pages[contents], re.MULTILINE)
        assert line, f"no page number for {heading} in:\n{pages[contents]}"
        number = int(line.group(1))
        assert number > contents + 1
        # the number is right: the heading stands on its own line on that page
        assert re.search(rf"^{re.escape(heading)}\s*$", pages[number - 1], re.MULTILINE), heading
    text = "\n".join(pages[contents + 1 :])
    assert "Harrowfield roundtable, session 1" in text  # the Title attribute
    assert "harrowfield-roundtable-report, p." in text  # else the file name's stem
    assert not re.search(r"harrowfield-roundtable-\w+\.(docx|pdf|vtt)", text.split("Appendix")[0])
    speakers = {r["speaker"] for r in cli_json("codings", sample, "--json") if r["speaker"]}
    for name in {"Ann Newcomer", *speakers}:
        first, *rest = name.split()
        for part in rest:
            broken = re.search(rf"{re.escape(first)}\s*\n\s*{re.escape(part)}", text)
            assert broken is None, f"{name} is broken across lines"
        assert name in text
    # themes follow one another in a short summary: fewer pages than themes plus front matter
    assert len([p for p in pages if p.strip()]) < 3 + len(themes) + 2


def test_without_libreoffice_the_pdf_request_says_what_to_do(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "summary.docx"
    monkeypatch.setenv("LGCODER_SOFFICE", "")  # as on a machine without LibreOffice
    done = run_cli("export", "docx", sample, out, "--pdf")
    assert done.returncode == 1 and out.is_file() and not out.with_suffix(".pdf").exists()
    assert done.stderr.count("\n") == 1
    assert "needs LibreOffice" in done.stderr and "libreoffice.org" in done.stderr
    assert "Save as PDF" in done.stderr

"""The Word summary renders in LibreOffice (issue 5): pages exist and carry the evidence.

Skips where LibreOffice is not installed (CI's ``.ci/run`` installs libreoffice-writer).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.export_fixtures import build_sample_project
from tests.helpers import run_cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(docx_path: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / (docx_path.stem + ".pdf")
    assert pdf.exists()
    return pdf


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_summary_renders_to_pdf_with_its_evidence(tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    project = tmp_path / "sample.lgc"
    build_sample_project(project).project.close()
    out = tmp_path / "summary.docx"
    run_cli("export", "docx", project, out, "--context", check=True)
    pdf = render_pdf(out, tmp_path)
    with pdfplumber.open(pdf) as doc:
        pages = [page.extract_text() or "" for page in doc.pages]
    assert len(pages) >= 6
    text = " ".join(" ".join(pages).split())  # line wrapping is the renderer's business
    assert "Joint working in local government" in pages[0]
    assert "Contents" in pages[1] and "Appendix B. Sources" in pages[1]
    for expected in (
        "Passages, documents and speakers per theme",
        "Definition.",
        "biggest barrier is funding",
        "coded by Ann and Ben",
        "Strongest statement on grant cycles",  # a memo, as a footnote
        "Appendix A. Codebook",
    ):
        assert expected in text, expected
    assert "short-term funding settlements undermine" in text  # reflowed, hyphenation joined
    assert f"Page 1 of {len(pages)}" in pages[0]

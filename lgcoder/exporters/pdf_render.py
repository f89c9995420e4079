"""Word summary to PDF through LibreOffice, with the contents page numbered.

A .docx from us has a table of contents whose page numbers only Word's field update can fill
in, and LibreOffice does not update them when converting. So the PDF is made in two passes:
render once, read the page of every heading from the PDF's outline (LibreOffice exports headings
as bookmarks), write those numbers into the contents, render again, and repeat if the numbers
moved anything. The .docx keeps the numbers too, as PAGEREF fields Word can refresh.

LibreOffice runs headless with a private, throw-away profile, so a LibreOffice window the user
has open neither blocks the conversion nor gets disturbed by it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lgcoder.core.errors import ValidationError

#: Seconds one conversion may take before we give up (large summaries take a few seconds).
TIMEOUT = 300

INSTALL_HINT = (
    "a PDF needs LibreOffice, which was not found: install it from https://www.libreoffice.org "
    "(or your system's software centre), or open the Word file and use Save as PDF"
)


def find_soffice() -> str | None:
    """The LibreOffice program, from PATH or the usual install folders; None when absent.

    ``LGCODER_SOFFICE`` names it explicitly (an unusual install, or "" to pretend there is none).
    """
    explicit = os.environ.get("LGCODER_SOFFICE")
    if explicit is not None:
        return explicit if explicit and Path(explicit).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = {
        "darwin": ["/Applications/LibreOffice.app/Contents/MacOS/soffice"],
        "win32": [
            rf"{os.environ.get(v, '')}\LibreOffice\program\soffice.exe"
            for v in ("ProgramFiles", "ProgramFiles(x86)")
        ],
    }.get(sys.platform, [])
    return next((c for c in candidates if Path(c).is_file()), None)


def convert_to_pdf(docx: Path, folder: Path, soffice: str) -> Path:
    """Render *docx* to ``folder/<stem>.pdf`` with LibreOffice; a readable error otherwise."""
    with tempfile.TemporaryDirectory(prefix="lgcoder-lo-") as profile:
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            str(docx),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise ValidationError(
                f"LibreOffice took longer than {TIMEOUT} s to make the PDF; the .docx was written"
            ) from None
        except OSError as exc:
            raise ValidationError(f"could not start LibreOffice ({soffice}): {exc}") from None
    pdf = folder / f"{docx.stem}.pdf"
    if done.returncode != 0 or not pdf.is_file():
        detail = " ".join((done.stderr or done.stdout or "no output").split())[:200]
        raise ValidationError(
            f"LibreOffice could not make the PDF ({detail}); the .docx was written"
        )
    return pdf


def outline_pages(pdf: Path) -> list[tuple[str, int]]:
    """(title, page number from 1) of every bookmark in the PDF's outline, in order."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        out = []
        for mark in document.get_toc():
            dest = mark.get_dest()
            index = dest.get_index() if dest is not None else None
            if index is not None:
                out.append((" ".join(mark.get_title().split()), int(index) + 1))
        return out
    finally:
        document.close()


def match_headings(
    entries: list[tuple[int, str, str]], outline: list[tuple[str, int]]
) -> dict[str, int]:
    """Bookmark -> page for each heading, pairing headings with outline entries in order."""
    pages: dict[str, int] = {}
    at = 0
    for _level, text, anchor in entries:
        wanted = " ".join(text.split())
        for i in range(at, len(outline)):
            if outline[i][0] == wanted:
                pages[anchor] = outline[i][1]
                at = i + 1
                break
    return pages


def page_count(pdf: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()

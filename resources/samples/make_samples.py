"""Generate the sample roundtable material that ships with lgcoder (run once, commit the output).

    python resources/samples/make_samples.py [docx] [vtt] [pdf]

Writes, next to this script (all three, or only the ones named, so that editing the transcripts
does not rewrite the committed report PDF with new timestamps):

* ``harrowfield-roundtable-session1.docx`` - a Word transcript (bold "Name  hh:mm:ss" line, then
  the words), the style Teams and many typists use;
* ``harrowfield-roundtable-session2.vtt`` - a Teams-style WebVTT caption file with GUID cue
  identifiers and ``<v Name>`` voice tags, several cues per turn;
* ``harrowfield-roundtable-report.pdf`` - a short report drawn with Qt's QPdfWriter.

Everything is fictional and written for lgcoder. Timings assume a speaking rate of about 150
words a minute, so the captions line up with the text the way a real recording would.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report_text import REPORT_HTML  # noqa: E402
from roundtable_text import PEOPLE, SESSION_1, SESSION_2, TITLE  # noqa: E402

WORDS_PER_SECOND = 2.5


def _clock(seconds: float, millis: bool = False) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if millis:
        return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"
    return f"{int(h):02d}:{int(m):02d}:{int(s):02d}"


def make_docx(path: Path) -> None:
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    doc.core_properties.title = f"{TITLE}: session 1"
    doc.core_properties.author = "Centre for Local Governance (fictional)"
    doc.add_heading(f"{TITLE} - Session 1: Barriers and leadership", level=1)
    doc.add_paragraph(
        "Transcript of the morning session, held at Harrowfield Civic Centre. Recorded with "
        "the participants' consent; lightly edited to remove false starts."
    )
    doc.add_heading("Participants", level=2)
    for name, role in PEOPLE.items():
        doc.add_paragraph(f"{name} - {role}", style="List Bullet")
    doc.add_heading("Transcript", level=2)
    t = 4.0
    for speaker, words in SESSION_1:
        head = doc.add_paragraph()
        run = head.add_run(f"{speaker}  {_clock(t)}")
        run.bold = True
        run.font.size = Pt(10)
        doc.add_paragraph(words)
        t += len(words.split()) / WORDS_PER_SECOND + 1.5
    doc.save(str(path))


def _cues(words: str, size: int = 16) -> list[str]:
    """Split a turn into caption-sized pieces at sentence ends where possible."""
    out: list[str] = []
    current: list[str] = []
    for word in words.split():
        current.append(word)
        if len(current) >= size or (len(current) >= size // 2 and word.endswith((".", "?"))):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def make_vtt(path: Path) -> None:
    lines = ["WEBVTT", ""]
    t = 2.0
    seed = uuid.UUID("6f1d2c3a-9b8e-4f7a-8c6d-5e4f3a2b1c0d")
    n = 0
    for speaker, words in SESSION_2:
        for piece in _cues(words):
            n += 1
            cue_id = uuid.uuid5(seed, str(n))
            end = t + len(piece.split()) / WORDS_PER_SECOND
            lines += [
                f"{cue_id}/{n}-0",
                f"{_clock(t, True)} --> {_clock(end, True)}",
                f"<v {speaker}>{piece}</v>",
                "",
            ]
            t = end + 0.2
        t += 1.0
    path.write_text("\n".join(lines), encoding="utf-8")


def make_pdf(path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import (
        QFont,
        QGuiApplication,
        QPageLayout,
        QPageSize,
        QPdfWriter,
        QTextDocument,
    )

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    writer = QPdfWriter(str(path))
    writer.setTitle(f"{TITLE}: summary report")
    writer.setCreator("lgcoder make_samples.py")
    writer.setResolution(300)
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(22, 22, 22, 22),
        QPageLayout.Unit.Millimeter,
    )
    writer.setPageLayout(layout)
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Serif", 11))
    # Each numbered section starts a page. print() draws every paragraph that touches a page and
    # only *clips* the part outside it, and a clipped line is still text in the PDF, so a
    # paragraph split across pages would be read twice; short sections never split.
    doc.setHtml(
        REPORT_HTML.replace("<h2>", '<h2 style="page-break-before: always">').replace(
            '<h2 style="page-break-before: always">Summary', "<h2>Summary"
        )
    )
    doc.setPageSize(QSizeF())  # let print() paginate and number the pages
    doc.print_(writer)
    del app


def main(argv: list[str]) -> None:
    makers = {
        "docx": (make_docx, "harrowfield-roundtable-session1.docx"),
        "vtt": (make_vtt, "harrowfield-roundtable-session2.vtt"),
        "pdf": (make_pdf, "harrowfield-roundtable-report.pdf"),
    }
    unknown = set(argv) - set(makers)
    if unknown:
        raise SystemExit(
            f"unknown output(s): {', '.join(sorted(unknown))}; choose from docx vtt pdf"
        )
    for key, (make, filename) in makers.items():
        if not argv or key in argv:
            make(HERE / filename)


if __name__ == "__main__":
    main(sys.argv[1:])

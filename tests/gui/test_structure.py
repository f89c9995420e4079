"""The document view's structure formatting: speakers bold, timestamps dimmed, headings larger,
written into the text in one pass, on text with emoji (Qt counts them twice)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont, QTextCursor, QTextDocument

from lgcoder.core.queries_view import DocumentContent, SegmentInfo
from lgcoder.gui.offsets import OffsetMap
from lgcoder.gui.views.structure import fill_document, structure_of

TEXT = "Findings 😀\nPriya: 00:01:02\nWe agree 🎉 on forms.\nTom: Not on budgets.\n"


def _doc(segments: list[SegmentInfo]) -> tuple[QTextDocument, OffsetMap]:
    content = DocumentContent("g", "n", "transcript", TEXT, tuple(segments))
    omap = OffsetMap(TEXT)
    doc = QTextDocument()
    structure = structure_of(content, omap, dark=False, point_size=10.0)
    fill_document(doc, TEXT, structure)
    return doc, omap


def _format_at(doc: QTextDocument, omap: OffsetMap, offset: int) -> Any:
    cursor = QTextCursor(doc)
    cursor.setPosition(omap.to_utf16(offset) + 1)  # the format of the character before
    return cursor.charFormat()


def _offset(needle: str) -> int:
    return TEXT.index(needle)


def test_speakers_bold_timestamps_dim_headings_large(qapp: Any) -> None:
    heading_end = TEXT.index("\n")
    doc, omap = _doc(
        [
            SegmentInfo("heading", 0, heading_end, "", 1),
            SegmentInfo("turn", _offset("Priya"), _offset("Tom") - 1, "Priya", None),
            SegmentInfo("turn", _offset("Tom"), len(TEXT) - 1, "Tom", None),
            SegmentInfo("page", _offset("We"), _offset("We"), "2", None),
        ]
    )
    assert doc.toPlainText() == TEXT
    heading = _format_at(doc, omap, _offset("😀"))
    assert heading.fontWeight() == QFont.Weight.Bold and heading.fontPointSize() == 14.5
    for name in ("Priya", "Priya:", "Tom:"):
        fmt = _format_at(doc, omap, _offset(name) + len(name) - 1)
        assert fmt.fontWeight() == QFont.Weight.Bold, name
    assert _format_at(doc, omap, _offset("00:01")).foreground().color().name() == "#777777"
    for plain in ("We agree", "on forms", "Not on"):  # after the emoji too
        fmt = _format_at(doc, omap, _offset(plain))
        assert fmt.fontWeight() != QFont.Weight.Bold and fmt.fontPointSize() == 0, plain


def test_overlapping_heading_and_speaker_formats_combine(qapp: Any) -> None:
    """A heading over a speaker's line: the name is bold and large, the rest large."""
    line_end = TEXT.index("\n", _offset("Priya"))
    doc, omap = _doc(
        [
            SegmentInfo("heading", _offset("Priya"), line_end, "", 2),
            SegmentInfo("turn", _offset("Priya"), _offset("Tom") - 1, "Priya", None),
        ]
    )
    assert doc.toPlainText() == TEXT
    name = _format_at(doc, omap, _offset("Priya"))
    assert name.fontWeight() == QFont.Weight.Bold and name.fontPointSize() == 13.0
    assert name.foreground().color().name() == "#1f4e9a"
    assert _format_at(doc, omap, _offset("01:02")).fontPointSize() == 13.0
    assert _format_at(doc, omap, _offset("We")).fontPointSize() == 0

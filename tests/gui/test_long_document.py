"""Opening a long document at a passage in its middle, as a jump from the coded-segments list
does: the passage is shown centred and selected, with its speakers formatted, and the text
before it is laid out only when someone scrolls there."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont

from lgcoder.core.queries_view import CodingSpan, DocumentContent, SegmentInfo
from lgcoder.gui.views.document_view import DocumentView
from lgcoder.gui.views.looks import CodeLook

SPEAKERS = ("Priya", "Tom 😀")


def _content(paragraphs: int = 1500) -> DocumentContent:
    lines, segments, at = [], [], 0
    for i in range(paragraphs):
        speaker = SPEAKERS[i % 2]
        line = f"{speaker}: point {i} about budgets 🎉 and the council's forms, said twice. " * 2
        lines.append(line)
        segments.append(SegmentInfo("turn", at, at + len(line), speaker, None))
        at += len(line) + 1
    return DocumentContent("d", "long.txt", "transcript", "\n".join(lines), tuple(segments))


def _view(qtbot: Any, content: DocumentContent) -> DocumentView:
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.set_code_looks({"c": CodeLook("Budgets", "Budgets", "#1f77b4")})
    view.show()
    qtbot.waitExposed(view)
    middle = len(content.text) // 2
    view.load(content, [CodingSpan("g", "d", "c", "k", middle, middle + 40, "")])
    return view


def _bold_at(view: DocumentView, offset: int) -> bool:
    """Whether the character at *offset* (code points) is shown in bold."""
    cursor = view.textCursor()
    cursor.setPosition(view.omap.to_utf16(offset) + 1)  # the format of the one before
    return bool(cursor.charFormat().fontWeight() == QFont.Weight.Bold)


def test_jump_to_the_middle_shows_the_passage_centred_and_selected(qtbot: Any) -> None:
    content = _content()
    view = _view(qtbot, content)
    start = content.text.index("point 750 ")
    view.show_span(start, start + 40)
    qtbot.wait(10)
    assert view.selection_span() == (start, start + 40)
    assert view.selected_text_raw() == content.text[start : start + 40]
    height = view.viewport().height()
    rect = view.cursorRect()
    assert height * 0.2 < rect.center().y() < height * 0.8  # centred, not at an edge
    top = view.firstVisibleBlock().blockNumber()
    assert 740 <= top <= 750  # the screen holds the passage and what leads to it
    # the start of the document was not measured on the way there...
    first = view.document().firstBlock()
    early = [view.document().findBlockByNumber(n) for n in range(1, 40)]
    assert all(block.layout().lineCount() == 0 for block in early)
    # ...and is shown, formatted, as soon as someone scrolls back to it
    view.verticalScrollBar().setValue(0)
    qtbot.wait(10)
    assert view.firstVisibleBlock().blockNumber() == 0
    assert all(block.layout().lineCount() > 0 for block in early[:5])
    assert view.cursorForPosition(view.viewport().rect().topLeft()).block() == first


def test_speakers_are_bold_wherever_one_scrolls(qtbot: Any) -> None:
    content = _content(400)
    view = _view(qtbot, content)
    for needle in ("Tom 😀: point 1 ", "Priya: point 200 ", "Tom 😀: point 399 "):
        at = content.text.index(needle)
        view.show_span(at, at + 3)
        assert _bold_at(view, at + 1), needle  # in the name
        assert not _bold_at(view, at + len(needle) - 3), needle  # in what they said

"""The one UTF-16 <-> code-point helper, on text with emoji and other astral characters."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument

from lgcoder.gui.offsets import OffsetMap, qt_text


def utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def test_plain_text_is_identity() -> None:
    m = OffsetMap("plain text, é and ß are in the BMP")
    assert m.identity
    assert m.to_utf16(7) == 7
    assert m.to_codepoint(7) == 7


def test_emoji_shift_everything_after_them() -> None:
    text = "a😀b🎉c𝒳d"
    m = OffsetMap(text)
    assert not m.identity
    assert m.utf16_length == len(text.encode("utf-16-le")) // 2 == 10
    for cp in range(len(text) + 1):
        assert m.to_utf16(cp) == utf16(text, cp)
        assert m.to_codepoint(utf16(text, cp)) == cp
    # "b" is code point 2 but Qt position 3
    assert text[m.to_codepoint(3)] == "b"


def test_positions_inside_a_surrogate_pair_round_to_whole_characters() -> None:
    text = "x😀y"
    m = OffsetMap(text)
    assert m.to_codepoint(2) == 1  # between the two halves of 😀: round down to its start
    assert m.to_codepoint(2, round_up=True) == 2  # or up past it
    assert m.span_to_codepoints(2, 2) == (1, 2)
    assert m.span_to_codepoints(4, 0) == (0, 3)  # a backwards selection is normalised


def test_out_of_range_positions_are_clamped() -> None:
    m = OffsetMap("ab😀")
    assert m.to_codepoint(99) == 3
    assert m.to_utf16(99) == 4
    assert m.to_codepoint(-5) == 0


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
def test_round_trip_on_any_text(text: str) -> None:
    m = OffsetMap(text)
    for cp in range(len(text) + 1):
        pos = m.to_utf16(cp)
        assert pos == utf16(text, cp)
        assert m.to_codepoint(pos) == cp


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain",
        "café déjà",
        "a😀b\nc",
        "😀" * 5,
        "x\U0001d400y中\n\U0010ffff",
        "中文 and 😀 🎉\n" * 50,
    ],
)
def test_text_handed_to_qt_as_utf16_units_is_the_same_text(qapp: Any, text: str) -> None:
    doc = QTextDocument()
    doc.setPlainText(qt_text(text))
    assert doc.toPlainText() == text
    assert doc.characterCount() - 1 == OffsetMap(text).utf16_length

"""The one place where Qt's UTF-16 positions meet lgcoder's code-point offsets (DESIGN §3).

Stored offsets count Unicode code points (Python ``str`` indexing). ``QTextCursor`` positions
count UTF-16 code units, so every character outside the Basic Multilingual Plane (emoji, some
CJK, mathematical letters) takes two Qt positions but one stored offset. Mixing the two makes
codings drift after the first emoji, which is what QualCoder does; every conversion in the GUI
goes through :class:`OffsetMap` so that cannot happen here.

A document's text never changes after import, so the map is built once per opened document.
Text without astral characters (the common case) converts by identity.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import sys
from collections.abc import Callable

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _str_from_utf16_units() -> Callable[[int, bytes, int], object] | None:
    """CPython's constructor of a string from 2-byte units, taken as they are."""
    if sys.implementation.name != "cpython":
        return None
    make = ctypes.pythonapi.PyUnicode_FromKindAndData
    make.restype = ctypes.py_object
    make.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_ssize_t)
    return make


_FROM_UNITS = _str_from_utf16_units()


def _utf16(text: str) -> bytes:
    """*text*'s UTF-16 code units (little-endian); never fails, even on a stray surrogate."""
    return text.encode("utf-16-le", "surrogatepass")


def qt_text(text: str, *, astral: bool = True) -> str:
    """*text* in the form PySide hands to Qt fastest: the same text, as UTF-16 code units.

    Qt keeps text as UTF-16. PySide copies a Python string whose characters all lie in the
    Basic Multilingual Plane straight into Qt, but converts one holding any character beyond
    it (a single emoji will do) one character at a time: 4.5 ms for a 500,000-character
    transcript, three times what QTextDocument then takes to store it. The string returned
    holds the text's UTF-16 code units, astral characters as their two surrogates, so PySide
    copies it and Qt reads exactly the same text. Give it only to Qt: it is not valid text
    for Python (lone surrogates). ``astral=False`` says the text has no such character
    (:attr:`OffsetMap.identity`), which spares looking.
    """
    if not astral or text.isascii() or _FROM_UNITS is None:
        return text
    units = _utf16(text)
    count = len(units) // 2
    if count == len(text):  # nothing beyond the BMP: PySide copies it already
        return text
    made = _FROM_UNITS(2, units, count)  # 2 = PyUnicode_2BYTE_KIND
    return made if isinstance(made, str) else text


class OffsetMap:
    """Converts between code-point offsets and UTF-16 positions for one fixed text."""

    __slots__ = ("_astral_cp", "_astral_u16", "_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        #: code-point index of every astral character, ascending (a text with none, as its
        #: UTF-16 length shows, is not searched: 1-2 ms on a long document)
        astral = not text.isascii() and len(_utf16(text)) > 2 * len(text)
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)] if astral else []
        #: UTF-16 index of the same characters (each earlier astral char adds one unit)
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]

    @property
    def identity(self) -> bool:
        """True when both counts agree everywhere (no astral characters)."""
        return not self._astral_cp

    @property
    def length(self) -> int:
        """Length of the text in code points."""
        return self._length

    @property
    def utf16_length(self) -> int:
        return self._length + len(self._astral_cp)

    def to_utf16(self, offset: int) -> int:
        """Qt position of code-point *offset* (clamped to the text)."""
        offset = max(0, min(offset, self._length))
        if not self._astral_cp:
            return offset
        return offset + bisect.bisect_left(self._astral_cp, offset)

    def to_codepoint(self, position: int, *, round_up: bool = False) -> int:
        """Code-point offset of Qt *position* (clamped).

        A position inside a surrogate pair (which Qt's cursor never produces by itself, but
        arithmetic can) rounds down to the character's start, or up past it with ``round_up``,
        so a selection always covers whole characters.
        """
        position = max(0, min(position, self.utf16_length))
        if not self._astral_cp:
            return position
        # astral characters that end at or before *position* each shift it by one
        done = bisect.bisect_right(self._astral_u16, position - 2)
        cp = position - done
        if done < len(self._astral_u16) and self._astral_u16[done] == position - 1:
            # inside the pair of astral character number *done*
            return cp if round_up else cp - 1
        return cp

    def span_to_codepoints(self, start: int, end: int) -> tuple[int, int]:
        """A Qt selection (start, end) as a code-point span covering whole characters."""
        lo, hi = min(start, end), max(start, end)
        return self.to_codepoint(lo), self.to_codepoint(hi, round_up=True)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def to_utf16_in_range(self) -> Callable[[int], int]:
        """:meth:`to_utf16` for offsets known to lie in the text, without the clamping: for
        the thousands of conversions made while a long document opens."""
        astral = self._astral_cp
        if not astral:
            return int  # the identity on ints, at C speed
        left = bisect.bisect_left

        def convert(offset: int) -> int:
            return offset + left(astral, offset)

        return convert

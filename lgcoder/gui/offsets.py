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
import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Converts between code-point offsets and UTF-16 positions for one fixed text."""

    __slots__ = ("_astral_cp", "_astral_u16", "_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        #: code-point index of every astral character, ascending
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
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

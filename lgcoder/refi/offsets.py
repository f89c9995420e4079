"""Which unit a REFI-QDA file counts its text positions in, and converting them.

The standard says Unicode code points (REFI-QDA 1.5 §10.2). NVivo counts UTF-16 code units
instead, so every character outside the Basic Multilingual Plane (emoji, some CJK) shifts every
later position by one. Read the NVivo way as code points, the Windows 12.6 sample puts 16 of 303
codings at a line start; read as UTF-16, 281 of 303.

The unit is decided once per file: the user's ``--offsets`` choice wins; otherwise a file written
by NVivo is read as UTF-16; otherwise, when its texts hold characters where the two readings
differ, both are scored by how many selections start and end on word boundaries, and UTF-16 is
used only when it is clearly better. The reason is kept for the import report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
UTF16 = "utf16"
#: What lgcoder adds to the origin of an export counted in UTF-16 units (for NVivo).
UTF16_ORIGIN_NOTE = "text positions in UTF-16 units"
CODEPOINTS = "codepoints"
AUTO = "auto"
CHOICES = (AUTO, UTF16, CODEPOINTS)


@dataclass(frozen=True)
class OffsetUnit:
    """The unit chosen for a file, and the sentence that says why."""

    unit: str
    reason: str

    def line(self) -> str:
        name = "UTF-16 code units" if self.unit == UTF16 else "Unicode code points"
        return f"text positions read as {name}: {self.reason}"


class Utf16Index:
    """UTF-16 unit offsets of one text -> code point offsets, by binary search on its astral chars.

    Only the positions of characters outside the BMP are stored (each takes two units), so the
    index costs nothing for texts without them and stays small for texts with a few emoji.
    """

    def __init__(self, text: str) -> None:
        self.length = len(text)
        cps = np.fromiter((m.start() for m in _ASTRAL.finditer(text)), dtype=np.int64)
        self._astral = cps
        #: UTF-16 offset at which each astral character starts
        self._starts = cps + np.arange(len(cps), dtype=np.int64)
        self.units = self.length + len(cps)

    def to_units(self, codepoint: int) -> int:
        """The UTF-16 offset of a code point offset (each astral character before it counts 2)."""
        return codepoint + int(np.searchsorted(self._astral, codepoint, side="left"))

    def to_codepoints(self, units: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Code point offsets for UTF-16 offsets; a unit inside a surrogate pair goes to its start."""
        pos = np.asarray(units, dtype=np.int64)
        # each astral character starting before pos took one extra unit; inside a pair this
        # also counts the pair itself, which lands on its start
        before = np.searchsorted(self._starts, pos, side="left")
        return pos - before


def _has_astral(text: str) -> bool:
    return max(text, default="\0") > "\uffff"


def _on_boundary(text: str, at: int) -> bool:
    """A sensible place for a selection to start or end: not in the middle of a word."""
    if at <= 0 or at >= len(text):
        return True
    return not (text[at - 1].isalnum() and text[at].isalnum())


def _at_line_start(text: str, at: int) -> bool:
    return at == 0 or (0 < at <= len(text) and text[at - 1] in "\r\n")


def score(texts: list[tuple[str, list[tuple[int, int]]]], unit: str) -> tuple[int, int, int]:
    """(selections on word boundaries at both ends, selections starting a line, total)."""
    good = lines = total = 0
    for text, spans in texts:
        index = Utf16Index(text) if unit == UTF16 else None
        limit = index.units if index is not None else len(text)
        for a, b in spans:
            total += 1
            if not (0 <= a < b <= limit):
                continue
            if index is not None:
                a, b = (int(v) for v in index.to_codepoints([a, b]))
            good += _on_boundary(text, a) and _on_boundary(text, b)
            lines += _at_line_start(text, a)
    return good, lines, total


def choose_unit(
    requested: str, origin: str, texts: list[tuple[str, list[tuple[int, int]]]]
) -> OffsetUnit:
    """Decide the unit of a file's positions (see the module docstring)."""
    if requested == UTF16:
        return OffsetUnit(UTF16, "as asked (--offsets utf16)")
    if requested == CODEPOINTS:
        return OffsetUnit(CODEPOINTS, "as asked (--offsets codepoints)")
    if UTF16_ORIGIN_NOTE in origin:
        return OffsetUnit(UTF16, f'the file says so (origin "{origin}")')
    if "nvivo" in origin.lower():
        return OffsetUnit(UTF16, f"the file was written by {origin}, which counts that way")
    if not any(_has_astral(text) for text, spans in texts if spans):
        return OffsetUnit(
            CODEPOINTS,
            "as the REFI-QDA standard says (no emoji or other characters here on "
            "which the two ways of counting differ)",
        )
    cp_good, cp_lines, total = score(texts, CODEPOINTS)
    u_good, u_lines, _ = score(texts, UTF16)
    if u_good > cp_good and u_lines >= cp_lines:
        return OffsetUnit(
            UTF16,
            f"{u_good}/{total} selections fall on word boundaries that way, against {cp_good}/"
            f"{total} counting code points (the file does not say which program wrote it)",
        )
    return OffsetUnit(
        CODEPOINTS,
        f"as the REFI-QDA standard says ({cp_good}/{total} selections on word boundaries, "
        f"{u_good}/{total} counting UTF-16)",
    )

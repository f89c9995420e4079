"""Font size and weight of PDF lines, for finding headings (see :mod:`.pdf_headings`).

A PDF does not say which lines are headings; the font does. pdfium knows each glyph's font, but
its ``FPDFText_GetFontSize`` is the size given to the ``Tf`` operator, and many generators set
``1 Tf`` and scale the text matrix instead (the IRS instructions do), so the effective size is
that size times the scale of the glyph's matrix. Both are asked for once per line, at the line's
last glyph (the first is often a bullet, an icon or a drop capital in another font), through the
same unchecked bindings as :mod:`.pdf_pieces`: two foreign calls a line is cheap next to the
rest of the import.

Boldness is asked for only on lines that could be a standalone heading (short, no sentence end,
space after them), at both ends of the line so that a bold run-in heading ("Note. The tax
...") does not count, because it needs the font's name: pdfium's weight is derived from the
font descriptor's stem width, which many generators fill with one value for every font.
"""

from __future__ import annotations

import ctypes
import math
import re
from typing import Any

from lgcoder.importers import pdf_pieces as pieces
from lgcoder.importers.pdf_text import SENTENCE_END, Line

_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibd|-medi|\bcmbx|\bcmb\d|bx\d", re.IGNORECASE)
_MAX_WORDS = 15
_bold_names: dict[bytes, bool] = {}  # font name -> whether it names a bold face


class _FontCalls:
    """pdfium's font queries re-bound without argument conversion (see ``pdf_pieces._Calls``)."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def bind(func: Any, restype: Any) -> Any:
            unchecked = type(func)(ctypes.cast(func, ctypes.c_void_p).value)
            unchecked.restype = restype
            unchecked.argtypes = None
            return unchecked

        self.size = bind(raw.FPDFText_GetFontSize, ctypes.c_double)  # (page, index)
        self.matrix = bind(raw.FPDFText_GetMatrix, ctypes.c_int)  # (page, index, &matrix)
        # for the C loop (pdf_pieces.scan)
        self.addresses = tuple(
            ctypes.cast(f, ctypes.c_void_p).value or 0
            for f in (raw.FPDFText_GetFontSize, raw.FPDFText_GetMatrix)
        )
        self.info = bind(raw.FPDFText_GetFontInfo, ctypes.c_ulong)  # (page, i, buf, n, &flags)
        self.weight = bind(raw.FPDFText_GetFontWeight, ctypes.c_int)  # (page, index)


_calls: _FontCalls | None = None


def _bound() -> _FontCalls:
    global _calls
    if _calls is None:
        _calls = _FontCalls()
    return _calls


class FontProbe:
    """Font questions about one text page."""

    def __init__(self, textpage: Any) -> None:
        calls = _bound()
        self._size = calls.size
        self._matrix = calls.matrix
        self._info = calls.info
        self._weight = calls.weight
        self._address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        self._page = ctypes.c_void_p(self._address)
        self._sizes_at = calls.addresses
        self._m = (ctypes.c_float * 6)()  # FS_MATRIX: a b c d e f
        self._m_ptr = ctypes.c_void_p(ctypes.addressof(self._m))
        self._name = ctypes.create_string_buffer(128)
        self._name_ptr = ctypes.c_void_p(ctypes.addressof(self._name))
        self._flags = ctypes.c_int()
        self._flags_ptr = ctypes.c_void_p(ctypes.addressof(self._flags))

    def size(self, index: int) -> float:
        """Effective font size in points of the glyph at *index* (0 when unknown)."""
        size = float(self._size(self._page, index))
        if size <= 0:
            return 0.0
        m = self._m
        if not self._matrix(self._page, index, self._m_ptr):
            return size
        return size * math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))

    def bold(self, index: int) -> bool:
        """True when the glyph's font is bold by its name or its descriptor's weight."""
        if self._info(self._page, index, self._name_ptr, 128, self._flags_ptr):
            name = self._name.value
            bold = _bold_names.get(name)
            if bold is None:  # a document uses a handful of fonts: each name is matched once
                if len(_bold_names) > 4096:  # a file made to have thousands: stay small
                    _bold_names.clear()
                bold = _bold_names[name] = bool(_BOLD_NAME.search(name.decode("latin-1")))
            if bold:
                return True
        return bool(self._weight(self._page, index) >= 600)


def measure_lines(lines: list[Line], probe: FontProbe) -> None:
    """Give each line its font size, and its boldness where it could be a bold heading.

    Runs on every line of every page, so :meth:`FontProbe.size` is written out here, or run
    in C when the PDF reader's C loops are built (see :mod:`.pdf_pieces`): same calls, same
    arithmetic.
    """
    get_size, get_matrix, page = probe._size, probe._matrix, probe._page
    m, m_ptr, sqrt = probe._m, probe._m_ptr, math.sqrt
    if pieces.scan is not None and probe._address:
        size_at, matrix_at = probe._sizes_at
        sizes = pieces.scan.font_sizes(
            size_at, matrix_at, probe._address, [line.last for line in lines]
        )
        for line, measured in zip(lines, sizes, strict=True):
            if measured is not None:
                line.size = measured
        lines_left: list[Line] = []
    else:
        lines_left = lines
    for line in lines_left:
        index = line.last
        if index >= 0:
            size = get_size(page, index)
            if size > 0 and get_matrix(page, index, m_ptr):
                a, b, c, d = m[:4]  # one read of the matrix instead of four
                size *= sqrt(abs(a * d - b * c))
            line.size = size if size > 0 else 0.0
    end = len(lines) - 1
    for n, line in enumerate(lines):
        # could it stand alone as a heading? short, unpunctuated, and followed by space, a jump
        # or a size change: a superset of the paragraph-break rules of
        # :func:`.pdf_text.paragraphs`, so no bold heading that ends up as its own paragraph is
        # missed. The text tests come first: most lines fail them.
        text = line.text
        if (
            line.first < 0
            or not text
            or text.endswith(SENTENCE_END)
            or text.count(" ") >= _MAX_WORDS
        ):
            continue
        if n < end:
            after = lines[n + 1]  # space below, a jump, or a change of size before the next
            if not (
                line.bottom - after.top > 0.45 * line.height
                or after.top > line.top
                or abs(after.size - line.size) > 0.05 * max(after.size, line.size)
            ):
                continue
        line.bold = probe.bold(line.last) and probe.bold(line.first)

"""pdfium's page and text page as bare handles, without pypdfium2's object bookkeeping.

pypdfium2 wraps every page and text page in an object that registers a weak-reference
finalizer, joins its parent's list of children and unregisters both on close, and the import
opens two of them for every page. Bare handles save about 1 % of the import (valgrind: 2,708 M
to 2,682 M instructions on the 117-page lecture notes): small, but paid on every page. :class:`Page` and :class:`TextPage` hold the raw
handles and borrow pypdfium2's own methods for what the reader asks of them, so the answers
(text ranges, sizes, boxes) are pypdfium2's; the caller closes them, in a ``finally``.
"""

from __future__ import annotations

from typing import Any


class _Handle:
    __slots__ = ("raw",)

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    @property
    def _as_parameter_(self) -> Any:  # how ctypes passes it to pdfium
        return self.raw


def _borrow() -> tuple[type, type]:
    from pypdfium2._helpers.page import PdfPage
    from pypdfium2._helpers.textpage import PdfTextPage

    class Page(_Handle):
        """A loaded page: the geometry questions the reader asks, answered by pypdfium2."""

        __slots__ = ()
        get_width = PdfPage.get_width
        get_height = PdfPage.get_height
        get_rotation = PdfPage.get_rotation
        get_mediabox = PdfPage.get_mediabox
        _get_box = PdfPage._get_box

    class TextPage(_Handle):
        """A page's text: ``get_text_range`` exactly as pypdfium2's."""

        __slots__ = ()
        get_text_range = PdfTextPage.get_text_range
        count_chars = PdfTextPage.count_chars
        _get_active_text_range = PdfTextPage._get_active_text_range

    return Page, TextPage


_classes: tuple[type, type] | None = None


def open_page(doc: Any, index: int) -> tuple[Any, Any]:
    """Page *index* of the pypdfium2 document *doc* and its text page, as bare handles.

    Raises pypdfium2's ``PdfiumError`` as ``doc[index]`` would when pdfium cannot load them.
    Close them with :func:`close_page`.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    global _classes
    if _classes is None:
        _classes = _borrow()
    page_class, text_class = _classes
    page = raw.FPDF_LoadPage(doc.raw, index)
    if not page:
        raise pdfium.PdfiumError("Failed to load page.")
    text = raw.FPDFText_LoadPage(page)
    if not text:
        raw.FPDF_ClosePage(page)
        raise pdfium.PdfiumError("Failed to load text page.")
    return page_class(page), text_class(text)


def close_text(textpage: Any) -> None:
    import pypdfium2.raw as raw

    if textpage.raw is not None:
        raw.FPDFText_ClosePage(textpage.raw)
        textpage.raw = None


def close_page(page: Any) -> None:
    import pypdfium2.raw as raw

    if page.raw is not None:
        raw.FPDF_ClosePage(page.raw)
        page.raw = None

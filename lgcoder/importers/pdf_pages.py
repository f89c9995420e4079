"""What the PDF reader sends back from its helper process, in a module of its own.

The parent process unpickles a :class:`PdfPages` for every PDF it imports; keeping the class
apart from :mod:`.pdf_engine` means the parent never imports pdfium, numpy or the layout code
(the helper does the reading), so a command-line import of a text file, or of a PDF, does not
pay for them in the parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PdfPages:
    """What the worker sends back: page labels, paragraphs per page, and notes for the user."""

    labels: list[str] = field(default_factory=list)
    pages: list[list[str]] = field(default_factory=list)
    headings: list[list[tuple[int, int]]] = field(default_factory=list)  # (paragraph, level)
    warnings: list[str] = field(default_factory=list)
    error: tuple[str, str] | None = None  # (kind, detail): password | wrong-password | damaged
    images: int = 0
    engine: str = "pdfium"

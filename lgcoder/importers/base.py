"""Shared pieces for importers: the Importer protocol, options, and a text builder.

The :class:`TextBuilder` is how importers keep offsets right: they append pieces of text and get
back code-point spans into the *final, normalised* text, so segments never drift even when a
piece contained CRLF or decomposed accents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Protocol

from lgcoder.core.imported import ImportedDocument, SegmentKind, SegmentSpec
from lgcoder.core.textnorm import normalise_text

#: ``progress(done, total)``: pages (or other units) read so far, for a progress bar.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportOptions:
    """What the caller can tell an importer.

    ``password`` opens encrypted files. ``progress`` is called as pages are read (long PDFs),
    and ``cancelled`` is polled meanwhile: when it returns True the read stops with
    ImportCancelledError. Both may be called from a worker thread.
    """

    password: str | None = None
    progress: Progress | None = field(default=None, compare=False)
    cancelled: Callable[[], bool] | None = field(default=None, compare=False)


class Importer(Protocol):
    """One file format. ``sniff`` looks at content; ``extensions`` is the fallback."""

    name: str
    extensions: tuple[str, ...]

    def sniff(self, data: bytes, filename: str) -> bool:
        """True when the bytes look like this format, whatever the file is called."""
        ...

    def parse(self, data: bytes, filename: str, options: ImportOptions) -> ImportedDocument:
        """Read the file or raise an ImportFailedError subclass with a one-line reason."""
        ...


class TextBuilder:
    """Accumulates normalised text and hands back the span of each appended piece."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.segments: list[SegmentSpec] = []

    @property
    def length(self) -> int:
        return self._length

    def ends_with_newline(self) -> bool:
        return not self._parts or self._parts[-1].endswith("\n")

    def add(self, piece: str) -> tuple[int, int]:
        """Append *piece* (normalised first) and return its (start, end) in the final text."""
        piece = normalise_text(piece)
        start = self._length
        if piece:
            self._parts.append(piece)
            self._length += len(piece)
        return start, self._length

    def add_segment(
        self,
        kind: SegmentKind,
        piece: str,
        label: str = "",
        *,
        level: int | None = None,
        time_start: float | None = None,
        time_end: float | None = None,
        separator: str = "\n",
    ) -> SegmentSpec | None:
        """Append *piece* as a segment of *kind*, then *separator*; empty pieces add nothing."""
        start, end = self.add(piece)
        if separator:
            self.add(separator)
        if end <= start:
            return None
        seg = SegmentSpec(kind, start, end, label, level, time_start, time_end)
        self.segments.append(seg)
        return seg

    def text(self) -> str:
        return "".join(self._parts)


_START = attrgetter("start")
_END = attrgetter("end")


def sort_segments(segments: list[SegmentSpec]) -> None:
    """Sort in place into reading order: by start, the longer first where two start together,
    otherwise as they came.

    The same order as a stable sort on ``(start, -end)``, in two stable passes whose keys are
    C-level getters: a long transcript has 20,000 segments, and a Python key function per
    segment was a tenth of its import."""
    segments.sort(key=_END, reverse=True)  # reverse keeps equal keys in their order
    segments.sort(key=_START)

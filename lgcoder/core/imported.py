"""Plain data that an importer hands to the core: the contract between the two layers.

An importer is a pure function from file bytes to an :class:`ImportedDocument`. It never touches
the database; :func:`lgcoder.core.ops.documents.add_document` stores the result in one
transaction. Offsets in segments and notes are code points into ``text``, which must already be
normalised (see :mod:`lgcoder.core.textnorm`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

SegmentKind = Literal["page", "paragraph", "heading", "turn", "cue"]
SEGMENT_KINDS: tuple[str, ...] = ("page", "paragraph", "heading", "turn", "cue")


class SegmentSpec(NamedTuple):
    """A structural span of the text that citations are built from.

    ``label`` is what a reader would cite: a page label ("iv", "12"), a speaker name for a turn,
    a heading's text, or a cue's timestamp. ``level`` is a heading's outline level (1 = top).
    ``time_start``/``time_end`` are seconds into a recording for turns and cues.

    A named tuple, not a dataclass: a long transcript has 20,000 of them, and a tuple is built
    several times faster and is one object (no ``__dict__``) for the garbage collector to scan.
    """

    kind: SegmentKind
    start: int
    end: int
    label: str = ""
    level: int | None = None
    time_start: float | None = None
    time_end: float | None = None


@dataclass(frozen=True)
class AnchoredNote:
    """A note attached to a span of the text, such as a Word comment; stored as a memo."""

    start: int
    end: int
    text: str
    author: str = ""


@dataclass
class ImportedDocument:
    """Everything an importer learned from one file."""

    text: str
    kind: str
    source_bytes: bytes
    source_filename: str
    mime: str
    segments: list[SegmentSpec] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    speakers: list[str] = field(default_factory=list)
    notes: list[AnchoredNote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

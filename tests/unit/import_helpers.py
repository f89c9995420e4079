"""Shared checks for the importer tests: what every imported document must satisfy."""

from __future__ import annotations

from pathlib import Path

from lgcoder.core.imported import ImportedDocument
from lgcoder.core.textnorm import is_normalised
from lgcoder.importers.base import ImportOptions
from lgcoder.importers.registry import parse_file


def load(path: Path, password: str | None = None) -> ImportedDocument:
    doc = parse_file(path, ImportOptions(password))
    assert_sound(doc)
    return doc


def assert_sound(doc: ImportedDocument) -> None:
    """Normalised, non-empty text; every segment and note inside it; labels where needed."""
    assert doc.text.strip()
    assert is_normalised(doc.text)
    for span in [*doc.segments, *doc.notes]:
        assert 0 <= span.start <= span.end <= len(doc.text), span
    for seg in doc.segments:
        assert seg.end > seg.start
        if seg.kind in ("page", "turn"):
            assert seg.label


def kinds(doc: ImportedDocument, kind: str) -> list[str]:
    """Texts of the segments of one kind."""
    return [doc.text[s.start : s.end] for s in doc.segments if s.kind == kind]


def labels(doc: ImportedDocument, kind: str) -> list[str]:
    return [s.label for s in doc.segments if s.kind == kind]

"""Pick the importer for a file: content sniffing first, then the file extension.

Sniffing first matters because researchers are handed files with the wrong name (a .doc that is
really .docx, a .txt that is really WebVTT). A file nobody understands gets a clear error.
"""

from __future__ import annotations

from operator import attrgetter, le
from pathlib import Path

from lgcoder.core.errors import ImportFailedError, UnsupportedFormatError
from lgcoder.core.imported import AnchoredNote, ImportedDocument, SegmentSpec
from lgcoder.core.textnorm import is_normalised
from lgcoder.importers.base import Importer, ImportOptions

_IMPORTERS: list[Importer] = []


def register(importer: Importer) -> Importer:
    """Add an importer; earlier registrations win when two sniff the same bytes."""
    _IMPORTERS.append(importer)
    return importer


def importers() -> list[Importer]:
    _load_builtin()
    return list(_IMPORTERS)


def supported_extensions() -> list[str]:
    return sorted({ext for imp in importers() for ext in imp.extensions})


def pick_importer(data: bytes, filename: str) -> Importer:
    """The importer for these bytes, or UnsupportedFormatError naming the file."""
    candidates = importers()
    for imp in candidates:
        if imp.sniff(data, filename):
            return imp
    ext = Path(filename).suffix.lower()
    for imp in candidates:
        if ext in imp.extensions:
            return imp
    raise UnsupportedFormatError(
        f"{Path(filename).name}: lgcoder cannot read this kind of file "
        f"(supported: {', '.join(supported_extensions())})"
    )


def parse_bytes(
    data: bytes, filename: str, options: ImportOptions | None = None
) -> ImportedDocument:
    """Parse *data* with the right importer. Any failure is an ImportFailedError.

    The result is checked here, once for every format, so the core never receives an empty
    document, un-normalised text or a segment that points outside the text.
    """
    if not data.strip():
        raise ImportFailedError(
            f"{Path(filename).name}: the file is empty ({len(data)} bytes); nothing to import"
        )
    imp = pick_importer(data, filename)
    try:
        doc = imp.parse(data, filename, options or ImportOptions())
    except ImportFailedError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise ImportFailedError(
            f"{Path(filename).name}: the file is too large or too deeply nested to read "
            f"({type(exc).__name__})"
        ) from exc
    except Exception as exc:  # an untrusted file broke a parser: report, never crash
        raise ImportFailedError(
            f"{Path(filename).name}: the file looks damaged and could not be read "
            f"({type(exc).__name__}: {str(exc)[:120]})"
        ) from exc
    check_document(doc, Path(filename).name)
    return doc


def check_document(doc: ImportedDocument, name: str) -> None:
    """Refuse results the core would reject, with a message instead of a traceback."""
    if not doc.text.strip():
        raise ImportFailedError(f"{name}: the file contains no text to code")
    if not is_normalised(doc.text):
        raise ImportFailedError(f"{name}: internal error: the importer produced unnormalised text")
    length = len(doc.text)
    spans: list[SegmentSpec | AnchoredNote] = [*doc.segments, *doc.notes]
    starts = list(map(attrgetter("start"), spans))
    ends = list(map(attrgetter("end"), spans))
    if not spans or (min(starts) >= 0 and max(ends) <= length and all(map(le, starts, ends))):
        return  # checked at C speed; the loop below only names the first span outside
    for span in spans:
        if not 0 <= span.start <= span.end <= length:
            raise ImportFailedError(
                f"{name}: internal error: a segment lies outside the text ({span.start}:{span.end})"
            )


def parse_file(path: str | Path, options: ImportOptions | None = None) -> ImportedDocument:
    """Read a file from disk and parse it (see :func:`parse_bytes`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFailedError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise ImportFailedError(f"{path}: is a folder, not a file") from exc
    except OSError as exc:
        raise ImportFailedError(f"{path}: cannot be read ({exc.strerror})") from exc
    return parse_bytes(data, path.name, options)


_loaded = False


def _load_builtin() -> None:
    """Import the built-in importer modules once; each registers itself on import."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from lgcoder.importers import builtin  # noqa: F401

"""Find the parts of a Word package: python-docx first, then a careful manual reading.

python-docx resolves the main document through the package relationships (so a renamed
``word/document2.xml`` is found) but refuses Strict OOXML and some damaged packages. For those we
read the ZIP ourselves, follow ``_rels/.rels`` whatever relationship namespace it uses, and parse
every part with :mod:`.safexml`. All XML, from either route, is parsed by safexml, so entity
tricks in a hostile .docx are never expanded.
"""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from lgcoder.core.errors import ImportFailedError, PasswordRequiredError
from lgcoder.core.safe_archive import Limits, vet_package
from lgcoder.importers.safexml import attr, local, parse_xml

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WANTED = ("styles", "comments", "footnotes", "endnotes")
_MAX_PART = 200_000_000
WORD_LIMITS = Limits(member=_MAX_PART, total=512 * 1024 * 1024)


@dataclass
class WordParts:
    """The XML trees the importer needs; absent parts are None."""

    document: ET.Element
    parts: dict[str, ET.Element] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _kind(reltype: str) -> str:
    return reltype.rstrip("/").rsplit("/", 1)[-1]


def _via_python_docx(data: bytes, name: str, warnings: list[str]) -> WordParts | None:
    try:
        import docx

        main = docx.Document(io.BytesIO(data)).part
        blobs = {
            _kind(rel.reltype): rel.target_part.blob
            for rel in main.rels.values()
            if not rel.is_external and _kind(rel.reltype) in _WANTED
        }
        document = parse_xml(main.blob, name, warnings)
    except ImportFailedError:
        raise
    except Exception:  # python-docx refuses Strict OOXML and damaged packages: read it ourselves
        return None
    parts = {kind: parse_xml(blob, name, warnings) for kind, blob in blobs.items()}
    return WordParts(document, parts, warnings)


def _rels(package: zipfile.ZipFile, part: str, name: str) -> dict[str, str]:
    """Relationship kind -> target part path, for *part* ('' for the package itself)."""
    folder, base = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{base}.rels")
    try:
        root = parse_xml(package.read(rels_path), name)
    except KeyError:
        return {}
    found: dict[str, str] = {}
    for rel in root:
        if attr(rel, "TargetMode") == "External":
            continue
        target = attr(rel, "Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.setdefault(_kind(attr(rel, "Type") or ""), posixpath.normpath(path))
    return found


def _by_hand(data: bytes, name: str, warnings: list[str]) -> WordParts:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if any(info.file_size > _MAX_PART for info in package.infolist()):
            raise ImportFailedError(f"{name}: a part of this Word file is implausibly large")
        main = _rels(package, "", name).get("officeDocument")
        if main is None or main not in package.namelist():
            main = "word/document.xml" if "word/document.xml" in package.namelist() else None
        if main is None:
            raise ImportFailedError(
                f"{name}: this ZIP package has no Word document inside; "
                "open it in Word and save it as .docx"
            )
        document = parse_xml(package.read(main), name, warnings)
        parts = {}
        for kind, path in _rels(package, main, name).items():
            if kind in _WANTED and path in package.namelist():
                parts[kind] = parse_xml(package.read(path), name, warnings)
    return WordParts(document, parts, warnings)


def open_word(data: bytes, name: str) -> WordParts:
    """The document tree and its styles/comments/notes parts, or a one-line refusal."""
    if data.startswith(OLE_MAGIC):
        raise PasswordRequiredError(
            f"{name}: this is a password-protected Word file or an old Word 97-2003 .doc; "
            "remove the password or save it as .docx in Word, then import it again"
        )
    # Every member is inflated once under hard caps before python-docx or zipfile sees it, so
    # a lying size header or a zip bomb is refused here in one line.
    vet_package(data, name, WORD_LIMITS, what="Word file")
    warnings: list[str] = []
    parts = _via_python_docx(data, name, warnings)
    if parts is None:
        try:
            parts = _by_hand(data, name, warnings)
        except zipfile.BadZipFile as exc:
            raise ImportFailedError(
                f"{name}: this is not a readable Word file (the ZIP container is damaged)"
            ) from exc
        warnings.append("the package was read without python-docx (Strict OOXML or unusual layout)")
    if local(parts.document.tag) != "document":
        raise ImportFailedError(
            f"{name}: this Office file is not a Word document (it may be a spreadsheet or slides)"
        )
    return parts

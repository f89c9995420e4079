"""Opening a REFI-QDA file: the archive's members and the parsed, depth-checked project.qde.

Members are looked up by base name, case-insensitively (NVivo writes ``Sources/``, others
``sources/``), and read through :class:`~lgcoder.core.safe_archive.SafeZip`. The source texts
are read once, up front, because choosing the offset unit needs all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from lgcoder.core.errors import ImportFailedError
from lgcoder.core.safe_archive import MAX_MEMBER, SafeZip, basename_index, check_depth
from lgcoder.core.textnorm import normalise_with_offsets
from lgcoder.refi.export import CODEBOOK_NS, PROJECT_NS
from lgcoder.refi.offsets import UTF16, OffsetUnit, Utf16Index

#: A source's plain text is held several times over while its offsets are mapped.
MAX_TEXT = 64 * 1024 * 1024
_Q = f"{{{PROJECT_NS}}}"


def children(el: Element, tag: str) -> Iterator[Element]:
    return iter(el.findall(f"{_Q}{tag}"))


class Archive:
    """The sources of a .qdpx, looked up case-insensitively (NVivo writes Sources/, others sources/).

    Every member is read through :class:`SafeZip`, so caps hold whatever the headers claim.
    """

    def __init__(self, zf: SafeZip | None) -> None:
        self.zf = zf
        self.names: dict[str, str] = basename_index(zf) if zf is not None else {}

    def member(self, ref: str) -> str | None:
        """The archive member a source path (``internal://x.txt``, ``sources/x``...) names."""
        name = PurePosixPath(ref.replace("internal://", "").replace("\\", "/")).name.lower()
        return self.names.get(name)

    def read(self, ref: str, cap: int | None = None) -> bytes | None:
        member = self.member(ref)
        if member is None or self.zf is None:
            return None
        return self.zf.read(member, cap)

    def find_prefix(self, prefix: str) -> str | None:
        """The first member whose base name starts with *prefix* (case-insensitive)."""
        prefix = prefix.lower()
        return next(
            (full for base, full in sorted(self.names.items()) if base.startswith(prefix)), None
        )

    def comment(self, member: str) -> bytes:
        info = self.zf.info(member) if self.zf is not None else None
        return info.comment if info is not None else b""

    def close(self) -> None:
        if self.zf is not None:
            self.zf.close()


def load(path: Path) -> tuple[Element, Archive]:
    with path.open("rb") as fh:
        head = fh.read(4)
    archive = Archive(None)
    try:
        if head.startswith(b"PK"):
            archive = Archive(SafeZip(path, path.name))
            assert archive.zf is not None
            qde = next((n for n in archive.zf.names() if n.lower().endswith(".qde")), None)
            if qde is None:
                raise ImportFailedError(
                    f"{path.name}: no project.qde inside; not a REFI-QDA project"
                )
            xml = archive.zf.read(qde)
        else:
            if path.stat().st_size > MAX_MEMBER:
                raise ImportFailedError(f"{path.name}: too large to be a REFI-QDA project")
            xml = path.read_bytes()
        root = SafeET.fromstring(xml)
        check_depth(root, path.name)
    except OSError as exc:
        archive.close()
        raise ImportFailedError(f"{path.name}: cannot read the file ({exc.strerror})") from exc
    except DefusedXmlException as exc:
        archive.close()
        raise ImportFailedError(f"{path.name}: refused unsafe XML ({type(exc).__name__})") from exc
    except SafeET.ParseError as exc:
        archive.close()
        raise ImportFailedError(f"{path.name}: project.qde is not well-formed XML ({exc})") from exc
    except BaseException:
        archive.close()
        raise
    if root.tag == f"{{{CODEBOOK_NS}}}CodeBook":
        # a codebook alone (.qdc): read it as a project that has only its codebook
        for el in root.iter():
            el.tag = el.tag.replace(CODEBOOK_NS, PROJECT_NS)
        project = Element(f"{_Q}Project", {"name": path.stem})
        project.append(root)
        root = project
    if root.tag != f"{_Q}Project":
        archive.close()
        raise ImportFailedError(f"{path.name}: not a REFI-QDA project (root is {root.tag})")
    return root, archive


class SourceText:
    """One source's text as stored in the file, and how its positions map onto ours."""

    def __init__(self, raw: str, unit: OffsetUnit) -> None:
        self.raw = raw
        self.text, self.mapping = normalise_with_offsets(raw)
        self.index = Utf16Index(raw) if unit.unit == UTF16 else None
        self.limit = self.index.units if self.index is not None else len(raw)

    def span(self, sel: Element) -> tuple[int, int] | None:
        """Our (start, end) for a selection, or None when it is outside the text or empty."""
        try:
            a, b = int(sel.get("startPosition") or -1), int(sel.get("endPosition") or -1)
        except ValueError:
            return None
        if not (0 <= a < b <= self.limit):
            return None
        points = [a, b]
        if self.index is not None:
            points = [int(v) for v in self.index.to_codepoints(points)]
        start, end = (int(v) for v in self.mapping.map(points))
        return (start, end) if end > start else None


def read_texts(root: Element, archive: Archive) -> dict[int, str]:
    """Each source's raw text, keyed by the id of the element that holds its selections."""
    texts: dict[int, str] = {}
    for holder in children(root, "Sources"):
        for el in holder:
            kind = el.tag.removeprefix(_Q)
            textual = el.find(f"{_Q}Representation") if kind == "PDFSource" else el
            if kind not in ("TextSource", "PDFSource") or textual is None:
                continue
            raw = textual.findtext(f"{_Q}PlainTextContent")
            if raw is None and textual.get("plainTextPath"):
                data = archive.read(textual.get("plainTextPath") or "", MAX_TEXT)
                raw = data.decode("utf-8-sig", errors="replace") if data is not None else None
            if raw is not None:
                texts[id(textual)] = raw
    return texts


def selection_spans(
    root: Element, texts: dict[int, str]
) -> list[tuple[str, list[tuple[int, int]]]]:
    out = []
    for holder in children(root, "Sources"):
        for el in holder:
            textual = el.find(f"{_Q}Representation") if el.tag == f"{_Q}PDFSource" else el
            if textual is None or id(textual) not in texts:
                continue
            spans = []
            for sel in children(textual, "PlainTextSelection"):
                try:
                    spans.append(
                        (int(sel.get("startPosition") or -1), int(sel.get("endPosition") or -1))
                    )
                except ValueError:
                    continue
            out.append((texts[id(textual)], spans))
    return out

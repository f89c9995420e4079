"""Open ZIP archives from other people (.qdpx, .docx, .odt, Word templates) without trusting them.

A ZIP's headers are written by whoever made the file, so nothing in them is believed:

* every member is inflated through a streaming reader in small chunks, counting the bytes that
  actually come out; a member stops being read at its cap (per member and for the whole
  archive), whatever size its header claims, so memory never follows a lie;
* a member that inflates far beyond its compressed size (a zip bomb), more members than any real
  project has, members that overlap one another, and sizes that only a ZIP64 record could
  express are refused before anything is inflated;
* each way an archive can be damaged gets its own one-line message naming the file: not a ZIP,
  truncated, corrupt compressed data, a checksum mismatch, a size header that does not match the
  data, and (for the XML inside) nesting deeper than any real file uses.

All of these raise :class:`~lgcoder.core.errors.ImportFailedError`, so the CLI prints one line and
the GUI one dialog; nothing here is ever reported as an lgcoder bug.
"""

from __future__ import annotations

import io
import itertools
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree.ElementTree import Element

from lgcoder.core.errors import ImportFailedError

MiB = 1024 * 1024
#: The most any one member may inflate to, and the whole archive together.
MAX_MEMBER = 256 * MiB
MAX_TOTAL = 1024 * MiB
#: Real archives hold a few files per document; tens of thousands is an attack or an accident.
MAX_MEMBERS = 20_000
#: Text and XML compress 3 to 15 times; beyond this (and past 1 MiB) it is a zip bomb.
MAX_RATIO = 200
RATIO_FLOOR = 1 * MiB
#: Deeper XML than this is not a document or a code tree anyone made by hand.
MAX_XML_DEPTH = 256
_CHUNK = 256 * 1024
_ZIP64_LIMIT = 0xFFFFFFFF
_LOCAL_HEADER = 30


@dataclass(frozen=True)
class Limits:
    """Caps for one archive; importers of small formats may pass tighter ones."""

    member: int = MAX_MEMBER
    total: int = MAX_TOTAL
    members: int = MAX_MEMBERS
    ratio: int = MAX_RATIO


def _mib(n: int) -> str:
    return f"{n / MiB:.0f} MiB" if n >= MiB else f"{n:,} bytes"


class SafeZip:
    """A ZIP archive opened for reading under :class:`Limits`.

    ``label`` is the name used in messages (the file name the user knows). Members are looked up
    by exact name with :meth:`read`, or by any of :meth:`names`.
    """

    def __init__(
        self, source: Path | bytes, label: str, limits: Limits = Limits(), what: str = ""
    ) -> None:
        self.label = label
        self.limits = limits
        self._inflated = 0
        raw: IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")  # noqa: SIM115
        try:
            head = raw.read(4)
            raw.seek(0)
            try:
                self.zf = zipfile.ZipFile(raw)
            except zipfile.BadZipFile as exc:
                if head == b"PK\x03\x04":
                    raise ImportFailedError(
                        f"{label}: the archive is truncated (its table of contents is missing); "
                        "copy or download it again"
                    ) from exc
                kind = f"a readable {what} (" if what else "a ZIP archive"
                tail = "not a ZIP archive)" if what else ""
                raise ImportFailedError(f"{label}: not {kind}{tail}") from exc
            except (OSError, EOFError, ValueError) as exc:
                raise ImportFailedError(f"{label}: the archive cannot be read ({exc})") from exc
            self._check_directory()
        except BaseException:
            raw.close()
            raise
        self._raw = raw

    def close(self) -> None:
        self.zf.close()
        self._raw.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the table of contents, checked before anything is inflated ---------------------------

    def _check_directory(self) -> None:
        infos = self.zf.infolist()
        if len(infos) > self.limits.members:
            raise ImportFailedError(
                f"{self.label}: the archive holds {len(infos):,} files, more than the "
                f"{self.limits.members:,} lgcoder reads; refusing it"
            )
        for info in infos:
            if (
                info.file_size >= _ZIP64_LIMIT
                or info.compress_size >= _ZIP64_LIMIT
                or info.header_offset >= _ZIP64_LIMIT
            ):
                raise ImportFailedError(
                    f"{self.label}: member '{info.filename}' uses ZIP64 sizes beyond anything "
                    "lgcoder reads; refusing the archive"
                )
        # Members whose data overlap each other are the trick behind "non-recursive" zip bombs.
        spans = sorted(
            (
                i.header_offset,
                i.header_offset + _LOCAL_HEADER + len(i.orig_filename) + i.compress_size,
                i.filename,
            )
            for i in infos
        )
        for (_a, end, name), (b, _e, other) in itertools.pairwise(spans):
            if b < end:
                raise ImportFailedError(
                    f"{self.label}: members '{name}' and '{other}' overlap; "
                    "the archive is damaged or built to attack; refusing it"
                )

    def names(self) -> list[str]:
        return [i.filename for i in self.zf.infolist() if not i.is_dir()]

    def info(self, name: str) -> zipfile.ZipInfo | None:
        try:
            return self.zf.getinfo(name)
        except KeyError:
            return None

    # -- reading ------------------------------------------------------------------------------

    def read(self, name: str, cap: int | None = None) -> bytes:
        """The member's bytes, inflated in chunks and cut off at the caps, whatever it claims."""
        info = self.info(name)
        if info is None:
            raise ImportFailedError(f"{self.label}: '{name}' is missing from the archive")
        limit = min(cap or self.limits.member, self.limits.member)
        if info.file_size > limit:
            raise ImportFailedError(
                f"{self.label}: '{name}' would unpack to {_mib(info.file_size)}, more than the "
                f"{_mib(limit)} lgcoder reads from one file; refusing it"
            )
        out = bytearray()
        fh: IO[bytes] | None = None
        try:
            with self.zf.open(info) as stream:
                fh = stream
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    self._count(info, len(out), len(chunk), limit)
                if len(out) != info.file_size:
                    raise ImportFailedError(
                        f"{self.label}: '{name}' is damaged: its header says "
                        f"{info.file_size:,} bytes but it holds {len(out):,}"
                    )
        except zlib.error as exc:
            raise ImportFailedError(
                f"{self.label}: '{name}' is corrupt (its compressed data cannot be unpacked)"
            ) from exc
        except zipfile.BadZipFile as exc:
            if "CRC" in str(exc):
                if not _reached_end(fh):
                    raise ImportFailedError(
                        f"{self.label}: '{name}' is damaged: its header says "
                        f"{info.file_size:,} bytes but it holds more"
                    ) from exc
                raise ImportFailedError(
                    f"{self.label}: '{name}' is damaged (its checksum does not match its data)"
                ) from exc
            raise ImportFailedError(f"{self.label}: '{name}' is damaged ({exc})") from exc
        except EOFError as exc:
            raise ImportFailedError(
                f"{self.label}: '{name}' is truncated (the archive ends inside it); "
                "copy or download the file again"
            ) from exc
        except NotImplementedError as exc:
            raise ImportFailedError(
                f"{self.label}: '{name}' uses a compression lgcoder cannot read ({exc})"
            ) from exc
        except RuntimeError as exc:  # encrypted members
            raise ImportFailedError(
                f"{self.label}: '{name}' is encrypted; remove the password and export it again"
            ) from exc
        return bytes(out)

    def _count(self, info: zipfile.ZipInfo, so_far: int, chunk: int, limit: int) -> None:
        self._inflated += chunk
        if so_far > limit:
            raise ImportFailedError(
                f"{self.label}: '{info.filename}' unpacks to more than {_mib(limit)}; refusing it"
            )
        if self._inflated > self.limits.total:
            raise ImportFailedError(
                f"{self.label}: the archive unpacks to more than {_mib(self.limits.total)}; "
                "refusing it"
            )
        if so_far > RATIO_FLOOR and so_far > self.limits.ratio * max(1, info.compress_size):
            raise ImportFailedError(
                f"{self.label}: '{info.filename}' inflates more than {self.limits.ratio} times "
                "its packed size (a zip bomb); refusing it"
            )

    def read_all(self) -> dict[str, bytes]:
        """Every member, each through :meth:`read` (for packages handed to other libraries)."""
        return {name: self.read(name) for name in self.names()}


def _reached_end(fh: IO[bytes] | None) -> bool:
    """Whether the member's compressed stream ended (False: its size header cut it short)."""
    if fh is None:
        return True
    decompressor = getattr(fh, "_decompressor", None)
    return bool(getattr(decompressor, "eof", True))


def vet_package(data: bytes, label: str, limits: Limits = Limits(), what: str = "") -> None:
    """Inflate every member of an in-memory package under the caps, or refuse it in one line.

    For packages a third-party library opens itself afterwards (python-docx): once every member
    has inflated within its cap and passed its checksum, that library cannot be made to do more.
    """
    with SafeZip(data, label, limits, what) as package:
        for name in package.names():
            package.read(name)


def basename_index(archive: SafeZip) -> dict[str, str]:
    """Member base name (lower case) -> full name, for archives whose folder case varies."""
    return {PurePosixPath(n).name.lower(): n for n in archive.names()}


def check_depth(root: Element, label: str, limit: int = MAX_XML_DEPTH) -> None:
    """Refuse XML nested deeper than *limit*, walking it without recursion.

    Readers walk trees (a codebook) recursively; a file nested thousands deep would otherwise
    end in Python's recursion limit, which looks like our bug rather than a bad file.
    """
    stack: list[tuple[Element, int]] = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > limit:
            raise ImportFailedError(
                f"{label}: its XML is nested more than {limit} levels deep; "
                "refusing it as damaged or hostile"
            )
        stack.extend((child, depth + 1) for child in el)

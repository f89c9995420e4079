"""Damaged and hostile archives, built here byte by byte: each gets its own one-line error.

Every case runs the real ``lgcoder new --from`` and checks the exact line a user sees, that no
project (nor ``-wal``/``-shm``, nor a temporary file) is left behind, and, for the size lies,
that memory stays small whatever the header claims.
"""

from __future__ import annotations

import io
import random
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from lgcoder.core.errors import ImportFailedError
from lgcoder.core.safe_archive import SafeZip, vet_package
from lgcoder.importers.docx_package import open_word
from lgcoder.refi.read import import_refi
from tests.helpers import assert_clean_error, run_cli

QDE = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<Project xmlns="urn:QDA-XML:project:1.0" name="t"><Sources>'
    b'<TextSource guid="11111111-1111-1111-1111-111111111111" name="a" '
    b'plainTextPath="internal://a.txt"/></Sources></Project>'
)


def _noise(n: int) -> bytes:
    """Text that deflate cannot shrink much (so only the header lie is at play)."""
    rng = random.Random(7)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz \n") for _ in range(n)).encode()


def _archive(text: bytes, qde: bytes = QDE) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        zf.writestr("sources/a.txt", text)
    return out.getvalue()


def _patch(data: bytes, member: str, *, size: int | None = None, crc: int | None = None) -> bytes:
    """Rewrite a member's size or CRC in both its local header and the central directory."""
    buf = bytearray(data)
    name = member.encode()
    at = 0
    while True:
        at = buf.index(b"PK\x03\x04", at)
        nlen = struct.unpack_from("<H", buf, at + 26)[0]
        if bytes(buf[at + 30 : at + 30 + nlen]) == name:
            break
        at += 4
    cd = 0
    while True:
        cd = buf.index(b"PK\x01\x02", cd)
        nlen = struct.unpack_from("<H", buf, cd + 28)[0]
        if bytes(buf[cd + 46 : cd + 46 + nlen]) == name:
            break
        cd += 4
    if size is not None:
        struct.pack_into("<I", buf, at + 22, size)
        struct.pack_into("<I", buf, cd + 24, size)
    if crc is not None:
        struct.pack_into("<I", buf, at + 14, crc)
        struct.pack_into("<I", buf, cd + 16, crc)
    return bytes(buf)


def _corrupt_deflate(data: bytes, member: str) -> bytes:
    """Make the member's first deflate block header invalid (block type 3 is reserved)."""
    buf = bytearray(data)
    name = member.encode()
    at = 0
    while True:
        at = buf.index(b"PK\x03\x04", at)
        nlen, elen = struct.unpack_from("<HH", buf, at + 26)
        if bytes(buf[at + 30 : at + 30 + nlen]) == name:
            break
        at += 4
    buf[at + 30 + nlen + elen] = 0xFF
    return bytes(buf)


def _nested(depth: int) -> bytes:
    opening = "".join(
        f'<Code guid="00000000-0000-0000-0000-{i:012d}" name="c{i}" isCodable="true">'
        for i in range(depth)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
        f'name="deep"><CodeBook><Codes>{opening}{"</Code>" * depth}</Codes></CodeBook></Project>'
    ).encode()


def _left_behind(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


CASES = {
    "lying-size": (
        lambda: _patch(_archive(_noise(3_000_000)), "sources/a.txt", size=1000),
        "x.qdpx: 'sources/a.txt' is damaged: its header says 1,000 bytes but it holds more",
    ),
    "huge-claim": (
        lambda: _patch(_archive(b"short text"), "sources/a.txt", size=3 * 1024**3),
        "x.qdpx: 'sources/a.txt' would unpack to 3072 MiB, more than the 64 MiB lgcoder reads "
        "from one file; refusing it",
    ),
    "zip-bomb": (
        lambda: _archive(b"\0" * (40 * 1024 * 1024)),
        "x.qdpx: 'sources/a.txt' inflates more than 200 times its packed size (a zip bomb); "
        "refusing it",
    ),
    "corrupt-deflate": (
        lambda: _corrupt_deflate(_archive(_noise(5000)), "sources/a.txt"),
        "x.qdpx: 'sources/a.txt' is corrupt (its compressed data cannot be unpacked)",
    ),
    "bad-crc": (
        lambda: _patch(_archive(_noise(5000)), "sources/a.txt", crc=0x12345678),
        "x.qdpx: 'sources/a.txt' is damaged (its checksum does not match its data)",
    ),
    "truncated": (
        lambda: _archive(_noise(5000))[:3000],
        "x.qdpx: the archive is truncated (its table of contents is missing); "
        "copy or download it again",
    ),
    "deep-nesting": (
        lambda: _archive(b"text", _nested(5000)),
        "x.qdpx: its XML is nested more than 256 levels deep; refusing it as damaged or hostile",
    ),
    "not-a-zip": (
        lambda: b"PK\x05\x06" + bytes(10),
        "x.qdpx: not a ZIP archive",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_archive_gives_its_own_line_and_leaves_nothing(tmp_path: Path, case: str) -> None:
    build, expected = CASES[case]
    (tmp_path / "x.qdpx").write_bytes(build())
    with pytest.raises(ImportFailedError) as caught:
        import_refi(tmp_path / "x.qdpx", tmp_path / "p.lgc")
    assert str(caught.value) == expected
    assert _left_behind(tmp_path, "x.qdpx") == []


@pytest.mark.parametrize("case", ["lying-size", "huge-claim", "zip-bomb"])
def test_memory_does_not_follow_the_header(case: str) -> None:
    data = CASES[case][0]()
    tracemalloc.start()
    try:
        with SafeZip(data, "x.qdpx") as archive, pytest.raises(ImportFailedError):
            archive.read("sources/a.txt")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # the archive itself is in memory (under 1 MiB, or 40 KB for the bomb); reading stops far
    # before the 3 MB real, 3 GiB claimed or 40 MiB bomb sizes
    assert peak < len(data) + 10 * 1024 * 1024, peak


@pytest.mark.slow
def test_cli_prints_the_exact_lines(tmp_path: Path) -> None:
    for case in ("bad-crc", "corrupt-deflate", "truncated", "deep-nesting", "lying-size"):
        build, expected = CASES[case]
        (tmp_path / "x.qdpx").write_bytes(build())
        result = run_cli("new", tmp_path / "p.lgc", "--from", tmp_path / "x.qdpx")
        assert_clean_error(result)
        assert result.stderr.strip() == f"lgcoder: error: {expected}"
        assert _left_behind(tmp_path, "x.qdpx") == []


def test_word_files_and_templates_get_the_same_rules(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", _noise(5000))
    bad = _patch(out.getvalue(), "word/document.xml", crc=1)
    with pytest.raises(ImportFailedError) as caught:
        open_word(bad, "minutes.docx")
    assert str(caught.value) == (
        "minutes.docx: 'word/document.xml' is damaged (its checksum does not match its data)"
    )
    with pytest.raises(ImportFailedError, match="not a readable Word file"):
        vet_package(b"Minutes of the meeting", "minutes.docx", what="Word file")
    from lgcoder.exporters.docx_styles import open_base

    (tmp_path / "t.docx").write_bytes(bad)
    with pytest.raises(ImportFailedError, match=r"t\.docx: 'word/document\.xml' is damaged"):
        open_base(tmp_path / "t.docx")


def test_overlapping_members_are_refused() -> None:
    data = bytearray(_archive(_noise(2000)))
    cd = data.index(b"PK\x01\x02")
    cd = data.index(b"PK\x01\x02", cd + 4)  # the second member points at the first one's data
    struct.pack_into("<I", data, cd + 42, 0)
    with pytest.raises(ImportFailedError, match="overlap"):
        SafeZip(bytes(data), "x.qdpx")


def test_deeply_nested_word_xml_is_one_line(tmp_path: Path) -> None:
    body = "<w:tbl><w:tr><w:tc>" * 2000 + "</w:tc></w:tr></w:tbl>" * 2000
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    with pytest.raises(ImportFailedError) as caught:
        open_word(out.getvalue(), "deep.docx")
    assert str(caught.value) == (
        "deep.docx: its XML is nested more than 256 levels deep; refusing it as damaged or hostile"
    )

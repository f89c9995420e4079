"""Rich Text Format (.rtf) via striprtf, honouring the file's code page.

RTF is 7-bit text that spells non-ASCII characters as ``\\'xx`` bytes in the ANSI code page
declared by ``\\ansicpgNNNN`` (cp1250 for Polish, cp1251 for Ukrainian ...) or as ``\\uNNNN``.
striprtf applies the declared code page; raw 8-bit bytes that some writers leave in the file are
decoded with the same code page before it sees them.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from lgcoder.core.errors import ImportFailedError
from lgcoder.core.imported import ImportedDocument
from lgcoder.importers.base import ImportOptions
from lgcoder.importers.blocks import Block, assemble
from lgcoder.importers.registry import register

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_MAX_BYTES = 50_000_000


def _codepage(data: bytes) -> str:
    m = _CODEPAGE.search(data[:4096])
    if m:
        name = f"cp{int(m.group(1))}"
        try:
            return codecs.lookup(name).name
        except LookupError:
            pass
    return "cp1252"


class RtfImporter:
    name = "rtf"
    extensions: tuple[str, ...] = (".rtf",)

    def sniff(self, data: bytes, filename: str) -> bool:
        return data.lstrip(b"\xef\xbb\xbf \r\n\t")[:5] == b"{\\rtf"

    def parse(self, data: bytes, filename: str, options: ImportOptions) -> ImportedDocument:
        name = Path(filename).name
        if not self.sniff(data, filename):
            raise ImportFailedError(
                f"{name}: this is not an RTF file (it lacks the {{\\rtf header)"
            )
        if len(data) > _MAX_BYTES:
            raise ImportFailedError(f"{name}: the RTF file is too large to import (over 50 MB)")
        codepage = _codepage(data)
        source = data.decode(codepage, errors="replace")
        plain: str = rtf_to_text(source, encoding=codepage, errors="replace")  # type: ignore[no-untyped-call]
        blocks = [Block(line.replace("|", "\t").rstrip()) for line in plain.split("\n")]
        builder, _, speakers = assemble(blocks)
        if not builder.text().strip():
            raise ImportFailedError(f"{name}: the RTF file contains no text")
        return ImportedDocument(
            text=builder.text(),
            kind="transcript" if speakers else "rtf",
            source_bytes=data,
            source_filename=name,
            mime="application/rtf",
            segments=builder.segments,
            attributes={"encoding": codepage},
            speakers=speakers,
        )


register(RtfImporter())

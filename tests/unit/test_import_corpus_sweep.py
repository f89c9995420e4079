"""Every corpus file either imports soundly or is refused with one readable line.

Never a traceback, never an empty document. The big PDFs are read once each here, so this is
also the guard that reading order and cleanup code never crash on real-world files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lgcoder.core.errors import LgcoderError
from lgcoder.importers.registry import parse_file
from tests.unit.import_helpers import assert_sound

CORPUS = (
    Path(os.environ.get("LGCODER_SHARED", Path(__file__).resolve().parents[3] / "shared"))
    / "corpus"
)
FILES = (
    sorted(
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.glob("*/*")
        if p.is_file() and p.parent.name != "qdpx"
    )
    if CORPUS.is_dir()
    else []
)


@pytest.mark.parametrize("name", FILES)
def test_file_imports_or_refuses_cleanly(corpus: Path, name: str) -> None:
    try:
        doc = parse_file(corpus / name)
    except LgcoderError as exc:
        message = str(exc)
        assert Path(name).name in message
        assert "\n" not in message and "Traceback" not in message
        return
    assert_sound(doc)


def test_project_files_are_not_documents(corpus: Path) -> None:
    with pytest.raises(LgcoderError, match="cannot read this kind of file"):
        parse_file(corpus / "qdpx" / "taguette-1.4.1-codebook.qdc")

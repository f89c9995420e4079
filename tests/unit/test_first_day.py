"""Issue 11: counted nouns, and exports that colleagues on a shared drive can open."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from lgcoder.core.db import Project
from lgcoder.core.ops.codes import add_code
from lgcoder.core.words import counted
from lgcoder.exporters.codebook import export_codebook
from lgcoder.exporters.docx_report import export_summary
from lgcoder.exporters.tables import export_table
from lgcoder.refi.export import export_codebook as export_qdc
from lgcoder.refi.export import export_qdpx
from tests.helpers import add_text


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (1, "document", "1 document"),
        (3, "document", "3 documents"),
        (0, "code", "0 codes"),
        (1, "coding", "1 coding"),
        (8, "hit", "8 hits"),
        (2, "match", "2 matches"),
        (2, "category", "2 categories"),
        (2, "day", "2 days"),
        (2, "coded passage", "2 coded passages"),
        (2, "person", "2 people"),
    ],
)
def test_counted_agrees_with_its_number(n: int, noun: str, expected: str) -> None:
    assert counted(n, noun) == expected


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_every_export_gets_the_mode_a_new_file_gets(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "p.lgc"
    with Project.create(path, coder="Ann") as project:
        add_text(project, "Priya: contracts are a barrier.\n")
        with project.transaction() as session:
            add_code(session, "barriers")
    outs = [tmp_path / f"out.{ext}" for ext in ("docx", "csv", "xlsx")]
    export_summary(path, outs[0])
    export_table(path, outs[1])
    export_table(path, outs[2])
    for ext in ("docx", "csv", "xlsx"):
        outs.append(tmp_path / f"codebook.{ext}")
        export_codebook(path, outs[-1])
    with Project.open(path) as project:
        outs.append(export_qdpx(project, tmp_path / "p.qdpx"))
        outs.append(export_qdc(project, tmp_path / "p.qdc"))
    modes = {out.name: oct(stat.S_IMODE(out.stat().st_mode)) for out in outs}
    assert modes == {out.name: "0o644" for out in outs}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_replacing_an_export_keeps_the_mode_the_user_gave_it(
    tmp_path: Path, umask_022: None
) -> None:
    path = tmp_path / "p.lgc"
    with Project.create(path, coder="Ann") as project:
        add_text(project, "Some text.\n")
    out = tmp_path / "codebook.csv"
    export_codebook(path, out)
    out.chmod(0o664)
    export_codebook(path, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o664


def test_codebook_exports_show_parents_with_their_sub_code_totals(tmp_path: Path) -> None:
    import csv

    import docx

    from lgcoder.core.ops.coders import ensure_coder
    from lgcoder.core.ops.codes import get_code
    from lgcoder.core.ops.codings import apply_coding
    from lgcoder.core.ops.documents import get_document

    path = tmp_path / "p.lgc"
    with Project.create(path, coder="Ann") as project:
        add_text(project, "Contracts run long. Skills are short.\n", "a.txt")
        add_text(project, "Contracts again.\n", "b.txt")
        with project.transaction() as session:
            add_code(session, "barriers/contracts")
            add_code(session, "barriers/skills")
            ann = ensure_coder(session, "Ann")
            for doc, code, start, end in (
                ("a.txt", "barriers/contracts", 0, 9),
                ("a.txt", "barriers/skills", 20, 26),
                ("b.txt", "barriers/contracts", 0, 9),
            ):
                apply_coding(
                    session, get_document(session, doc), get_code(session, code), ann, start, end
                )
    export_codebook(path, tmp_path / "cb.csv")
    with open(tmp_path / "cb.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["path"]: r for r in csv.DictReader(fh)}
    assert (rows["barriers"]["codings"], rows["barriers"]["codings_with_subcodes"]) == ("0", "3")
    assert rows["barriers"]["documents_with_subcodes"] == "2"
    assert rows["barriers/contracts"]["codings_with_subcodes"] == "2"
    export_codebook(path, tmp_path / "cb.docx")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "cb.docx")).paragraphs)
    assert (
        "Used in 0 codings across 0 documents; with its sub-codes, 3 codings across 2 documents."
        in text
    )
    assert "Used in 1 coding across 1 document." in text

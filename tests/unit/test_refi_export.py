"""REFI-QDA export: valid against the official schemas, and faithful to the stored offsets."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError
from lgcoder.core.imported import SegmentSpec
from lgcoder.core.ops import coders, codes, codings, documents, memos
from lgcoder.refi.export import export_codebook, export_qdpx
from tests.helpers import add_text

NS = {"q": "urn:QDA-XML:project:1.0"}
TEXT = "Priya: Legacy contracts 😀 block us.\nTom: Leaders must own channel shift\x0c now.\n"
LEAD = TEXT.index("Leaders")


@pytest.fixture
def coded(project: Project) -> Project:
    doc = add_text(project, TEXT, "roundtable.txt", [SegmentSpec("turn", 0, 35, "Priya")])
    with project.transaction() as s:
        codes.add_code(s, "barriers/contracts", description="Supplier lock-in", color="#cc6677")
        codes.add_code(s, "leadership")
        d = documents.document_by_guid(s, doc)
        documents.set_document_attribute(s, d, "council", "Exampleshire")
        ann, ben = coders.ensure_coder(s, "Ann"), coders.ensure_coder(s, "Ben")
        c1 = codings.apply_coding(
            s, d, codes.get_code(s, "barriers/contracts"), ann, 7, 25
        ).created[0]
        codings.apply_coding(
            s, d, codes.get_code(s, "leadership"), ben, LEAD, LEAD + 30, "key quote"
        )
        memos.add_memo(s, "coding", c1, "Strong evidence")
        memos.add_memo(s, "project", "", "Overall notes")
        memos.add_memo(s, "document", doc, "Anchored comment", start=0, end=5)
        memos.add_memo(s, "code", codes.get_code(s, "leadership").guid, "Definition thoughts")
    return project


def _schema(shared: Path, name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared / "refi-qda" / name)))


def test_qdpx_validates_and_selections_match_the_text(
    coded: Project, tmp_path: Path, shared: Path
) -> None:
    out = export_qdpx(coded, tmp_path / "p.qdpx")
    with zipfile.ZipFile(out) as zf:
        qde = etree.fromstring(zf.read("project.qde"))
        schema = _schema(shared, "Project-mrt2019.xsd")
        assert schema.validate(qde), schema.error_log
        source = qde.find(".//q:TextSource", NS)
        assert source is not None
        text = zf.read(
            "sources/" + source.get("plainTextPath").removeprefix("internal://")
        ).decode()
    assert text == TEXT
    spans = {}
    for sel in source.findall("q:PlainTextSelection", NS):
        coding = sel.find("q:Coding", NS)
        if coding is not None:
            code = qde.find(
                f".//q:Code[@guid='{coding.find('q:CodeRef', NS).get('targetGUID')}']", NS
            )
            spans[code.get("name")] = text[
                int(sel.get("startPosition")) : int(sel.get("endPosition"))
            ]
    assert spans == {
        "contracts": "Legacy contracts 😀",
        "leadership": "Leaders must own channel shift",
    }
    users = {u.get("name") for u in qde.findall(".//q:User", NS)}
    assert users == {"Ann", "Ben"}
    notes = {n.findtext("q:PlainTextContent", namespaces=NS) for n in qde.findall(".//q:Note", NS)}
    assert {"Strong evidence", "Overall notes", "key quote", "Definition thoughts"} <= notes
    code_tree = [c.get("name") for c in qde.find("q:CodeBook/q:Codes", NS)]
    assert code_tree == ["barriers", "leadership"]


def test_qdpx_is_reproducible(coded: Project, tmp_path: Path) -> None:
    a = export_qdpx(coded, tmp_path / "a.qdpx").read_bytes()
    b = export_qdpx(coded, tmp_path / "b.qdpx").read_bytes()
    assert a == b


def test_qdc_codebook_validates(coded: Project, tmp_path: Path, shared: Path) -> None:
    out = export_codebook(coded, tmp_path / "codes.qdc")
    doc = etree.parse(str(out))
    schema = _schema(shared, "Codebook-mrt2019.xsd")
    assert schema.validate(doc), schema.error_log
    names = [c.get("name") for c in doc.iter("{urn:QDA-XML:codebook:1.0}Code")]
    assert names == ["barriers", "contracts", "leadership"]


def test_empty_project_exports_valid_qdpx(project: Project, tmp_path: Path, shared: Path) -> None:
    out = export_qdpx(project, tmp_path / "empty.qdpx")
    with zipfile.ZipFile(out) as zf:
        assert _schema(shared, "Project-mrt2019.xsd").validate(
            etree.fromstring(zf.read("project.qde"))
        )


def test_bad_destination_is_a_clear_error(project: Project, tmp_path: Path) -> None:
    with pytest.raises(LgcoderError, match="does not exist"):
        export_qdpx(project, tmp_path / "no" / "such" / "x.qdpx")
    with pytest.raises(LgcoderError, match="folder"):
        export_qdpx(project, tmp_path)

"""lgcoder -> qdpx -> lgcoder loses nothing a researcher relies on.

The sample project (a Word transcript, a WebVTT recording and a PDF report, coded) plus memos of
every kind, a case with a case attribute and a document attribute goes out with
``lgcoder export qdpx`` and comes back with ``lgcoder new --from``. ``lgcoder dump`` of both must
be equal apart from the fields REFI-QDA has no place for (listed in README, "Moving from NVivo,
ATLAS.ti, MAXQDA or QualCoder"), and the Word summary must cite the same pages and speakers.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from lgcoder.core.db import Project
from lgcoder.core.ops import attributes as attr_ops
from lgcoder.core.ops import cases as case_ops
from lgcoder.core.ops import memos
from lgcoder.core.ops.coders import ensure_coder
from lgcoder.core.ops.codings import set_coding_memo
from lgcoder.core.ops.documents import list_documents
from lgcoder.core.queries import retrieve_codings
from lgcoder.refi.report import REPORT_TITLE
from lgcoder.samples import build_sample_project
from tests.helpers import run_cli

NS = {"q": "urn:QDA-XML:project:1.0"}

#: What REFI-QDA cannot carry (see README): edit times of coders, codes, attributes and cases,
#: a coder's colour, and the history of tombstones and merges.
NOT_CARRIED = {
    "coders": {"color", "created", "updated", "name_updated", "color_updated"},
    "codes": {
        "created",
        "updated",
        "name_updated",
        "parent_updated",
        "color_updated",
        "description_updated",
        "deleted_updated",
    },
    "documents": {"name_updated"},
    "attributes": {"created", "updated", "deleted_updated"},
    "cases": {"created", "updated", "name_updated", "description_updated", "deleted_updated"},
}


def _comparable(dumped: dict[str, Any]) -> dict[str, Any]:
    out = dict(dumped)
    for table, fields in NOT_CARRIED.items():
        out[table] = [{k: v for k, v in row.items() if k not in fields} for row in dumped[table]]
    for doc in out["documents"]:
        doc["attribute_values"] = [
            {k: v for k, v in val.items() if k != "updated"} for val in doc["attribute_values"]
        ]
    for case in out["cases"]:
        case["memberships"] = [
            {k: v for k, v in m.items() if k != "updated"} for m in case["memberships"]
        ]
        case["attribute_values"] = [
            {k: v for k, v in val.items() if k != "updated"} for val in case["attribute_values"]
        ]
    out["memos"] = [m for m in dumped["memos"] if m["title"] != REPORT_TITLE]
    return out


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rt") / "sample.lgc"
    build_sample_project(path, "Ann")
    with Project.open(path) as project, project.transaction() as s:
        ben = ensure_coder(s, "Ben")
        docs = list_documents(s)
        rows = retrieve_codings(s)
        memos.add_memo(s, "project", "", "What the roundtables have in common.", author=ben)
        memos.add_memo(s, "document", docs[0].guid, "Chair talked over Priya.", title="Tone")
        memos.add_memo(
            s, "document", docs[1].guid, "Key admission", author=ben, title="!", start=5, end=40
        )
        memos.add_memo(s, "code", rows[0].code_guid, "Split this theme?", author=ben)
        memos.add_memo(s, "coding", rows[1].guid, "Strongest quote.", author=ben)
        set_coding_memo(s, rows[2].guid, "check wording")
        case = case_ops.create_case(s, "Harrowfield", "the district").created[0]
        case_ops.assign_documents(s, case, [d.guid for d in docs[:2]])
        attr_ops.set_case_value(s, case_ops.case_by_guid(s, case), "population", "52000", "number")
        attr_ops.set_document_value(s, docs[0], "session", "1")
    return path


def _dump(path: Path) -> dict[str, Any]:
    return json.loads(run_cli("dump", path, check=True).stdout)


def _citations(path: Path, out: Path) -> list[str]:
    run_cli("export", "docx", path, out, check=True)
    return sorted(
        p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Quote Citation"
    )


@pytest.mark.slow
def test_export_then_new_from_gives_the_same_project(
    original: Path, tmp_path: Path, shared: Path
) -> None:
    qdpx = tmp_path / "out.qdpx"
    run_cli("export", "qdpx", original, qdpx, check=True)
    with zipfile.ZipFile(qdpx) as zf:
        qde = etree.fromstring(zf.read("project.qde"))
        members = zf.namelist()
    schema = etree.XMLSchema(etree.parse(str(shared / "refi-qda" / "Project-mrt2019.xsd")))
    assert schema.validate(qde), schema.error_log
    pdf = qde.find(".//q:PDFSource", NS)
    assert pdf is not None and pdf.find("q:Representation", NS) is not None
    assert f"sources/{pdf.get('guid')}.pdf" in members
    assert any(m.endswith(".original.vtt") for m in members)
    result = run_cli("new", tmp_path / "back.lgc", "--from", qdpx, check=True)
    assert "3 documents rebuilt from their original files" in result.stdout
    assert "text positions read as Unicode code points" in result.stdout
    before, after = _dump(original), _dump(tmp_path / "back.lgc")
    a, b = _comparable(before), _comparable(after)
    for table in a:
        assert a[table] == b[table], table
    assert any(m["title"] == REPORT_TITLE for m in after["memos"])
    cites = _citations(original, tmp_path / "a.docx")
    assert cites == _citations(tmp_path / "back.lgc", tmp_path / "b.docx")
    assert any("p." in c or "page" in c.lower() for c in cites)

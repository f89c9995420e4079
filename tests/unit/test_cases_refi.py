"""Typed attributes and cases survive a REFI-QDA export that validates against the official XSD."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from lgcoder.core.db import Project
from lgcoder.core.ops import attributes as attr_ops
from lgcoder.core.ops import cases as case_ops
from lgcoder.core.ops.documents import document_by_guid
from lgcoder.core.queries_cases import attribute_table, list_cases
from lgcoder.refi.export import export_qdpx
from lgcoder.refi.read import import_refi
from tests.helpers import add_text

NS = {"q": "urn:QDA-XML:project:1.0"}


def test_typed_values_export_as_refi_types_and_come_back(
    project: Project, tmp_path: Path, shared: Path
) -> None:
    doc = add_text(project, "Notes from the Exampleshire roundtable.", "notes.txt")
    with project.transaction() as s:
        d = document_by_guid(s, doc)
        attr_ops.set_document_value(s, d, "budget", "2.50", "number")
        attr_ops.set_document_value(s, d, "held on", "2024-03-31", "date")
        attr_ops.set_document_value(s, d, "rural", "Yes", "boolean")
        attr_ops.set_document_value(s, d, "region", "North")
        case_guid = case_ops.create_case(s, "Exampleshire", "a district").created[0]
        case_ops.assign_documents(s, case_guid, [doc])
        attr_ops.set_case_value(
            s, case_ops.case_by_guid(s, case_guid), "population", "12500", "number"
        )
    out = export_qdpx(project, tmp_path / "p.qdpx")
    with zipfile.ZipFile(out) as zf:
        qde = etree.fromstring(zf.read("project.qde"))
    schema = etree.XMLSchema(etree.parse(str(shared / "refi-qda" / "Project-mrt2019.xsd")))
    assert schema.validate(qde), schema.error_log
    types = {v.get("name"): v.get("typeOfVariable") for v in qde.iterfind(".//q:Variable", NS)}
    assert types == {
        "budget": "Float",
        "held on": "Date",
        "rural": "Boolean",
        "region": "Text",
        "population": "Float",
    }
    source = qde.find(".//q:TextSource", NS)
    values = {
        etree.QName(vv[1]).localname: vv[1].text for vv in source.iterfind("q:VariableValue", NS)
    }
    assert values == {
        "FloatValue": "2.5",
        "DateValue": "2024-03-31",
        "BooleanValue": "true",
        "TextValue": "North",
    }
    case = qde.find(".//q:Case", NS)
    assert case.find("q:VariableValue/q:FloatValue", NS).text == "12500"

    import_refi(out, tmp_path / "back.lgc")
    with Project.open(tmp_path / "back.lgc") as back, back.reading() as s:
        (row,) = attribute_table(s).rows
        (case_info,) = list_cases(s)
    assert row.values == {
        "budget": "2.5",
        "held on": "2024-03-31",
        "rural": "true",
        "region": "North",
    }
    assert case_info.values == {"population": "12500"}
    assert [n for _g, n in case_info.documents] == ["notes.txt"]

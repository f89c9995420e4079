"""Cases and attributes in a team merge: memberships and values are last-writer-wins registers.

A document taken out of a case, a deleted case or attribute and a cleared value are tombstones
with the time of the change, so another copy that still has the old state does not bring it back;
a later re-add wins over an earlier removal. A case's name and description are edited
independently. The base project (``make_base``) has case North holding roundtable.txt, the
document attribute region = north on report.txt and the case attribute population = 1200.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from lgcoder.core.db import Project
from lgcoder.core.ops import attributes as attribute_ops
from lgcoder.core.ops import cases as case_ops
from lgcoder.core.ops import documents as doc_ops
from lgcoder.core.queries_cases import list_attributes, list_cases
from tests.unit.merge_helpers import copy, make_base
from tests.unit.test_merge_fields import _edit, _every_order


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return make_base(tmp_path / "base.lgc")


def _north(s: Session) -> str:
    return case_ops.get_case(s, "North").guid


def _round(s: Session) -> str:
    return doc_ops.get_document(s, "roundtable.txt").guid


def _case(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in data["cases"] if c["name"] == name)


def _report(data: dict[str, Any]) -> dict[str, Any]:
    return next(d for d in data["documents"] if d["name"] == "report.txt")


def _copies(tmp_path: Path, base: Path) -> tuple[Path, Path]:
    return copy(base, tmp_path / "ann.lgc"), copy(base, tmp_path / "ben.lgc")


def test_a_document_removed_from_a_case_stays_removed(tmp_path: Path, base: Path) -> None:
    a, b = _copies(tmp_path, base)
    _edit(b, lambda s: case_ops.describe_case(s, _north(s), "edited in Ben's copy first"))
    _edit(a, lambda s: case_ops.remove_documents(s, _north(s), [_round(s)]))
    data = _every_order(tmp_path, base, a, b)
    north = _case(data, "North")
    assert north["documents"] == []
    assert north["description"] == "edited in Ben's copy first"
    with Project.open(tmp_path / "ann.lgc", readonly=True) as p, p.reading() as s:
        assert next(c for c in list_cases(s) if c.name == "North").documents == ()


def test_a_document_put_back_later_elsewhere_is_in_the_case(tmp_path: Path, base: Path) -> None:
    a, b = _copies(tmp_path, base)
    _edit(a, lambda s: case_ops.remove_documents(s, _north(s), [_round(s)]))
    _edit(b, lambda s: case_ops.remove_documents(s, _north(s), [_round(s)]))
    _edit(b, lambda s: case_ops.assign_documents(s, _north(s), [_round(s)]))
    data = _every_order(tmp_path, base, a, b)
    assert len(_case(data, "North")["documents"]) == 1


def test_a_deleted_case_and_attribute_do_not_come_back(tmp_path: Path, base: Path) -> None:
    a, b = _copies(tmp_path, base)

    def delete(s: Session) -> None:
        case_ops.delete_case(s, _north(s))
        attribute_ops.delete_attribute(s, attribute_ops.get_attribute(s, "region").guid)

    _edit(a, delete)
    data = _every_order(tmp_path, base, a, b)
    assert [c["name"] for c in data["cases"] if not c["deleted"]] == []
    assert {x["name"]: x["deleted"] for x in data["attributes"]} == {
        "region": True,
        "population": False,
    }
    assert _report(data)["attributes"] == {}


def test_a_new_case_with_a_deleted_ones_name_keeps_both_apart(tmp_path: Path, base: Path) -> None:
    a, b = _copies(tmp_path, base)

    def replace(s: Session) -> None:
        case_ops.delete_case(s, _north(s))
        case_ops.create_case(s, "North", "a new one")

    _edit(a, replace)
    data = _every_order(tmp_path, base, a, b)
    live = [c for c in data["cases"] if not c["deleted"]]
    assert [(c["name"], c["description"], c["documents"]) for c in live] == [
        ("North", "a new one", [])
    ]
    dead = [c for c in data["cases"] if c["deleted"]]
    assert len(dead) == 1 and dead[0]["name"].startswith("North (deleted ")


def test_values_cleared_or_set_are_decided_per_value(tmp_path: Path, base: Path) -> None:
    """Ann clears region, Ben later sets population: both edits survive (not whole rows)."""
    a, b = _copies(tmp_path, base)

    def clear(s: Session) -> None:
        attribute_ops.clear_document_value(s, doc_ops.get_document(s, "report.txt"), "region")
        attribute_ops.set_document_value(s, doc_ops.get_document(s, "report.txt"), "tier", "1")

    def ben(s: Session) -> None:
        attribute_ops.set_case_value(s, case_ops.get_case(s, "North"), "population", "1300")
        doc = doc_ops.get_document(s, "report.txt")
        doc_ops.rename_document(s, doc.guid, "report.txt")  # a no-op name, a newer row time
        attribute_ops.set_document_value(s, doc_ops.get_document(s, "roundtable.txt"), "x", "y")

    _edit(a, clear)
    _edit(b, ben)
    data = _every_order(tmp_path, base, a, b)
    assert _report(data)["attributes"] == {"tier": "1"}
    assert _case(data, "North")["attributes"] == {"population": "1300"}


def test_case_name_and_description_edited_in_two_copies_both_survive(
    tmp_path: Path, base: Path
) -> None:
    a, b = _copies(tmp_path, base)
    _edit(a, lambda s: case_ops.rename_case(s, _north(s), "Northern councils"))
    _edit(b, lambda s: case_ops.describe_case(s, _north(s), "coast and hills"))
    data = _every_order(tmp_path, base, a, b)
    case = _case(data, "Northern councils")
    assert case["description"] == "coast and hills"


def test_undo_of_a_deletion_revives_the_same_case_and_attribute(tmp_path: Path) -> None:
    path = make_base(tmp_path / "p.lgc")
    with Project.open(path) as p, p.transaction() as s:
        guid = _north(s)
        record = case_ops.case_record(s, guid)
        case_ops.delete_case(s, guid)
        assert case_ops.find_case(s, "North") is None
        case_ops.restore_case(s, record)
        attr = attribute_ops.get_attribute(s, "region")
        arecord = attribute_ops.attribute_record(s, attr.guid)
        attribute_ops.delete_attribute(s, attr.guid)
        assert "region" not in {a.name for a in list_attributes(s)}
        attribute_ops.restore_attribute(s, arecord)
    with Project.open(path, readonly=True) as p, p.reading() as s:
        north = next(c for c in list_cases(s) if c.name == "North")
        assert north.guid == guid and len(north.documents) == 1
        assert north.values == {"population": "1200"}
        assert attribute_ops.get_attribute(s, "region").guid == arecord.guid
        report = doc_ops.get_document(s, "report.txt")
        assert doc_ops.document_attributes(s, report) == {"region": "north"}

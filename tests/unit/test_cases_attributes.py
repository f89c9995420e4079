"""Typed attributes: validation per type, canonical values, retyping, the classification sheet."""

from __future__ import annotations

import pytest

from lgcoder.core.db import Project
from lgcoder.core.errors import DuplicateError, NotFoundError, ValidationError
from lgcoder.core.ops import attributes as attr_ops
from lgcoder.core.ops import cases as case_ops
from lgcoder.core.ops.attributes import AttributeValueError, normalise_value
from lgcoder.core.ops.documents import document_by_guid, set_document_attribute
from lgcoder.core.queries_cases import (
    attribute_table,
    case_values,
    document_values,
    list_attributes,
)
from lgcoder.exporters.options import Scope
from lgcoder.exporters.scope import documents_in_scope
from tests.helpers import add_text

#: each test runs on a project file and on a PostgreSQL server (tests/unit/conftest.py)
pytestmark = pytest.mark.both_backends


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        ("number", " 12 ", "12"),
        ("number", "3.50", "3.5"),
        ("number", "-0.25", "-0.25"),
        ("number", "1e3", "1000"),
        ("number", "100", "100"),
        ("date", "2024-03-31", "2024-03-31"),
        ("boolean", "Yes", "true"),
        ("boolean", "no", "false"),
        ("boolean", "TRUE", "true"),
        ("text", "  North  ", "North"),
        ("number", "", ""),
    ],
)
def test_values_are_stored_in_one_spelling(kind: str, raw: str, stored: str) -> None:
    assert normalise_value(kind, raw) == stored


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("number", "twelve", "is a number: 'twelve' is not one"),
        ("number", "1,5", "is not one"),
        ("number", "NaN", "is not one"),
        ("date", "31/03/2024", "YYYY-MM-DD"),
        ("date", "2024-02-30", "YYYY-MM-DD"),
        ("date", "20240331", "YYYY-MM-DD"),
        ("boolean", "maybe", "yes, no, true, false"),
    ],
)
def test_bad_values_are_refused_in_words(kind: str, raw: str, message: str) -> None:
    with pytest.raises(AttributeValueError, match=message):
        normalise_value(kind, raw, "x")


@pytest.fixture
def doc(project: Project) -> str:
    return add_text(project, "Notes from the Exampleshire roundtable.", "notes.txt")


def test_set_defines_on_first_use_and_validates(project: Project, doc: str) -> None:
    with project.transaction() as s:
        d = document_by_guid(s, doc)
        attr_ops.set_document_value(s, d, "budget", "2.5e6", "number")
        attr_ops.set_document_value(s, d, "held on", "2024-03-31", "date")
        attr_ops.set_document_value(s, d, "rural", "yes", "boolean")
        attr_ops.set_document_value(s, d, "region", "North")
    with (
        pytest.raises(AttributeValueError, match="'budget' is a number"),
        project.transaction() as s,
    ):
        attr_ops.set_document_value(s, document_by_guid(s, doc), "budget", "lots")
    with project.reading() as s:
        values = {
            v.attribute.name: (v.attribute.value_type, v.value) for v in document_values(s, doc)
        }
        in_scope = [d.name for d in documents_in_scope(s, Scope(attributes=(("rural", "true"),)))]
    assert values == {
        "budget": ("number", "2500000"),
        "held on": ("date", "2024-03-31"),
        "region": ("text", "North"),
        "rural": ("boolean", "true"),
    }
    assert in_scope == ["notes.txt"]


def test_clearing_removes_the_value_but_keeps_the_attribute(project: Project, doc: str) -> None:
    with project.transaction() as s:
        d = document_by_guid(s, doc)
        attr_ops.set_document_value(s, d, "region", "North")
        attr_ops.clear_document_value(s, d, "REGION")
    with project.reading() as s:
        (info,) = list_attributes(s)
        assert (info.name, info.used) == ("region", 0)
    with (
        pytest.raises(NotFoundError, match="no document attribute named 'colour'"),
        project.transaction() as s,
    ):
        attr_ops.clear_document_value(s, document_by_guid(s, doc), "colour")


def test_retyping_converts_importer_text_or_refuses(project: Project, doc: str) -> None:
    other = add_text(project, "Another text entirely.", "other.txt")
    with project.transaction() as s:
        set_document_attribute(s, document_by_guid(s, doc), "pages", "12")  # as an importer does
        set_document_attribute(s, document_by_guid(s, other), "pages", "about ten")
    with (
        pytest.raises(AttributeValueError, match=r"'about ten' of 'other\.txt' is not a number"),
        project.transaction() as s,
    ):
        attr_ops.set_document_value(s, document_by_guid(s, doc), "pages", "13", "number")
    with project.transaction() as s:
        attr_ops.clear_document_value(s, document_by_guid(s, other), "pages")
        attr_ops.set_document_value(s, document_by_guid(s, doc), "pages", "13", "number")
    with project.reading() as s:
        table = attribute_table(s)
    assert [(a.name, a.value_type) for a in table.attributes] == [("pages", "number")]
    assert [(r.document, r.values) for r in table.rows] == [
        ("notes.txt", {"pages": "13"}),
        ("other.txt", {}),
    ]


def test_define_rename_delete_and_restore(project: Project, doc: str) -> None:
    with project.transaction() as s:
        guid = attr_ops.define_attribute(s, "region", "text").created[0]
        attr_ops.set_value(s, guid, doc, "North")
    with pytest.raises(DuplicateError), project.transaction() as s:
        attr_ops.define_attribute(s, "Region")
    with (
        pytest.raises(ValidationError, match="unknown attribute type 'colour'"),
        project.transaction() as s,
    ):
        attr_ops.define_attribute(s, "shade", "colour")
    with pytest.raises(ValidationError, match="cannot contain '='"), project.transaction() as s:
        attr_ops.define_attribute(s, "a=b")
    with project.transaction() as s:
        attr_ops.rename_attribute(s, guid, "area")
        record = attr_ops.attribute_record(s, guid)
        attr_ops.delete_attribute(s, guid)
    with project.reading() as s:
        assert list_attributes(s) == []
    with project.transaction() as s:
        attr_ops.restore_attribute(s, record)
    with project.reading() as s:
        assert [(v.attribute.guid, v.attribute.name, v.value) for v in document_values(s, doc)] == [
            (guid, "area", "North")
        ]


def test_case_attributes_are_separate_from_document_ones(project: Project, doc: str) -> None:
    with project.transaction() as s:
        case_guid = case_ops.create_case(s, "North").created[0]
        case = case_ops.case_by_guid(s, case_guid)
        attr_ops.set_case_value(s, case, "population", "12,500".replace(",", ""), "number")
        attr_ops.set_document_value(s, document_by_guid(s, doc), "population", "many")
    with (
        pytest.raises(ValidationError, match="case attribute, not a document"),
        project.transaction() as s,
    ):
        case_attr = attr_ops.get_attribute(s, "population", "case")
        attr_ops.set_value(s, case_attr.guid, doc, "1")
    with project.reading() as s:
        assert [(v.attribute.name, v.value) for v in case_values(s, case_guid)] == [
            ("population", "12500")
        ]
        assert [a.scope for a in list_attributes(s)] == ["document", "case"]

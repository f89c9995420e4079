"""Export filters read attribute values the way they are typed ("yes" finds a true boolean)."""

from __future__ import annotations

import csv
from pathlib import Path

from lgcoder.core.db import Project
from lgcoder.core.ops import coders, codes, codings, documents
from lgcoder.core.ops.attributes import set_document_value
from lgcoder.exporters.options import Scope, TableOptions
from lgcoder.exporters.tables import export_table
from tests.helpers import add_text


def test_boolean_and_number_filters_accept_any_spelling(project: Project, tmp_path: Path) -> None:
    rural = add_text(project, "Broadband is patchy in the villages.", "rural.txt")
    urban = add_text(project, "Broadband is fine in town.", "urban.txt")
    with project.transaction() as s:
        codes.add_code(s, "barriers")
        ann = coders.ensure_coder(s, "Ann")
        for guid, value, staff in ((rural, "yes", "3.50"), (urban, "no", "12")):
            doc = documents.document_by_guid(s, guid)
            set_document_value(s, doc, "rural", value, "boolean")
            set_document_value(s, doc, "staff", staff, "number")
            codings.apply_coding(s, doc, codes.get_code(s, "barriers"), ann, 0, 9)
    for attribute, expected in (
        (("rural", "Yes"), ["rural.txt"]),
        (("rural", "false"), ["urban.txt"]),
        (("staff", "3.5"), ["rural.txt"]),
    ):
        out = tmp_path / f"{attribute[0]}-{attribute[1]}.csv"
        export_table(project, out, TableOptions(scope=Scope(attributes=(attribute,))))
        with out.open(encoding="utf-8-sig") as fh:
            assert [row["document"] for row in csv.DictReader(fh)] == expected

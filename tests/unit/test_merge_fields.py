"""Per-field last-writer-wins: two copies editing different fields of one row both survive.

A row used to carry one ``updated`` time, so a merge kept the newest *whole* row and silently lost
the other copy's edit of a different field. Each test edits the base project in two copies (the
second copy's edit is always the later one) and merges them in every order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from lgcoder.core.db import Project
from lgcoder.core.ops import coders as coder_ops
from lgcoder.core.ops import codes as code_ops
from lgcoder.core.ops import documents as doc_ops
from lgcoder.team.merge import merge_files
from tests.unit.merge_helpers import copy, dump_of, make_base, merged

Edit = Callable[[Session], None]


def _funding(s: Session) -> str:
    return next(c.guid for c in code_ops.live_codes(s) if c.name in ("funding", "money", "cash"))


def rename(s: Session) -> None:
    code_ops.rename_code(s, _funding(s), "money")


def recolour(s: Session) -> None:
    code_ops.recolour_code(s, _funding(s), "#aa0000")


def describe(s: Session) -> None:
    code_ops.describe_code(s, _funding(s), "any source of money")


def move(s: Session) -> None:
    code_ops.move_code(s, _funding(s), code_ops.get_code(s, "leadership").guid)


#: edit -> (dump field, value it leaves), where "parent" is filled in with leadership's guid
CODE_EDITS: dict[str, tuple[Edit, str, Any]] = {
    "rename": (rename, "name", "money"),
    "recolour": (recolour, "color", "#aa0000"),
    "describe": (describe, "description", "any source of money"),
    "move": (move, "parent", "leadership"),
}


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return make_base(tmp_path / "base.lgc")


def _edit(path: Path, edit: Edit) -> None:
    with Project.open(path) as p, p.transaction() as s:
        edit(s)


def _every_order(folder: Path, base: Path, a: Path, b: Path) -> dict[str, Any]:
    """Merge the two copies (with and without the lead's base) in every order; all must agree."""
    results = [
        merged(folder, base, a, b),
        merged(folder, base, b, a),
        merged(folder, a, b),
        merged(folder, b, a),
        merged(folder, merged(folder, base, a), b),
        merged(folder, b, merged(folder, base, a)),
        merged(folder, merged(folder, a, b), a, b),  # merging the same copies again
    ]
    dumps = {dump_of(r) for r in results}
    assert len(dumps) == 1, "the merge result depends on the order"
    data: dict[str, Any] = json.loads(dumps.pop())
    return data


@pytest.mark.parametrize(
    ("first", "second"),
    [(x, y) for x in CODE_EDITS for y in CODE_EDITS if x != y],
)
def test_edits_of_different_code_fields_in_two_copies_both_survive(
    tmp_path: Path, base: Path, first: str, second: str
) -> None:
    a, b = copy(base, tmp_path / "ann.lgc"), copy(base, tmp_path / "ben.lgc")
    _edit(a, CODE_EDITS[first][0])
    _edit(b, CODE_EDITS[second][0])  # later: the whole row of b used to win
    data = _every_order(tmp_path, base, a, b)
    guid = next(c["guid"] for c in json.loads(dump_of(base))["codes"] if c["name"] == "funding")
    code = next(c for c in data["codes"] if c["guid"] == guid)
    leadership = next(c["guid"] for c in data["codes"] if c["name"] == "leadership")
    for edit in (first, second):
        _op, field, value = CODE_EDITS[edit]
        assert code[field] == (leadership if value == "leadership" else value), edit
        assert code[f"{field}_updated"] > code["created"]
    assert not code["deleted"]
    assert code["updated"] == max(code[k] for k in code if k.endswith("_updated") or k == "updated")


def test_the_merge_report_says_both_edits_were_kept(tmp_path: Path, base: Path) -> None:
    a, b = copy(base, tmp_path / "ann.lgc"), copy(base, tmp_path / "ben.lgc")
    _edit(a, rename)
    _edit(b, recolour)
    report = merge_files(copy(base, tmp_path / "lead.lgc"), [a, b])
    combined = [c.message for c in report.conflicts if c.kind == "edits combined"]
    assert combined == [
        "code 'barriers/money': kept the name from ann.lgc and the colour from ben.lgc: "
        "different fields were edited in different copies, and every edit was kept"
    ]
    assert not [c for c in report.conflicts if c.kind == "same field edited"]
    assert report.per_source[0]["codes"]["updated"] == 1  # Ann's rename is news...
    assert report.per_source[1]["codes"]["updated"] == 1  # ...and so is Ben's colour


def test_the_same_field_edited_twice_keeps_the_newest_and_reports_the_other(
    tmp_path: Path, base: Path
) -> None:
    a, b = copy(base, tmp_path / "ann.lgc"), copy(base, tmp_path / "ben.lgc")
    _edit(a, rename)
    _edit(a, describe)
    _edit(b, lambda s: code_ops.rename_code(s, _funding(s), "cash"))
    _edit(b, lambda s: code_ops.describe_code(s, _funding(s), "only grants"))
    _edit(b, recolour)
    lead = copy(base, tmp_path / "lead.lgc")
    report = merge_files(lead, [a, b])
    same = sorted(c.message for c in report.conflicts if c.kind == "same field edited")
    assert same == [
        "code 'barriers/cash': the definition was edited in more than one copy; kept "
        "'only grants' (ben.lgc), the newest; replaced 'any source of money' (ann.lgc); the "
        "replaced text is kept as a conflict memo",
        "code 'barriers/cash': the name was edited in more than one copy; kept 'cash' "
        "(ben.lgc), the newest; replaced 'money' (ann.lgc)",
    ]
    data = json.loads(dump_of(lead))
    conflict_texts = {m["text"] for m in data["memos"] if m["kind"] == "conflict"}
    assert "any source of money" in conflict_texts
    assert dump_of(lead) == dump_of(merged(tmp_path, base, b, a))


def test_a_rename_in_another_copy_does_not_undo_a_deletion(tmp_path: Path, base: Path) -> None:
    """The deletion and the new name are different fields: the code stays deleted, renamed."""
    a, b = copy(base, tmp_path / "ann.lgc"), copy(base, tmp_path / "ben.lgc")
    _edit(a, lambda s: code_ops.delete_code(s, _funding(s)))
    _edit(b, rename)
    data = _every_order(tmp_path, base, a, b)
    code = next(c for c in data["codes"] if c["name"] == "money")
    assert code["deleted"]
    funding_codings = [c for c in data["codings"] if c["code"] == code["guid"]]
    assert funding_codings and all(c["deleted"] for c in funding_codings)
    report = merge_files(copy(base, tmp_path / "lead.lgc"), [a, b])
    assert any(
        c.kind == "edits combined"
        and "the deletion from ann.lgc and the name from ben.lgc" in c.message
        for c in report.conflicts
    )


def test_a_coder_renamed_in_one_copy_and_recoloured_in_another(tmp_path: Path, base: Path) -> None:
    a, b = copy(base, tmp_path / "ann.lgc"), copy(base, tmp_path / "ben.lgc")

    def ann(s: Session) -> str:
        return coder_ops.get_coder(s, "Ann").guid

    _edit(a, lambda s: coder_ops.rename_coder(s, ann(s), "Ann Smith"))
    _edit(b, lambda s: coder_ops.recolour_coder(s, ann(s), "#00aa00"))
    data = _every_order(tmp_path, base, a, b)
    coder = next(c for c in data["coders"] if c["name"] == "Ann Smith")
    assert coder["color"] == "#00aa00"


def test_a_document_renamed_in_one_copy_keeps_its_name_after_a_later_edit_elsewhere(
    tmp_path: Path, base: Path
) -> None:
    """Ben's later attribute change bumps the document's row time, but not its name's."""
    a, b = copy(base, tmp_path / "ann.lgc"), copy(base, tmp_path / "ben.lgc")

    def report_doc(s: Session) -> Any:
        return doc_ops.get_document(s, "report.txt")

    _edit(a, lambda s: doc_ops.rename_document(s, report_doc(s).guid, "Audit report.txt"))
    _edit(b, lambda s: doc_ops.set_document_attribute(s, report_doc(s), "council", "Ayr"))
    data = _every_order(tmp_path, base, a, b)
    doc = next(d for d in data["documents"] if d["name"] == "Audit report.txt")
    assert doc["attributes"]["council"] == "Ayr"
    assert doc["name_updated"] < doc["updated"]

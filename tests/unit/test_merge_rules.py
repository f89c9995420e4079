"""The merge rules a lead relies on, one scenario each (DESIGN §4, issue 6)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lgcoder.core.db import Project
from lgcoder.core.errors import IntegrityError, LgcoderError, NewerSchemaError, NotAProjectError
from lgcoder.core.models import MergeLog
from lgcoder.core.ops import coders as coder_ops
from lgcoder.core.ops import codes as code_ops
from lgcoder.core.ops import codings as coding_ops
from lgcoder.core.ops import memos as memo_ops
from lgcoder.core.ops.documents import get_document
from lgcoder.core.queries import retrieve_codings
from lgcoder.team.merge import merge_files, restore_backup
from tests.helpers import add_text
from tests.unit.merge_helpers import copy, dump_of, make_base, merged


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return make_base(tmp_path / "base.lgc")


def _live(path: Path, code: str = "barriers/funding") -> set[tuple[str, str, int, int]]:
    with Project.open(path, readonly=True) as p, p.reading() as s:
        return {(r.document, r.coder, r.start, r.end) for r in retrieve_codings(s, codes=[code])}


def _code(
    path: Path, doc: str, code: str, coder: str, span: tuple[int, int], memo: str = ""
) -> str:
    with Project.open(path) as p, p.transaction() as s:
        return coding_ops.apply_coding(
            s,
            get_document(s, doc),
            code_ops.get_code(s, code),
            coder_ops.get_coder(s, coder),
            *span,
            memo=memo,
        ).created[0]


def test_uncoding_in_one_copy_is_not_resurrected_by_another(tmp_path: Path, base: Path) -> None:
    a, b = copy(base, tmp_path / "a.lgc"), copy(base, tmp_path / "b.lgc")
    with Project.open(a) as p, p.transaction() as s:
        row = retrieve_codings(s, coders=["Ann"], documents=["report.txt"])[0]
        coding_ops.remove_coding(s, row.guid)
    assert ("report.txt", "Ann", 0, 10) in _live(b)
    for result in (merged(tmp_path, a, b), merged(tmp_path, b, a)):
        assert ("report.txt", "Ann", 0, 10) not in _live(result)


def test_coding_again_after_removal_brings_it_back(tmp_path: Path, base: Path) -> None:
    a = copy(base, tmp_path / "a.lgc")
    with Project.open(a) as p, p.transaction() as s:
        row = retrieve_codings(s, coders=["Ann"], documents=["report.txt"])[0]
        coding_ops.remove_coding(s, row.guid)
    m = merged(tmp_path, base, a)
    assert ("report.txt", "Ann", 0, 10) not in _live(m)
    later = copy(m, tmp_path / "later.lgc")  # Ann keeps working on the merged project
    _code(later, "report.txt", "barriers/funding", "Ann", (0, 10))
    for result in (merged(tmp_path, m, later), merged(tmp_path, later, a, base)):
        assert ("report.txt", "Ann", 0, 10) in _live(result)


def test_same_new_code_in_two_copies_is_one_code_and_aliases_find_it(
    tmp_path: Path, base: Path
) -> None:
    a, b = copy(base, tmp_path / "a.lgc"), copy(base, tmp_path / "b.lgc")
    for path, coder in ((a, "Ann"), (b, "Ben")):
        with Project.open(path) as p, p.transaction() as s:
            code_ops.add_code(s, "Trust" if coder == "Ann" else "trust")
        _code(path, "report.txt", "trust", coder, (20, 30))
    m = merged(tmp_path, base, a, b)
    data = json.loads(dump_of(m))
    trusts = [c for c in data["codes"] if c["name"].lower() == "trust"]
    assert len(trusts) == 1 and len(data["aliases"]) == 1
    assert _live(m, "trust") == {("report.txt", "Ann", 20, 30), ("report.txt", "Ben", 20, 30)}
    again = merged(tmp_path, m, a, b)  # the alias makes a second merge find the same code
    assert dump_of(again) == dump_of(m)


def test_diverging_descriptions_keep_both_texts(tmp_path: Path, base: Path) -> None:
    a, b = copy(base, tmp_path / "a.lgc"), copy(base, tmp_path / "b.lgc")
    for path, text in ((a, "money from the state"), (b, "any funding source")):
        with Project.open(path) as p, p.transaction() as s:
            code = code_ops.get_code(s, "barriers/funding")
            code_ops.describe_code(s, code.guid, text)
    m = merged(tmp_path, base, a, b)
    data = json.loads(dump_of(m))
    code = next(c for c in data["codes"] if c["name"] == "funding")
    assert code["description"] == "any funding source"  # b edited last
    conflicts = [x for x in data["memos"] if x["kind"] == "conflict"]
    assert {x["text"] for x in conflicts} >= {"money from the state", "money"}
    assert all(x["target"] == code["guid"] for x in conflicts)
    assert dump_of(merged(tmp_path, base, b, a)) == dump_of(m)


def test_documents_match_by_text_and_same_names_are_renamed(tmp_path: Path) -> None:
    a = Project.create(tmp_path / "a.lgc", coder="Ann")
    b = Project.create(tmp_path / "b.lgc", coder="Ben")
    add_text(a, "same words", "one.txt")
    add_text(b, "same words", "other.txt")
    add_text(a, "different A", "notes.txt")
    add_text(b, "different B", "notes.txt")
    a.close()
    b.close()
    report = merge_files(tmp_path / "a.lgc", [tmp_path / "b.lgc"])
    names = sorted(d["name"] for d in json.loads(dump_of(tmp_path / "a.lgc"))["documents"])
    assert len(names) == 3 and "notes (2).txt" in names
    kinds = {c.kind for c in report.conflicts}
    assert {"document matched by text", "document renamed"} <= kinds


def test_same_guid_with_different_text_keeps_both(tmp_path: Path) -> None:
    a = Project.create(tmp_path / "a.lgc", coder="Ann")
    guid = add_text(a, "text one", "x.txt")
    a.close()
    b = copy(tmp_path / "a.lgc", tmp_path / "b.lgc")
    con = sqlite3.connect(b)
    import hashlib

    con.execute(
        "UPDATE document SET text = ?, text_sha256 = ?, text_length = 8",
        ("text two", hashlib.sha256(b"text two").hexdigest()),
    )
    con.commit()
    con.close()
    report = merge_files(tmp_path / "a.lgc", [b])
    docs = json.loads(dump_of(tmp_path / "a.lgc"))["documents"]
    assert len(docs) == 2 and guid in {d["guid"] for d in docs}
    assert any(c.kind == "same id, different text" for c in report.conflicts)


def test_dry_run_writes_nothing_and_a_merge_is_logged(tmp_path: Path, base: Path) -> None:
    a = copy(base, tmp_path / "a.lgc")
    _code(a, "report.txt", "leadership", "Ann", (5, 15))
    before = dump_of(base)
    report = merge_files(base, [a], dry_run=True)
    assert report.dry_run and dump_of(base) == before
    assert report.per_source[0]["codings"]["added"] == 1
    report = merge_files(base, [a])
    assert report.backup and Path(report.backup).exists()
    with Project.open(base) as p, p.reading() as s:
        logs = s.query(MergeLog).all()
        assert len(logs) == 1 and json.loads(logs[0].report)["backup"] == report.backup
        assert dump_of(Path(report.backup)) == before
    with Project.open(base) as p:
        restore_backup(p, report.backup)
    assert dump_of(base) == before


# -- untrusted sources ------------------------------------------------------------------------


def _refused(target: Path, source: Path, error: type[LgcoderError] = LgcoderError) -> str:
    before = target.read_bytes()
    dump = dump_of(target)
    with pytest.raises(error) as info:
        merge_files(target, [source])
    assert dump_of(target) == dump
    assert target.read_bytes() == before
    message = str(info.value)
    assert "\n" not in message
    return message


def test_random_bytes_are_refused(tmp_path: Path, base: Path) -> None:
    junk = tmp_path / "junk.lgc"
    junk.write_bytes(bytes(range(256)) * 40)
    assert "not an lgcoder project" in _refused(base, junk, NotAProjectError)


def test_a_newer_schema_is_refused(tmp_path: Path, base: Path) -> None:
    newer = copy(base, tmp_path / "newer.lgc")
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    assert "newer version" in _refused(base, newer, NewerSchemaError)


@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE coding SET "end" = 100000 WHERE id = 1',
        "UPDATE coding SET updated = 'yesterday' WHERE id = 1",
        "UPDATE code SET parent_id = id WHERE id = 1",
        "UPDATE document SET text = 'tampered' WHERE id = 1",
        "UPDATE memo SET target_type = 'nonsense'",
        "INSERT INTO guid_alias VALUES ('x', 'spaceship', 'y')",
    ],
)
def test_planted_invalid_rows_are_refused(tmp_path: Path, base: Path, sql: str) -> None:
    bad = copy(base, tmp_path / "bad.lgc")
    con = sqlite3.connect(bad)
    con.execute(sql)
    con.commit()
    con.close()
    assert "damaged" in _refused(base, bad, IntegrityError)


def test_the_target_itself_is_refused(tmp_path: Path, base: Path) -> None:
    assert "target itself" in _refused(base, base)
    link = tmp_path / "link.lgc"
    link.symlink_to(base)
    assert "target itself" in _refused(base, link)


def test_a_failure_while_writing_leaves_the_target_unchanged(
    tmp_path: Path, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = copy(base, tmp_path / "a.lgc")
    _code(a, "report.txt", "leadership", "Ann", (5, 15))
    import lgcoder.team.merge as merge_mod

    def broken(session: object, **kwargs: object) -> list[str]:
        return ["planted failure"]

    monkeypatch.setattr(merge_mod, "check_project", broken)
    before = dump_of(base)
    with pytest.raises(IntegrityError, match="undone"):
        merge_files(base, [a])
    assert dump_of(base) == before


def test_memo_edits_in_two_copies_keep_both_and_memos_are_never_lost(
    tmp_path: Path, base: Path
) -> None:
    a, b = copy(base, tmp_path / "a.lgc"), copy(base, tmp_path / "b.lgc")
    for path, text in ((a, "Ann's view"), (b, "Ben's view")):
        with Project.open(path) as p, p.transaction() as s:
            memo = memo_ops.memos_for(s, "project")[0]
            memo_ops.edit_memo(s, memo.guid, text)
    data = json.loads(dump_of(merged(tmp_path, base, a, b)))
    texts = {m["text"] for m in data["memos"]}
    assert {"Ann's view", "Ben's view"} <= texts

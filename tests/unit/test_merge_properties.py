"""Merge is idempotent, commutative and associative on content, and loses nothing (DESIGN §4).

Hypothesis builds random edit histories on three coder copies of one project — coding and
uncoding, adding, renaming, recolouring, describing, moving and deleting codes, renaming and
recolouring coders, memos, case memberships, cases and attributes and their values — and compares
the canonical dumps of merges done in different orders.
Every field of every code and coder must come out as its newest edit in any input (per-field
last-writer-wins), so edits of different fields of one code in different copies all survive.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError
from lgcoder.core.models import Case
from lgcoder.core.ops import attributes as attribute_ops
from lgcoder.core.ops import cases as case_ops
from lgcoder.core.ops import coders as coder_ops
from lgcoder.core.ops import codes as code_ops
from lgcoder.core.ops import codings as coding_ops
from lgcoder.core.ops import memos as memo_ops
from lgcoder.core.ops.documents import list_documents
from lgcoder.core.queries import retrieve_codings
from tests.unit.merge_helpers import copy, dump_of, make_base, merged

CODE_OP = st.tuples(st.just("code"), st.integers(0, 9), st.integers(0, 60), st.integers(1, 15))
OPS = st.one_of(
    CODE_OP,
    CODE_OP,
    CODE_OP,
    st.tuples(st.just("uncode"), st.integers(0, 99)),
    st.tuples(st.just("add_code"), st.sampled_from(["trust", "synergy", "leadership/vision"])),
    st.tuples(st.just("rename"), st.integers(0, 9)),
    st.tuples(st.just("recolour"), st.integers(0, 9), st.sampled_from(["#112233", "#aa0000"])),
    st.tuples(st.just("describe"), st.integers(0, 9), st.sampled_from(["def A", "def B", ""])),
    st.tuples(st.just("delete_code"), st.integers(0, 9)),
    st.tuples(st.just("move"), st.integers(0, 9), st.integers(-1, 9)),
    st.tuples(st.just("rename_coder"), st.integers(0, 9)),
    st.tuples(
        st.just("recolour_coder"), st.integers(0, 9), st.sampled_from(["#00aa00", "#0000aa"])
    ),
    st.tuples(st.just("memo"), st.integers(0, 9), st.sampled_from(["note", "idea"])),
    st.tuples(st.just("edit_memo"), st.integers(0, 9), st.sampled_from(["edited", "again"])),
    st.tuples(st.just("coding_memo"), st.integers(0, 99), st.sampled_from(["why", "because"])),
)
#: Cases and attributes: membership add/remove, values set/clear, and the rows themselves.
CASE_OPS = st.one_of(
    st.tuples(st.just("assign"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("unassign"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("add_case"), st.sampled_from(["South", "Rural", "North"])),
    st.tuples(st.just("rename_case"), st.integers(0, 9)),
    st.tuples(st.just("describe_case"), st.integers(0, 9), st.sampled_from(["urban", ""])),
    st.tuples(st.just("delete_case"), st.integers(0, 9)),
    st.tuples(
        st.just("doc_value"),
        st.integers(0, 9),
        st.sampled_from(["region", "tier"]),
        st.sampled_from(["north", "south", ""]),
    ),
    st.tuples(
        st.just("case_value"),
        st.integers(0, 9),
        st.sampled_from(["population", "mayor"]),
        st.sampled_from(["12", "40", ""]),
    ),
    st.tuples(
        st.just("delete_attribute"), st.sampled_from(["region", "tier", "population", "mayor"])
    ),
)
OPS = st.one_of(OPS, CASE_OPS)
HISTORY = st.lists(OPS, max_size=10)


def apply_history(path: Path, coder: str, history: list[tuple[Any, ...]], tag: str) -> None:
    with Project.open(path) as project:
        for n, op in enumerate(history):
            try:
                with project.transaction() as s:
                    _apply(s, coder, op, f"{tag}{n}")
            except LgcoderError:
                pass  # an edit the user could not make (duplicate, out of range...)


def _apply_case_op(s: Any, op: tuple[Any, ...], tag: str) -> bool:
    """Cases and attributes; False when *op* is not one of theirs."""
    cases = sorted(s.scalars(select(Case).where(Case.deleted.is_(False))), key=lambda c: c.guid)
    docs = list_documents(s)
    kind = op[0]
    if kind in ("assign", "unassign") and cases:
        case, doc = cases[op[1] % len(cases)], docs[op[2] % len(docs)]
        if kind == "assign":
            case_ops.assign_documents(s, case.guid, [doc.guid])
        else:
            case_ops.remove_documents(s, case.guid, [doc.guid])
    elif kind == "add_case":
        case_ops.create_case(s, op[1])
    elif kind == "rename_case" and cases:
        case = cases[op[1] % len(cases)]
        case_ops.rename_case(s, case.guid, f"{case.name}-{tag}")
    elif kind == "describe_case" and cases:
        case_ops.describe_case(s, cases[op[1] % len(cases)].guid, op[2])
    elif kind == "delete_case" and cases:
        case_ops.delete_case(s, cases[op[1] % len(cases)].guid)
    elif kind == "doc_value":
        attribute_ops.set_document_value(s, docs[op[1] % len(docs)], op[2], op[3])
    elif kind == "case_value" and cases:
        attribute_ops.set_case_value(s, cases[op[1] % len(cases)], op[2], op[3])
    elif kind == "delete_attribute":
        for scope in attribute_ops.SCOPES:
            attr = attribute_ops.find_attribute(s, op[1], scope)
            if attr is not None:
                attribute_ops.delete_attribute(s, attr.guid)
    else:
        return kind in {"assign", "unassign", "rename_case", "describe_case", "delete_case"}
    return True


def _apply(s: Any, coder_name: str, op: tuple[Any, ...], tag: str) -> None:
    if _apply_case_op(s, op, tag):
        return
    codes = code_ops.live_codes(s)
    codes.sort(key=lambda c: c.guid)
    kind = op[0]
    if kind == "code" and codes:
        docs = list_documents(s)
        doc = docs[op[1] % len(docs)]
        start = op[2] % doc.text_length
        end = min(doc.text_length, start + op[3])
        coder = coder_ops.get_coder(s, coder_name)
        coding_ops.apply_coding(s, doc, codes[op[1] % len(codes)], coder, start, end)
    elif kind in ("uncode", "coding_memo"):
        rows = retrieve_codings(s, with_text=False)
        if rows:
            row = rows[op[1] % len(rows)]
            if kind == "uncode":
                coding_ops.remove_coding(s, row.guid)
            else:
                coding_ops.set_coding_memo(s, row.guid, op[2])
    elif kind == "add_code":
        code_ops.add_code(s, op[1])
    elif kind == "rename" and codes:
        code = codes[op[1] % len(codes)]
        code_ops.rename_code(s, code.guid, f"{code.name}-{tag}")  # unique: see identity.py
    elif kind == "recolour" and codes:
        code_ops.recolour_code(s, codes[op[1] % len(codes)].guid, op[2])
    elif kind == "describe" and codes:
        code_ops.describe_code(s, codes[op[1] % len(codes)].guid, op[2])
    elif kind == "delete_code" and codes:
        code_ops.delete_code(s, codes[op[1] % len(codes)].guid)
    elif kind == "move" and codes:
        parent = codes[op[2] % len(codes)].guid if op[2] >= 0 else None
        code_ops.move_code(s, codes[op[1] % len(codes)].guid, parent, op[1] % 3)
    elif kind in ("rename_coder", "recolour_coder"):
        others = [c for c in coder_ops.list_coders(s) if c.name != coder_name]
        other = sorted(others, key=lambda c: c.guid)[op[1] % len(others)]
        if kind == "rename_coder":
            coder_ops.rename_coder(s, other.guid, f"{other.name}-{tag}")
        else:
            coder_ops.recolour_coder(s, other.guid, op[2])
    elif kind == "memo" and codes:
        memo_ops.add_memo(s, "code", codes[op[1] % len(codes)].guid, op[2])
    elif kind == "edit_memo":
        memos = memo_ops.memos_for(s, "project")
        for c in codes:
            memos += memo_ops.memos_for(s, "code", c.guid)
        if memos:
            memo_ops.edit_memo(s, memos[op[1] % len(memos)].guid, op[2])


SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_BASE: dict[str, Path] = {}


def _base() -> Path:
    """One base project for all examples (creating a project runs the migrations)."""
    if "path" not in _BASE:
        folder = Path(tempfile.mkdtemp(prefix="lgcoder-merge-base-"))
        _BASE["path"] = make_base(folder / "base.lgc")
    return _BASE["path"]


def _copies(folder: Path, histories: list[list[tuple[Any, ...]]]) -> list[Path]:
    paths = []
    for name, history in zip(("Ann", "Ben", "Cat"), histories, strict=False):
        path = copy(_base(), folder / f"{name}.lgc")
        apply_history(path, name, history, name)
        paths.append(path)
    return paths


@SETTINGS
@given(a=HISTORY, b=HISTORY, c=HISTORY)
def test_merge_is_commutative_associative_and_idempotent(a: Any, b: Any, c: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pa, pb, pc = _copies(folder, [a, b, c])
        ab = merged(folder, pa, pb)
        assert dump_of(ab) == dump_of(merged(folder, pb, pa)), "A+B != B+A"
        assert dump_of(merged(folder, ab, pb)) == dump_of(ab), "(A+B)+B != A+B"
        abc = dump_of(merged(folder, ab, pc))
        bc = merged(folder, pb, pc)
        assert dump_of(merged(folder, pa, bc)) == abc, "(A+B)+C != A+(B+C)"
        assert dump_of(merged(folder, pc, pa, pb)) == abc, "order of sources matters"
        _nothing_lost([pa, pb, pc], merged(folder, pa, pb, pc))


@settings(max_examples=6, deadline=None)
@given(a=HISTORY)
def test_merging_a_copy_of_itself_changes_nothing(a: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (pa,) = _copies(folder, [a])
        twin = copy(pa, folder / "twin.lgc")
        assert dump_of(merged(folder, pa, twin)) == dump_of(pa)


def _nothing_lost(inputs: list[Path], result: Path) -> None:
    """Every input's coding, code and memo is in the result; only a newer tombstone hides one."""
    out = json.loads(dump_of(result))
    alias = {a: g for a, _e, g in out["aliases"]}
    codes = {c["guid"] for c in out["codes"]}
    memos = {m["guid"] for m in out["memos"]}
    rows = {(c["document"], c["code"], c["coder"], c["start"], c["end"]): c for c in out["codings"]}
    versions: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for path in inputs:
        data = json.loads(dump_of(path))
        for c in data["codes"]:
            assert alias.get(c["guid"], c["guid"]) in codes
        for m in data["memos"]:
            assert m["guid"] in memos
        for c in data["codings"]:
            key = (c["document"], alias.get(c["code"], c["code"]), c["coder"], c["start"], c["end"])
            assert key in rows, f"coding {c['guid']} lost"
            versions.setdefault(key, []).append(c)
    _newest_fields_win(inputs, out)
    _newest_registers_win(inputs, out)
    for key, seen in versions.items():
        row = rows[key]
        newest = max(seen, key=lambda c: (c["updated"], c["deleted"], c["memo"]))
        assert (row["deleted"], row["updated"], row["memo"]) == (
            newest["deleted"],
            newest["updated"],
            newest["memo"],
        )


#: dump field -> the values its per-field time covers (a move sets parent and sort order)
FIELDS = {
    "codes": {
        "name": ("name",),
        "color": ("color",),
        "description": ("description",),
        "deleted": ("deleted",),
        "parent": ("sort_order", "parent"),
    },
    "coders": {"name": ("name",), "color": ("color",)},
    "cases": {"description": ("description",), "deleted": ("deleted",)},
}


def _registers(data: dict[str, Any]) -> dict[tuple[str, ...], list[tuple[Any, ...]]]:
    """Every membership and value of a dump as (key) -> [(time, state)], in dump guids."""
    out: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for case in data["cases"]:
        for m in case["memberships"]:
            key = ("member", case["guid"], m["document"])
            out.setdefault(key, []).append((m["updated"], m["deleted"]))
        for v in case["attribute_values"]:
            key = ("value", case["guid"], v["attribute"])
            out.setdefault(key, []).append((v["updated"], v["deleted"], v["value"]))
    for doc in data["documents"]:
        for v in doc["attribute_values"]:
            key = ("value", doc["guid"], v["attribute"])
            out.setdefault(key, []).append((v["updated"], v["deleted"], v["value"]))
    return out


def _newest_registers_win(inputs: list[Path], out: dict[str, Any]) -> None:
    """Each membership and value is the newest (time, state) of any input: a removal or a
    clearing newer than another copy's state wins, and nothing else is lost."""
    alias = {a: g for a, _e, g in out["aliases"]}
    result = {k: v[0] for k, v in _registers(out).items()}
    seen: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for path in inputs:
        for (kind, owner, other), states in _registers(json.loads(dump_of(path))).items():
            key = (kind, alias.get(owner, owner), alias.get(other, other))
            seen.setdefault(key, []).extend(states)
    assert set(seen) == set(result)
    for key, states in seen.items():
        assert result[key] == max(states), f"{key}: newest state lost"


def _newest_fields_win(inputs: list[Path], out: dict[str, Any]) -> None:
    """Each field of each merged code and coder is the newest (time, value) of any input."""
    alias = {a: g for a, _e, g in out["aliases"]}
    for table, fields in FIELDS.items():
        result = {r["guid"]: r for r in out[table]}
        seen: dict[str, list[dict[str, Any]]] = {}
        for path in inputs:
            for row in json.loads(dump_of(path))[table]:
                seen.setdefault(alias.get(row["guid"], row["guid"]), []).append(row)
        for guid, rows in seen.items():
            merged_row = result[guid]
            for field, values in fields.items():
                stamp = f"{field}_updated"

                def key(r: dict[str, Any], stamp: str = stamp, values: Any = values) -> Any:
                    return (r[stamp], [(0, "") if r[v] is None else (1, r[v]) for v in values])

                best = max(rows, key=key)
                assert merged_row[stamp] == best[stamp], f"{table} {field} time"
                for v in values:
                    want = alias.get(best[v], best[v]) if v == "parent" and best[v] else best[v]
                    if v == "parent" and merged_row[v] is None:
                        continue  # a code tree loop was cut here (the report says so)
                    assert merged_row[v] == want, f"{table} {field}: {v} lost"
            assert merged_row["updated"] == max(r["updated"] for r in rows)


#: An edit of one field of one code; each copy edits a different field, then the merge must keep
#: every copy's value of the field it edited.
FIELD_EDITS = {
    "name": lambda s, code, n: code_ops.rename_code(s, code.guid, f"{code.name}-e{n}"),
    "color": lambda s, code, n: code_ops.recolour_code(s, code.guid, f"#00{n:02d}00"),
    "description": lambda s, code, n: code_ops.describe_code(s, code.guid, f"definition {n}"),
    "parent": lambda s, code, n: code_ops.move_code(
        s, code.guid, None if n % 2 else _other(s, code)
    ),
}
NOISE = st.lists(
    st.one_of(
        CODE_OP,
        st.tuples(st.just("uncode"), st.integers(0, 99)),
        st.tuples(st.just("coding_memo"), st.integers(0, 99), st.sampled_from(["why", "so"])),
        st.tuples(st.just("add_code"), st.sampled_from(["trust", "leadership/vision"])),
    ),
    max_size=4,
)


def _other(s: Any, code: Any) -> str | None:
    """A code to move *code* under: the first live one outside its own subtree."""
    paths = code_ops.path_map(s)
    own = paths[code.id]
    for c in sorted(code_ops.live_codes(s), key=lambda c: c.guid):
        if paths[c.id] != own and not paths[c.id].startswith(own + "/"):
            return c.guid
    return None


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    which=st.integers(0, 2),
    fields=st.permutations(list(FIELD_EDITS)),
    noise=st.lists(NOISE, min_size=3, max_size=3),
)
def test_different_fields_of_one_code_edited_in_three_copies_all_survive(
    which: int, fields: list[str], noise: list[list[tuple[Any, ...]]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        copies = _copies(folder, noise)
        base_codes = sorted(json.loads(dump_of(_base()))["codes"], key=lambda c: c["guid"])
        guid = base_codes[which]["guid"]
        expected: dict[str, Any] = {}
        for n, (path, field) in enumerate(zip(copies, fields, strict=False)):
            with Project.open(path) as project:
                try:
                    with project.transaction() as s:
                        FIELD_EDITS[field](s, code_ops.code_by_guid(s, guid), n + 1)
                except LgcoderError:
                    pass  # e.g. a move that would clash: the copy keeps the base value
            row = next(c for c in json.loads(dump_of(path))["codes"] if c["guid"] == guid)
            expected[field] = row[field]
        results = [
            merged(folder, copies[0], copies[1], copies[2]),
            merged(folder, copies[2], copies[0], copies[1]),
            merged(folder, merged(folder, copies[1], copies[2]), copies[0]),
        ]
        dumps = {dump_of(r) for r in results}
        assert len(dumps) == 1
        out = json.loads(dumps.pop())
        code = next(c for c in out["codes"] if c["guid"] == guid)
        alias = {a: g for a, _e, g in out["aliases"]}
        for field, value in expected.items():
            assert code[field] == alias.get(value, value), f"{field} edit lost"
        _newest_fields_win(copies, out)

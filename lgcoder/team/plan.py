"""Compute a merge: from every input's facts to the merged content and its report.

Nothing is written here; :mod:`lgcoder.team.apply` writes a :class:`Plan` into the target. A dry
run stops after this step, so the preview a user sees is exactly what applying would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lgcoder.core.words import counted
from lgcoder.team import entities as ent
from lgcoder.team.facts import Facts
from lgcoder.team.field_report import field_edits, quote, show_code_field, show_plain
from lgcoder.team.identity import Resolved, aliases_of, break_code_cycles
from lgcoder.team.report import Conflict, MergeReport, count_entity
from lgcoder.team.rows import (
    C_BITS,
    C_DELETED,
    C_GUID,
    C_MEMO,
    C_TEXTS,
    C_WIN,
    Codings,
    ConflictStore,
    merge_codings,
    merge_memos,
    needed_coding_guids,
)

MemoRow = tuple[Any, ...]


@dataclass
class Plan:
    info: dict[str, str]
    coders: Resolved
    codes: Resolved
    code_parent: dict[str, str | None]
    docs: ent.Documents
    attributes: Resolved
    cases: Resolved
    #: (case, document) -> (updated, deleted)
    case_docs: dict[tuple[str, str], tuple[str, bool]]
    #: (owner, attribute) -> (updated, value); "" is a cleared value
    case_attrs: dict[tuple[str, str], tuple[str, str]]
    doc_attrs: dict[tuple[str, str], tuple[str, str]]
    codings: Codings
    memos: list[MemoRow]
    aliases: list[tuple[str, str, str]]
    memo_entities: Resolved
    report: MergeReport = field(default_factory=MergeReport)


def _value_key(state: tuple[str, str]) -> tuple[str, bool, str]:
    """A value register compares its time, then "cleared wins a tie", then the text."""
    return (state[0], not state[1], state[1])


def _register(
    best: dict[tuple[str, str], tuple[str, str]], key: tuple[str, str], state: tuple[str, str]
) -> None:
    cur = best.get(key)
    if cur is None or _value_key(state) > _value_key(cur):
        best[key] = state


def code_paths(codes: Resolved, parent: dict[str, str | None]) -> dict[str, str]:
    names = {f.guid: str(f.values[ent.CODE_NAME]) for f in codes.finals}
    out: dict[str, str] = {}
    for guid in names:
        parts: list[str] = []
        node: str | None = guid
        hops = 0
        while node is not None and hops < 200:
            parts.append(names.get(node, "?"))
            node, hops = parent.get(node), hops + 1
        out[guid] = "/".join(reversed(parts))
    return out


def build_plan(inputs: list[Facts]) -> Plan:
    """Merge every input's facts (input 0 is the target) into one project's content."""
    coders = ent.resolve_coders(inputs)
    codes = ent.resolve_codes(inputs)
    parent = {
        f.guid: (
            codes.final_of.get(f.values[ent.CODE_PARENT]) if f.values[ent.CODE_PARENT] else None
        )
        for f in codes.finals
    }
    cut = break_code_cycles(parent)
    docs = ent.resolve_documents(inputs)
    attributes = ent.resolve_attributes(inputs)
    cases = ent.resolve_cases(inputs)
    codings = merge_codings(inputs, docs.local, codes, coders, needed=needed_coding_guids(inputs))
    conflicts = ConflictStore()
    target_final: dict[str, Any] = {
        "document": lambda i, g: docs.final_of.get((i, g), g),
        "code": lambda _i, g: codes.final_of.get(g, g),
        "coding": lambda _i, g: codings.guid_to_final.get(g, g),
    }
    memos = merge_memos(inputs, target_final, coders, conflicts)
    winners: dict[tuple[str, str], str] = {}
    for f in codes.finals:
        winners[("code", f.guid)] = str(f.values[ent.CODE_DESCRIPTION])
        for v in f.versions:  # a definition's age is its own edit time, not its row's
            text = str(v.values[ent.CODE_DESCRIPTION])
            conflicts.see("code", f.guid, text, v.times[ent.CODE_DESCRIPTION_FIELD])
    for st in codings.table.values():
        winners[("coding", st[C_GUID])] = st[C_MEMO]
        for text, at in (st[C_TEXTS] or {}).items():
            conflicts.see("coding", st[C_GUID], text, at)
    for f in memos.finals:
        winners[("memo", f.guid)] = str(f.values[1])
    memo_rows: list[MemoRow] = [
        (
            m.guid,
            m.values[4],
            m.values[5],
            m.values[3],
            m.values[2],
            m.values[1],
            m.values[6],
            m.values[7],
            m.values[8],
            m.created,
            m.updated,
            m.values[0],
        )
        for m in memos.finals
    ]
    info = ent.project_info(inputs)
    memo_rows += conflicts.rows(winners, info[ent.TEAM_BASE])

    # Memberships and values are last-writer-wins registers keyed by merged guids: the newest
    # (time, state) of any input wins, a removal or a clearing being a state with its time.
    doc_attrs: dict[tuple[str, str], tuple[str, str]] = {}
    case_attrs: dict[tuple[str, str], tuple[str, str]] = {}
    case_docs: dict[tuple[str, str], tuple[str, bool]] = {}
    for src in inputs:
        attr = {lid: attributes.final_of[g] for lid, g in src.guid_of["attribute"].items()}
        case = {lid: cases.final_of[g] for lid, g in src.guid_of["case"].items()}
        for did, aid, value, updated in src.doc_attrs:
            _register(doc_attrs, (docs.local[(src.index, did)], attr[aid]), (updated, value))
        for cid, aid, value, updated in src.case_attrs:
            _register(case_attrs, (case[cid], attr[aid]), (updated, value))
        for cid, did, updated, deleted in src.case_docs:
            key = (case[cid], docs.local[(src.index, did)])
            cur = case_docs.get(key)
            if cur is None or (updated, deleted) > cur:
                case_docs[key] = (updated, deleted)

    aliases = aliases_of("coder", coders.finals) + aliases_of("code", codes.finals)
    aliases += aliases_of("attribute", attributes.finals) + aliases_of("case", cases.finals)
    aliases += aliases_of("memo", memos.finals) + aliases_of("document", docs.finals)
    aliases += codings.aliases
    unique: dict[str, tuple[str, str]] = {}
    for alias, entity, guid in sorted(aliases):
        unique.setdefault(alias, (entity, guid))
    plan = Plan(
        info=info,
        coders=coders,
        codes=codes,
        code_parent=parent,
        docs=docs,
        attributes=attributes,
        cases=cases,
        case_docs=case_docs,
        case_attrs=case_attrs,
        doc_attrs=doc_attrs,
        codings=codings,
        memos=memo_rows,
        aliases=[(a, e, g) for a, (e, g) in sorted(unique.items())],
        memo_entities=memos,
    )
    plan.report = _report(plan, inputs, cut)
    return plan


def _report(plan: Plan, inputs: list[Facts], cut: list[str]) -> MergeReport:
    report = MergeReport(target=inputs[0].label, sources=[f.label for f in inputs[1:]])
    paths = code_paths(plan.codes, plan.code_parent)
    code_show = show_code_field(paths, plan.codes.final_of)
    doc_name = {f.guid: str(f.values[0]) for f in plan.docs.finals}
    for entity, finals in (
        ("coders", plan.coders.finals),
        ("codes", plan.codes.finals),
        ("documents", plan.docs.finals),
        ("memos", plan.memo_entities.finals),
    ):
        count_entity(report, entity, finals, len(inputs))
    _count_codings(report, plan.codings, inputs)
    report.totals["conflict memos"] = {
        "before": sum(1 for m in inputs[0].memos if m[3] == "conflict"),
        "after": sum(1 for m in plan.memos if m[3] == "conflict"),
    }

    add = report.conflicts.append
    for a, b in plan.coders.name_matches:
        name = next(
            str(f.values[0]) for f in plan.coders.finals if f.guid == plan.coders.final_of[a]
        )
        add(Conflict("coder matched by name", f"coders {a} and {b} are both '{name}': joined"))
    for a, b in plan.codes.name_matches:
        path = paths.get(plan.codes.final_of[a], "?")
        add(Conflict("code matched by path", f"code '{path}' existed as {a} and {b}: joined"))
    for guid, others in plan.docs.text_matches:
        names = sorted(
            {str(v.values[0]) for f in plan.docs.finals if f.guid == guid for v in f.versions}
        )
        if len(names) > 1 or others:
            add(
                Conflict(
                    "document matched by text",
                    f"'{doc_name[guid]}' has the same text as {', '.join(repr(n) for n in names)}"
                    f" in another copy: kept as one document",
                )
            )
    for guid, shas in plan.docs.guid_clashes:
        add(
            Conflict(
                "same id, different text",
                f"document id {guid} holds {len(shas)} different texts; each is kept as its own "
                "document",
            )
        )
    for _guid, old, new in plan.docs.renamed:
        add(Conflict("document renamed", f"two documents are named '{old}': one is now '{new}'"))
    for guid in cut:
        add(Conflict("code tree loop", f"code '{paths.get(guid)}' was moved to the top level"))
    labels = [Path(f.label).name for f in inputs]
    base = plan.info[ent.TEAM_BASE]
    for finals, name_of, show in (
        (plan.codes.finals, lambda f: f"code {quote(paths[f.guid])}", code_show),
        (plan.coders.finals, lambda f: f"coder {quote(f.values[0])}", show_plain),
        (plan.docs.finals, lambda f: f"document {quote(f.values[0])}", show_plain),
    ):
        report.conflicts += field_edits(finals, labels, base, name_of, show)
    before = {m[0] for m in inputs[0].memos if m[3] == "conflict"}
    for m in plan.memos:
        if m[3] == "conflict" and m[0] not in before and not m[11]:
            where = _where(m[1], m[2], paths, doc_name)
            add(
                Conflict("diverging text", f"{where}: an older version was kept as a conflict memo")
            )
    hidden = _hidden_codings(plan)
    for code_guid, n in sorted(hidden.items()):
        add(
            Conflict(
                "deleted code still used",
                f"code '{paths.get(code_guid)}' was deleted, but {counted(n, 'live coding')} use{'s' if n == 1 else ''} it: they "
                "stay hidden until the code is restored",
            )
        )
    if plan.codings.guid_clashes:
        add(
            Conflict(
                "coding id reused",
                f"{counted(plan.codings.guid_clashes, 'coding id')} "
                f"{'was' if plan.codings.guid_clashes == 1 else 'were'} reused",
            )
        )
    titles = sorted({f.info.get("title", "") for f in inputs} - {plan.info["title"]})
    if titles:
        add(Conflict("title", f"the project keeps the title '{plan.info['title']}'"))
    return report


def _where(ttype: str, target: str, paths: dict[str, str], docs: dict[str, str]) -> str:
    if ttype == "code":
        return f"description of code '{paths.get(target, target)}'"
    if ttype == "coding":
        return f"memo of coding {target}"
    if ttype == "memo":
        return f"memo {target}"
    return f"{ttype} note {docs.get(target, target)}"


def _hidden_codings(plan: Plan) -> dict[str, int]:
    deleted = {f.guid for f in plan.codes.finals if f.values[ent.CODE_DELETED]}
    out: dict[str, int] = {}
    if not deleted:
        return out
    for key, st in plan.codings.table.items():
        if key[1] in deleted and not st[C_DELETED]:
            out[key[1]] = out.get(key[1], 0) + 1
    return out


def _count_codings(report: MergeReport, codings: Codings, inputs: list[Facts]) -> None:
    per = {i: {"added": 0, "matched": 0, "updated": 0} for i in range(1, len(inputs))}
    for st in codings.table.values():
        bits = st[C_BITS]
        in_target = bits & 1
        for i in per:
            if bits >> i & 1:
                if not in_target:
                    per[i]["added"] += 1
                else:
                    per[i]["matched"] += 1
                    if st[C_WIN] == i:
                        per[i]["updated"] += 1
    for i, counts in per.items():
        counts["skipped"] = counts["matched"] - counts["updated"]
        report.per_source[i - 1]["codings"] = counts
    report.totals["codings"] = {"before": len(inputs[0].codings), "after": len(codings.table)}

"""Merge the big tables: codings (a keyed set with tombstones) and memos (with conflict copies).

Codings are keyed by (document, code, coder, start, end), in merged guids. Per key the merged
row keeps the earliest (created, guid) as its identity and the newest (updated, deleted, memo) as
its state. Ops revive a tombstoned key in place and bump ``updated`` on every change, so "newest
wins" means: a removal newer than another copy's last touch of that passage wins, and a passage
coded again after a removal comes back. That is an observed-remove set keyed by passage.

Diverging texts (a coding's memo, a memo's text, a code's description) keep every version: the
losing texts become memos of kind ``conflict`` on the same target, whose guid is derived from
(target, text). Re-merging rebuilds them from the same facts, so they come out identical in any
order, and a text that wins again later stops being a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lgcoder.team.facts import Facts
from lgcoder.team.identity import Resolved, UnionFind, Version, derived_guid, lww, resolve

CodingKey = tuple[str, str, str, int, int]

# Positions in a coding state list (a list, not a dataclass: there are 100,000s of them).
C_CREATED, C_GUID, C_UPDATED, C_DELETED, C_MEMO, C_BITS, C_WIN, C_OTHERS, C_TEXTS = range(9)

#: Where a conflict memo's text came from, by the type of its target.
ORIGIN_FIELD = {"code": "description", "coding": "coding memo", "memo": "memo text"}
CONFLICT_TITLE = "Earlier version of the {field} (kept by a team merge)"


@dataclass
class ConflictStore:
    """Diverging texts per (target type, target guid): text -> [updated, deleted]."""

    texts: dict[tuple[str, str], dict[str, list[Any]]] = field(default_factory=dict)

    def see(self, ttype: str, target: str, text: str, updated: str, deleted: bool = False) -> None:
        if not text:
            return
        slot = self.texts.setdefault((ttype, target), {})
        cur = slot.get(text)
        if cur is None or (updated, deleted) > (cur[0], cur[1]):
            slot[text] = [updated, deleted]

    def rows(self, winners: dict[tuple[str, str], str], base: str = "") -> list[tuple[Any, ...]]:
        """Memo rows for every text that is not the winner of its target (deterministic).

        A text last written before *base* (when the lead handed out the copies) is the common
        ancestor every coder started from, so replacing it is an edit, not a divergence. The
        filter only grows with *base* (a maximum over inputs), so it is order-free too.
        """
        out: list[tuple[Any, ...]] = []
        for (ttype, target), slot in sorted(self.texts.items()):
            current = winners.get((ttype, target))
            for text, (updated, deleted) in sorted(slot.items()):
                if text == current or updated <= base:
                    continue
                guid = derived_guid("conflict", ttype, target, text)
                title = CONFLICT_TITLE.format(field=ORIGIN_FIELD.get(ttype, "text"))
                out.append(
                    (
                        guid,
                        ttype,
                        target,
                        "conflict",
                        title,
                        text,
                        None,
                        None,
                        None,
                        updated,
                        updated,
                        bool(deleted),
                    )
                )
        return out


@dataclass
class Codings:
    table: dict[CodingKey, list[Any]]
    guid_to_final: dict[str, str]
    aliases: list[tuple[str, str, str]]
    guid_clashes: int = 0


def merge_codings(
    inputs: list[Facts],
    doc_local: dict[tuple[int, int], str],
    codes: Resolved,
    coders: Resolved,
    needed: set[str],
) -> Codings:
    """The merged coding set. *needed* are coding guids other rows point at (memos, aliases)."""
    table: dict[CodingKey, list[Any]] = {}
    key_of_needed: dict[str, CodingKey] = {}
    for f in inputs:
        bit = 1 << f.index
        dmap = {lid: doc_local[(f.index, lid)] for lid in f.guid_of["document"]}
        cmap = {lid: codes.final_of[g] for lid, g in f.guid_of["code"].items()}
        kmap = {lid: coders.final_of[g] for lid, g in f.guid_of["coder"].items()}
        get = table.get
        for guid, did, cid, kid, start, end, memo, created, updated, deleted in f.codings:
            key = (dmap[did], cmap[cid], kmap[kid], start, end)
            if guid in needed:
                key_of_needed[guid] = key
            deleted = bool(deleted)
            st = get(key)
            if st is None:
                table[key] = [created, guid, updated, deleted, memo, bit, f.index, None, None]
                continue
            st[C_BITS] |= bit
            if guid != st[C_GUID]:
                others = st[C_OTHERS] or set()
                if (created, guid) < (st[C_CREATED], st[C_GUID]):
                    others.add(st[C_GUID])
                    st[C_CREATED], st[C_GUID] = created, guid
                else:
                    others.add(guid)
                st[C_OTHERS] = others
            if memo != st[C_MEMO]:
                texts = st[C_TEXTS] or {}
                for text, at in ((st[C_MEMO], st[C_UPDATED]), (memo, updated)):
                    if text and texts.get(text, "") < at:
                        texts[text] = at
                st[C_TEXTS] = texts
            if (updated, deleted, memo) > (st[C_UPDATED], st[C_DELETED], st[C_MEMO]):
                st[C_UPDATED], st[C_DELETED], st[C_MEMO], st[C_WIN] = (
                    updated,
                    deleted,
                    memo,
                    f.index,
                )
    return _finish_codings(table, key_of_needed, inputs)


def _finish_codings(
    table: dict[CodingKey, list[Any]], key_of_needed: dict[str, CodingKey], inputs: list[Facts]
) -> Codings:
    """Make surviving guids unique and point every other guid (and stored alias) at them."""
    owner: dict[str, CodingKey] = {}
    clashes = 0
    for key, st in table.items():
        guid = st[C_GUID]
        prev = owner.get(guid)
        if prev is None:
            owner[guid] = key
        else:  # one guid on two passages (a damaged copy): the smaller key keeps it
            clashes += 1
            keep, move = (prev, key) if prev < key else (key, prev)
            owner[guid] = keep
            table[move][C_GUID] = derived_guid("coding", guid, repr(move))
            owner[table[move][C_GUID]] = move
    guid_to_final: dict[str, str] = {}
    alias_rows: dict[str, str] = {}
    for guid, key in key_of_needed.items():
        guid_to_final[guid] = table[key][C_GUID]
    for st in table.values():
        guid_to_final.setdefault(st[C_GUID], st[C_GUID])
        for other in st[C_OTHERS] or ():
            if other not in owner and (other not in alias_rows or alias_rows[other] > st[C_GUID]):
                alias_rows[other] = st[C_GUID]
    for f in inputs:
        for alias, entity, guid in f.aliases:
            if entity != "coding" or alias in owner:
                continue
            final = guid_to_final.get(guid)
            if final is not None and (alias not in alias_rows or alias_rows[alias] > final):
                alias_rows[alias] = final
    for alias, final in alias_rows.items():
        guid_to_final.setdefault(alias, final)
    aliases = sorted((a, "coding", g) for a, g in alias_rows.items())
    return Codings(table, guid_to_final, aliases, clashes)


def needed_coding_guids(inputs: list[Facts]) -> set[str]:
    needed = {m[2] for f in inputs for m in f.memos if m[1] == "coding"}
    needed |= {g for f in inputs for _a, e, g in f.aliases if e == "coding"}
    return needed


MEMO_DELETED, MEMO_TEXT = 0, 1


def merge_memos(
    inputs: list[Facts],
    target_final: dict[str, Any],
    coders: Resolved,
    conflicts: ConflictStore,
) -> Resolved:
    """Researchers' memos and imported comments, by guid; identical imported comments join.

    *target_final* maps a target type to a function (input index, raw guid) -> merged guid.
    Conflict memos are not merged here: they are facts for the :class:`ConflictStore`.
    """
    versions: list[Version] = []
    on_memos: list[tuple[str, str, str, bool]] = []
    for f in inputs:
        author_of = f.guid_of["coder"]
        for (
            guid,
            ttype,
            tguid,
            kind,
            title,
            text,
            start,
            end,
            author,
            created,
            updated,
            dele,
        ) in f.memos:
            target = target_final[ttype](f.index, tguid) if ttype in target_final else tguid
            if kind == "conflict":
                if ttype == "memo":  # memo guids are resolved below
                    on_memos.append((target, text, updated, bool(dele)))
                else:
                    conflicts.see(ttype, target, text, updated, bool(dele))
                continue
            author_guid = coders.final_of[author_of[author]] if author is not None else None
            values = (bool(dele), text, title, kind, ttype, target, start, end, author_guid)
            versions.append(Version(guid, created, updated, values, f.index))

    def comment_key(v: Version, _uf: UnionFind) -> tuple[Any, ...] | None:
        if v.values[3] != "comment" or v.values[MEMO_DELETED]:
            return None
        return v.values[1:8]

    memos = resolve(versions, [], comment_key)
    for final in memos.finals:
        for v in final.versions:
            conflicts.see("memo", final.guid, str(v.values[MEMO_TEXT]), v.updated)
    for target, text, updated, deleted in on_memos:
        conflicts.see("memo", memos.final_of.get(target, target), text, updated, deleted)
    return memos


def newest(versions: list[Version]) -> Version:
    return max(versions, key=lww)

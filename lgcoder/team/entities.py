"""Merge the small tables: coders, codes, documents, attributes, cases and the project's title.

Each function turns every input's rows into :class:`~lgcoder.team.identity.Version` facts and
resolves them (see :mod:`lgcoder.team.identity` for the rules and why they are order-free).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from lgcoder.core.models import tombstone_name
from lgcoder.team.facts import Facts
from lgcoder.team.identity import (
    Final,
    Layout,
    Resolved,
    UnionFind,
    Version,
    derived_guid,
    merged_state,
    resolve,
    survivor,
)


def _aliases(inputs: list[Facts], entity: str) -> list[tuple[str, str]]:
    return [(a, g) for f in inputs for a, e, g in f.aliases if e == entity]


#: Coder values (name, colour), each with its own edit time.
CODER_LAYOUT = Layout(("name", "colour"), ((0,), (1,)))


def resolve_coders(inputs: list[Facts]) -> Resolved:
    versions = [
        Version(guid, created, updated, (name, color), f.index, cid, times=(name_t, color_t))
        for f in inputs
        for cid, guid, name, color, created, updated, name_t, color_t in f.coders
    ]
    return resolve(
        versions,
        _aliases(inputs, "coder"),
        lambda v, _uf: str(v.values[0]).casefold(),
        CODER_LAYOUT,
    )


def _base_name(name: str, guid: str, deleted: bool) -> str:
    """A tombstone's name without the suffix that freed its name (see :func:`_free_names`)."""
    suffix = tombstone_name("", guid)
    return name[: -len(suffix)] if deleted and name.endswith(suffix) else name


def _free_names(resolved: Resolved, key: Callable[[tuple[Any, ...]], Hashable], dead: int) -> None:
    """A deleted entity whose name another entity also has takes :func:`tombstone_name`.

    Names are unique in a project (cases; attributes per scope), and deleted entities are not
    joined by name, so a tombstone can meet a live entity of the same name. Which tombstones are
    renamed depends only on the merged names, and every input's renamed tombstone is read back
    without its suffix, so the rule stays order-free.
    """
    count: dict[Hashable, int] = {}
    for f in resolved.finals:
        k = key(f.values)
        count[k] = count.get(k, 0) + 1
    for f in resolved.finals:
        if f.values[dead] and count[key(f.values)] > 1:
            f.values = (tombstone_name(str(f.values[0]), f.guid), *f.values[1:])


#: Attribute values (name, scope, type, deleted): the first three follow the row's ``updated``,
#: deletion has its own time.
ATTR_DELETED = 3
ATTR_LAYOUT = Layout(("", "deletion"), ((0, 1, 2), (ATTR_DELETED,)))


def resolve_attributes(inputs: list[Facts]) -> Resolved:
    versions = [
        Version(
            guid,
            created,
            updated,
            (_base_name(name, guid, bool(dele)), scope, vtype, bool(dele)),
            f.index,
            aid,
            times=(updated, dele_t),
        )
        for f in inputs
        for aid, guid, name, scope, vtype, created, updated, dele, dele_t in f.attributes
    ]

    def key(values: tuple[Any, ...]) -> Hashable:
        return (values[1], str(values[0]).casefold())

    out = resolve(
        versions,
        _aliases(inputs, "attribute"),
        lambda v, _uf: None if v.values[ATTR_DELETED] else key(v.values),
        ATTR_LAYOUT,
    )
    _free_names(out, key, ATTR_DELETED)
    return out


#: Case values (name, description, deleted), each with its own edit time.
CASE_DELETED = 2
CASE_LAYOUT = Layout(("name", "description", "deletion"), ((0,), (1,), (CASE_DELETED,)))


def resolve_cases(inputs: list[Facts]) -> Resolved:
    versions = [
        Version(
            guid,
            created,
            updated,
            (_base_name(name, guid, bool(dele)), description, bool(dele)),
            f.index,
            cid,
            times=(name_t, desc_t, dele_t),
        )
        for f in inputs
        for cid, guid, name, description, created, updated, dele, name_t, desc_t, dele_t in f.cases
    ]

    def key(values: tuple[Any, ...]) -> Hashable:
        return str(values[0]).casefold()

    out = resolve(
        versions,
        _aliases(inputs, "case"),
        lambda v, _uf: None if v.values[CASE_DELETED] else key(v.values),
        CASE_LAYOUT,
    )
    _free_names(out, key, CASE_DELETED)
    return out


#: Positions in a code's values. ``CODE_PARENT`` is the parent's guid *in that input*.
CODE_DELETED, CODE_NAME, CODE_COLOR, CODE_DESCRIPTION, CODE_SORT, CODE_PARENT = range(6)
#: A code's independently edited fields; a move sets parent and sort order in one edit.
CODE_LAYOUT = Layout(
    ("deletion", "name", "colour", "definition", "position"),
    ((CODE_DELETED,), (CODE_NAME,), (CODE_COLOR,), (CODE_DESCRIPTION,), (CODE_SORT, CODE_PARENT)),
)
#: Index of the definition's edit time in ``Version.times`` (for conflict memos).
CODE_DESCRIPTION_FIELD = 3


def resolve_codes(inputs: list[Facts]) -> Resolved:
    """Codes by guid, then by full path among live codes, level by level to a fixed point."""
    versions: list[Version] = []
    for f in inputs:
        guid_of = f.guid_of["code"]
        for row in f.codes:
            cid, guid, name, parent_id, color, desc, order, created, updated, deleted = row[:10]
            parent = guid_of.get(parent_id) if parent_id is not None else None
            values = (bool(deleted), name, color, desc, order, parent)
            times = tuple(row[10:15])
            versions.append(Version(guid, created, updated, values, f.index, cid, times=times))

    def path_key(v: Version, uf: UnionFind) -> tuple[str | None, str] | None:
        if v.values[CODE_DELETED]:
            return None
        parent = v.values[CODE_PARENT]
        return (uf.find(parent) if parent else None, str(v.values[CODE_NAME]).casefold())

    return resolve(versions, _aliases(inputs, "code"), path_key, CODE_LAYOUT)


#: Document values (name, sort order). Only the name has its own edit time; nothing edits the
#: order after import, so it follows the row's ``updated`` and is not reported.
DOC_LAYOUT = Layout(("name", ""), ((0,), (1,)))


@dataclass
class Documents:
    """Documents resolved by text: each text is one document, whatever its guid or name."""

    finals: list[Final]
    #: (input index, raw guid) -> surviving guid; documents are per input because one guid can
    #: name two different texts in two copies (a conflict: both are kept).
    final_of: dict[tuple[int, str], str]
    local: dict[tuple[int, int], str]
    #: final guid -> the version whose text, source bytes and segments the merged project keeps.
    payload: dict[str, Version]
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    guid_clashes: list[tuple[str, list[str]]] = field(default_factory=list)
    text_matches: list[tuple[str, list[str]]] = field(default_factory=list)


def resolve_documents(inputs: list[Facts]) -> Documents:
    """Match documents by text hash; a guid used for two texts stays with the smaller hash.

    The other text gets a guid derived from (guid, hash), so which copy is merged first does
    not matter: the owner of a guid is the minimum hash that ever claimed it.
    """
    claims: dict[str, set[str]] = {}
    sha_in: dict[int, dict[str, str]] = {}
    for f in inputs:
        sha_in[f.index] = {d[1]: d[4] for d in f.docs}
        for d in f.docs:
            claims.setdefault(d[1], set()).add(d[4])
        for alias, entity, guid in f.aliases:
            if entity == "document" and guid in sha_in[f.index]:
                claims.setdefault(alias, set()).add(sha_in[f.index][guid])
    owner = {g: min(shas) for g, shas in claims.items()}

    def rewrite(guid: str, sha: str) -> str:
        return guid if owner[guid] == sha else derived_guid("document", guid, sha)

    groups: dict[str, list[Version]] = {}
    members: dict[str, set[str]] = {}
    for f in inputs:
        for (
            did,
            guid,
            name,
            kind,
            sha,
            length,
            fname,
            mime,
            imported,
            created,
            updated,
            order,
            name_t,
        ) in f.docs:
            extra = (kind, length, fname, mime, imported, f.seg_hash.get(did, ""), sha)
            times = (name_t, updated)
            v = Version(
                rewrite(guid, sha), created, updated, (name, order), f.index, did, extra, times
            )
            groups.setdefault(sha, []).append(v)
            members.setdefault(sha, set()).add(v.guid)
        for alias, entity, guid in f.aliases:
            if entity == "document" and guid in sha_in[f.index]:
                sha = sha_in[f.index][guid]
                members.setdefault(sha, set()).add(rewrite(alias, sha))
    out = Documents([], {}, {}, {})
    for sha in sorted(groups):
        vs = groups[sha]
        first, state = survivor(vs), merged_state(vs, DOC_LAYOUT)
        final = Final(
            first.guid,
            first.created,
            state.winner.updated,
            state.values,
            members[sha],
            vs,
            state.winner,
            state.times,
            DOC_LAYOUT,
        )
        out.finals.append(final)
        out.payload[final.guid] = first
        if len({v.guid for v in vs}) > 1:
            out.text_matches.append((final.guid, sorted({v.guid for v in vs} - {final.guid})))
    final_by_sha = {out.payload[f.guid].extra[6]: f for f in out.finals}
    for f in inputs:
        for d in f.docs:
            final = final_by_sha[d[4]]
            out.local[(f.index, d[0])] = final.guid
            out.final_of[(f.index, d[1])] = final.guid
        for alias, entity, guid in f.aliases:
            if entity == "document" and guid in sha_in[f.index]:
                out.final_of[(f.index, alias)] = final_by_sha[sha_in[f.index][guid]].guid
    for guid, shas in sorted(claims.items()):
        if len(shas) > 1:
            out.guid_clashes.append((guid, sorted(shas)))
    _unique_names(out)
    return out


def _unique_names(docs: Documents) -> None:
    """Document names are unique: a later document whose name is taken gets "name (2).ext"."""
    taken: set[str] = set()
    for final in sorted(docs.finals, key=lambda f: (f.created, f.guid)):
        name = str(final.values[0])
        if name.casefold() in taken:
            stem, dot, ext = name.rpartition(".")
            if not dot or not stem:
                stem, ext, dot = name, "", ""
            n = 2
            while f"{stem} ({n}){dot}{ext}".casefold() in taken:
                n += 1
            new = f"{stem} ({n}){dot}{ext}"
            docs.renamed.append((final.guid, name, new))
            final.values = (new, *final.values[1:])
            name = new
        taken.add(name.casefold())


#: ProjectInfo key: when coder copies were last handed out (see :mod:`lgcoder.team.copies`).
TEAM_BASE = "team_base"


def project_info(inputs: list[Facts]) -> dict[str, str]:
    """The merged project's identity: the oldest input project (created, guid) and its title.

    ``team_base`` is the latest hand-out time of any input; see :class:`ConflictStore`.
    """
    best = min(
        (f.info.get("created", ""), f.info.get("guid", ""), f.info.get("title", "")) for f in inputs
    )
    base = max(f.info.get(TEAM_BASE, "") for f in inputs)
    return {"created": best[0], "guid": best[1], "title": best[2], TEAM_BASE: base}


def values_changed(final: Final, target: int = 0) -> bool:
    """Whether the merge changes what the target holds for this entity."""
    mine = final.by_source().get(target)
    if mine is None:
        return True
    return (mine.guid, mine.created, mine.updated, mine.values, mine.times) != (
        final.guid,
        final.created,
        final.updated,
        final.values,
        final.times,
    )

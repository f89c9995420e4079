"""Which rows of different copies are the same thing, and what each thing's merged state is.

The merge is a *join* of facts, so that merging is idempotent, commutative and associative:

* Rows with the same guid, or linked by a stored alias, are versions of one entity (union-find).
* Versions with different guids are also joined by their natural key, computed on the
  *resolved* state: coders by name, codes by full path (both case-insensitive), attributes by
  scope and name, cases by name, documents by the SHA-256 of their text. Deleted codes, cases
  and attributes are not joined by name (a tombstone that meets a live case or attribute of
  the same name gives its name up: see ``entities._free_names``).
* The surviving guid is the minimum of (created, guid) over the versions; ``created`` is that
  minimum. Every other guid becomes an alias, so the same copy merged again finds its rows.
* Scalars come from the maximum of (time, values) over the versions: the newest edit wins,
  and an exact tie is broken by the values themselves (so a tombstone, ``True``, beats a live
  row of the same instant). Minimum and maximum are order-free, which is the point.
* Entities with a :class:`Layout` (codes, coders, documents) take that maximum *per field*, each
  field with its own edit time, so a rename in one copy and a recolour in another both survive.
  A product of maxima is still a maximum (of a product order), so the merge stays idempotent,
  commutative and associative; the merged row carries each field's winning time, which is what
  makes merging it again a no-op. ``updated`` is the maximum of the rows' ``updated``.

One known limit: a natural-key match is decided on the names resolved at merge time and is kept
(as an alias) afterwards. If a code is renamed in one copy *to* (or *away from*) the path of an
unrelated code created in another copy, merging in different orders can join different codes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

#: Namespace for guids the merge derives (split documents, conflict memos): same input, same guid.
MERGE_NS = uuid.UUID("6f1c2a51-52a4-4f51-9d43-6b7c1e0f3a2d")


def derived_guid(*parts: str) -> str:
    return str(uuid.uuid5(MERGE_NS, "\x1f".join(parts)))


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: str) -> str:
        self.add(x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        lo, hi = sorted((ra, rb))
        self.parent[hi] = lo
        return True


@dataclass(frozen=True)
class Layout:
    """Which of an entity's values are edited, and timed, independently of each other.

    ``groups[i]`` are the positions in :attr:`Version.values` that one kind of edit changes
    together (a code's parent and sort order move together), ``Version.times[i]`` is when that
    field was last edited, and ``names[i]`` is what a report calls it ("" = not reported).
    """

    names: tuple[str, ...]
    groups: tuple[tuple[int, ...], ...]


@dataclass
class Version:
    """One input's copy of an entity: the facts a merge compares."""

    guid: str
    created: str
    updated: str
    values: tuple[Any, ...]
    source: int
    local_id: int = 0
    extra: Any = None
    #: per-field edit times, aligned with the entity's :attr:`Layout.groups`.
    times: tuple[str, ...] = ()


@dataclass
class Final:
    """An entity after the merge: its guid, timestamps, winning values and every guid it had."""

    guid: str
    created: str
    updated: str
    values: tuple[Any, ...]
    members: set[str]
    versions: list[Version]
    #: the newest version as a whole row (largest ``updated``)
    winner: Version
    #: each field's winning edit time, aligned with ``layout.groups`` (empty without a layout)
    times: tuple[str, ...] = ()
    layout: Layout | None = None

    def field_key(self, i: int) -> tuple[Any, ...]:
        """The merged (time, values) of field *i*: the maximum of :func:`field_key` over versions."""
        assert self.layout is not None
        return (self.times[i], _sortable(tuple(self.values[j] for j in self.layout.groups[i])))

    def by_source(self) -> dict[int, Version]:
        """Each input's newest version (what that input contributed)."""
        out: dict[int, Version] = {}
        for v in self.versions:
            if v.source not in out or lww(v) > lww(out[v.source]):
                out[v.source] = v
        return out


def lww(v: Version) -> tuple[Any, ...]:
    return (v.updated, _sortable(v.values))


def field_key(v: Version, layout: Layout, i: int) -> tuple[Any, ...]:
    """What field *i*'s last-writer-wins compares: its edit time, then its values (ties)."""
    return (v.times[i], _sortable(tuple(v.values[j] for j in layout.groups[i])))


@dataclass
class State:
    """The merged state of one entity's versions (see the module docstring for the rule)."""

    values: tuple[Any, ...]
    times: tuple[str, ...]
    winner: Version


def merged_state(versions: list[Version], layout: Layout | None) -> State:
    """Whole-row last-writer-wins without a layout; with one, each field on its own.

    Values in no group of the layout follow the newest whole row.
    """
    winner = max(versions, key=lww)
    if layout is None:
        return State(winner.values, (), winner)
    values = list(winner.values)
    times: list[str] = []
    for i, group in enumerate(layout.groups):
        best = max(versions, key=partial(field_key, layout=layout, i=i))
        for j in group:
            values[j] = best.values[j]
        times.append(best.times[i])
    return State(tuple(values), tuple(times), winner)


def _sortable(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """None sorts before everything, so tuples with optional fields stay comparable."""
    return tuple((0, "") if x is None else (1, x) for x in values)


def survivor(versions: Iterable[Version]) -> Version:
    return min(versions, key=lambda v: (v.created, v.guid))


NaturalKey = Callable[[Version, UnionFind], Hashable | None]


@dataclass
class Resolved:
    finals: list[Final]
    final_of: dict[str, str]  # any guid seen (version or alias) -> surviving guid
    name_matches: list[tuple[str, str]] = field(default_factory=list)


def resolve(
    versions: list[Version],
    alias_pairs: Iterable[tuple[str, str]],
    natural_key: NaturalKey | None,
    layout: Layout | None = None,
) -> Resolved:
    """Group versions into entities (guid, aliases, then natural key to a fixed point).

    The natural key is taken on each group's *merged* state, so a rename in one copy and a
    move in another are both seen when matching by path.
    """
    uf = UnionFind()
    for v in versions:
        uf.add(v.guid)
    for alias, guid in alias_pairs:
        uf.union(alias, guid)
    matches: list[tuple[str, str]] = []
    while natural_key is not None:
        classes: dict[str, list[Version]] = {}
        for v in versions:
            classes.setdefault(uf.find(v.guid), []).append(v)
        seen: dict[Hashable, str] = {}
        merged = False
        for root in sorted(classes):
            state = merged_state(classes[root], layout)
            probe = Version(root, "", state.winner.updated, state.values, -1, times=state.times)
            key = natural_key(probe, uf)
            if key is None:
                continue
            other = seen.get(key)
            if other is not None and uf.find(other) != uf.find(root):
                a = survivor(classes[other]).guid
                b = survivor(classes[root]).guid
                matches.append((a, b))
                uf.union(other, root)
                merged = True
            else:
                seen[key] = root
        if not merged:
            break
    groups: dict[str, list[Version]] = {}
    for v in versions:
        groups.setdefault(uf.find(v.guid), []).append(v)
    members: dict[str, set[str]] = {}
    for g in uf.parent:
        members.setdefault(uf.find(g), set()).add(g)
    finals: list[Final] = []
    final_of: dict[str, str] = {}
    for root, vs in groups.items():
        first = survivor(vs)
        state = merged_state(vs, layout)
        final = Final(
            guid=first.guid,
            created=first.created,
            updated=state.winner.updated,
            values=state.values,
            members=members[root],
            versions=vs,
            winner=state.winner,
            times=state.times,
            layout=layout,
        )
        finals.append(final)
        for g in final.members:
            final_of[g] = final.guid
    finals.sort(key=lambda f: f.guid)
    return Resolved(finals, final_of, matches)


def aliases_of(entity: str, finals: Iterable[Final]) -> list[tuple[str, str, str]]:
    return sorted((alias, entity, f.guid) for f in finals for alias in f.members if alias != f.guid)


def break_code_cycles(parent_of: dict[str, str | None]) -> list[str]:
    """Codes whose merged parents form a loop (two copies moved codes into each other).

    The loop is cut at its smallest guid, which becomes a top-level code; the cut codes are
    returned so the report can name them.
    """
    cut: list[str] = []
    for start in sorted(parent_of):
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in path:
            path.append(node)
            node = parent_of.get(node)
        if node is not None:  # a loop: node is on the path
            loop = path[path.index(node) :]
            first = min(loop)
            parent_of[first] = None
            cut.append(first)
    return cut

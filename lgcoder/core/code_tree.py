"""The code tree with counts, assembled from plain rows: shared by the ORM query and the quick
reader.

:func:`lgcoder.core.queries.code_tree` (SQLAlchemy, for the GUI and the exports) and
:func:`lgcoder.core.quick_read.code_tree` (plain :mod:`sqlite3`, for ``lgcoder codes`` without
SQLAlchemy's start-up cost) fetch the same rows; this module turns them into one tree, so both
count and nest alike. It imports nothing but the standard library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: Separates the levels of a code's path ("barriers/funding").
SEP = "/"


@dataclass
class CodeNode:
    """One code in the tree with how often it is used (live codings, distinct documents)."""

    guid: str
    name: str
    path: str
    parent_guid: str | None
    color: str
    description: str
    sort_order: int
    codings: int = 0
    documents: int = 0
    children: list[CodeNode] = field(default_factory=list)
    #: Counts including every sub-code below this one: what a parent "holds" in a report.
    total_codings: int = 0
    #: Distinct documents over the sub-tree; only filled in when asked for (``subtree_documents``)
    #: because it needs one more pass over every coding, which the workbench does not show.
    total_documents: int | None = None

    @property
    def count_label(self) -> str:
        """ "2" for a leaf, "2 (4)" for a parent: its own codings, then with its sub-codes."""
        if not self.children:
            return str(self.codings)
        return f"{self.codings} ({self.total_codings})"

    def walk(self) -> Iterable[CodeNode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class CodeRow:
    """One row of the ``code`` table, as the tree needs it."""

    id: int
    guid: str
    name: str
    parent_id: int | None
    color: str
    description: str
    sort_order: int
    deleted: bool


def code_paths(
    rows: Iterable[tuple[int, str, int | None, bool]], include_deleted: bool = False
) -> dict[int, str]:
    """Every code id -> full path, from ``(id, name, parent_id, deleted)`` rows.

    A parent missing from the rows, or a cycle deeper than 100 levels (a damaged file), ends
    the path there instead of failing.
    """
    by_id = {r[0]: r for r in rows}
    paths: dict[int, str] = {}

    def path_of(cid: int, depth: int = 0) -> str:
        if cid in paths:
            return paths[cid]
        _id, name, parent_id, _deleted = by_id[cid]
        if parent_id is None or parent_id not in by_id or depth > 100:
            p = str(name)
        else:
            p = path_of(parent_id, depth + 1) + SEP + name
        paths[cid] = p
        return p

    return {cid: path_of(cid) for cid, row in by_id.items() if include_deleted or not row[3]}


def assemble(
    codes: Sequence[CodeRow],
    paths: Mapping[int, str],
    counts: Mapping[int, tuple[int, int]],
    docs_of: Mapping[int, set[int]] | None,
) -> list[CodeNode]:
    """Root nodes of the live *codes* (already in the user's order) with counts filled in.

    *counts* maps a code id to (live codings, distinct documents); *docs_of* maps a code id to
    the ids of the documents it codes, and fills in ``total_documents`` when given.
    """
    by_id = {c.id: c for c in codes}
    nodes: dict[int, CodeNode] = {}
    for c in codes:
        n, d = counts.get(c.id, (0, 0))
        parent = by_id.get(c.parent_id) if c.parent_id is not None else None
        nodes[c.id] = CodeNode(
            guid=c.guid,
            name=c.name,
            path=paths[c.id],
            parent_guid=parent.guid if parent else None,
            color=c.color,
            description=c.description,
            sort_order=c.sort_order,
            codings=n,
            documents=d,
        )
    roots: list[CodeNode] = []
    for c in codes:
        node = nodes[c.id]
        if c.parent_id is not None and c.parent_id in nodes:
            nodes[c.parent_id].children.append(node)
        else:
            roots.append(node)
    ids = {node.guid: cid for cid, node in nodes.items()}

    def total(node: CodeNode) -> set[int]:
        docs = set(docs_of.get(ids[node.guid], ())) if docs_of is not None else set()
        node.total_codings = node.codings
        for child in node.children:
            docs |= total(child)
            node.total_codings += child.total_codings
        if docs_of is not None:
            node.total_documents = len(docs)
        return docs

    for root in roots:
        total(root)
    return roots

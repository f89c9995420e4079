"""Quick read-only answers with plain :mod:`sqlite3`: the listings a script asks for most.

``lgcoder docs`` and ``lgcoder codes`` are what scripts call in loops. Through SQLAlchemy each
call paid ~0.7 s of imports before reading a few rows; these queries answer from the file with
the standard library alone. They are still core queries: the project is opened with the same
checks and read-only rules as :meth:`lgcoder.core.db.Project.open` (raw header first, hardened
``mode=ro``/``immutable=1`` connection, schema compared with ours; see
:mod:`lgcoder.core.sqlite_file`), and they return the same values as the ORM queries
(``tests/unit/test_quick_read.py`` compares them).

A file from an older lgcoder is read through :class:`~lgcoder.core.db.Project`, which migrates
a private copy in memory; only then is SQLAlchemy imported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lgcoder.core.code_tree import CodeNode, CodeRow, assemble, code_paths
from lgcoder.core.sqlite_file import head_revision, open_checked, translate_sqlite_error


@dataclass(frozen=True)
class DocumentRow:
    """One document as ``lgcoder docs`` lists it."""

    name: str
    guid: str
    kind: str
    chars: int
    pages: int
    sha256: str


@contextmanager
def reading(path: str | Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the project at *path* (checked first), closed afterwards.

    SQLite errors while reading (a busy or damaged file) become one readable
    :class:`~lgcoder.core.errors.LgcoderError`.
    """
    path = Path(path)
    conn, revision = open_checked(path)
    try:
        if revision == head_revision():
            yield conn
            return
        conn.close()
        from lgcoder.core.db import Project  # an older file: migrate a copy in memory

        with Project.open(path, readonly=True) as project:
            raw = project.engine.raw_connection()
            try:
                migrated = raw.driver_connection
                assert isinstance(migrated, sqlite3.Connection)
                yield migrated
            finally:
                raw.close()
    except sqlite3.Error as exc:
        translated = translate_sqlite_error(exc, path)
        if translated is None:
            raise
        raise translated from exc
    finally:
        conn.close()


def documents(conn: sqlite3.Connection) -> list[DocumentRow]:
    """Every document in the user's order, with its page count (0 when it has no pages)."""
    rows = conn.execute(
        "SELECT d.name, d.guid, d.kind, d.text_length, "
        " (SELECT count(*) FROM segment s WHERE s.document_id = d.id AND s.kind = 'page'), "
        " d.text_sha256 "
        "FROM document d ORDER BY d.sort_order, d.id"
    ).fetchall()
    return [DocumentRow(*row) for row in rows]


def code_tree(conn: sqlite3.Connection, *, subtree_documents: bool = False) -> list[CodeNode]:
    """Root codes with children and counts, as :func:`lgcoder.core.queries.code_tree` gives
    them (for every coder)."""
    all_codes = [
        CodeRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
        for r in conn.execute(
            "SELECT id, guid, name, parent_id, color, description, sort_order, deleted "
            "FROM code ORDER BY sort_order, id"
        )
    ]
    paths = code_paths((c.id, c.name, c.parent_id, c.deleted) for c in all_codes)
    counts = {
        cid: (n, d)
        for cid, n, d in conn.execute(
            "SELECT code_id, count(id), count(DISTINCT document_id) FROM coding "
            "WHERE deleted = 0 GROUP BY code_id"
        )
    }
    docs_of: dict[int, set[int]] | None = None
    if subtree_documents:
        docs_of = {}
        for cid, did in conn.execute(
            "SELECT DISTINCT code_id, document_id FROM coding WHERE deleted = 0"
        ):
            docs_of.setdefault(cid, set()).add(did)
    live = [c for c in all_codes if not c.deleted]
    return assemble(live, paths, counts, docs_of)


def flat_code_tree(conn: sqlite3.Connection, *, subtree_documents: bool = False) -> list[CodeNode]:
    """The tree depth-first, parents before children: the order a codebook is read in."""
    roots = code_tree(conn, subtree_documents=subtree_documents)
    return [node for root in roots for node in root.walk()]

"""The schema a project file must have, and the objects in it that lgcoder did not create.

A project file can come from anyone: emailed by a colleague, downloaded with a data set. SQLite
stores triggers and views *in the file*, and a trigger runs with the full power of SQL whenever
lgcoder writes to its table (``AFTER INSERT ON coding BEGIN DELETE FROM coding ...; END``). So
before anything is written, every object in ``sqlite_schema`` is compared with what our own
migrations create for the file's schema revision:

* tables and their columns (name, type, NOT NULL, default, primary key, hidden), foreign keys
  and indexes (columns, uniqueness, partial ``WHERE``);
* no triggers and no views at all (lgcoder creates none);
* SQLite's own bookkeeping tables (``sqlite_sequence``, ``sqlite_stat1``/``4``) are allowed.

The comparison is structural (SQLite's ``PRAGMA table_xinfo`` and friends) rather than of the
``CREATE`` text, whose spacing and quoting differ between SQLite and Alembic versions that wrote
the same schema; a harmless difference must never lock a user out of their own project.

The expected shapes are built by running the migrations on an in-memory database. That takes
Alembic and ~0.5 s, too slow for every CLI call, so the shapes of the released revisions are kept
in :mod:`lgcoder.core.schema_snapshot` (a test rebuilds and compares them); a revision missing
from the snapshot is built on first use and cached for the life of the process.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

#: SQLite's own tables that may appear in any file (AUTOINCREMENT, ANALYZE, PRAGMA optimize).
SQLITE_INTERNAL = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3"})
SQLITE_INTERNAL |= {"sqlite_stat4"}

Shape = dict[str, Any]
_CACHE: dict[str, Shape] = {}


def _norm_sql(sql: str | None) -> str:
    """Case, quote and whitespace-insensitive text of a partial index's WHERE clause."""
    if not sql:
        return ""
    where = re.split(r"\bwhere\b", sql, maxsplit=1, flags=re.IGNORECASE)
    tail = where[1] if len(where) > 1 else ""
    return re.sub(r"[\s\"`\[\]]+", "", tail).lower()


def describe(conn: sqlite3.Connection) -> Shape:
    """The structure of every object in the open database, as plain JSON-able data.

    Objects lgcoder never creates (triggers, views, virtual tables) are listed by name only: their
    structure is never examined, so nothing in them is run or even parsed beyond the schema.
    """
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    tables: dict[str, Any] = {}
    indexes: dict[str, Any] = {}
    other: list[list[str]] = []
    for kind, name, table, sql in rows:
        if kind == "table" and name in SQLITE_INTERNAL:
            continue
        if kind == "table" and not (sql or "").upper().startswith("CREATE VIRTUAL"):
            tables[name] = None
        elif kind == "index":
            indexes[name] = {"table": table, "where": _norm_sql(sql)}
        else:
            other.append([kind, name, table])
    for name in tables:
        q = name.replace('"', '""')
        columns = conn.execute(f'PRAGMA table_xinfo("{q}")').fetchall()
        fks = conn.execute(f'PRAGMA foreign_key_list("{q}")').fetchall()
        index_list = conn.execute(f'PRAGMA index_list("{q}")').fetchall()
        tables[name] = {
            "columns": [[c[1], (c[2] or "").upper(), c[3], c[4], c[5], c[6]] for c in columns],
            "fks": sorted([f[2], f[3], f[4], f[5], f[6], f[7]] for f in fks),
            "indexes": sorted([i[1], i[2], i[3], i[4]] for i in index_list),
        }
    for name, info in indexes.items():
        q = name.replace('"', '""')
        cols = conn.execute(f'PRAGMA index_xinfo("{q}")').fetchall()
        info["columns"] = [[c[2], c[3], c[4], c[5]] for c in cols]
    return {"tables": tables, "indexes": indexes, "other": other}


def build_expected(revision: str) -> Shape:
    """Run our migrations up to *revision* on an in-memory database and describe the result."""
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from lgcoder.core.revisions import alembic_config

    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        raw = engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert isinstance(driver, sqlite3.Connection)  # our in-memory SQLite engine
            return describe(driver)
        finally:
            raw.close()
    finally:
        engine.dispose()


def expected(revision: str) -> Shape:
    """The shape our migrations give a file at *revision* (snapshot, else built once)."""
    if revision not in _CACHE:
        from lgcoder.core.schema_snapshot import SNAPSHOT

        _CACHE[revision] = SNAPSHOT[revision] if revision in SNAPSHOT else build_expected(revision)
    return _CACHE[revision]


def _a(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def foreign_objects(conn: sqlite3.Connection, revision: str) -> list[str]:
    """Every object that differs from what lgcoder creates, as a phrase naming it.

    Empty when the file's schema is exactly ours. Phrases read like "a trigger 'wipe' on table
    coding", "an index 'ix_x' on table code", "a changed table 'coding'".
    """
    found = describe(conn)
    want = expected(revision)
    problems: list[str] = []
    for kind, name, table in found["other"]:
        what = "virtual table" if kind == "table" else kind
        on = f" on table {table}" if kind == "trigger" else ""
        problems.append(f"{_a(what)} {what} '{name}'{on}")
    for name in found["tables"]:
        if name not in want["tables"]:
            problems.append(f"a table '{name}'")
        elif found["tables"][name] != want["tables"][name]:
            problems.append(f"a changed table '{name}'")
    for name in want["tables"]:
        if name not in found["tables"]:
            problems.append(f"a missing table '{name}'")
    for name, info in found["indexes"].items():
        if name not in want["indexes"]:
            problems.append(f"an index '{name}' on table {info['table']}")
        elif info != want["indexes"][name]:
            problems.append(f"a changed index '{name}'")
    return problems


def snapshot_source() -> str:
    """Python source for :mod:`lgcoder.core.schema_snapshot` (``python -m lgcoder.core.schema``).

    One line per table or index, so that a migration shows in review as the lines it changed
    (the file is left out of ``ruff format``, which would spread it over a thousand lines).
    """
    from lgcoder.core.revisions import known_revisions

    lines = [
        '"""Expected schema of each released revision (generated: python -m lgcoder.core.schema).',
        "",
        "A unit test rebuilds these from the migrations; regenerate after adding a migration.",
        '"""',
        "",
        "from typing import Any",
        "",
        "SNAPSHOT: dict[str, Any] = {",
    ]
    for rev in known_revisions():
        shape = build_expected(rev)
        lines.append(f"    {rev!r}: {{")
        for part in sorted(shape):
            entries = shape[part]
            if isinstance(entries, dict):
                lines.append(f"        {part!r}: {{")
                lines += [f"            {name!r}: {entries[name]!r}," for name in sorted(entries)]
                lines.append("        },")
            else:
                lines.append(f"        {part!r}: {entries!r},")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from pathlib import Path

    target = Path(__file__).with_name("schema_snapshot.py")
    target.write_text(snapshot_source(), encoding="utf-8")
    print(f"wrote {target}")

"""The expected-schema comparison that keeps a planted trigger or view from ever running."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from lgcoder.analysis.search import _Widener, widen
from lgcoder.core.db import Project, known_revisions
from lgcoder.core.errors import ForeignSchemaError, LgcoderError
from lgcoder.core.models import Segment
from lgcoder.core.schema import build_expected, describe, foreign_objects
from lgcoder.core.schema_snapshot import SNAPSHOT
from tests.helpers import add_text


def test_the_snapshot_is_what_the_migrations_create() -> None:
    """Fails after a new migration until ``python -m lgcoder.core.schema`` is run."""
    assert sorted(SNAPSHOT) == known_revisions()
    for revision in known_revisions():
        assert SNAPSHOT[revision] == build_expected(revision), revision


def test_a_fresh_project_has_exactly_our_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.lgc"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    assert foreign_objects(conn, known_revisions()[-1]) == []
    conn.close()


@pytest.mark.parametrize(
    ("sql", "phrase"),
    [
        ("CREATE TRIGGER t1 AFTER INSERT ON coding BEGIN SELECT 1; END", "a trigger 't1'"),
        ("CREATE VIEW v1 AS SELECT 1", "a view 'v1'"),
        ("CREATE TABLE extra (x)", "a table 'extra'"),
        ("CREATE INDEX ix_extra ON code (name)", "an index 'ix_extra' on table code"),
        ("ALTER TABLE code ADD COLUMN evil TEXT", "a changed table 'code'"),
        ("DROP INDEX ix_coding_code", "a changed table 'coding'"),
    ],
)
def test_every_kind_of_foreign_object_is_named(tmp_path: Path, sql: str, phrase: str) -> None:
    path = tmp_path / "p.lgc"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    assert any(phrase in p for p in foreign_objects(conn, known_revisions()[-1]))
    conn.close()
    with pytest.raises(ForeignSchemaError, match="that lgcoder did not create"):
        Project.open(path)
    with pytest.raises(ForeignSchemaError):
        Project.open(path, readonly=True)


def test_sqlite_bookkeeping_tables_are_not_foreign(tmp_path: Path) -> None:
    path = tmp_path / "p.lgc"
    with Project.create(path) as proj:
        add_text(proj, "Some text. More text.")
    conn = sqlite3.connect(path)
    conn.execute("ANALYZE")
    conn.commit()
    shape = describe(conn)
    assert "sqlite_stat1" not in shape["tables"]
    conn.close()
    Project.open(path).close()


def test_fast_widening_gives_the_same_spans_as_widen(corpus: Path) -> None:
    """The bisecting widener used by autocode agrees with the plain one on real documents."""
    from lgcoder.importers.registry import parse_file

    rng = random.Random(15)
    files = sorted(
        p for p in corpus.rglob("*") if p.suffix in {".txt", ".vtt", ".srt", ".docx", ".md"}
    )[::3][:10]
    assert files
    checked = 0
    for file in files:
        try:
            result = parse_file(file)
        except LgcoderError:
            continue  # the corpus holds deliberately broken files too
        checked += 1
        text = result.text
        segs = [
            Segment(kind=s.kind, start=s.start, end=s.end, label=s.label or "")
            for s in result.segments
        ]
        fast = _Widener(text, segs)
        for _ in range(150):
            start = rng.randrange(max(1, len(text) - 5))
            end = min(len(text), start + rng.randint(1, 5))
            for unit in ("sentence", "paragraph", "match"):
                assert fast.widen(start, end, unit) == widen(text, segs, start, end, unit), (
                    file.name,
                    start,
                    unit,
                )
    assert checked >= 5

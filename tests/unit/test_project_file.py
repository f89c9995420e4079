"""The project file: creation, pragmas, refusing foreign files, backups, migrations, a single file."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lgcoder.core.db import BACKUPS_KEPT, Project
from lgcoder.core.errors import NewerSchemaError, NotAProjectError, ProjectExistsError
from lgcoder.core.models import Base
from lgcoder.core.ops import project as project_ops
from tests.helpers import add_text


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_project_has_title_default_coder_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "council.lgc"
    with (
        Project.create(path, title="Channel shift study", coder="Ann") as proj,
        proj.transaction() as s,  # a project rests in rollback mode; the first write brings WAL
    ):
        assert project_ops.title(s) == "Channel shift study"
        coder = project_ops.default_coder(s)
        assert coder is not None and coder.name == "Ann"
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        # NORMAL: writes happen in WAL mode, where NORMAL is the desktop setting (issue 16)
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["council.lgc"]  # no -wal/-shm left


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "x.lgc"
    path.write_text("precious")
    with pytest.raises(ProjectExistsError):
        Project.create(path)
    assert path.read_text() == "precious"


def test_schema_from_migrations_matches_the_models(tmp_path: Path) -> None:
    with Project.create(tmp_path / "m.lgc") as proj, proj.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not an SQLite file"),
        (bytes(range(256)) * 40, "not an SQLite file"),
        (b"hello, I am a text file\n", "not an SQLite file"),
    ],
)
def test_files_that_are_not_projects_are_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.lgc"
    path.write_bytes(content)
    with pytest.raises(NotAProjectError, match=message):
        Project.open(path)
    assert path.read_bytes() == content


def test_an_unrelated_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _sha(path)
    with pytest.raises(NotAProjectError, match="not an lgcoder project"):
        Project.open(path)
    assert _sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_a_project_from_a_newer_lgcoder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.lgc"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = _sha(path)
    with pytest.raises(NewerSchemaError, match="newer version of lgcoder"):
        Project.open(path)
    assert _sha(path) == before


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(NotAProjectError, match="no such project"):
        Project.open(tmp_path / "nope.lgc")
    with pytest.raises(NotAProjectError, match="folder"):
        Project.open(tmp_path)


def test_backups_rotate_and_hold_the_content(tmp_path: Path) -> None:
    path = tmp_path / "p.lgc"
    with Project.create(path) as proj:
        add_text(proj, "Backed up text.")
    for _ in range(BACKUPS_KEPT + 2):
        Project.open(path, backup=True).close()
    backups = sorted((tmp_path / "p.lgc-backups").glob("*.lgc"))
    assert len(backups) == BACKUPS_KEPT
    with Project.open(backups[-1], readonly=True) as copy, copy.reading() as s:
        from lgcoder.core.ops.documents import list_documents

        assert [d.name for d in list_documents(s)] == ["notes.txt"]


def test_a_failed_transaction_changes_nothing(tmp_path: Path) -> None:
    with Project.create(tmp_path / "t.lgc") as proj:
        with pytest.raises(RuntimeError), proj.transaction() as s:
            project_ops.set_title(s, "changed")
            raise RuntimeError("boom")
        with proj.reading() as s:
            assert project_ops.title(s) == "t"


def test_readonly_open_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "r.lgc"
    Project.create(path).close()
    before = _sha(path)
    with (
        Project.open(path, readonly=True) as proj,
        pytest.raises(Exception, match=r"readonly|read-only|query_only|attempt to write"),
        proj.transaction() as s,
    ):
        project_ops.set_title(s, "nope")
    assert _sha(path) == before


def test_migration_file_names_carry_their_revision_ids() -> None:
    """Opening a project compares ids from file names; Alembic must agree with them."""
    from alembic.script import ScriptDirectory

    from lgcoder.core.db import _alembic_config, head_revision, known_revisions

    script = ScriptDirectory.from_config(_alembic_config())
    assert sorted(r.revision for r in script.walk_revisions()) == known_revisions()
    assert script.get_current_head() == head_revision()


def _schema_0001_project(path: Path) -> None:
    """A project file exactly as lgcoder wrote it before per-field edit times (schema 0001)."""
    from alembic import command
    from sqlalchemy import create_engine

    from lgcoder.core.db import APPLICATION_ID, _alembic_config

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        ts = "2025-03-04 05:06:07.000008"
        conn.exec_driver_sql(
            "INSERT INTO project_info (key, value) VALUES ('title', 'old'), ('guid', 'g0')"
        )
        conn.exec_driver_sql(
            "INSERT INTO coder (guid, name, color, created, updated) "
            f"VALUES ('k1', 'Ann', '#112233', '{ts}', '{ts}')"
        )
        conn.exec_driver_sql(
            "INSERT INTO code (guid, name, color, description, sort_order, created, updated, "
            f"deleted) VALUES ('c1', 'funding', '#445566', 'money', 0, '{ts}', '{ts}', 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO document (guid, name, kind, text, text_sha256, text_length, "
            "source_filename, source_mime, imported_at, created, updated, sort_order) VALUES "
            f"('d1', 'a.txt', 'text', 'abc', '{'0' * 64}', 3, '', '', '{ts}', '{ts}', '{ts}', 1)"
        )
    engine.dispose()


def test_a_schema_0001_file_is_backed_up_and_gets_field_times_from_updated(
    tmp_path: Path,
) -> None:
    from datetime import datetime

    from lgcoder.core.db import head_revision
    from lgcoder.core.models import Code, Coder, Document

    path = tmp_path / "old.lgc"
    _schema_0001_project(path)
    with Project.open(path) as proj, proj.reading() as s:
        assert (
            s.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            == head_revision()
        )
        when = datetime(2025, 3, 4, 5, 6, 7, 8)
        code = s.query(Code).one()
        assert (code.name, code.color, code.description) == ("funding", "#445566", "money")
        times = (
            code.name_updated,
            code.parent_updated,
            code.color_updated,
            code.description_updated,
            code.deleted_updated,
        )
        assert times == (when,) * 5
        coder = s.query(Coder).one()
        assert (coder.name_updated, coder.color_updated) == (when, when)
        assert s.query(Document).one().name_updated == when
    backups = list((tmp_path / "old.lgc-backups").glob("*.lgc"))
    assert len(backups) == 1  # the 0001 file as it was, before migrating
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()


def test_new_rows_take_their_field_times_from_updated(tmp_path: Path) -> None:
    """An import that dates its rows (REFI files do) dates every field the same."""
    from datetime import datetime

    from lgcoder.core.models import Code

    when = datetime(2024, 1, 2, 3, 4, 5, 6)
    with Project.create(tmp_path / "n.lgc") as proj:
        with proj.transaction() as s:
            s.add(Code(name="dated", updated=when))
            s.add(Code(name="now"))
        with proj.reading() as s:
            dated = s.query(Code).filter_by(name="dated").one()
            assert dated.name_updated == dated.deleted_updated == when
            fresh = s.query(Code).filter_by(name="now").one()
            assert fresh.parent_updated == fresh.color_updated == fresh.updated


def test_a_schema_0001_file_gets_case_and_attribute_times_from_their_owners(
    tmp_path: Path,
) -> None:
    """Migration 0003: memberships and values are dated by their case or document; nothing is
    a tombstone yet."""
    from datetime import datetime

    from lgcoder.core.models import Attribute, Case, CaseAttribute, CaseDocument, DocumentAttribute

    path = tmp_path / "old.lgc"
    _schema_0001_project(path)
    doc_ts, case_ts, attr_ts = (
        "2025-03-04 05:06:07.000008",
        "2025-05-01 00:00:00.000001",
        "2025-06-01 00:00:00.000002",
    )
    con = sqlite3.connect(path)
    con.executescript(
        'INSERT INTO "case" (guid, name, description, created, updated) VALUES '
        f"('k1', 'North', 'coast', '{case_ts}', '{case_ts}');"
        "INSERT INTO attribute (guid, name, scope, value_type, created, updated) VALUES "
        f"('a1', 'region', 'document', 'text', '{attr_ts}', '{attr_ts}'),"
        f"('a2', 'size', 'case', 'number', '{attr_ts}', '{attr_ts}');"
        "INSERT INTO case_document (case_id, document_id) VALUES (1, 1);"
        "INSERT INTO document_attribute (document_id, attribute_id, value) VALUES (1, 1, 'N');"
        "INSERT INTO case_attribute (case_id, attribute_id, value) VALUES (1, 2, '3');"
    )
    con.commit()
    con.close()
    as_dt = datetime.fromisoformat
    with Project.open(path) as proj, proj.reading() as s:
        case = s.query(Case).one()
        assert not case.deleted
        assert case.name_updated == case.description_updated == case.deleted_updated
        assert case.deleted_updated == as_dt(case_ts)
        member = s.query(CaseDocument).one()
        assert (member.deleted, member.updated) == (False, as_dt(case_ts))
        assert s.query(DocumentAttribute).one().updated == as_dt(doc_ts)
        assert s.query(CaseAttribute).one().updated == as_dt(case_ts)
        for attr in s.query(Attribute):
            assert (attr.deleted, attr.deleted_updated) == (False, as_dt(attr_ts))


def test_an_import_reads_no_other_document_in_full(tmp_path: Path) -> None:
    """Storing one more document must not read every stored one (migration 0004).

    ``sort_order`` sits after the text and the original file in a document's row, so a full scan
    of the document table reads every stored text: importing into a project of long transcripts
    grew slower with each file. Every statement an import runs is asked for its query plan, and
    none may scan the document table.
    """
    from sqlalchemy import event

    from lgcoder.core.ops.documents import list_documents

    with Project.create(tmp_path / "big.lgc") as project:
        for n in range(3):
            add_text(project, f"transcript {n} " * 2000, f"t{n}.txt")
        statements: list[str] = []

        def record(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
            statements.append(sql)

        event.listen(project.engine, "before_cursor_execute", record)
        add_text(project, "one more", "last.txt")
        event.remove(project.engine, "before_cursor_execute", record)
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert any("sort_order" in s for s in reads)  # the op still asks where the list ends
        con = sqlite3.connect(tmp_path / "big.lgc")
        try:
            for sql in reads:
                plan = con.execute(f"EXPLAIN QUERY PLAN {sql}", [None] * sql.count("?"))
                details = [row[-1] for row in plan]
                assert not any(d.startswith("SCAN document") for d in details), (sql, details)
        finally:
            con.close()
        with project.reading() as session:
            names = [d.name for d in list_documents(session)]
        assert names == ["t0.txt", "t1.txt", "t2.txt", "last.txt"]  # it still goes last


def test_an_older_file_gains_the_document_order_index_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.lgc"
    _schema_0001_project(path)
    Project.open(path).close()
    con = sqlite3.connect(path)
    try:
        indexes = {row[1] for row in con.execute("PRAGMA index_list(document)")}
        assert "ix_document_order" in indexes
        assert con.execute("SELECT name FROM document").fetchall() == [("a.txt",)]
    finally:
        con.close()

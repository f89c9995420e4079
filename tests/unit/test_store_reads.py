"""Reading never writes: journal modes at rest, readers beside a writer, backups, busy waits."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from lgcoder.core.db import Project
from lgcoder.core.errors import BusyError, ReadOnlyProjectError
from lgcoder.core.ops.codes import add_code
from lgcoder.core.queries import flat_code_tree
from tests.helpers import add_text


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def journal_byte(path: Path) -> int:
    return path.read_bytes()[18]  # 1 = rollback journal, 2 = WAL


def companions(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def test_a_closed_project_is_one_file_in_rollback_mode(tmp_path: Path) -> None:
    path = tmp_path / "p.lgc"
    with Project.create(path) as proj:
        add_text(proj, "Some words.")
        assert journal_byte(path) == 2  # WAL while open: readers are not blocked
    assert journal_byte(path) == 1
    assert companions(path) == []


def test_reading_a_wal_file_at_rest_leaves_it_alone(tmp_path: Path) -> None:
    """Projects written before issue 15 rest in WAL mode; SQLite would create -wal/-shm."""
    path = tmp_path / "old.lgc"
    with Project.create(path) as proj, proj.transaction() as s:
        add_code(s, "kept")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    assert journal_byte(path) == 2 and companions(path) == []
    before = sha(path)
    with Project.open(path, readonly=True) as proj, proj.reading() as s:
        assert [n.name for n in flat_code_tree(s)] == ["kept"]
    assert sha(path) == before
    assert companions(path) == []


def test_a_reader_sees_what_an_open_writer_committed(tmp_path: Path) -> None:
    path = tmp_path / "p.lgc"
    with Project.create(path) as writer:
        with writer.transaction() as s:
            add_code(s, "fresh")
        with Project.open(path, readonly=True) as reader, reader.reading() as s:
            assert [n.name for n in flat_code_tree(s)] == ["fresh"]
        with writer.transaction() as s:  # the reader did not disturb the writer
            add_code(s, "second")
    assert companions(path) == []


def test_a_read_only_project_refuses_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "p.lgc"
    Project.create(path).close()
    with (
        Project.open(path, readonly=True) as proj,
        pytest.raises(ReadOnlyProjectError),
        proj.transaction(),
    ):
        pass


def test_a_transaction_waits_for_another_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.lgc"
    Project.create(path).close()
    monkeypatch.setenv("LGCODER_BUSY_TIMEOUT", "10")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    started = time.monotonic()
    with Project.open(path) as proj, proj.transaction() as s:
        add_code(s, "after the wait")
    assert time.monotonic() - started >= 0.4
    other.close()


def test_a_transaction_that_cannot_get_the_lock_is_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.lgc"
    Project.create(path).close()
    monkeypatch.setenv("LGCODER_BUSY_TIMEOUT", "0.3")
    with Project.open(path) as proj:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with (
                pytest.raises(BusyError, match="is busy: another lgcoder process"),
                proj.transaction() as s,
            ):
                add_code(s, "never")
        finally:
            other.execute("ROLLBACK")
            other.close()
        with proj.reading() as s:
            assert flat_code_tree(s) == []


def test_backups_are_read_only_complete_and_unchanged_by_reading(tmp_path: Path) -> None:
    path = tmp_path / "p.lgc"
    with Project.create(path) as proj:
        add_text(proj, "Backed up.")
        backup = proj.backup()
    assert backup.stat().st_mode & 0o777 == 0o444
    assert journal_byte(backup) == 1
    before = sha(backup)
    with Project.open(backup, readonly=True) as copy, copy.reading() as s:
        from lgcoder.core.check import check_project

        assert check_project(s) == []
    assert sha(backup) == before
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]


def test_a_save_cut_off_in_rollback_mode_is_rolled_back_before_reading(tmp_path: Path) -> None:
    """kill -9 during the last writer's switch back to rollback mode leaves a hot journal,
    which a read-only connection cannot roll back ("attempt to write a readonly database")."""
    import os

    path = tmp_path / "p.lgc"
    with Project.create(path) as proj, proj.transaction() as s:
        add_code(s, "kept")
    pid = os.fork()
    if pid == 0:  # a writer that dies in the middle of a rollback-journal transaction
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA cache_size=1")
        conn.execute("BEGIN")
        conn.execute("UPDATE code SET name = name || ' (half saved)'")
        conn.execute("INSERT INTO project_info (key, value) VALUES ('pad', zeroblob(200000))")
        os._exit(0)
    os.waitpid(pid, 0)
    assert Path(f"{path}-journal").exists()
    with Project.open(path, readonly=True) as proj, proj.reading() as s:
        assert [n.name for n in flat_code_tree(s)] == ["kept"]
    assert companions(path) == []

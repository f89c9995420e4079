"""Hostile project files × (read, write, merge source): one line, and nothing changes.

The files are what arrives by email or with a data set: random bytes, an empty file, another
application's SQLite database, a file with our application id but no tables, a project from a
newer lgcoder, a truncated project, a project with a planted trigger and view, and a sound
project that is read-only, as a file or by its folder.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from lgcoder.core.db import APPLICATION_ID
from tests.reliability.harness import Run, cli, no_dac_cli

pytestmark = pytest.mark.slow


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def companions(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sound")
    path = folder / "sound.lgc"
    src = folder / "notes.txt"
    src.write_text("The budget was cut. The council met twice.\n" * 50, encoding="utf-8")
    assert cli("new", path, "--coder", "Ann").code == 0
    assert cli("import", path, src).code == 0
    assert cli("code", "add", path, "budget").code == 0
    assert cli("autocode", path, "budget", "--code", "budget", "--unit", "sentence").code == 0
    return path


def _sqlite(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def random_bytes(path: Path, sound: Path) -> None:
    path.write_bytes(random.Random(15).randbytes(8192))


def empty(path: Path, sound: Path) -> None:
    path.write_bytes(b"")


def other_app(path: Path, sound: Path) -> None:
    _sqlite(
        path, "CREATE TABLE contacts (name TEXT, phone TEXT)", "INSERT INTO contacts VALUES (1, 2)"
    )


def our_id_no_tables(path: Path, sound: Path) -> None:
    _sqlite(path, f"PRAGMA application_id={APPLICATION_ID}")


def newer_schema(path: Path, sound: Path) -> None:
    shutil.copy(sound, path)
    _sqlite(path, "UPDATE alembic_version SET version_num = '9999'")


def truncated(path: Path, sound: Path) -> None:
    data = sound.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def planted(path: Path, sound: Path) -> None:
    shutil.copy(sound, path)
    _sqlite(
        path,
        "CREATE TRIGGER wipe AFTER INSERT ON coding BEGIN DELETE FROM coding; END",
        "CREATE VIEW peek AS SELECT text FROM document",
    )


BAD: dict[str, Callable[[Path, Path], None]] = {
    "random bytes": random_bytes,
    "empty": empty,
    "another app's SQLite": other_app,
    "our id without tables": our_id_no_tables,
    "newer schema": newer_schema,
    "truncated": truncated,
    "planted trigger and view": planted,
}


def _clean_error(run: Run) -> None:
    assert run.code == 1, (run.code, run.err)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lgcoder: error: "), run.err
    assert "internal error" not in run.err


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_hostile_file_is_refused_by_every_use_and_left_alone(
    kind: str, sound: Path, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.lgc"
    BAD[kind](path, sound)
    target = tmp_path / "target.lgc"
    shutil.copy(sound, target)
    before, target_before = sha(path), sha(target)

    _clean_error(cli("codes", path))
    check = cli("check", path)  # may list several findings, each its own line
    assert check.code == 1 and "internal error" not in check.err
    assert all(line.startswith("lgcoder: error: ") for line in check.err.splitlines())
    _clean_error(cli("code", "add", path, "new code"))
    _clean_error(cli("merge", target, path))

    assert sha(path) == before
    assert companions(path) == []
    assert sha(target) == target_before


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_read_only_project_reads_merges_and_refuses_writes(
    where: str, sound: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    path = folder / "shared.lgc"
    shutil.copy(sound, path)
    target = tmp_path / "target.lgc"
    assert cli("new", target).code == 0
    locked = path if where == "file" else folder
    locked.chmod(0o444 if where == "file" else 0o555)
    try:
        before = sha(path)
        listed = no_dac_cli("codes", path)
        assert listed.returncode == 0, listed.stderr
        assert "budget" in listed.stdout
        wrote = no_dac_cli("code", "add", path, "new code")
        assert wrote.returncode == 1
        assert wrote.stderr.strip() == (
            f"lgcoder: error: {path} is read-only; copy it somewhere writable to change it"
        )
        merged = no_dac_cli("merge", target, path)
        assert merged.returncode == 0, merged.stderr
        assert sha(path) == before
        assert companions(path) == []
    finally:
        locked.chmod(0o755)
    assert "budget" in cli("codes", target).out

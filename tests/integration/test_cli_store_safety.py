"""The store's safety as a user meets it: the real CLI against files from someone else.

Each test here failed before issue 15: a planted trigger ran on the next write, reading changed
files, a read-only file or folder gave internal errors, a busy project failed at once, and bad
regexes, long paths and odd ``--span`` digits were not worded.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from lgcoder.core.db import Project
from lgcoder.core.ops.coders import ensure_coder
from lgcoder.core.ops.codes import add_code
from lgcoder.core.ops.codings import apply_coding
from lgcoder.core.ops.documents import get_document
from tests.helpers import LGCODER, add_text, assert_clean_error, run_cli

TEXT = (
    "Priya: Our biggest barrier is legacy contracts with suppliers. We keep paying.\n\n"
    "Tom: Leadership has to own channel shift. Otherwise it stays an IT project.\n"
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(folder: Path, name: str = "p.lgc") -> Path:
    """A small project with one document, two codes and two codings, closed (at rest)."""
    path = folder / name
    with Project.create(path, coder="Ann") as proj:
        add_text(proj, TEXT, "interview.txt")
        with proj.transaction() as s:
            add_code(s, "barriers")
            add_code(s, "leadership")
        with proj.transaction() as s:
            from lgcoder.core.ops.codes import get_code

            doc = get_document(s, "interview.txt")
            ann = ensure_coder(s, "Ann")
            apply_coding(s, doc, get_code(s, "barriers"), ann, 30, 46)
            apply_coding(s, doc, get_code(s, "leadership"), ann, 83, 93)
    return path


def companions(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def plant(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def no_dac(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run lgcoder subject to file permissions, even as root (CI runs as root).

    Root ignores a file's mode through the CAP_DAC_OVERRIDE capability; dropping it from the
    bounding set makes a 0444 file or 0555 folder as read-only for lgcoder as for any user.
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be enforced")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    return subprocess.run(
        [*prefix, *LGCODER, *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, **(env or {}), QT_QPA_PLATFORM="offscreen"),
        timeout=120,
        check=False,
    )


# -- 1. planted triggers and views ---------------------------------------------------------------


def test_a_planted_trigger_is_refused_before_any_write_and_check_names_it(tmp_path: Path) -> None:
    path = build(tmp_path)
    plant(
        path,
        "CREATE TRIGGER wipe AFTER INSERT ON coding "
        "BEGIN DELETE FROM coding WHERE id != NEW.id; END",
    )
    before = sha(path)
    result = run_cli(
        "code", "apply", path, "--doc", "interview.txt", "--code", "barriers", "--span", "0:5"
    )
    assert_clean_error(result)
    assert "trigger 'wipe' on table coding" in result.stderr
    assert "lgcoder repair" in result.stderr
    assert sha(path) == before
    assert count(path, "coding") == 2

    check = run_cli("check", path)
    assert check.returncode == 1
    assert "trigger 'wipe'" in check.stderr
    assert "internal error" not in check.stderr
    assert sha(path) == before


def test_a_trigger_on_document_does_not_fire_on_import(tmp_path: Path) -> None:
    path = build(tmp_path)
    plant(path, "CREATE TRIGGER t AFTER INSERT ON document BEGIN DELETE FROM code; END")
    plant(path, "CREATE VIEW v AS SELECT * FROM code")
    before = sha(path)
    src = tmp_path / "more.txt"
    src.write_text("More text.\n", encoding="utf-8")
    result = run_cli("import", path, src)
    assert result.returncode == 1
    assert "trigger 't' on table document" in result.stderr
    assert "internal error" not in result.stderr
    assert sha(path) == before
    assert count(path, "code") == 2


# -- 3, 4, 5. reading never writes; read-only files and folders ---------------------------------


def test_reading_a_project_at_rest_changes_nothing(tmp_path: Path) -> None:
    path = build(tmp_path)
    before = sha(path)
    for cmd in (["codes"], ["docs"], ["codings"], ["dump"], ["check"]):
        run_cli(*cmd[:1], path, *cmd[1:], check=True)
    run_cli("text", path, "--doc", "interview.txt", check=True)
    run_cli("export", "csv", path, tmp_path / "out.csv", check=True)
    assert sha(path) == before
    assert companions(path) == []


def test_a_read_only_file_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    path = build(tmp_path)
    path.chmod(0o444)
    before = sha(path)
    listed = no_dac("codes", path)
    assert listed.returncode == 0, listed.stderr
    assert "barriers" in listed.stdout
    assert no_dac("check", path).returncode == 0
    result = no_dac("code", "add", path, "funding")
    assert_clean_error(result)
    assert f"{path} is read-only; copy it somewhere writable to change it" in result.stderr
    assert sha(path) == before
    assert companions(path) == []


def test_a_read_only_old_schema_file_is_read_without_migrating(tmp_path: Path) -> None:
    from tests.unit.test_project_file import _schema_0001_project

    path = tmp_path / "old.lgc"
    _schema_0001_project(path)
    path.chmod(0o444)
    before = sha(path)
    listed = no_dac("codes", path)
    assert listed.returncode == 0, listed.stderr
    assert "funding" in listed.stdout
    result = no_dac("code", "add", path, "more")
    assert_clean_error(result)
    assert "read-only" in result.stderr
    assert sha(path) == before
    assert companions(path) == []  # no backup folder either


def test_a_writable_old_schema_file_is_read_untouched_and_migrated_by_a_write(
    tmp_path: Path,
) -> None:
    from tests.unit.test_project_file import _schema_0001_project

    path = tmp_path / "old.lgc"
    _schema_0001_project(path)
    before = sha(path)
    assert "funding" in run_cli("codes", path, check=True).stdout
    assert sha(path) == before and companions(path) == []
    run_cli("code", "add", path, "more", check=True)
    (backup,) = (tmp_path / "old.lgc-backups").glob("*.lgc")
    conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    conn.close()
    assert "more" in run_cli("codes", path, check=True).stdout


def test_a_file_with_our_id_but_no_tables_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "empty.lgc"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id=1279738703")
    conn.commit()
    conn.close()
    before = sha(path)
    for cmd in ("codes", "check", "dump"):
        result = run_cli(cmd, path)
        assert_clean_error(result)
        assert "no project tables" in result.stderr
    assert sha(path) == before
    assert companions(path) == []


def test_reading_a_backup_leaves_it_exactly_as_it_was(tmp_path: Path) -> None:
    path = build(tmp_path)
    Project.open(path, backup=True).close()
    (backup,) = (tmp_path / "p.lgc-backups").glob("*.lgc")
    assert backup.stat().st_mode & 0o777 == 0o444
    before = sha(backup)
    run_cli("codes", backup, check=True)
    run_cli("dump", backup, check=True)
    assert sha(backup) == before
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]


def test_a_project_in_a_read_only_folder_can_be_listed(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = build(folder)
    before = sha(path)
    folder.chmod(0o555)
    try:
        listed = no_dac("codes", path)
        assert listed.returncode == 0, listed.stderr
        assert "leadership" in listed.stdout
        assert no_dac("dump", path).returncode == 0
        result = no_dac("code", "add", path, "funding")
        assert_clean_error(result)
        assert "read-only; copy it somewhere writable" in result.stderr
    finally:
        folder.chmod(0o755)
    assert sha(path) == before
    assert companions(path) == []


# -- 2. a busy project waits, then explains -------------------------------------------------------


def _hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another writer: holds the write lock for *seconds* (in this process, like a long write)."""
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait(10)
    return thread


def test_a_write_waits_for_another_writer_then_goes_through(tmp_path: Path) -> None:
    path = build(tmp_path)
    holder = _hold_write_lock(path, 2.0)
    result = run_cli(
        "code", "apply", path, "--doc", "interview.txt", "--code", "barriers", "--span", "0:5"
    )
    holder.join()
    assert result.returncode == 0, result.stderr
    assert count(path, "coding") == 3


def test_a_write_that_cannot_get_the_lock_says_the_project_is_busy(tmp_path: Path) -> None:
    path = build(tmp_path)
    holder = _hold_write_lock(path, 6.0)
    env = dict(os.environ, LGCODER_BUSY_TIMEOUT="1", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [*LGCODER, "code", "add", str(path), "funding"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    holder.join()
    assert_clean_error(result)
    assert f"{path} is busy: another lgcoder process is writing to it" in result.stderr
    assert "try again" in result.stderr


def test_a_batch_import_goes_on_past_a_busy_moment(tmp_path: Path) -> None:
    path = build(tmp_path)
    files = []
    for i in range(4):
        f = tmp_path / f"note{i}.txt"
        f.write_text(f"Note number {i} about budgets.\n", encoding="utf-8")
        files.append(f)
    holder = _hold_write_lock(path, 1.5)
    result = run_cli("import", path, *files)
    holder.join()
    assert result.returncode == 0, result.stderr
    assert "4 of 4 files imported" in result.stdout


def test_a_batch_import_reports_each_busy_file_and_goes_on(tmp_path: Path) -> None:
    """Before: the first "database is locked" ended the batch as an internal error."""
    path = build(tmp_path)
    files = []
    for i in range(4):
        f = tmp_path / f"memo{i}.txt"
        f.write_text(f"Memo {i} on the reorganisation.\n", encoding="utf-8")
        files.append(f)
    holder = _hold_write_lock(path, 8.0)
    env = dict(os.environ, LGCODER_BUSY_TIMEOUT="1", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [*LGCODER, "import", str(path), *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    holder.join()
    assert "internal error" not in result.stderr
    found = re.search(r"(\d) of 4 files imported", result.stdout)
    assert found is not None, (result.stdout, result.stderr)
    busy = [line for line in result.stderr.splitlines() if "is busy" in line]
    assert len(busy) == 4 - int(found[1]) >= 1
    assert all(line.startswith("lgcoder: error: memo") for line in busy)


# -- 6, 7. every other error is ours to word ------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("a{99999999999}", "repeat count too big"),
        ("(a", "not a valid regular expression"),
        ("[z-a]", "bad character range"),
    ],
)
def test_bad_regexes_get_one_line(tmp_path: Path, pattern: str, words: str) -> None:
    path = build(tmp_path)
    for cmd in ("search", "autocode"):
        extra = ["--code", "barriers"] if cmd == "autocode" else []
        result = run_cli(cmd, path, pattern, "--regex", *extra)
        assert_clean_error(result)
        assert words in result.stderr


def test_a_catastrophic_regex_is_stopped_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "p.lgc"
    with Project.create(path) as proj:
        add_text(proj, "a" * 40 + "!", "long.txt")
    before = sha(path)
    started = time.monotonic()
    result = run_cli("search", path, "(a|aa)+$", "--regex")
    assert_clean_error(result)
    assert "took too long" in result.stderr
    assert time.monotonic() - started < 60
    assert sha(path) == before


def test_paths_too_long_get_one_line(tmp_path: Path) -> None:
    path = build(tmp_path)
    long_name = "x" * 300
    for args in (
        ("export", "csv", path, tmp_path / f"{long_name}.csv"),
        ("export", "codebook", path, tmp_path / f"{long_name}.docx"),
        ("new", tmp_path / f"{long_name}.lgc"),
        ("codes", tmp_path / f"{long_name}.lgc"),
    ):
        result = run_cli(*args)
        assert_clean_error(result)
        assert "longer than this system allows" in result.stderr, result.stderr


def test_a_folder_where_a_file_should_be_gets_one_line(tmp_path: Path) -> None:
    path = build(tmp_path)
    (tmp_path / "out.csv").mkdir()
    result = run_cli("export", "csv", path, tmp_path / "out.csv")
    assert_clean_error(result)
    assert "folder" in result.stderr


@pytest.mark.parametrize("span", ["٣:٩", "1_0:2_0", "+1:5", " 1:5x", "1.0:5", "１:５"])
def test_span_takes_ascii_digits_only(tmp_path: Path, span: str) -> None:
    path = build(tmp_path)
    result = run_cli(
        "code", "apply", path, "--doc", "interview.txt", "--code", "barriers", "--span", span
    )
    assert_clean_error(result)
    assert "--span must be START:END" in result.stderr
    assert count(path, "coding") == 2


# -- repair ----------------------------------------------------------------------------------------


def test_repair_writes_a_clean_copy_with_the_same_content(tmp_path: Path) -> None:
    path = build(tmp_path)
    expected = run_cli("codings", path, "--json", check=True).stdout
    plant(path, "CREATE TRIGGER wipe AFTER INSERT ON coding BEGIN DELETE FROM coding; END")
    plant(path, "CREATE VIEW peek AS SELECT * FROM document")
    plant(path, "CREATE TABLE stash (x)")
    before = sha(path)
    out = tmp_path / "clean.lgc"
    result = run_cli("repair", path, out, check=True)
    assert "trigger 'wipe'" in result.stdout and "view 'peek'" in result.stdout
    assert "table 'stash'" in result.stdout
    assert sha(path) == before
    assert run_cli("check", out, check=True).stdout.strip().endswith("ok")
    assert run_cli("codings", out, "--json", check=True).stdout == expected
    run_cli(
        "code",
        "apply",
        out,
        "--doc",
        "interview.txt",
        "--code",
        "barriers",
        "--span",
        "0:5",
        check=True,
    )
    assert count(out, "coding") == 3
    assert companions(out) == []
    again = run_cli("repair", path, out)
    assert_clean_error(again)
    assert "already exists" in again.stderr

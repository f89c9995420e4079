"""The server commands and the same scripted session on a file and on a server, run as a shell would."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import LGCODER, run_cli
from tests.helpers import assert_clean_error as _clean

pytestmark = pytest.mark.slow

_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?")


def assert_clean_error(result: subprocess.CompletedProcess[str], says: str) -> None:
    """One line, no traceback (tests/helpers.py), saying *says*."""
    _clean(result)
    assert says in result.stderr, result.stderr


def _with_stdin(*args: str | Path, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LGCODER, *map(str, args)], input=stdin, capture_output=True, text=True, timeout=120
    )


def _shape(dump_text: str) -> list[str]:
    """A dump with ids and times taken out, its rows sorted: what two sessions share."""
    data = json.loads(_TIME.sub("T", _GUID.sub("G", dump_text)))
    out = []
    for key, value in sorted(data.items()):
        rows = value if isinstance(value, list) else [value]
        out += sorted(f"{key}: {json.dumps(r, sort_keys=True)}" for r in rows)
    return out


def _session(project: str, folder: Path) -> str:
    """New/publish, import, code, an offline copy coded and merged back, a Word summary."""
    text = folder / "rt.txt"
    text.write_text("Mayor: funding is short.\n\nClerk: leadership helps.\n", encoding="utf-8")
    run_cli("import", project, text, check=True)
    run_cli("code", "add", project, "funding", check=True)
    run_cli("code", "add", project, "leadership", check=True)
    run_cli(
        "code",
        "apply",
        project,
        "--doc",
        "rt.txt",
        "--code",
        "funding",
        "--span",
        "7:14",
        "--coder",
        "Lead",
        check=True,
    )
    copy = folder / "offline.lgc"
    run_cli("pull", project, copy, check=True)
    run_cli(
        "code",
        "apply",
        copy,
        "--doc",
        "rt.txt",
        "--code",
        "leadership",
        "--span",
        "33:43",
        "--coder",
        "Ann",
        check=True,
    )
    preview = run_cli("merge", project, copy, "--dry-run", "--json", check=True)
    assert json.loads(preview.stdout)["dry_run"] is True
    report = run_cli("merge", project, copy, check=True).stdout
    assert "merged 1 file into" in report
    summary = folder / "summary.docx"
    run_cli("export", "docx", project, summary, check=True)
    assert summary.stat().st_size > 0
    assert run_cli("check", project, check=True).stdout.strip().endswith("ok")
    docs = json.loads(run_cli("docs", project, "--json", check=True).stdout)
    assert [d["name"] for d in docs] == ["rt.txt"]
    codes = {
        c["path"]: c["codings"]
        for c in json.loads(run_cli("codes", project, "--json", check=True).stdout)
    }
    assert codes == {"funding": 1, "leadership": 1}
    return run_cli("dump", project, check=True).stdout


def test_the_same_session_on_a_file_and_on_a_server_gives_the_same_dump(
    tmp_path: Path, pg_server: Any
) -> None:
    (tmp_path / "f").mkdir()
    (tmp_path / "s").mkdir()
    seed = tmp_path / "study.lgc"
    run_cli("new", seed, "--coder", "Lead", "--title", "Study", check=True)
    file_dump = _session(str(seed), tmp_path / "f")

    url = pg_server.url(pg_server.new_database("cli"))
    seed2 = tmp_path / "study2.lgc"
    run_cli("new", seed2, "--coder", "Lead", "--title", "Study", check=True)
    assert "created the project" in run_cli("server", "init", url, check=True).stdout
    run_cli("publish", seed2, url, check=True)
    server_dump = _session(url, tmp_path / "s")
    assert _shape(server_dump) == _shape(file_dump)
    assert '"Ann"' in server_dump and server_dump.count('"start": 33') == 1


def test_team_members_are_added_and_work_with_their_own_passwords(
    tmp_path: Path, pg_server: Any
) -> None:
    db = pg_server.new_database("team")
    owner = pg_server.url(db)
    run_cli("server", "init", owner, "--title", "Team", check=True)
    login = f"ann_{db}"
    password = secrets.token_urlsafe(12)
    added = _with_stdin(
        "server",
        "add-coder",
        owner,
        login,
        "--role",
        "coder",
        "--coder",
        "Ann Lee",
        "--password-stdin",
        stdin=password + "\n",
    )
    assert added.returncode == 0, added.stderr
    assert "coding as Ann Lee, with a password" in added.stdout
    members = json.loads(run_cli("server", "coders", owner, "--json", check=True).stdout)
    assert {"login": login, "role": "coder", "coder": "Ann Lee"} in members

    # Without the password in ~/.pgpass (PGPASSFILE) the login is refused, in one line.
    assert_clean_error(run_cli("dump", pg_server.url(db, login)), "refused the login")
    pg_server.remember_password(login, password)
    mine = pg_server.url(db, login)
    text = tmp_path / "a.txt"
    text.write_text("Funding is short.\n", encoding="utf-8")
    run_cli("import", owner, text, check=True)
    run_cli("code", "add", owner, "funding", check=True)
    run_cli(
        "code",
        "apply",
        mine,
        "--doc",
        "a.txt",
        "--code",
        "funding",
        "--span",
        "0:7",
        "--coder",
        "Ann Lee",
        check=True,
    )
    # a coder may not change the codebook: the server says no, lgcoder says it in one line
    assert_clean_error(run_cli("code", "add", mine, "trust"), "server refused")
    # an offline copy pulled by the coder codes as the coder, and merges back... by a lead
    copy = tmp_path / "ann.lgc"
    run_cli("pull", mine, copy, check=True)
    run_cli(
        "code", "apply", copy, "--doc", "a.txt", "--code", "funding", "--span", "8:17", check=True
    )
    assert_clean_error(run_cli("merge", mine, copy), "server refused")
    run_cli("merge", owner, copy, check=True)
    codings = run_cli("dump", mine, check=True).stdout
    assert codings.count('"coder"') >= 2 and '"start": 8' in codings


def test_addresses_and_servers_that_do_not_work_are_one_line(
    tmp_path: Path, pg_server: Any
) -> None:
    db = pg_server.new_database("bad")
    url = pg_server.url(db)
    assert_clean_error(
        run_cli("dump", f"postgresql://postgres:secret@127.0.0.1:{pg_server.port}/{db}"),
        "never stores one",
    )
    assert_clean_error(run_cli("dump", url), "holds no lgcoder project")
    assert_clean_error(run_cli("new", url), "lgcoder server init")
    assert_clean_error(run_cli("dump", pg_server.url("no_such_db")), "no such database")
    assert_clean_error(
        run_cli("dump", "postgresql://nobody@127.0.0.1:1/x"), "cannot reach the server"
    )
    with pg_server.connect(db) as conn:
        conn.execute("CREATE TABLE payroll (id int)")
    assert_clean_error(run_cli("server", "init", url), "a database of its own")


def test_an_older_server_schema_is_upgraded_by_its_owner(pg_server: Any) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from lgcoder.core.db import alembic_config

    db = pg_server.new_database("old")
    url = pg_server.url(db)
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.exec_driver_sql(
            "INSERT INTO project_info (key, value) VALUES ('title', 'Old'), "
            "('created', '2026-01-01 00:00:00.000000'), ('guid', 'g-old')"
        )
    engine.dispose()
    assert_clean_error(run_cli("dump", url), "lgcoder server upgrade")
    out = run_cli("server", "upgrade", url, check=True).stdout
    assert "from schema 0002 to" in out
    assert json.loads(run_cli("dump", url, check=True).stdout)["project"]["title"] == "Old"
    assert "already at schema" in run_cli("server", "upgrade", url, check=True).stdout


def test_batch_and_prepare_copies_take_a_server_address(pg_url: str, tmp_path: Path) -> None:
    url = pg_url
    run_cli("server", "init", url, check=True)
    text = tmp_path / "rt.txt"
    text.write_text("Mayor: funding is short.\n\nClerk: leadership helps.\n", encoding="utf-8")
    run_cli("import", url, text, check=True)

    lines = tmp_path / "lines.txt"
    lines.write_text(
        "code add funding\n"
        "code apply --doc rt.txt --code funding --span 7:14 --coder Lead\n"
        "codings --code funding\n"
        "docs\n",
        encoding="utf-8",
    )
    result = run_cli("batch", url, lines)
    assert "batch: 4 of 4 lines ok" in result.stdout, result.stdout + result.stderr
    assert "funding is" not in result.stderr
    # --atomic on a server: a failing line and nothing of the batch is stored
    lines.write_text(
        "code add leadership\ncode apply --doc rt.txt --code nosuch --span 0:5\n",
        encoding="utf-8",
    )
    result = run_cli("batch", url, lines, "--atomic")
    assert result.returncode != 0 and "1 failed" in result.stdout, result.stdout
    assert "leadership" not in run_cli("codes", url, check=True).stdout

    # copies for offline coders, pulled from the server, each owned by its coder
    out = tmp_path / "copies"
    out.mkdir()
    result = run_cli("prepare-copies", url, "--coders", "Ann,Ben", "--out", out, check=True)
    db = url.rsplit("/", 1)[1]
    ann = out / f"{db}-Ann.lgc"
    assert ann.is_file() and (out / f"{db}-Ben.lgc").is_file(), result.stdout
    assert "(rt.txt; Lead)" in run_cli("codings", ann, check=True).stdout
    run_cli(
        "code", "apply", ann, "--doc", "rt.txt", "--code", "funding", "--span", "0:5", check=True
    )
    run_cli("merge", url, ann, check=True)
    merged = run_cli("codings", url, "--coder", "Ann", "--json", check=True).stdout
    assert [(c["start"], c["end"]) for c in json.loads(merged)] == [(0, 5)]


def test_publish_to_an_empty_database_sets_the_project_up_first(
    tmp_path: Path, pg_server: Any
) -> None:
    db = pg_server.new_database("pub")
    url = pg_server.url(db)
    study = tmp_path / "study.lgc"
    run_cli("new", study, "--coder", "Lead", "--title", "Channel shift study", check=True)
    text = tmp_path / "rt.txt"
    text.write_text("Mayor: funding is short.\n", encoding="utf-8")
    run_cli("import", study, text, check=True)
    run_cli("code", "add", study, "funding", check=True)
    run_cli(
        "code", "apply", study, "--doc", "rt.txt", "--code", "funding", "--span", "7:14",
        check=True,
    )  # fmt: skip
    # a file that is not a project: refused in one line, and nothing is made on the server
    junk = tmp_path / "junk.lgc"
    junk.write_text("not a project", encoding="utf-8")
    _clean(run_cli("publish", junk, url))
    with pg_server.connect(db) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone() == (0,)

    result = run_cli("publish", study, url, check=True)  # no `server init` first
    assert "created the project in" in result.stdout and "merged 1 file" in result.stdout
    assert "“funding” (rt.txt; Lead)" in run_cli("codings", url, check=True).stdout
    with pg_server.connect(db) as conn:  # titled as the file; roles and triggers installed
        assert conn.execute("SELECT value FROM project_info WHERE key = 'title'").fetchone() == (
            "Channel shift study",
        )
        assert (
            conn.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'lgcoder_ins'").fetchone()[
                0
            ]
            > 0
        )
    run_cli("server", "add-coder", url, f"ann_{db}", "--role", "coder", "--no-password", check=True)
    assert f"ann_{db}" in run_cli("server", "coders", url, check=True).stdout
    # publishing again merges into the project that is there now (server init path unchanged)
    again = run_cli("publish", study, url, "--json", check=True)
    assert json.loads(again.stdout)["server_init"] is None

"""The CLI contract of DESIGN §5, run as a user would: the real lgcoder in a subprocess."""

from __future__ import annotations

import hashlib
import json
import shlex
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import assert_clean_error, cli_json, run_cli

TRANSCRIPT = (
    "\ufeffPriya: Our biggest barrier is legacy contracts 😀 with suppliers.\r\n"
    "Tom: Leadership has to own channel shift 👩🏽‍💻, otherwise it stays an IT project.\r\n"
    "Priya: When housing and revenues worked together we saw real synergy.\r\n"
)


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    path = tmp_path / "roundtable.lgc"
    run_cli("new", path, "--title", "Digital roundtable", "--coder", "Ann", check=True)
    src = tmp_path / "roundtable.txt"
    src.write_bytes(TRANSCRIPT.encode("utf-8"))
    out = run_cli("import", path, src, check=True)
    assert "imported roundtable.txt" in out.stdout
    for code in ("barriers", "barriers/contracts", "leadership", "synergy"):
        run_cli("code", "add", path, code, check=True)
    return path


def _dump(path: Path) -> str:
    return run_cli("dump", path, check=True).stdout


def test_worked_example_codes_and_lists_as_json(proj: Path) -> None:
    text = run_cli("text", proj, "--doc", "roundtable.txt", check=True).stdout
    assert text == TRANSCRIPT.replace("\ufeff", "").replace("\r\n", "\n")
    run_cli(
        "code",
        "apply",
        proj,
        "--doc",
        "roundtable.txt",
        "--code",
        "barriers/contracts",
        "--match",
        "legacy contracts 😀",
        check=True,
    )
    start = text.index("Leadership")
    end = text.index(", otherwise")
    guid = run_cli(
        "code",
        "apply",
        proj,
        "--doc",
        "roundtable.txt",
        "--code",
        "leadership",
        "--span",
        f"{start}:{end}",
        "--coder",
        "Ben",
        "--memo",
        "key quote",
        check=True,
    ).stdout
    assert guid.startswith("coding created (guid ") and "leadership" in guid and "by Ben" in guid
    guid = guid.split("(guid ", 1)[1].split(")", 1)[0]
    rows = cli_json("codings", proj, "--json")
    assert [(r["code"], r["text"], r["coder"]) for r in rows] == [
        ("barriers/contracts", "legacy contracts 😀", "Ann"),
        ("leadership", "Leadership has to own channel shift 👩🏽‍💻", "Ben"),
    ]
    assert rows[1]["guid"] == guid and rows[1]["memo"] == "key quote"
    assert set(rows[0]) == {
        "guid",
        "document",
        "code",
        "coder",
        "start",
        "end",
        "text",
        "page",
        "speaker",
        "memo",
    }
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
    codes = cli_json("codes", proj, "--json")
    assert [(c["path"], c["codings"], c["documents"]) for c in codes] == [
        ("barriers", 0, 0),
        ("barriers/contracts", 1, 1),
        ("leadership", 1, 1),
        ("synergy", 0, 0),
    ]
    assert set(codes[0]) >= {"path", "guid", "color", "description", "codings", "documents"}
    assert [r["coder"] for r in cli_json("codings", proj, "--coder", "Ben", "--json")] == ["Ben"]
    run_cli("code", "remove", proj, "--coding", guid, check=True)
    assert len(cli_json("codings", proj, "--json")) == 1


def test_docs_segments_and_check(proj: Path) -> None:
    docs = cli_json("docs", proj, "--json")
    assert len(docs) == 1
    assert set(docs[0]) == {"name", "guid", "kind", "chars", "pages", "sha256"}
    text = TRANSCRIPT.replace("\ufeff", "").replace("\r\n", "\n")
    assert docs[0]["chars"] == len(text)
    assert docs[0]["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    segs = cli_json("segments", proj, "--doc", "roundtable.txt", "--json")
    assert all({"kind", "start", "end", "label"} <= set(s) for s in segs)
    ok = run_cli("check", proj)
    assert ok.returncode == 0 and "ok" in ok.stdout


@pytest.mark.parametrize(
    "command",
    [
        "code apply {p} --doc roundtable.txt --code leadership --span 5:5",
        "code apply {p} --doc roundtable.txt --code leadership --span 10:99999",
        "code apply {p} --doc roundtable.txt --code leadership --span a:b",
        "code apply {p} --doc missing.txt --code leadership --span 0:5",
        "code apply {p} --doc roundtable.txt --code nope --span 0:5",
        "code apply {p} --doc roundtable.txt --code leadership --match 'not in the text'",
        "code apply {p} --doc roundtable.txt --code leadership --match Priya --occurrence 3",
        "code add {p} barriers",
        "code add {p} x --color purple",
        "code remove {p} --coding 00000000-0000-0000-0000-000000000000",
        "text {p} --doc missing.txt",
        "codings {p} --code nope",
    ],
)
def test_bad_requests_fail_cleanly_and_change_nothing(proj: Path, command: str) -> None:
    before = _dump(proj)
    result = run_cli(*(a.format(p=proj) for a in shlex.split(command)))
    assert_clean_error(result)
    assert _dump(proj) == before


def _unrelated_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", ["random", "sqlite", "newer", "missing"])
def test_files_that_are_not_projects(tmp_path: Path, proj: Path, kind: str) -> None:
    target = tmp_path / "bad.lgc"
    if kind == "random":
        target.write_bytes(bytes(range(256)) * 64)
    elif kind == "sqlite":
        _unrelated_sqlite(target)
    elif kind == "newer":
        target.write_bytes(proj.read_bytes())
        conn = sqlite3.connect(target)
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
        conn.close()
    before = target.read_bytes() if target.exists() else None
    for args in (
        ("codes", target),
        ("code", "add", target, "x"),
        ("dump", target),
        ("import", target, tmp_path / "roundtable.txt"),
        ("check", target),
    ):
        result = run_cli(*args)
        assert_clean_error(result)
        if kind == "newer":
            assert "newer version of lgcoder" in result.stderr
    assert (target.read_bytes() if target.exists() else None) == before


def test_import_batch_keeps_going_after_a_bad_file(tmp_path: Path, proj: Path) -> None:
    good = tmp_path / "second.md"
    good.write_text("# Notes\n\nSynergy came up twice.\n", encoding="utf-8")
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    missing = tmp_path / "missing.txt"
    result = run_cli("import", proj, bad, good, missing)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("lgcoder: error: ") for e in errors)
    assert "binary.txt" in errors[0] and "missing.txt" in errors[1]
    assert "Traceback" not in result.stderr
    assert [d["name"] for d in cli_json("docs", proj, "--json")] == ["roundtable.txt", "second.md"]


def test_check_reports_a_coding_past_the_end(proj: Path) -> None:
    run_cli(
        "code",
        "apply",
        proj,
        "--doc",
        "roundtable.txt",
        "--code",
        "synergy",
        "--match",
        "synergy",
        check=True,
    )
    conn = sqlite3.connect(proj)
    conn.execute('UPDATE coding SET "end" = 100000')
    conn.commit()
    conn.close()
    result = run_cli("check", proj)
    assert result.returncode == 1
    assert "outside the document" in result.stderr


def test_usage_errors_exit_2_and_help_and_version() -> None:
    assert run_cli("code", "apply").returncode == 2
    assert "lgcoder" in run_cli("--version", check=True).stdout
    assert "import" in run_cli("--help", check=True).stdout


def test_coder_named_on_command_line_is_created_and_default_used(proj: Path) -> None:
    apply = ("code", "apply", proj, "--doc", "roundtable.txt", "--code", "synergy")
    run_cli(*apply, "--match", "real synergy", check=True)
    run_cli(*apply, "--match", "real synergy", "--coder", "Chloé", check=True)
    dump = json.loads(_dump(proj))
    assert sorted(c["name"] for c in dump["coders"]) == ["Ann", "Chloé"]


def test_reimporting_the_same_text_warns_and_skips_unless_forced(
    tmp_path: Path, proj: Path
) -> None:
    copy = tmp_path / "copy of roundtable.txt"
    copy.write_bytes(TRANSCRIPT.encode("utf-8"))
    result = run_cli("import", proj, copy, tmp_path / "roundtable.txt")
    assert result.returncode == 0
    assert (
        "skipped" in result.stderr and "already in the project as 'roundtable.txt'" in result.stderr
    )
    assert "0 of 2 files imported, 2 skipped" in result.stdout
    assert len(cli_json("docs", proj, "--json")) == 1
    run_cli("import", proj, copy, "--force", check=True)
    assert len(cli_json("docs", proj, "--json")) == 2

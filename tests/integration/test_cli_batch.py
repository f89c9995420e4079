"""``lgcoder batch``: many commands in one process, run as a user's script runs it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from lgcoder.core.db import Project
from lgcoder.core.ops import codes as code_ops
from tests.helpers import LGCODER, add_text, run_cli

TEXT = "The council said funding was the main barrier. Trust grew once the pilot started.\n"


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    path = tmp_path / "study.lgc"
    with Project.create(path, title="Study", coder="Ann") as project:
        add_text(project, TEXT, "interview.txt")
        with project.transaction() as session:
            for code in ("Barriers/Funding", "Trust"):
                code_ops.add_code(session, code)
    return path


def batch(
    proj: Path, lines: list[str], *options: str, tmp: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``lgcoder batch PROJECT FILE`` with *lines* written to FILE (stdin when *tmp* is None)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    text = "".join(f"{line}\n" for line in lines)
    if tmp is not None:
        script = tmp / "lines.txt"
        script.write_text(text, encoding="utf-8")
        args, stdin = [str(script)], None
    else:
        args, stdin = ["-"], text
    return subprocess.run(
        [*LGCODER, "batch", str(proj), *args, *options],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def codings(proj: Path) -> list[tuple[str, str]]:
    data = json.loads(run_cli("codings", proj, "--json", check=True).stdout)
    return sorted((row["code"], row["text"]) for row in data)


def dump(proj: Path) -> str:
    return run_cli("dump", proj, check=True).stdout


def test_each_line_is_reported_and_a_bad_line_does_not_stop_the_others(
    proj: Path, tmp_path: Path
) -> None:
    result = batch(
        proj,
        [
            "# code the interview",
            "code apply --doc interview.txt --code Barriers/Funding --match funding",
            "",
            "code apply --doc missing.txt --code Trust --match Trust",
            'code apply --doc interview.txt --code Trust --match "Trust grew"',
            "code apply --doc interview.txt --code Trust --match pilot --nonsense",
        ],
        tmp=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("line 2: ok: coding created")
    assert "Barriers/Funding on “funding” in interview.txt, coded by Ann" in lines[0]
    assert lines[1] == "line 4: error: no document named 'missing.txt' in the project"
    assert lines[2].startswith("line 5: ok: coding created") and "“Trust grew”" in lines[2]
    assert lines[3] == "line 6: error: unrecognized arguments: --nonsense"
    assert lines[4] == "batch: 2 of 4 lines ok, 2 failed"
    assert "Traceback" not in result.stdout + result.stderr
    assert codings(proj) == [("Barriers/Funding", "funding"), ("Trust", "Trust grew")]


def test_atomic_batch_with_an_error_stores_nothing(proj: Path, tmp_path: Path) -> None:
    before = dump(proj)
    result = batch(
        proj,
        [
            "code add Trust/Local",
            "code apply --doc interview.txt --code Trust --match Trust",
            "code apply --doc interview.txt --code Nowhere --match Trust",
            "code apply --doc interview.txt --code Barriers --span 4:11",
        ],
        "--atomic",
        tmp=tmp_path,
    )
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert out[0].startswith("line 1: ok: code Trust/Local created")
    assert out[2].startswith("line 3: error: ") and "Nowhere" in out[2]
    assert out[3].startswith("line 4: ok: coding created")  # every line is still tried
    assert out[-1] == "batch: 3 of 4 lines ok, 1 failed; nothing was stored (--atomic)"
    assert dump(proj) == before


def test_atomic_batch_without_errors_stores_every_line_and_lines_see_earlier_ones(
    proj: Path, tmp_path: Path
) -> None:
    result = batch(
        proj,
        [
            "code add Trust/Local",
            "code apply --doc interview.txt --code Trust/Local --match Trust",
            "codes",
        ],
        "--atomic",
        tmp=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "    Local  (1 coding in 1 document)" in result.stdout  # the listing saw line 2
    assert result.stdout.splitlines()[-1] == "batch: 3 of 3 lines ok; all stored"
    assert codings(proj) == [("Trust/Local", "Trust")]


def test_json_lines_from_stdin_with_a_json_report(proj: Path) -> None:
    start = TEXT.index("main barrier")
    result = batch(
        proj,
        [
            json.dumps(
                {
                    "cmd": "code apply",
                    "args": {
                        "doc": "interview.txt",
                        "code": "Barriers",
                        "span": f"{start}:{start + 12}",
                        "memo": "the core complaint",
                    },
                }
            ),
            json.dumps(
                ["code", "apply", "--doc", "interview.txt", "--code", "Trust", "--match", "pilot"]
            ),
            json.dumps({"cmd": "code add", "args": {"path": "Barriers/Staff", "color": "#112233"}}),
            json.dumps({"cmd": "code apply", "args": {"document": "interview.txt"}}),
            json.dumps({"cmd": "docs", "args": {"json": True}}),
            "{not json",
            "new other.lgc",
        ],
        "--json",
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert (report["ok"], report["failed"], report["stored"]) == (4, 3, True)
    lines = {entry["line"]: entry for entry in report["lines"]}
    assert lines[1]["ok"] and lines[1]["command"] == "code apply"
    assert lines[2]["ok"] and "Trust on “pilot”" in lines[2]["output"]
    assert lines[3]["ok"] and "code Barriers/Staff created" in lines[3]["output"]
    assert not lines[4]["ok"] and "has no argument 'document'" in lines[4]["error"]
    assert lines[5]["result"][0]["name"] == "interview.txt"  # a --json line's own JSON
    assert not lines[6]["ok"] and lines[6]["error"].startswith("not valid JSON")
    assert lines[7]["error"] == "'new' cannot run in a batch: it creates another project"
    rows = json.loads(run_cli("codings", proj, "--json", check=True).stdout)
    memo = {(r["code"], r["text"]): r["memo"] for r in rows}
    assert memo == {("Barriers", "main barrier"): "the core complaint", ("Trust", "pilot"): ""}


def test_json_objects_name_positionals_and_repeat_options_with_lists(proj: Path) -> None:
    result = batch(
        proj,
        [
            json.dumps({"cmd": "case add", "args": {"name": "Housing"}}),
            json.dumps(
                {"cmd": "case assign", "args": {"case": "Housing", "doc": ["interview.txt"]}}
            ),
            json.dumps({"cmd": "code add", "args": {"path": "-dash", "description": "odd"}}),
        ],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "line 2: ok: 1 document added to Housing" in result.stdout
    assert "line 3: ok: code -dash created" in result.stdout
    cases = json.loads(run_cli("cases", proj, "--json", check=True).stdout)
    assert [(c["name"], c["documents"]) for c in cases] == [("Housing", ["interview.txt"])]


def test_commands_that_read_the_saved_file_see_earlier_lines_but_not_under_atomic(
    proj: Path, tmp_path: Path
) -> None:
    out = tmp_path / "passages.csv"
    lines = [
        "code apply --doc interview.txt --code Trust --match pilot",
        f"export csv {out}",
    ]
    result = batch(proj, lines, tmp=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pilot" in out.read_text(encoding="utf-8-sig")

    out.unlink()
    result = batch(proj, [f"export csv {out}"], "--atomic", tmp=tmp_path)
    assert result.returncode == 1
    assert "reads the project as saved" in result.stdout
    assert not out.exists()


def test_missing_batch_file_is_one_clean_error(proj: Path, tmp_path: Path) -> None:
    result = run_cli("batch", proj, tmp_path / "nothing.txt")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("lgcoder: error: ")
    assert "no such batch file" in result.stderr

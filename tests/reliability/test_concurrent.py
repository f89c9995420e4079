"""Two lgcoder processes writing to one project at once: each waits its turn, nothing is lost."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.reliability.harness import check_ok, cli, fork_cli, signature, take_stderr, wait

pytestmark = pytest.mark.slow

TEXT = "".join(f"Sentence {i} is about the housing budget and its parts.\n" for i in range(400))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "shared.lgc"
    src = tmp_path / "minutes.txt"
    src.write_text(TEXT, encoding="utf-8")
    assert cli("new", path, "--coder", "Ann").code == 0
    assert cli("import", path, src).code == 0
    for code in ("a", "b", "budget"):
        assert cli("code", "add", path, code).code == 0
    return path


def _applies(path: Path, code: str, starts: range) -> list[list[str | Path]]:
    return [
        ["code", "apply", path, "--doc", "minutes.txt", "--code", code, "--span", f"{s}:{s + 7}"]
        for s in starts
    ]


def _run_all(commands: list[list[str | Path]]) -> int:
    """Run *commands* one after another in a forked child; its exit status is 0 if all did."""
    child = os.fork()
    if child == 0:
        worst = 2
        try:
            worst = max((cli(*args).code for args in commands), default=0)
        finally:
            os._exit(worst)
    return child


def test_apply_and_apply_at_once(project: Path, tmp_path: Path) -> None:
    first = _run_all(_applies(project, "a", range(0, 2400, 120)))
    second = _run_all(_applies(project, "b", range(60, 2400, 120)))
    assert wait(first) == 0
    assert wait(second) == 0
    assert check_ok(project) == []
    codings = signature(project)[2]
    assert sum(1 for c in codings if c[1] == "a") == 20
    assert sum(1 for c in codings if c[1] == "b") == 20


def test_import_and_autocode_at_once(project: Path, tmp_path: Path) -> None:
    files = []
    for i in range(4):
        f = tmp_path / f"extra{i}.txt"
        f.write_text(TEXT.replace("housing", f"district {i}"), encoding="utf-8")
        files.append(f)
    importer = _run_all([["import", project, *files]])
    autocoder_pid, err = fork_cli(
        ["autocode", project, "budget", "--code", "budget", "--unit", "sentence"], tmp_path
    )
    assert wait(autocoder_pid) == 0
    report = take_stderr(err)
    assert "error" not in report
    assert wait(importer) == 0
    assert check_ok(project) == []
    docs, _codes, codings, *_ = signature(project)
    assert len(docs) == 5
    coded = sum(1 for c in codings if c[1] == "budget")
    # autocode saw the documents present when it planned: at least the first, and every
    # coding it stored is whole (one per sentence of the documents it saw)
    assert coded % 400 == 0 and coded >= 400
    again = cli("autocode", project, "budget", "--code", "budget", "--unit", "sentence")
    assert again.code == 0
    done = re.search(r"coded (\d+) passage", again.out)
    assert done is not None
    assert coded + int(done[1]) == 5 * 400

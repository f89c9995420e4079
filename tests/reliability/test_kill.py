"""kill -9 at seeded random moments during import, merge, autocode and ``new --from``.

After every kill the project must pass ``lgcoder check`` and hold exactly what it held before the
command or exactly what the command makes when left alone (for a batch import: the first k
files, each file being all-or-nothing). The command runs in a forked child of the test process,
so a trial costs the command's own time rather than Python's start-up.
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.harness import (
    check_ok,
    cli,
    fork_cli,
    kill_after,
    signature,
    take_stderr,
    wait,
)

TRIALS = 20
pytestmark = pytest.mark.slow

DOCS = (
    "txt/ca-assembly-hearing-captions-with-preamble.txt",
    "txt/scotus-transcript-p1-extracted.txt",
    "txt/cp1252-french-moliere.txt",
    "txt/cp1252-german.txt",
    "docx/qualcoder-interview-ID1.docx",
    "docx/pandoc-headings.docx",
    "docx/mammoth-tables.docx",
)
MORE = ("txt/cp1253-greek.txt", "docx/pandoc-unicode.docx", "docx/mammoth-footnotes.docx")


@pytest.fixture(scope="module")
def base(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kill")
    path = folder / "base.lgc"
    assert cli("new", path, "--coder", "Ann").code == 0
    assert cli("import", path, *(corpus / d for d in DOCS)).code == 0
    for code in ("crew", "budget", "talk"):
        assert cli("code", "add", path, code).code == 0
    assert cli("autocode", path, "the", "--code", "talk", "--unit", "sentence").code == 0
    return path


def _trials(
    name: str,
    base: Path,
    folder: Path,
    args: Callable[[Path], list[Any]],
    target: Callable[[Path], Path] = lambda p: p,
) -> int:
    """Run TRIALS kills; returns how many landed while the command was still running."""
    rng = random.Random(f"issue-15-{name}")
    ref = folder / f"{name}-ref.lgc"
    shutil.copy(base, ref)
    started = time.monotonic()
    pid, err = fork_cli(args(ref), folder)
    assert wait(pid) == 0, take_stderr(err)
    take_stderr(err)
    duration = time.monotonic() - started
    after = signature(target(ref))
    killed = 0
    for i in range(TRIALS):
        trial = folder / f"{name}-{i}.lgc"
        shutil.copy(base, trial)
        out = target(trial)
        before = signature(out)
        pid, err = fork_cli(args(trial), folder)
        killed += kill_after(pid, rng.uniform(0.0, duration * 1.1))
        stderr = take_stderr(err)
        assert "internal error" not in stderr and "Traceback" not in stderr, stderr
        if out.exists():
            assert check_ok(out) == [], (name, i)
        assert signature(out) in (before, after), (name, i)
    return killed


def test_kill_during_import(base: Path, corpus: Path, tmp_path: Path) -> None:
    files = [corpus / m for m in MORE]
    states = [signature(base)]
    step = tmp_path / "steps.lgc"
    shutil.copy(base, step)
    for f in files:
        assert cli("import", step, f).code == 0
        states.append(signature(step))
    rng = random.Random("issue-15-import")
    started = time.monotonic()
    ref = tmp_path / "ref.lgc"
    shutil.copy(base, ref)
    pid, err = fork_cli(["import", ref, *files], tmp_path)
    assert wait(pid) == 0, take_stderr(err)
    take_stderr(err)
    duration = time.monotonic() - started
    assert signature(ref) == states[-1]
    for i in range(TRIALS):
        trial = tmp_path / f"import-{i}.lgc"
        shutil.copy(base, trial)
        pid, err = fork_cli(["import", trial, *files], tmp_path)
        kill_after(pid, rng.uniform(0.0, duration * 1.1))
        stderr = take_stderr(err)
        assert "internal error" not in stderr, stderr
        assert check_ok(trial) == [], i
        assert signature(trial) in states, i


def test_kill_during_autocode(base: Path, tmp_path: Path) -> None:
    killed = _trials(
        "autocode",
        base,
        tmp_path,
        lambda p: ["autocode", p, "[a-z]{4,}", "--regex", "--code", "budget", "--unit", "match"],
    )
    assert killed > 0


def test_kill_during_merge(base: Path, tmp_path: Path) -> None:
    source_dir = tmp_path / "copies"
    source_dir.mkdir()
    target = tmp_path / "team.lgc"
    shutil.copy(base, target)
    assert cli("prepare-copies", target, "--coders", "Ann,Ben", "--out", source_dir).code == 0
    (ben,) = source_dir.glob("*Ben*.lgc")
    assert cli("code", "add", ben, "ben/ideas").code == 0
    assert cli("autocode", ben, "[a-z]{6,}", "--regex", "--code", "ben/ideas").code == 0
    killed = _trials("merge", target, tmp_path, lambda p: ["merge", p, ben])
    assert killed > 0


def test_kill_during_new_from_qdpx(shared: Path, tmp_path: Path) -> None:
    qdpx = shared / "refi-qda" / "samples" / "qc-1.3.2_qualitative-coding_demo.qdpx"
    seed = tmp_path / "seed.lgc"  # _trials copies a base; here the output is a new file
    seed.write_bytes(b"")

    def target(p: Path) -> Path:
        return p.with_name(p.stem + "-new.lgc")

    def args(p: Path) -> list[Any]:
        return ["new", target(p), "--from", qdpx]

    killed = _trials("newfrom", seed, tmp_path, args, target)
    assert killed > 0

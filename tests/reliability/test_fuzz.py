"""300 seeded random CLI calls against a real project: never an internal error or a traceback.

The calls mix sound requests with the kinds of mistakes people make: missing and odd paths,
names with slashes and control characters, spans in other scripts, broken regexes, huge
numbers, options in the wrong place.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.reliability.harness import cli

pytestmark = pytest.mark.slow
CALLS = 300

WORDS = ["budget", "council", "a/b", "", " ", "☃", "x" * 300, "-x", "--", "\u202e", "é", "0"]
SPANS = ["0:5", "5:0", "٣:٩", "1_0:2_0", "-1:3", "99999999999999999999:1", "a:b", "3", ":", "0:0"]
PATTERNS = ["budget", "(a|aa)+$", "a{99999999999}", "(", "[z-a]", "\\", ".*", "(?i)COUNCIL", "^$"]


def _arg(rng: random.Random, project: Path, folder: Path) -> str:
    pick = rng.random()
    if pick < 0.2:
        return str(project)
    if pick < 0.3:
        return str(folder / rng.choice(["missing.lgc", "x" * 300 + ".lgc", "out.csv", "dir"]))
    if pick < 0.45:
        return rng.choice(SPANS)
    if pick < 0.6:
        return rng.choice(PATTERNS)
    return rng.choice(WORDS)


def _call(rng: random.Random, project: Path, folder: Path) -> list[str]:
    out = str(folder / f"out{rng.randrange(5)}")
    p = str(project)
    a = lambda: _arg(rng, project, folder)  # noqa: E731
    templates = [
        ["codes", p],
        ["codes", a(), "--json"],
        ["docs", a()],
        ["codings", p, "--code", a()],
        ["text", p, "--doc", a()],
        ["segments", p, "--doc", rng.choice(["notes.txt", a()])],
        ["dump", a()],
        ["check", a()],
        ["code", "add", p, a()],
        ["code", "apply", p, "--doc", "notes.txt", "--code", "budget", "--span", a()],
        ["code", "apply", p, "--doc", a(), "--code", a(), "--match", a()],
        ["code", "remove", p, "--coding", a()],
        ["search", p, a(), "--regex"],
        ["search", p, a(), "--whole-word"],
        ["autocode", p, a(), "--regex", "--code", "budget", "--unit", "sentence"],
        ["autocode", p, a(), "--code", a(), "--unit", rng.choice(["turn", "paragraph", "x"])],
        ["export", "csv", p, out + ".csv"],
        ["export", rng.choice(["csv", "codebook", "xlsx", "qdpx"]), a(), a()],
        ["import", p, a()],
        ["merge", p, a()],
        ["new", a()],
        ["repair", a(), a()],
        ["matrix", p, "--by", rng.choice(["document", "case", "speaker", "coder", "x"])],
        ["cases", a()],
        # a word that is no command (existing files alone would open the GUI, as a file
        # manager's "Open with" does, which is not a CLI call)
        [rng.choice(WORDS), a()],
        [
            "code",
            "apply",
            p,
            "--occurrence",
            a(),
            "--doc",
            "notes.txt",
            "--code",
            "budget",
            "--match",
            "budget",
        ],
    ]
    return rng.choice(templates)


def test_random_cli_calls_never_fail_as_a_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LGCODER_REGEX_TIMEOUT", "1")
    project = tmp_path / "fuzz.lgc"
    (tmp_path / "dir").mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("The budget was cut. The council met.\n" * 40, encoding="utf-8")
    assert cli("new", project, "--coder", "Ann").code == 0
    assert cli("import", project, notes).code == 0
    assert cli("code", "add", project, "budget").code == 0
    rng = random.Random(15)
    outcomes: list[int] = []
    for i in range(CALLS):
        args = _call(rng, project, tmp_path)
        run = cli(*args)
        outcomes.append(run.code)
        assert run.code in (0, 1, 2), (i, args, run.code, run.err)
        assert "internal error" not in run.err, (i, args, run.err)
        assert "Traceback" not in run.err, (i, args, run.err)
    assert cli("check", project).code == 0
    # the mix really exercises both sides of the contract
    assert outcomes.count(0) >= 50 and outcomes.count(1) >= 50, outcomes

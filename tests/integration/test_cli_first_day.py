"""First-day friction (issue 11) through the real command line: honest counts, words that agree
with their numbers, commands that say what they made, and the traps a new user falls into."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import cli_json, run_cli

TEXT = (
    "Notes taken before the session started.\n"
    "Priya: Legacy contracts are a barrier. We cannot change forms.\n"
    "Tom: Leadership has to own channel shift. Contracts can be renegotiated.\n"
    "Priya: Only if members back it.\n"
    "Tom: They will, once residents see the savings.\n"
)


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    proj = tmp_path / "p.lgc"
    src = tmp_path / "rt.txt"
    src.write_text(TEXT, encoding="utf-8")
    run_cli("new", proj, "--coder", "Ann", check=True)
    run_cli("import", proj, src, check=True)
    return proj


def test_code_add_and_apply_say_what_they_created(proj: Path) -> None:
    out = run_cli("code", "add", proj, "barriers/contracts", check=True).stdout
    codes = cli_json("codes", proj, "--json")
    guid = next(c["guid"] for c in codes if c["path"] == "barriers/contracts")
    parent = next(c["guid"] for c in codes if c["path"] == "barriers")
    assert out.splitlines() == [
        f"code barriers created (guid {parent})",
        f"code barriers/contracts created (guid {guid})",
    ]
    out = run_cli(
        "code", "apply", proj, "--doc", "rt.txt", "--code", "barriers/contracts",
        "--match", "Legacy contracts", check=True,
    ).stdout  # fmt: skip
    coding = cli_json("codings", proj, "--json")[0]["guid"]
    assert out.strip() == (
        f"coding created (guid {coding}): barriers/contracts on \u201cLegacy contracts\u201d "
        "in rt.txt, coded by Ann"
    )


def test_parents_show_their_own_count_and_the_total_with_sub_codes(proj: Path) -> None:
    run_cli("code", "add", proj, "barriers/contracts", check=True)
    for match in ("Legacy contracts", "Contracts can"):
        run_cli(
            "code", "apply", proj, "--doc", "rt.txt", "--code", "barriers/contracts",
            "--match", match, check=True,
        )  # fmt: skip
    lines = run_cli("codes", proj, check=True).stdout.splitlines()
    assert lines == [
        "barriers  (0 codings in 0 documents; with sub-codes 2 codings in 1 document)",
        "  contracts  (2 codings in 1 document)",
    ]
    rows = {r["path"]: r for r in cli_json("codes", proj, "--json")}
    assert rows["barriers"]["codings"] == 0
    assert rows["barriers"]["codings_with_subcodes"] == 2
    assert rows["barriers"]["documents_with_subcodes"] == 1
    assert rows["barriers/contracts"]["codings_with_subcodes"] == 2


@pytest.mark.slow
def test_matrix_by_speaker_keeps_passages_without_a_speaker(proj: Path) -> None:
    run_cli("code", "add", proj, "context", check=True)
    run_cli(
        "code", "apply", proj, "--doc", "rt.txt", "--code", "context", "--match", "Notes taken",
        check=True,
    )  # fmt: skip
    run_cli(
        "code", "apply", proj, "--doc", "rt.txt", "--code", "context", "--match", "Only if",
        check=True,
    )  # fmt: skip
    data = cli_json("matrix", proj, "--by", "speaker", "--json")
    assert data["columns"] == ["Priya", "(no speaker)"]
    assert data["rows"][0]["counts"] == {"Priya": 1, "(no speaker)": 1}
    notes = proj.parent / "notes.txt"
    notes.write_text("Notes on contracts.\n", encoding="utf-8")
    run_cli("import", proj, notes, check=True)
    run_cli(
        "code", "apply", proj, "--doc", "notes.txt", "--code", "context", "--match", "contracts",
        check=True,
    )  # fmt: skip
    run_cli("case", "add", proj, "Northshire", check=True)
    run_cli("case", "assign", proj, "Northshire", "--doc", "rt.txt", check=True)
    data = cli_json("matrix", proj, "--by", "case", "--json")
    assert data["columns"] == ["Northshire", "(no case)"]
    assert data["rows"][0]["counts"] == {"Northshire": 2, "(no case)": 1}


def test_messages_count_in_words(proj: Path) -> None:
    run_cli("code", "add", proj, "leadership", check=True)
    assert run_cli("search", proj, "Leadership", check=True).stdout.splitlines()[-1] == "1 hit"
    out = run_cli("autocode", proj, "Leadership", "--code", "leadership", check=True).stdout
    assert "1 hit; coded 1 passage as leadership" in out
    docs = run_cli("docs", proj, check=True).stdout
    assert "(s)" not in out + docs


def test_new_adds_the_project_suffix_and_says_so(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("LOGNAME", "bea.jones")  # getpass.getuser() reads this first
    out = run_cli("new", tmp_path / "myproj", check=True).stdout
    assert (tmp_path / "myproj.lgc").is_file() and not (tmp_path / "myproj").exists()
    assert "adding the .lgc extension" in out and "myproj.lgc" in out
    # without --coder the computer's user name codes, and the output says so
    assert "saved under bea.jones" in out and "--coder NAME" in out
    src = tmp_path / "notes.txt"
    src.write_text("Contracts run long.\n", encoding="utf-8")
    run_cli("import", tmp_path / "myproj.lgc", src, check=True)
    run_cli("code", "add", tmp_path / "myproj.lgc", "barriers", check=True)
    out = run_cli(
        "code", "apply", tmp_path / "myproj.lgc", "--doc", "notes.txt", "--code", "barriers",
        "--match", "Contracts", check=True,
    ).stdout  # fmt: skip
    assert out.rstrip().endswith("coded by bea.jones")


def test_swapped_arguments_get_the_right_order_suggested(proj: Path) -> None:
    src = proj.parent / "rt.txt"
    out = run_cli("import", src, proj, cwd=proj.parent)
    assert out.returncode == 1
    assert out.stderr.strip().endswith(f"did you mean `lgcoder import {proj} {src}`?")
    assert out.stderr.count("\n") == 1


def test_auto_colours_avoid_colours_already_in_use(proj: Path) -> None:
    run_cli("code", "add", proj, "leadership", "--color", "#117733", check=True)
    for name in ("barriers", "contracts", "skills", "synergy", "trust"):
        run_cli("code", "add", proj, name, check=True)
    colours = [c["color"] for c in cli_json("codes", proj, "--json")]
    assert len(set(colours)) == len(colours), colours


def test_role_and_name_labels_are_turns(tmp_path: Path) -> None:
    proj = tmp_path / "p.lgc"
    src = tmp_path / "minutes.txt"
    src.write_text(
        "Chair (Priya Raman): Welcome, everyone. Contracts first.\n"
        "Tom: The contracts run to 2027.\n"
        "Chair (Priya Raman): Can we leave early?\n"
        "Tom: Only with a penalty.\n",
        encoding="utf-8",
    )
    run_cli("new", proj, "--coder", "Ann", check=True)
    run_cli("import", proj, src, check=True)
    segs = json.loads(run_cli("segments", proj, "--doc", "minutes.txt", "--json").stdout)
    turns = [s["label"] for s in segs if s["kind"] == "turn"]
    assert turns == ["Chair (Priya Raman)", "Tom", "Chair (Priya Raman)", "Tom"]

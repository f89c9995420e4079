"""``lgcoder merge``, ``agreement`` and ``prepare-copies`` run as a user's shell runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import assert_clean_error, cli_json, run_cli


def _project(tmp_path: Path) -> Path:
    lead = tmp_path / "lead.lgc"
    text = tmp_path / "rt.txt"
    text.write_text("Mayor: funding is short.\n\nClerk: leadership helps.\n", encoding="utf-8")
    run_cli("new", lead, "--coder", "Lead", check=True)
    run_cli("import", lead, text, check=True)
    run_cli("code", "add", lead, "funding", check=True)
    return lead


def test_hand_out_code_merge_and_compare(tmp_path: Path) -> None:
    lead = _project(tmp_path)
    out = run_cli("prepare-copies", lead, "--coders", "Ann,Ben", check=True).stdout
    ann, ben = tmp_path / "lead-Ann.lgc", tmp_path / "lead-Ben.lgc"
    assert str(ann) in out and ben.exists()
    run_cli(
        "code", "apply", ann, "--doc", "rt.txt", "--code", "funding", "--span", "7:14", check=True
    )
    run_cli(
        "code", "apply", ben, "--doc", "rt.txt", "--code", "funding", "--span", "9:20", check=True
    )

    before = run_cli("dump", lead, check=True).stdout
    preview = cli_json("merge", lead, ann, ben, "--dry-run", "--json")
    assert preview["dry_run"] is True
    assert preview["sources"][0]["counts"]["codings"]["added"] == 1
    assert run_cli("dump", lead, check=True).stdout == before

    report = run_cli("merge", lead, ann, ben, check=True).stdout
    assert "merged 2 files into" in report and "backup" in report
    coders = {c["coder"] for c in cli_json("codings", lead, "--json")}
    assert coders == {"Ann", "Ben"}

    result = cli_json("agreement", lead, "--coders", "Ann,Ben", "--json")
    assert set(result) == {"unit", "coders", "documents", "codes", "pooled"}
    assert result["unit"] == "char" and result["coders"] == ["Ann", "Ben"]
    assert result["documents"] == ["rt.txt"]
    (code,) = result["codes"]
    assert set(code) == {"code", "percent_agreement", "kappa", "alpha"}
    assert code["code"] == "funding" and code["kappa"][0]["coders"] == ["Ann", "Ben"]
    assert set(result["pooled"]) == {"percent_agreement", "kappa", "alpha"}
    seg = cli_json("agreement", lead, "--coders", "Ann,Ben", "--unit", "segment", "--json")
    assert seg["codes"][0]["kappa"][0]["value"] == 1.0  # both coded paragraph 1, not 2
    assert seg["codes"][0]["percent_agreement"] == 1.0
    table = run_cli("agreement", lead, "--coders", "Ann,Ben", check=True).stdout
    assert "funding" in table and "(pooled)" in table

    # merging the same copies again changes nothing
    run_cli("merge", lead, ann, ben, check=True)
    again = json.loads(run_cli("dump", lead, check=True).stdout)
    assert len(again["codings"]) == 2


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    lead = _project(tmp_path)
    junk = tmp_path / "junk.lgc"
    junk.write_bytes(b"\x00garbage" * 100)
    before = run_cli("dump", lead, check=True).stdout
    assert_clean_error(run_cli("merge", lead, junk))
    assert_clean_error(run_cli("merge", lead, lead))
    assert_clean_error(run_cli("merge", lead, tmp_path / "missing.lgc"))
    assert run_cli("dump", lead, check=True).stdout == before
    assert_clean_error(run_cli("agreement", lead, "--coders", "Ann"))
    assert_clean_error(run_cli("agreement", lead, "--coders", "Ann,Nobody"))
    usage = run_cli("agreement", lead, "--coders", "Ann,Ben", "--unit", "word")
    assert usage.returncode == 2

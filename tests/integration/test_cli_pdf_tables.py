"""Issue 11, item 5, as a user meets it: the sample report's table through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cli_json, run_cli

REPORT = (
    Path(__file__).resolve().parents[2]
    / "resources"
    / "samples"
    / ("harrowfield-roundtable-report.pdf")
)
ROW = "IT hosting and security\tOne contract, one team, lower risk\tFew"


@pytest.mark.slow  # five lgcoder processes
def test_sample_table_reads_by_rows_and_autocodes_one_row(tmp_path: Path) -> None:
    proj = tmp_path / "sample.lgc"
    run_cli("new", proj, "--coder", "Ann", check=True)
    run_cli("import", proj, REPORT, check=True)
    text = run_cli("text", proj, "--doc", REPORT.name, check=True).stdout
    assert "\nShared arrangement\tBenefit reported\tDifficulty reported\n" + ROW + "\n" in text
    assert "Benefit reported Difficulty arrangement" not in text  # the old column-wise reading

    run_cli("code", "add", proj, "barriers", check=True)
    run_cli("autocode", proj, "contract", "--code", "barriers", "--unit", "paragraph", check=True)
    passages = [c["text"] for c in cli_json("codings", proj, "--json")]
    assert ROW in passages  # the whole row, not words from three rows of one column
    assert not [p for p in passages if "One contract, one Few" in p]

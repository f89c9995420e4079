"""``lgcoder search``, ``autocode`` and ``cooccurrence`` through the real command line."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import assert_clean_error, cli_json, run_cli

TEXT = (
    "Priya: Legacy contracts are a barrier. We cannot change forms.\n"
    "Tom: Leadership has to own channel shift. Contracts can be renegotiated.\n"
    "Priya: Only if members back it.\n"
    "Tom: They will, once residents see the savings.\n"
)


def test_search_autocode_and_cooccurrence(tmp_path: Path) -> None:
    proj = tmp_path / "p.lgc"
    src = tmp_path / "rt.txt"
    src.write_text(TEXT, encoding="utf-8")
    run_cli("new", proj, "--coder", "Ann", check=True)
    run_cli("import", proj, src, check=True)
    for code in ("barriers", "leadership"):
        run_cli("code", "add", proj, code, check=True)
    hits = cli_json("search", proj, "contracts", "--json")
    assert [(h["text"], h["speaker"]) for h in hits] == [
        ("contracts", "Priya"),
        ("Contracts", "Tom"),
    ]
    dry = run_cli(
        "autocode",
        proj,
        "contracts",
        "--code",
        "barriers",
        "--unit",
        "sentence",
        "--dry-run",
        check=True,
    )
    assert "would code 2" in dry.stdout
    assert cli_json("codings", proj, "--json") == []
    run_cli("autocode", proj, "contracts", "--code", "barriers", "--unit", "sentence", check=True)
    run_cli(
        "autocode", proj, "--speaker", "Tom", "--code", "leadership", "--unit", "turn", check=True
    )
    texts = [r["text"] for r in cli_json("codings", proj, "--json")]
    assert "Legacy contracts are a barrier." in texts and "Contracts can be renegotiated." in texts
    pairs = cli_json("cooccurrence", proj, "--json")
    assert pairs == [{"codes": ["barriers", "leadership"], "passages": 1}]
    before = run_cli("dump", proj, check=True).stdout
    assert_clean_error(run_cli("search", proj, "([", "--regex"))
    assert_clean_error(run_cli("autocode", proj, "x", "--code", "nope"))
    assert run_cli("dump", proj, check=True).stdout == before

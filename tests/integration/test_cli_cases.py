"""``lgcoder case``/``cases``/``attribute``/``attributes`` run as a user would, in a subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_clean_error, cli_json, run_cli

TRANSCRIPT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Priya Shah>Our barrier is legacy contracts.\n\n"
    "00:00:05.000 --> 00:00:08.000\n<v Tom Reed>Leadership has to own channel shift.\n"
)


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    path = tmp_path / "roundtable.lgc"
    run_cli("new", path, "--coder", "Ann", check=True)
    (tmp_path / "round.vtt").write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Notes on budgets and barriers.\n", encoding="utf-8")
    run_cli("import", path, tmp_path / "round.vtt", tmp_path / "notes.txt", check=True)
    return path


def test_cases_round_trip(proj: Path, tmp_path: Path) -> None:
    guid = run_cli("case", "add", proj, "Exampleshire", "--description", "a district", check=True)
    out = run_cli("case", "assign", proj, "exampleshire", "--doc", "round.vtt", "notes.txt")
    assert out.returncode == 0 and "2 documents added to Exampleshire" in out.stdout
    run_cli("case", "remove", proj, "Exampleshire", "--doc", "notes.txt", check=True)
    run_cli("case", "from-speakers", proj, check=True)
    cases = cli_json("cases", proj, "--json")
    assert [(c["name"], c["documents"]) for c in cases] == [
        ("Exampleshire", ["round.vtt"]),
        ("Priya Shah", ["round.vtt"]),
        ("Tom Reed", ["round.vtt"]),
    ]
    assert cases[0]["guid"] == guid.stdout.strip() and cases[0]["description"] == "a district"
    text = run_cli("cases", proj, check=True).stdout
    assert "Exampleshire  (1 document)" in text
    # the exporters' case filter sees the same membership
    out_csv = tmp_path / "out.csv"
    run_cli("export", "csv", proj, out_csv, "--case", "Tom Reed", check=True)
    run_cli("case", "rename", proj, "Tom Reed", "Cllr Tom Reed", check=True)
    run_cli("case", "delete", proj, "Priya Shah", check=True)
    names = [c["name"] for c in cli_json("cases", proj, "--json")]
    assert names == ["Cllr Tom Reed", "Exampleshire"]
    assert [d["name"] for d in cli_json("docs", proj, "--json")] == ["round.vtt", "notes.txt"]


def test_attributes_are_typed_and_tabulated(proj: Path) -> None:
    for args in (
        ("--doc", "round.vtt", "budget=2.50", "--type", "number"),
        ("--doc", "round.vtt", "--doc", "notes.txt", "held on=2024-03-31", "--type", "date"),
        ("--doc", "notes.txt", "rural=Yes", "--type", "boolean"),
        ("--doc", "notes.txt", "region=North"),
    ):
        run_cli("attribute", "set", proj, *args, check=True)
    table = cli_json("attributes", proj, "--json")
    types = {a["name"]: a["type"] for a in table["attributes"]}
    assert types["budget"] == "number" and types["held on"] == "date"
    assert types["rural"] == "boolean" and types["region"] == "text"
    rows = {r["document"]: r["values"] for r in table["documents"]}
    assert rows["round.vtt"]["budget"] == "2.5"
    assert rows["notes.txt"]["rural"] == "true"
    assert rows["notes.txt"]["held on"] == rows["round.vtt"]["held on"] == "2024-03-31"
    text = run_cli("attributes", proj, check=True).stdout
    assert "budget (number)" in text.splitlines()[0]
    run_cli("attribute", "clear", proj, "--doc", "notes.txt", "region", check=True)
    rows = {r["document"]: r["values"] for r in cli_json("attributes", proj, "--json")["documents"]}
    assert "region" not in rows["notes.txt"]
    run_cli("case", "add", proj, "North", check=True)
    run_cli("case", "set", proj, "North", "population=12500", "--type", "number", check=True)
    cases = cli_json("attributes", proj, "--cases", "--json")
    assert cases["cases"] == [
        {"case": "North", "guid": cases["cases"][0]["guid"], "values": {"population": "12500"}}
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("attribute", "set", "--doc", "round.vtt", "budget=lots", "--type", "number"), "number"),
        (("attribute", "set", "--doc", "round.vtt", "held=31/03/2024", "--type", "date"), "YYYY"),
        (("attribute", "set", "--doc", "round.vtt", "rural=maybe", "--type", "boolean"), "yes"),
        (("attribute", "set", "--doc", "round.vtt", "--doc", "nope.txt", "x=1"), "nope.txt"),
        (("attribute", "set", "--doc", "round.vtt", "novalue"), "NAME=VALUE"),
        (("case", "add", "Exampleshire"), "already a case"),
        (("case", "assign", "Nowhere", "--doc", "round.vtt"), "no case named 'Nowhere'"),
        (("case", "assign", "Exampleshire", "--doc", "notes.txt", "nope.txt"), "nope.txt"),
        (("attribute", "delete", "colour"), "no document attribute named 'colour'"),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    proj: Path, args: tuple[str, ...], message: str
) -> None:
    run_cli("case", "add", proj, "Exampleshire", check=True)
    before = run_cli("dump", proj, check=True).stdout
    result = run_cli(args[0], args[1], proj, *args[2:])
    assert_clean_error(result)
    assert message in result.stderr
    assert run_cli("dump", proj, check=True).stdout == before

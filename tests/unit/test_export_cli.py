"""``lgcoder export`` is shared: other modules add formats (qdpx, qdc) to the same command."""

from __future__ import annotations

import argparse

import pytest

from lgcoder.cli import build_parser
from lgcoder.cli import export as export_cli


def other_feature(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    actions = export_cli.export_actions(sub)
    actions.add_parser("qdpx").add_argument("project")


@pytest.mark.parametrize("first", ["ours", "theirs"])
def test_formats_from_several_modules_share_one_export_command(first: str) -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    order = [export_cli.register, other_feature]
    for register in order if first == "ours" else reversed(order):
        register(sub)
    assert parser.parse_args(["export", "qdpx", "p.lgc"]).project == "p.lgc"
    args = parser.parse_args(["export", "docx", "p.lgc", "o.docx", "--code", "A", "--code", "B/C"])
    assert args.code == ["A", "B/C"] and args.handler is export_cli.cmd_docx


def test_the_real_cli_has_the_design_contract() -> None:
    args = build_parser().parse_args(
        ["export", "docx", "p.lgc", "out.docx", "--code", "Barriers", "--doc", "a.txt",
         "--coder", "Ann", "--template", "council.docx"]
    )  # fmt: skip
    assert (args.project, args.out, args.code, args.doc, args.coder, args.template) == (
        "p.lgc", "out.docx", ["Barriers"], ["a.txt"], ["Ann"], "council.docx",
    )  # fmt: skip
    for fmt in ("csv", "xlsx"):
        assert build_parser().parse_args(["export", fmt, "p.lgc", f"o.{fmt}"]).table_format == fmt

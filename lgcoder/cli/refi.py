"""``lgcoder export qdpx|qdc``: REFI-QDA exchange files, under the same ``export`` command."""

from __future__ import annotations

import argparse

from lgcoder.cli.common import Subparsers
from lgcoder.cli.export import export_actions


def cmd_refi(args: argparse.Namespace) -> int:
    """Reads the project as saved (the exporter opens it itself)."""
    from lgcoder.core.db import Project
    from lgcoder.refi.export import export_codebook, export_qdpx

    with Project.open(args.project, readonly=True) as project:
        if args.refi_format == "qdpx":
            out = export_qdpx(project, args.out, offsets=args.offsets)
            what = "project"
        else:
            out = export_codebook(project, args.out)
            what = "codebook"
    print(f"wrote the REFI-QDA {what} to {out}")
    return 0


def register(subparsers: Subparsers) -> None:
    actions = export_actions(subparsers)
    for fmt, text in (
        ("qdpx", "the whole project as REFI-QDA (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder"),
        ("qdc", "the codebook as REFI-QDA (.qdc)"),
    ):
        p = actions.add_parser(fmt, help=text, description=text)
        p.set_defaults(handler=cmd_refi, refi_format=fmt)
        p.add_argument("project")
        p.add_argument("out", metavar="OUT")
        if fmt == "qdpx":
            p.add_argument(
                "--offsets",
                choices=("codepoints", "utf16"),
                default="codepoints",
                help="count text positions in code points (the standard, default) or in "
                "UTF-16 units (what NVivo expects)",
            )

"""``lgcoder sample PATH``: make the sample project (a fictional council roundtable) from the CLI.

The same builder as the welcome screen's *Open the sample project* (:mod:`lgcoder.samples`):
a Word transcript, Teams captions and a PDF report, a starter codebook with definitions, and a
few example codings. Useful to try the command line, for training sessions, and to check that
an installation is complete (the installer tests use it).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lgcoder.cli.common import Subparsers, counted, warn


def cmd_sample(args: argparse.Namespace) -> int:
    from lgcoder.core.db import Project
    from lgcoder.core.errors import ProjectExistsError
    from lgcoder.core.ops.project import default_coder
    from lgcoder.core.queries import flat_code_tree
    from lgcoder.samples import build_sample_project

    dest = Path(args.project)
    if dest.exists():
        raise ProjectExistsError(f"{dest} already exists; choose another name")
    result = build_sample_project(dest, args.coder)
    with Project.open(dest) as project, project.reading() as session:
        nodes = flat_code_tree(session)
        coder = default_coder(session)
        coder_name = coder.name if coder is not None else None
    codings = sum(n.codings for n in nodes)
    print(
        f"created {dest}: {counted(len(result.imported), 'document')}, "
        f"{counted(len(nodes), 'code')}, {counted(codings, 'coding')}"
        + (f" by {coder_name}" if coder_name else "")
    )
    for name in result.imported:
        print(f"  {name}")
    for skipped in result.skipped:
        warn(f"sample file skipped: {skipped}")
    return 0


def register(subparsers: Subparsers) -> None:
    help_text = "create the sample project (a roundtable with a starter codebook) to try lgcoder"
    p = subparsers.add_parser("sample", help=help_text, description=help_text)
    p.set_defaults(handler=cmd_sample)
    p.add_argument("project", metavar="PATH")
    p.add_argument("--coder", default="Sample coder", help="the coder of the example codings")

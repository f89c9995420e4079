"""``lgcoder new``, ``dump``, ``check`` and ``gui``: making, reading whole and checking a project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lgcoder.cli.common import Subparsers, add_command, read_project
from lgcoder.core.errors import ValidationError


def with_project_suffix(path: str) -> tuple[str, bool]:
    """*path* ending in ``.lgc`` (added when missing, so the Open dialog finds it), and whether
    it was added."""
    if path.lower().endswith(".lgc"):
        return path, False
    return path + ".lgc", True


def cmd_new(args: argparse.Namespace) -> int:
    from lgcoder.core.server_url import is_server_url  # issue 13: a server is made differently

    if is_server_url(args.project):
        raise ValidationError(
            f"new makes a project file; a server project is made with: lgcoder server init "
            f"{args.project} (then lgcoder publish FILE {args.project} to fill it)"
        )
    args.project, added = with_project_suffix(args.project)
    if added:
        print(f"adding the .lgc extension: the project is {args.project}")

    if args.from_file:
        from lgcoder.refi.read import import_refi

        report = import_refi(
            args.from_file, args.project, title=args.title, coder=args.coder, offsets=args.offsets
        )
        print(f"created {args.project} from {Path(args.from_file).name}")
        for line in report.lines():
            print(f"  {line}")
        return 0
    from lgcoder.core.db import create_project_file
    from lgcoder.core.ops.coders import os_user_name

    coder = args.coder or os_user_name()
    create_project_file(Path(args.project), args.title or "", coder)
    if args.coder:
        print(f"created {args.project}")
    else:  # codings made without --coder go to this name: say whose it is and how to change it
        print(
            f"created {args.project} (codings without --coder are saved under {coder}, "
            "this computer's user name; give --coder NAME to choose another)"
        )
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    from lgcoder.core.dump import dump_json

    with read_project(args.project) as project, project.reading() as session:
        sys.stdout.write(dump_json(session))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from lgcoder.core.check import check_project
    from lgcoder.core.db import Project

    with (
        Project.open(args.project, readonly=True, allow_foreign=True) as project,
        project.reading() as session,
    ):
        try:
            findings = check_project(session)
        except DBAPIError as exc:  # a changed or missing table stops the deeper checks
            findings = [
                f"it contains {what} that lgcoder did not create" for what in project.foreign
            ]
            findings.append(f"it cannot be checked further ({str(exc.orig).splitlines()[0]})")
    if not findings:
        print(f"{args.project}: ok")
        return 0
    for finding in findings:
        print(f"lgcoder: error: {args.project}: {finding}", file=sys.stderr)
    return 1


def cmd_gui(args: argparse.Namespace) -> int:
    from lgcoder.gui.app import main as gui_main

    return gui_main([args.project] if args.project else [], screenshot=args.screenshot)


def register_new(sub: Subparsers) -> None:
    p = add_command(sub, "new", cmd_new, "create a new project file")
    p.add_argument("project")
    p.add_argument("--title")
    p.add_argument("--coder", help="the project's default coder")
    p.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE.qdpx",
        help="start from a REFI-QDA project exported by NVivo, ATLAS.ti, MAXQDA, QualCoder...",
    )
    p.add_argument(
        "--offsets",
        choices=("auto", "utf16", "codepoints"),
        default="auto",
        help="how the --from file counts text positions: auto (default: UTF-16 for NVivo, "
        "else what fits the text), utf16 or codepoints",
    )


def register(sub: Subparsers) -> None:
    """``dump``, ``check`` and ``gui`` (``new`` comes first in the help: :func:`register_new`)."""
    p = add_command(sub, "dump", cmd_dump, "canonical JSON of the project's content")
    p.add_argument("project")

    p = add_command(sub, "check", cmd_check, "check integrity and invariants")
    p.add_argument("project")

    p = add_command(
        sub, "gui", cmd_gui, "open the desktop app (on PROJECT, or offer to import a document)"
    )
    p.add_argument("project", nargs="?")
    p.add_argument(
        "--screenshot", metavar="PNG", help="paint the first window into PNG and exit (for tests)"
    )

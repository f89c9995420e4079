"""``lgcoder merge``, ``lgcoder agreement`` and ``lgcoder prepare-copies`` (DESIGN §5).

Heavy imports wait until a command runs so that ``lgcoder --help`` stays fast.
"""

from __future__ import annotations

import argparse

from lgcoder.cli.common import Subparsers, emit_json, read_project
from lgcoder.core.errors import ValidationError


def cmd_merge(args: argparse.Namespace) -> int:
    from lgcoder.team.merge import merge_files

    report = merge_files(args.target, args.sources, dry_run=args.dry_run)
    if args.json:
        emit_json(report.to_json())
    else:
        print(report.to_text())
    return 0


def cmd_repair(args: argparse.Namespace) -> int:
    from lgcoder.team.repair import repair

    report = repair(args.project, args.out)
    if report.removed:
        print(f"wrote {args.out}, a copy of {args.project} without:")
        for what in report.removed:
            print(f"  {what}")
    else:
        print(f"wrote {args.out}, a copy of {args.project} (it held nothing foreign)")
    return 0


def _coders(value: str) -> list[str]:
    names = [" ".join(n.split()) for n in value.split(",")]
    names = [n for n in names if n]
    if len(names) < 2:
        raise ValidationError("--coders needs at least two coder names, e.g. --coders Ann,Ben")
    if len({n.casefold() for n in names}) != len(names):
        raise ValidationError("--coders names a coder twice")
    return names


def cmd_agreement(args: argparse.Namespace) -> int:
    from lgcoder.team.agreement import compute_agreement, format_table

    coders = _coders(args.coders)
    with read_project(args.project) as project, project.reading() as session:
        result = compute_agreement(session, coders, codes=args.code or (), unit=args.unit)
    if args.json:
        emit_json(result.to_json())
    else:
        print(format_table(result))
    return 0


def cmd_prepare_copies(args: argparse.Namespace) -> int:
    from pathlib import Path

    from lgcoder.team.copies import prepare_copies

    coders = [n for n in (" ".join(x.split()) for x in args.coders.split(",")) if n]
    from lgcoder.core.server_url import is_server_url

    source = args.project if is_server_url(args.project) else Path(args.project)
    written = prepare_copies(source, coders, Path(args.out) if args.out else None)
    for coder, path in written:
        print(f"{coder}: {path}")
    return 0


def register(subparsers: Subparsers) -> None:
    """Add the team commands to ``lgcoder``'s parser."""
    p = subparsers.add_parser(
        "merge",
        help="merge coder copies into a project",
        description="Merge coder copies (SOURCE...) into TARGET. The target is backed up first; "
        "the result does not depend on the order of the sources.",
    )
    p.set_defaults(handler=cmd_merge)
    p.add_argument("target", metavar="TARGET")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--dry-run", action="store_true", help="print the report, change nothing")
    p.add_argument("--json", action="store_true")

    p = subparsers.add_parser(
        "repair",
        help="write a clean copy of a project that holds tables, triggers or views "
        "lgcoder did not create",
        description="Copy PROJECT's documents, codes, codings, memos, cases and attributes "
        "into a new project OUT, leaving out every table, trigger and view lgcoder did not "
        "create. PROJECT is only read.",
    )
    p.set_defaults(handler=cmd_repair)
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("out", metavar="OUT")

    p = subparsers.add_parser(
        "agreement",
        help="inter-coder agreement (percent, Cohen's kappa, Krippendorff's alpha)",
        description="Agreement between coders, per code and pooled, at character or segment "
        "level (paragraphs, or speaker turns in transcripts).",
    )
    p.set_defaults(handler=cmd_agreement)
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--coders", required=True, metavar="A,B[,C...]")
    p.add_argument("--code", action="append", metavar="PATH")
    p.add_argument("--unit", choices=("char", "segment"), default="char")
    p.add_argument("--json", action="store_true")

    p = subparsers.add_parser(
        "prepare-copies",
        help="write one copy of the project per coder, to hand out",
        description="Write PROJECT-<coder>.lgc for each coder, with that coder as the copy's "
        "default coder. Coders new to the project are added to it first, so every copy "
        "knows them under the same id. PROJECT may be a server address (a lead's login): the "
        "copies are then named after the database and written to --out or the current folder.",
    )
    p.set_defaults(handler=cmd_prepare_copies)
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--coders", required=True, metavar="A,B[,C...]")
    p.add_argument(
        "--out",
        metavar="FOLDER",
        help="where to write the copies (default: beside the file; for a server, here)",
    )

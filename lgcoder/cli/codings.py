"""``lgcoder codings``: coded passages with their citations."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from lgcoder.cli.common import Subparsers, add_command, print_listing, project_service

if TYPE_CHECKING:
    from lgcoder.core.queries import CodingRow


def cmd_codings(args: argparse.Namespace) -> int:
    with project_service(args.project, readonly=True) as service:
        rows = service.find_codings(
            codes=args.code or (), documents=args.doc or (), coders=args.coder or ()
        )

    def line(r: CodingRow) -> str:
        where = ", ".join(
            x for x in (r.document, f"p. {r.page}" if r.page else "", r.speaker or "") if x
        )
        quote = " ".join(r.text.split())
        return f"[{r.code}] \u201c{quote}\u201d ({where}; {r.coder})"

    return print_listing(
        args.json,
        rows,
        lambda r: {
            "guid": r.guid,
            "document": r.document,
            "code": r.code,
            "coder": r.coder,
            "start": r.start,
            "end": r.end,
            "text": r.text,
            "page": r.page,
            "speaker": r.speaker,
            "memo": r.memo,
        },
        line,
    )


def register(sub: Subparsers) -> None:
    p = add_command(sub, "codings", cmd_codings, "list coded passages with citations")
    p.add_argument("project")
    p.add_argument("--code", action="append", metavar="PATH")
    p.add_argument("--doc", action="append", metavar="NAME")
    p.add_argument("--coder", action="append", metavar="NAME")
    p.add_argument("--json", action="store_true")

"""``lgcoder codings``: coded passages with their citations."""

from __future__ import annotations

import argparse

from lgcoder.cli.common import Subparsers, add_command, emit_json, read_project


def cmd_codings(args: argparse.Namespace) -> int:
    from lgcoder.core.queries import retrieve_codings

    with read_project(args.project) as project, project.reading() as session:
        rows = retrieve_codings(
            session, codes=args.code or (), documents=args.doc or (), coders=args.coder or ()
        )
    data = [
        {
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
        }
        for r in rows
    ]
    if args.json:
        emit_json(data)
    else:
        for r in rows:
            where = ", ".join(
                x for x in (r.document, f"p. {r.page}" if r.page else "", r.speaker or "") if x
            )
            quote = " ".join(r.text.split())
            print(f"[{r.code}] \u201c{quote}\u201d ({where}; {r.coder})")
    return 0


def register(sub: Subparsers) -> None:
    p = add_command(sub, "codings", cmd_codings, "list coded passages with citations")
    p.add_argument("project")
    p.add_argument("--code", action="append", metavar="PATH")
    p.add_argument("--doc", action="append", metavar="NAME")
    p.add_argument("--coder", action="append", metavar="NAME")
    p.add_argument("--json", action="store_true")

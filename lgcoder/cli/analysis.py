"""``lgcoder search``, ``autocode``, ``matrix`` and ``cooccurrence``: questions across documents."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from lgcoder.cli.common import (
    Subparsers,
    counted,
    emit_json,
    open_project,
    project_service,
    resolve_coder,
)

if TYPE_CHECKING:
    from lgcoder.analysis.search import AutocodeResult, SearchOptions


def _search_options(args: argparse.Namespace) -> SearchOptions:
    from lgcoder.analysis.search import SearchOptions

    return SearchOptions(
        query=args.query or "",
        regex=args.regex,
        whole_word=args.whole_word,
        case_sensitive=args.case_sensitive,
        documents=tuple(args.doc),
        speakers=tuple(args.speaker),
    )


def cmd_search(args: argparse.Namespace) -> int:
    with project_service(args.project, readonly=True) as service:
        hits = service.analysis.search(_search_options(args))
    if args.json:
        emit_json(
            [
                {
                    "document": h.document,
                    "start": h.start,
                    "end": h.end,
                    "text": h.text,
                    "before": h.before,
                    "after": h.after,
                    "page": h.citation.page,
                    "speaker": h.citation.speaker,
                }
                for h in hits
            ]
        )
        return 0
    for h in hits:
        where = ", ".join(
            x
            for x in (
                h.document,
                f"p. {h.citation.page}" if h.citation.page else "",
                h.citation.speaker or "",
                f"{h.start}:{h.end}",
            )
            if x
        )
        line = " ".join((h.before[-40:] + "[" + h.text + "]" + h.after[:40]).split())
        print(f"{where}: …{line}…")
    print(counted(len(hits), "hit"))
    return 0


class _DryRun(Exception):
    """Leaves ``autocode --dry-run``'s transaction, so it is rolled back (also as a savepoint
    inside ``lgcoder batch --atomic``, where a plain rollback would undo the whole batch)."""

    def __init__(self, result: AutocodeResult) -> None:
        super().__init__("dry run")
        self.result = result


def cmd_autocode(args: argparse.Namespace) -> int:
    """Find and widen every hit while only reading, then store them in one short transaction."""
    from lgcoder.analysis.search import plan_autocode, store_autocode
    from lgcoder.core.ops.codes import code_by_guid, get_code

    with open_project(args.project) as project:
        project.use_wal()  # planning then holds up no other process's writes
        with project.reading() as session:
            code_guid = get_code(session, args.code).guid
            plan = plan_autocode(session, _search_options(args), args.unit)
        try:
            with project.transaction() as session:
                result = store_autocode(
                    session,
                    plan,
                    code_by_guid(session, code_guid),
                    resolve_coder(session, args.coder),
                )
                if args.dry_run:  # leaving by an exception rolls the transaction back
                    raise _DryRun(result)
        except _DryRun as dry:
            result = dry.result
    verb = "would code" if args.dry_run else "coded"
    print(
        f"{counted(result.hits, 'hit')}; {verb} {counted(result.coded, 'passage')} as {args.code}"
        + (f"; {result.already} already coded" if result.already else "")
    )
    return 0


def cmd_cooccurrence(args: argparse.Namespace) -> int:
    with project_service(args.project, readonly=True) as service:
        table = service.analysis.cooccurrence(coders=tuple(args.coder))
    pairs = sorted(table.counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if args.json:
        emit_json([{"codes": list(k), "passages": v} for k, v in pairs])
        return 0
    for (a, b), n in pairs:
        print(f"{n:>6}  {a}  +  {b}")
    if not pairs:
        print("no overlapping codings with different codes")
    return 0


def cmd_matrix(args: argparse.Namespace) -> int:
    import csv
    import sys

    with project_service(args.project, readonly=True) as service:
        m = service.analysis.code_matrix(
            args.by, coders=tuple(args.coder), rollup=not args.no_rollup
        )
    if args.json:
        emit_json(
            {
                "by": m.by,
                "columns": m.columns,
                "rows": [
                    {
                        "code": row,
                        "counts": {c: m.count(row, c) for c in m.columns},
                        "total": m.row_total(row),
                    }
                    for row in m.rows
                ],
            }
        )
        return 0
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["code", *m.columns, "total"])
    for row in m.rows:
        writer.writerow([row, *(m.count(row, c) for c in m.columns), m.row_total(row)])
    return 0


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("project")
    p.add_argument("query", nargs="?", help="the text to find (a regular expression with --regex)")
    p.add_argument("--doc", action="append", default=[], metavar="NAME")
    p.add_argument(
        "--speaker",
        action="append",
        default=[],
        metavar="NAME",
        help="only in this speaker's turns (without QUERY: all their turns)",
    )
    p.add_argument("--regex", action="store_true")
    p.add_argument("--whole-word", action="store_true")
    p.add_argument("--case-sensitive", action="store_true")


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("search", help="find text across documents")
    p.set_defaults(handler=cmd_search)
    _filters(p)
    p.add_argument("--json", action="store_true")

    p = subparsers.add_parser("autocode", help="code every search hit (or a speaker's turns)")
    p.set_defaults(handler=cmd_autocode)
    _filters(p)
    p.add_argument("--code", required=True, metavar="PATH")
    p.add_argument(
        "--unit",
        choices=("match", "sentence", "paragraph", "turn"),
        default="match",
        help="code the match itself or the sentence, paragraph or turn around it",
    )
    p.add_argument("--coder")
    p.add_argument("--dry-run", action="store_true", help="count, but change nothing")

    p = subparsers.add_parser(
        "matrix", help="coded passages per code and document, case, speaker or coder"
    )
    p.set_defaults(handler=cmd_matrix)
    p.add_argument("project")
    p.add_argument("--by", choices=("document", "case", "speaker", "coder"), default="document")
    p.add_argument("--coder", action="append", default=[], metavar="NAME")
    p.add_argument(
        "--no-rollup", action="store_true", help="do not count sub-codes in their parent's row"
    )
    p.add_argument("--json", action="store_true", help="JSON instead of CSV")

    p = subparsers.add_parser("cooccurrence", help="which codes overlap on the same passages")
    p.set_defaults(handler=cmd_cooccurrence)
    p.add_argument("project")
    p.add_argument("--coder", action="append", default=[], metavar="NAME")
    p.add_argument("--json", action="store_true")

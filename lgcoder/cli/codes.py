"""``lgcoder codes`` and ``lgcoder code add|apply|remove``: the codebook and coding passages."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from lgcoder.cli.common import (
    Subparsers,
    add_command,
    counted,
    print_listing,
    project_service,
    reading_connection,
)
from lgcoder.core.errors import ValidationError

if TYPE_CHECKING:
    from lgcoder.core.code_tree import CodeNode


def cmd_codes(args: argparse.Namespace) -> int:
    """The quick path: plain sqlite3 (:mod:`lgcoder.core.quick_read`), no SQLAlchemy."""
    from lgcoder.core.quick_read import flat_code_tree

    with reading_connection(args.project) as conn:
        nodes = flat_code_tree(conn, subtree_documents=True)

    def line(n: CodeNode) -> str:
        own = f"{counted(n.codings, 'coding')} in {counted(n.documents, 'document')}"
        if n.children:
            own += (
                f"; with sub-codes {counted(n.total_codings, 'coding')} "
                f"in {counted(n.total_documents or 0, 'document')}"
            )
        return f"{'  ' * n.path.count('/')}{n.name}  ({own})"

    return print_listing(
        args.json,
        nodes,
        lambda n: {
            "path": n.path,
            "guid": n.guid,
            "color": n.color,
            "description": n.description,
            "codings": n.codings,
            "documents": n.documents,
            "codings_with_subcodes": n.total_codings,
            "documents_with_subcodes": n.total_documents,
        },
        line,
        empty="(no codes yet: lgcoder code add PROJECT NAME)",
    )


def cmd_code_add(args: argparse.Namespace) -> int:
    with project_service(args.project) as service:
        made = service.add_code_path(
            args.path, color=args.color, description=args.description or ""
        )
    for path, guid in made:  # missing parents are created too, and said so
        print(f"code {path} created (guid {guid})")
    return 0


_SPAN = re.compile(r"([0-9]{1,18}):([0-9]{1,18})", re.ASCII)


def parse_span(span: str) -> tuple[int, int]:
    """START:END in ASCII digits only (``int()`` would also take "٣" or "1_0")."""
    found = _SPAN.fullmatch(span.strip())
    if found is None:
        raise ValidationError(f"--span must be START:END in characters, e.g. 10:42 (got '{span}')")
    return int(found[1]), int(found[2])


def cmd_code_apply(args: argparse.Namespace) -> int:
    span = parse_span(args.span) if args.span is not None else None
    with project_service(args.project) as service:
        coded = service.code_passage(
            args.doc,
            args.code,
            span=span,
            match=args.match or "",
            occurrence=args.occurrence,
            coder=args.coder,
            memo=args.memo or "",
        )
    quote = " ".join(coded.text.split())
    quote = quote if len(quote) <= 60 else quote[:59] + "\u2026"
    print(
        f"coding created (guid {coded.changes.created[0]}): {coded.code_path} on \u201c{quote}\u201d "
        f"in {coded.document}, coded by {coded.coder}"
    )
    return 0


def cmd_code_remove(args: argparse.Namespace) -> int:
    with project_service(args.project) as service:
        service.remove_coding(args.coding)
    print(f"removed {args.coding}")
    return 0


def register_codes(sub: Subparsers) -> None:
    p = add_command(sub, "codes", cmd_codes, "list the codebook with counts")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")


def register(sub: Subparsers) -> None:
    """``code add|apply|remove`` (``codes`` comes first in the help: :func:`register_codes`)."""
    code = sub.add_parser("code", help="add codes, apply and remove codings")
    code_sub = code.add_subparsers(dest="code_command", metavar="ACTION")
    code_sub.required = True
    p = code_sub.add_parser("add", help="add a code (PATH like parent/child)")
    p.set_defaults(handler=cmd_code_add)
    p.add_argument("project")
    p.add_argument("path")
    p.add_argument("--color")
    p.add_argument("--description")
    p = code_sub.add_parser("apply", help="code a passage of a document")
    p.set_defaults(handler=cmd_code_apply)
    p.add_argument("project")
    p.add_argument("--doc", required=True)
    p.add_argument("--code", required=True)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--span", help="START:END in characters (end exclusive)")
    where.add_argument("--match", help="code the text that matches exactly")
    p.add_argument("--occurrence", type=int, default=1, help="which match, counting from 1")
    p.add_argument("--coder")
    p.add_argument("--memo")
    p = code_sub.add_parser("remove", help="uncode a passage")
    p.set_defaults(handler=cmd_code_remove)
    p.add_argument("project")
    p.add_argument("--coding", required=True, metavar="GUID")

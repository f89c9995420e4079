"""``lgcoder export docx|csv|xlsx|codebook``: the headless twin of the export dialogs.

Other command modules add more export formats (:mod:`lgcoder.cli.refi`: qdpx, qdc):
:func:`export_actions` returns the ``export`` sub-action group, creating it or reusing it
whichever module registers first, so the formats share one ``lgcoder export``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lgcoder.cli.common import Subparsers, scope_arguments, scope_from
from lgcoder.core.errors import ValidationError

#: The choices of :mod:`lgcoder.exporters.options`, repeated so that building the parser imports
#: no exporter code (``tests/unit/test_cli_package.py`` holds the two copies equal).
CITE_CODER = ("name", "initials", "none")
LAYOUTS = ("auto", "chapters", "continuous")
SHORT_SUMMARY_QUOTES = 40


def export_actions(subparsers: Subparsers) -> Subparsers:
    """The sub-parsers group of ``lgcoder export`` (created on first use)."""
    parser = subparsers.choices.get("export")
    if parser is None:
        parser = subparsers.add_parser(
            "export",
            help="export a Word summary, a table of coded passages or the codebook",
            description="Export the project's evidence: a Word summary, CSV/XLSX tables, "
            "the codebook.",
        )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    actions = parser.add_subparsers(dest="export_format", metavar="FORMAT")
    actions.required = True
    return actions


def _scope_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("project")
    p.add_argument("out", metavar="OUT")
    scope_arguments(p)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def cmd_docx(args: argparse.Namespace) -> int:
    from lgcoder.exporters.docx_report import export_summary
    from lgcoder.exporters.options import SummaryOptions

    options = SummaryOptions(
        scope=scope_from(args),
        title=args.title or "",
        include_definitions=not args.no_definitions,
        include_memos=not args.no_memos,
        order="document" if args.group_by_document else "position",
        max_quotes=args.max_quotes,
        include_context=args.context,
        template=Path(args.template) if args.template else None,
        include_matrix=not args.no_matrix,
        include_appendix=not args.no_appendix,
        cite_coder=args.cite_coder,
        layout=args.layout,
        include_charts=args.charts,
    )
    pdf = Path(args.out).with_suffix(".pdf") if args.pdf else None
    result = export_summary(args.project, args.out, options, pdf=pdf)
    print(result.describe())
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    from lgcoder.exporters.options import TableOptions
    from lgcoder.exporters.tables import export_table

    out = Path(args.out)
    wanted = f".{args.table_format}"
    if out.suffix.lower() != wanted:
        raise ValidationError(f"{out.name} should end in {wanted} for 'export {args.table_format}'")
    result = export_table(
        args.project, out, TableOptions(scope=scope_from(args), exact_text=args.exact_text)
    )
    print(result.describe())
    return 0


def cmd_codebook(args: argparse.Namespace) -> int:
    from lgcoder.exporters.codebook import export_codebook

    result = export_codebook(
        args.project,
        args.out,
        coders=tuple(args.coder),
        template=Path(args.template) if args.template else None,
        title=args.title or "",
    )
    print(result.describe())
    return 0


def register(subparsers: Subparsers) -> None:
    actions = export_actions(subparsers)

    p = actions.add_parser("docx", help="a Word evidence summary, theme by theme")
    p.set_defaults(handler=cmd_docx)
    _scope_arguments(p)
    p.add_argument(
        "--template", metavar="T.docx", help="start from this Word template (.docx or .dotx)"
    )
    p.add_argument("--title", help="the report title (default: the project's title)")
    p.add_argument("--no-definitions", action="store_true", help="leave out code definitions")
    p.add_argument("--no-memos", action="store_true", help="leave out memos and notes")
    p.add_argument(
        "--group-by-document", action="store_true", help="group each theme's quotes by document"
    )
    p.add_argument("--max-quotes", type=_positive, metavar="N", help="at most N quotes per theme")
    p.add_argument("--context", action="store_true", help="show the sentence around each quote")
    p.add_argument("--no-matrix", action="store_true", help="leave out the theme x document matrix")
    p.add_argument("--no-appendix", action="store_true", help="leave out the codebook and sources")
    p.add_argument(
        "--cite-coder",
        choices=CITE_CODER,
        default="name",
        help="citations end 'coded by Ann Newcomer' (name), 'coded by AN' (initials), or "
        "without the coder (none)",
    )
    p.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="auto",
        help="chapters: each theme on a new page; continuous: themes follow one another; "
        f"auto (default): continuous up to {SHORT_SUMMARY_QUOTES} quotes",
    )
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also write OUT.pdf through LibreOffice, with page numbers in the contents",
    )
    p.add_argument(
        "--charts",
        action="store_true",
        help="add figures to the overview: passages per theme, and who raised what",
    )

    for fmt, label in (("csv", "CSV (UTF-8)"), ("xlsx", "Excel workbook")):
        p = actions.add_parser(fmt, help=f"one row per coded passage, as {label}")
        p.set_defaults(handler=cmd_table, table_format=fmt)
        _scope_arguments(p)
        p.add_argument(
            "--exact-text",
            action="store_true",
            help="the stored text, not the cleaned reading text",
        )

    p = actions.add_parser(
        "codebook", help="the codebook with definitions and counts (.docx, .csv, .xlsx)"
    )
    p.set_defaults(handler=cmd_codebook)
    p.add_argument("project")
    p.add_argument("out", metavar="OUT")
    p.add_argument(
        "--coder",
        action="append",
        metavar="NAME",
        default=[],
        help="count only this coder's codings",
    )
    p.add_argument("--template", metavar="T.docx")
    p.add_argument("--title")

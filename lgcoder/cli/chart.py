"""``lgcoder chart KIND PROJECT OUT.png|.svg [filters]``: a report-ready figure from a script.

The same charts as *Analysis ▸ Charts…* in the workbench and the figures of the Word summary,
with the Word export's scope filters. PNG is written at 300 dpi for print, SVG for editing in
Inkscape or Illustrator. matplotlib is imported only when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lgcoder.cli.common import Subparsers, scope_arguments, scope_from

KINDS_HELP = (
    "prevalence (passages per theme), speakers (who raised what), cooccurrence (themes on the "
    "same passages, a heat map), cooccurrence-network (the same pairs as a network) or coders "
    "(agreement per theme)"
)


def _between(lo: float, hi: float) -> Any:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got '{text}'") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"must be between {lo:g} and {hi:g}")
        return value

    return parse


def cmd_chart(args: argparse.Namespace) -> int:
    """Check the request, count in one read-only session, then draw and save."""
    from lgcoder.analysis.chart_data import KINDS
    from lgcoder.charts.draw import check_format, save
    from lgcoder.charts.scope import ChartOptions, load_chart
    from lgcoder.cli.common import read_project
    from lgcoder.core.errors import ValidationError
    from lgcoder.exporters.files import check_output

    kind = args.kind.lower()
    if kind not in KINDS:
        raise ValidationError(f"unknown chart '{args.kind}'; choose one of {', '.join(KINDS)}")
    out = Path(args.out)
    check_format(out)
    check_output(out, (".png", ".svg"))
    scope = scope_from(args)
    options = ChartOptions(
        kind=kind,
        split_by=args.split_by,
        all_levels=args.all_themes,
        statistic=args.statistic,
        unit=args.unit,
    )
    with read_project(args.project) as project:
        data = load_chart(project, scope, options)
    save(data, out, dark=args.dark, dpi=args.dpi, width_in=args.width)
    print(f"wrote {out} ({data.title.lower()})")
    return 0


def register(subparsers: Subparsers) -> None:
    """Add ``chart`` to the ``lgcoder`` sub-commands."""
    p = subparsers.add_parser(
        "chart",
        help="draw a chart of the evidence as PNG or SVG",
        description="Draw a chart of the coded evidence: " + KINDS_HELP + ".",
    )
    p.set_defaults(handler=cmd_chart)
    p.add_argument("kind", metavar="KIND", help=KINDS_HELP)
    p.add_argument("project")
    p.add_argument("out", metavar="OUT", help="OUT.png (300 dpi) or OUT.svg")
    scope_arguments(p, coder_help="a coder; repeat for more (coders: the coders compared)")
    p.add_argument(
        "--split-by",
        choices=("document", "case", "speaker"),
        help="prevalence: split each bar by document, case or speaker",
    )
    p.add_argument(
        "--all-themes",
        action="store_true",
        help="speakers: a column per sub-theme too, not only top-level themes",
    )
    p.add_argument(
        "--statistic",
        choices=("auto", "kappa", "alpha"),
        default="auto",
        help="coders: Cohen's kappa (two coders) or Krippendorff's alpha; "
        "auto picks kappa for two coders",
    )
    p.add_argument(
        "--unit",
        choices=("char", "segment"),
        default="char",
        help="coders: compare characters or paragraphs/speaker turns",
    )
    p.add_argument("--dark", action="store_true", help="light text on a dark background")
    p.add_argument("--dpi", type=_between(50, 1200), default=300.0, help="PNG resolution (300)")
    p.add_argument(
        "--width",
        type=_between(2, 40),
        default=7.0,
        metavar="INCHES",
        help="figure width in inches (7)",
    )

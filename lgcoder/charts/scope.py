"""Charts for an export :class:`~lgcoder.exporters.options.Scope`: the same filters as the Word
summary (codes with their sub-codes, documents, coders, cases, attributes), resolved once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from lgcoder.analysis.chart_data import ChartData, ChartFilter, Target, compute, passages_for
from lgcoder.core.ops.coders import get_coder
from lgcoder.core.queries import CodingRow
from lgcoder.exporters.options import Scope
from lgcoder.exporters.scope import resolve_scope


@dataclass(frozen=True)
class ChartOptions:
    """Which chart and its choices (see :func:`lgcoder.analysis.chart_data.compute`)."""

    kind: str = "prevalence"
    split_by: str | None = None
    all_levels: bool = False
    statistic: str = "auto"
    unit: str = "char"


def chart_filter(session: Session, scope: Scope) -> ChartFilter:
    """*scope* as document ids and code guids; unknown names are NotFoundErrors."""
    documents, codes = resolve_scope(session, scope)
    coders = tuple(get_coder(session, name).name for name in scope.coders)
    return ChartFilter(
        documents=None if documents is None else frozenset(documents),
        codes=None if codes is None else frozenset(codes),
        coders=coders,
    )


def chart_data(session: Session, scope: Scope, options: ChartOptions) -> ChartData:
    return compute(
        session,
        options.kind,
        chart_filter(session, scope),
        split_by=options.split_by,
        all_levels=options.all_levels,
        statistic=options.statistic,
        unit=options.unit,
    )


def chart_passages(session: Session, scope: Scope, target: Target) -> list[CodingRow]:
    """The passages behind one bar or cell of a chart drawn for *scope*."""
    return passages_for(session, chart_filter(session, scope), target)


def load_chart(project: Any, scope: Scope, options: ChartOptions) -> ChartData:
    """:func:`chart_data` in its own read-only session (CLI, background tasks)."""
    with project.reading() as session:
        return chart_data(session, scope, options)

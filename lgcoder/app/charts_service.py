"""Plain-data facade for the Charts window: scope choices, chart numbers, a bar's passages.

Like :class:`~lgcoder.app.analysis_service.AnalysisService`, each call is one read-only session
on the open project and returns plain values, so the window never holds a Session. Drawing is
:mod:`lgcoder.charts.draw`'s (Qt-free), called from a background task.
"""

from __future__ import annotations

from lgcoder.analysis.chart_data import ChartData, Target
from lgcoder.charts.draw import Rendered, render
from lgcoder.charts.scope import ChartOptions, chart_data, chart_passages
from lgcoder.core.db import Project
from lgcoder.core.queries import CodingRow
from lgcoder.exporters.options import Scope
from lgcoder.exporters.scope import ScopeChoices, load_scope_choices


class ChartsService:
    def __init__(self, project: Project) -> None:
        self.project = project

    def choices(self) -> ScopeChoices:
        return load_scope_choices(self.project)

    def chart(self, scope: Scope, options: ChartOptions) -> ChartData:
        with self.project.reading() as session:
            return chart_data(session, scope, options)

    def passages(self, scope: Scope, target: Target) -> list[CodingRow]:
        with self.project.reading() as session:
            return chart_passages(session, scope, target)

    def draw(
        self, scope: Scope, options: ChartOptions, *, dark: bool, width_in: float, dpi: float
    ) -> tuple[ChartData, Rendered]:
        """Count, then draw for the screen: what the window's background task runs. The note
        is left out of the picture: the window shows it under the chart (a saved file keeps it)."""
        data = self.chart(scope, options)
        return data, render(data, dark=dark, width_in=width_in, dpi=dpi, note=False)

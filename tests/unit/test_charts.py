"""The four charts: their numbers come from the matrix, co-occurrence and agreement functions,
each bar or cell lists exactly the passages it counts, and each kind draws a real image."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from lgcoder.analysis.chart_data import (
    CoderComparison,
    HeatMap,
    Network,
    Prevalence,
    passages_for,
)
from lgcoder.analysis.cooccurrence import cooccurrence
from lgcoder.analysis.matrix import NO_SPEAKER, code_matrix
from lgcoder.charts.scope import ChartOptions, chart_data, chart_filter
from lgcoder.core.db import Project
from lgcoder.core.errors import NotFoundError, ValidationError
from lgcoder.exporters.options import Scope
from lgcoder.team.agreement import LOW_AGREEMENT, compute_agreement
from tests.chart_fixtures import build_chart_project


@pytest.fixture
def charted(tmp_path: Path) -> Iterator[Project]:
    with Project.open(build_chart_project(tmp_path / "charts.lgc")) as project:
        yield project


def _data(project: Project, kind: str, scope: Scope | None = None, **kw: object) -> object:
    with project.reading() as s:
        return chart_data(s, scope or Scope(), ChartOptions(kind=kind, **kw))  # type: ignore[arg-type]


def test_prevalence_bars_are_the_matrix_row_totals(charted: Project) -> None:
    data = _data(charted, "prevalence")
    assert isinstance(data, Prevalence)
    with charted.reading() as s:
        m = code_matrix(s, "document")
    assert [(b.path, b.value) for b in data.bars] == [(r, m.row_total(r)) for r in m.rows]
    # by hand: Barriers holds its own 3 passages and Funding's 2
    assert {b.path: b.value for b in data.bars}["Barriers"] == 5
    assert [b.depth for b in data.bars] == [0, 1, 0, 0]


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (Scope(codes=("Barriers",)), {"Barriers": 5, "Barriers/Funding": 2}),
        (Scope(documents=("report.txt",)), {"Barriers": 2, "Leadership": 1, "Synergy": 1}),
        (Scope(cases=("North",)), {"Barriers": 3, "Leadership": 2, "Synergy": 1}),
        (Scope(attributes=(("Kind", "report"),)), {"Barriers": 2, "Leadership": 1}),
        (Scope(coders=("Ben",)), {"Barriers": 2, "Leadership": 1, "Synergy": 1}),
    ],
)
def test_prevalence_takes_the_word_exports_scope(
    charted: Project, scope: Scope, expected: dict[str, int]
) -> None:
    data = _data(charted, "prevalence", scope)
    assert isinstance(data, Prevalence)
    shown = {b.path: b.value for b in data.bars if b.value}
    assert {k: shown.get(k, 0) for k in expected} == expected
    with charted.reading() as s:
        f = chart_filter(s, scope)
        m = code_matrix(s, "coder", coders=f.coders, documents=f.documents, codes=f.codes)
        for bar in data.bars:
            assert bar.value == m.row_total(bar.path)
            assert len(passages_for(s, f, bar.target)) == bar.value


def test_prevalence_split_by_speaker_adds_up_and_lists_each_part(charted: Project) -> None:
    data = _data(charted, "prevalence", split_by="speaker")
    assert isinstance(data, Prevalence)
    assert data.series == ["Priya", "Tom", NO_SPEAKER] or set(data.series) == {
        "Priya",
        "Tom",
        NO_SPEAKER,
    }
    with charted.reading() as s:
        f = chart_filter(s, Scope())
        m = code_matrix(s, "coder")
        for bar in data.bars:
            assert bar.value == m.row_total(bar.path)  # the bar is still the theme's passages
            assert sum(n for _c, n, _t in bar.parts) == bar.value
            for _column, n, target in bar.parts:
                assert len(passages_for(s, f, target)) == n
    by_document = _data(charted, "prevalence", split_by="document")
    assert isinstance(by_document, Prevalence)
    assert [b.value for b in by_document.bars] == [b.value for b in data.bars]


def test_who_raised_what_is_the_speaker_matrix_with_a_no_speaker_row(charted: Project) -> None:
    data = _data(charted, "speakers")
    assert isinstance(data, HeatMap)
    assert data.rows[-1] == NO_SPEAKER
    assert data.columns == ["Barriers", "Leadership", "Synergy"]
    with charted.reading() as s:
        m = code_matrix(s, "speaker")
        f = chart_filter(s, Scope())
        for i, who in enumerate(data.rows):
            for j, theme in enumerate(data.columns):
                assert data.values[i][j] == m.count(theme, who)
                target = data.targets[i][j]
                assert target is not None
                assert len(passages_for(s, f, target)) == data.values[i][j]
    # the preamble's Synergy and the report's passages have no speaker
    row = dict(zip(data.columns, data.values[data.rows.index(NO_SPEAKER)], strict=True))
    assert row == {"Barriers": 2, "Leadership": 1, "Synergy": 2}
    assert data.values[data.rows.index("Priya")][0] == 3


def test_cooccurrence_heat_map_uses_the_cli_overlap_rule(charted: Project) -> None:
    data = _data(charted, "cooccurrence")
    assert isinstance(data, HeatMap)
    with charted.reading() as s:
        table = cooccurrence(s)
        f = chart_filter(s, Scope())
        # each pair once: the lower triangle of the themes in codebook order
        assert data.rows[:-1] == data.columns[1:]
        for i, a in enumerate(data.rows):
            for j, b in enumerate(data.columns):
                if j > i:
                    assert data.values[i][j] is None and data.targets[i][j] is None
                    continue
                assert a != b
                assert data.values[i][j] == table.count(a, b)
                target = data.targets[i][j]
                assert target is not None
                rows = passages_for(s, f, target)
                assert bool(rows) == bool(table.count(a, b))
                assert {r.code for r in rows} <= {a, b}
    assert sum(v or 0 for row in data.values for v in row) == sum(table.counts.values())


def test_coder_comparison_is_the_agreement_table_with_counts(charted: Project) -> None:
    data = _data(charted, "coders")
    assert isinstance(data, CoderComparison)
    assert data.coders == ["Ann", "Ben"] and data.statistic == "kappa"
    with charted.reading() as s:
        result = compute_agreement(s, ["Ann", "Ben"], codes=[r.path for r in data.rows])
        m = code_matrix(s, "coder", rollup=False)
    expected = {path: stats.kappa[0][2] for path, stats in result.codes}
    for row in data.rows:
        assert row.value == pytest.approx(expected[row.path])
        assert row.low == (row.value is not None and row.value < LOW_AGREEMENT)
        assert row.counts == {"Ann": m.count(row.path, "Ann"), "Ben": m.count(row.path, "Ben")}
    assert any(r.low for r in data.rows)
    alpha = _data(charted, "coders", statistic="alpha")
    assert isinstance(alpha, CoderComparison) and alpha.statistic == "alpha"
    assert alpha.pooled == pytest.approx(result.pooled.alpha)


def test_cooccurrence_network_links_are_the_cli_pairs(charted: Project) -> None:
    data = _data(charted, "cooccurrence-network")
    assert isinstance(data, Network)
    with charted.reading() as s:
        table = cooccurrence(s)
        own = code_matrix(s, "coder", rollup=False)
        f = chart_filter(s, Scope())
        assert data.links, "the fixture has overlapping themes"
        pairs = {(link.a, link.b): link.weight for link in data.links}
        assert pairs == {k: n for k, n in table.counts.items() if n}
        for link in data.links:
            rows = passages_for(s, f, link.target)
            assert rows and {r.code for r in rows} <= {link.a, link.b}
        linked = {p for pair in pairs for p in pair}
        assert {n.path for n in data.nodes} == linked
        for node in data.nodes:
            assert node.passages == own.row_total(node.path)
            assert len(passages_for(s, f, node.target)) == node.passages
    # narrowed to the report, the same rule on fewer codings
    narrowed = _data(charted, "cooccurrence-network", Scope(documents=("report.txt",)))
    assert isinstance(narrowed, Network)
    with charted.reading() as s:
        f = chart_filter(s, Scope(documents=("report.txt",)))
        table = cooccurrence(s, documents=f.documents)
    assert {(x.a, x.b): x.weight for x in narrowed.links} == {
        k: n for k, n in table.counts.items() if n
    }


def test_bad_requests_are_readable_errors(charted: Project) -> None:
    with pytest.raises(ValidationError, match="unknown chart"):
        _data(charted, "pie")
    with pytest.raises(ValidationError, match="two coders"):
        _data(charted, "coders", Scope(coders=("Ann",)))
    with pytest.raises(NotFoundError):
        _data(charted, "prevalence", Scope(codes=("Nope",)))


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("prevalence", {}),
        ("prevalence", {"split_by": "case"}),
        ("speakers", {}),
        ("cooccurrence", {}),
        ("cooccurrence-network", {}),
        ("coders", {}),
    ],
)
def test_each_kind_renders_a_png_of_the_expected_size(
    charted: Project, kind: str, extra: dict[str, str], tmp_path: Path
) -> None:
    from PIL import Image

    from lgcoder.charts.draw import render, save

    data = _data(charted, kind, **extra)
    drawn = render(data, dpi=100, width_in=6.0)  # type: ignore[arg-type]
    image = Image.open(io.BytesIO(drawn.png))
    assert image.format == "PNG"
    assert image.size == (600, drawn.height) and drawn.height > 150
    extrema = image.convert("L").getextrema()
    assert extrema[0] < 100 < extrema[1]  # text and bars on a light page, not a blank image
    assert drawn.regions and all(r.x1 > r.x0 and r.y1 > r.y0 for r in drawn.regions)
    assert all(
        r.x0 >= 0 and r.x1 <= 600 and r.y0 >= 0 and r.y1 <= drawn.height for r in drawn.regions
    )
    dark = Image.open(io.BytesIO(render(data, dark=True, dpi=50).png)).convert("L")  # type: ignore[arg-type]
    assert dark.getpixel((2, 2)) < 80  # the dark theme's background

    png = save(data, tmp_path / f"{kind}.png", dpi=300)  # type: ignore[arg-type]
    with Image.open(png) as printed:
        assert printed.size[0] == 2100  # 7 inches at 300 dpi
        assert round(printed.info["dpi"][0]) == 300
    svg = save(data, tmp_path / f"{kind}.svg")  # type: ignore[arg-type]
    assert ET.parse(svg).getroot().tag.endswith("svg")


def test_a_click_on_a_bar_finds_that_bar(charted: Project) -> None:
    from lgcoder.charts.draw import render

    data = _data(charted, "prevalence")
    drawn = render(data, dpi=100)  # type: ignore[arg-type]
    first = drawn.regions[0]
    hit = drawn.hit((first.x0 + first.x1) / 2, (first.y0 + first.y1) / 2)
    assert hit is not None and hit.target.code == "Barriers"
    assert drawn.hit(1, 1) is None


def test_a_click_on_a_network_circle_finds_that_theme(charted: Project) -> None:
    from lgcoder.charts.draw import render

    data = _data(charted, "cooccurrence-network")
    assert isinstance(data, Network)
    drawn = render(data, dpi=100)
    themes = {n.path for n in data.nodes}
    circles = [r for r in drawn.regions if r.target.partner is None]
    assert {r.target.code for r in circles} == themes
    for region in circles:
        hit = drawn.hit((region.x0 + region.x1) / 2, (region.y0 + region.y1) / 2)
        assert hit is not None and hit.target.code == region.target.code


def test_palette_keeps_distinct_codebook_colours_and_replaces_clashes() -> None:
    from lgcoder.charts.palette import OKABE_ITO, distance, distinguishable

    assert distinguishable(["#cc6677", "#117733", "#332288"]) == ["#cc6677", "#117733", "#332288"]
    # red and green look alike to a deuteranope: the second gives way
    chosen = distinguishable(["#cc3333", "#669933", "#cc3333"])
    assert chosen[0] == "#cc3333" and chosen[1] in OKABE_ITO and chosen[2] in OKABE_ITO
    assert min(distance(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1 :]) > 20


def test_names_with_dollar_signs_are_drawn_as_text() -> None:
    """A theme called "Costs $\\frac and $" would be TeX to matplotlib (and fail to parse)."""
    from lgcoder.analysis.chart_data import Bar, Target
    from lgcoder.charts.draw import render

    name = "Costs $\\frac and $"
    data = Prevalence(
        "prevalence", "Passages per theme", [Bar(name, name, 0, "#cc6677", 2, Target(name))]
    )
    drawn = render(data, dpi=50)
    assert drawn.png.startswith(b"\x89PNG") and drawn.regions[0].target.code == name

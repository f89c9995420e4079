"""The co-occurrence network stays readable when it is crowded: no theme's circle or name
covers another's, and two themes with the same name are told apart."""

from __future__ import annotations

import random

import numpy as np
import pytest
from matplotlib.text import Annotation

from lgcoder.analysis.chart_data import Link, Network, Node, Target, distinct_names
from lgcoder.charts.draw import figure_for
from lgcoder.charts.spread import overlapping_pairs, separate


def test_distinct_names_add_just_enough_of_the_path() -> None:
    names = distinct_names(
        [
            "Leadership/aspect 1",
            "Synergy/aspect 1",
            "Synergy",
            "Barriers/Funding",
            "A/x/cost",
            "B/x/cost",
        ]
    )
    assert names == {
        "Leadership/aspect 1": "Leadership/aspect 1",
        "Synergy/aspect 1": "Synergy/aspect 1",
        "Synergy": "Synergy",
        "Barriers/Funding": "Funding",
        "A/x/cost": "A/x/cost",
        "B/x/cost": "B/x/cost",
    }


def test_separate_parts_every_box_inside_the_area_and_keeps_the_arrangement() -> None:
    rng = np.random.default_rng(7)
    start = rng.uniform(0, 1, (30, 2)) * [6.4, 6.0]
    half = np.column_stack([rng.uniform(0.2, 0.7, 30), np.full(30, 0.3)])
    assert overlapping_pairs(start, half) > 5
    moved = separate(start, half, (6.4, 6.0))
    assert overlapping_pairs(moved, half) == 0
    assert (moved - half >= -1e-9).all() and (moved + half <= [6.4 + 1e-9, 6.0 + 1e-9]).all()
    # the layout's arrangement survives: the leftmost third is still mostly on the left
    left = start[:, 0] < 2.1
    assert moved[left, 0].mean() < moved[~left, 0].mean()
    assert (separate(start, half, (6.4, 6.0)) == moved).all()  # the same picture every time


def test_boxes_on_one_spot_are_fanned_out() -> None:
    half = np.tile([0.4, 0.2], (5, 1))
    moved = separate(np.full((5, 2), 2.0), half, (7.0, 4.0))
    assert overlapping_pairs(moved, half) == 0


def _crowded(themes: int = 25, links: int = 40) -> Network:
    rng = random.Random(3)
    roots = ["barriers", "leadership", "synergy", "data", "skills"]
    paths = [f"{roots[i % 5]}/aspect {i // 5 + 1}" for i in range(themes)]
    names = distinct_names(paths)
    pairs = rng.sample([(a, b) for i, a in enumerate(paths) for b in paths[i + 1 :]], links)
    return Network(
        kind="cooccurrence-network",
        title="Themes coded on the same passages: network",
        nodes=[
            Node(p, names[p], "#4477aa", rng.randint(50, 400), Target(p, rollup=False))
            for p in paths
        ],
        links=[
            Link(a, b, rng.randint(1, 130), Target(a, rollup=False, partner=b), numbered=i < 15)
            for i, (a, b) in enumerate(pairs)
        ],
    )


@pytest.mark.parametrize("width_in", [6.5, 9.0])
def test_a_crowded_network_draws_no_name_over_another(width_in: float) -> None:
    fig = figure_for(_crowded(), width_in=width_in)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    names = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(names) == 25
    assert len({t.get_text() for t in names}) == 25  # "aspect 1" five times would be useless
    boxes = [t.get_window_extent(renderer) for t in names]
    clashes = [
        (names[i].get_text(), names[j].get_text())
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]
    assert clashes == []
    # every name is inside the picture
    width, height = fig.bbox.width, fig.bbox.height
    assert all(b.x0 >= 0 and b.x1 <= width and b.y0 >= 0 and b.y1 <= height for b in boxes)

"""The speed report's verdicts and the README section it writes: a wrong PASS would publish a
target as met when it was not."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.timing import (
    README_END,
    README_START,
    Result,
    Sample,
    markdown,
    replace_readme_section,
)
from benchmarks.timing import _Section as Section


def test_sample_reports_median_and_spread() -> None:
    s = Sample.of([0.3, 0.1, 0.2, 0.9, 0.2])
    assert (s.median, s.low, s.high, s.runs) == (0.2, 0.1, 0.9, 5)


def test_absolute_target_pass_and_miss() -> None:
    assert Result("x", Sample.of([0.01, 0.012, 0.02]), target=0.016).verdict == "PASS"
    assert Result("x", Sample.of([0.017, 0.018, 0.01]), target=0.016).verdict == "MISS"
    assert Result("x", Sample.of([1.0])).verdict == "-"


def test_ratio_target_uses_the_floor_of_the_same_run() -> None:
    floor = Sample.of([1.0, 1.0, 1.0])
    assert Result("x", Sample.of([1.9, 2.0, 2.1]), floor=floor, max_ratio=2.0).verdict == "PASS"
    slow = Result("x", Sample.of([2.1, 2.2, 2.3]), floor=floor, max_ratio=2.0)
    assert slow.verdict == "MISS"
    assert slow.ratio == pytest.approx(2.2)


def test_pairwise_ratios_take_precedence_and_show_their_spread() -> None:
    r = Result(
        "pdf",
        Sample.of([2.0, 2.0, 2.0]),
        floor=Sample.of([1.0, 1.0, 1.0]),
        max_ratio=2.0,
        ratios=Sample.of([1.5, 1.8, 1.9]),
    )
    assert r.verdict == "PASS"
    assert r.ratio_text() == "1.80× [1.50–1.90]"


def test_both_bounds_must_hold() -> None:
    r = Result("x", Sample.of([0.5]), target=0.4, floor=Sample.of([1.0]), max_ratio=2.0)
    assert r.verdict == "MISS"


def test_markdown_table_names_machine_and_counts_verdicts() -> None:
    rows = [
        Result("open", Sample.of([0.05, 0.06, 0.07]), target=0.1),
        Result("paint", Sample.of([0.2, 0.3, 0.25]), target=0.1),
    ]
    text = markdown([Section("gui", rows)], dt.datetime(2026, 12, 3, 10, 0), "0.10 0.20 0.30")
    assert "2026-12-03 10:00 UTC" in text and "cores" in text
    assert "| open | 60.0 ms [50.0 ms–70.0 ms] ×3 |" in text
    assert "✅ PASS" in text and "❌ MISS" in text
    assert "1 targets met, 1 missed." in text


def test_readme_section_is_replaced_between_markers_only() -> None:
    readme = f"# Title\n\n## Performance\n{README_START}\nold table\n{README_END}\nafter\n"
    out = replace_readme_section(readme, "new table\n")
    assert "old table" not in out
    assert out.startswith("# Title") and out.endswith(f"{README_END}\nafter\n")
    assert f"{README_START}\nnew table\n{README_END}" in out
    assert replace_readme_section(out, "third\n").count(README_START) == 1


def test_readme_without_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="markers"):
        replace_readme_section("# no section\n", "table")

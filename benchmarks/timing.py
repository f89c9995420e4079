"""Timing helpers shared by the benchmark runners, and the one speed report they all feed.

Every figure is a :class:`Sample` of several runs, reported as its median with the min–max spread,
because a single number from a shared machine is not a result. A :class:`Result` names what was
measured, its target (an absolute bound, or a ratio against a floor measured in the same run) and
says PASS or MISS. Each benchmark module hands its results to :func:`report`, which prints them and
keeps them, so ``python -m benchmarks`` can write the whole table into the README at the end.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    """The values of several runs of one measurement (seconds, or megabytes for sizes)."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[float]) -> Sample:
        if not values:
            raise ValueError("a sample needs at least one run")
        return cls(tuple(values))

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    @property
    def runs(self) -> int:
        return len(self.values)


def sample(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> Sample:
    """Run *fn* ``warmup`` times untimed, then *repeat* times timed."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return Sample.of(times)


def interleaved(
    fns: Mapping[str, Callable[[], object]], repeat: int = 5, warmup: int = 1
) -> dict[str, Sample]:
    """Time several functions in alternating rounds, so that a change in the machine's load
    during the run hits the measurement and its floor alike (ratios taken this way hold)."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: Sample.of(values) for name, values in times.items()}


def median_seconds(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    return sample(fn, repeat, warmup).median


@dataclass
class Result:
    """One row of the speed report.

    ``target`` is an absolute bound on the median (seconds, or MB when ``unit`` is "MB").
    ``max_ratio`` bounds the median over the ``floor``'s median, both taken in the same run: the
    floor is what no implementation can beat (raw pdfium text, python-docx alone, start-up).
    ``ratios``, when given, are per-pair ratios from interleaved runs; their median is the ratio
    reported (it is steadier than a ratio of medians under changing load).
    """

    name: str
    sample: Sample
    target: float | None = None
    floor: Sample | None = None
    floor_name: str = ""
    max_ratio: float | None = None
    ratios: Sample | None = None
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ratios is not None:
            return self.ratios.median
        if self.floor is not None and self.floor.median > 0:
            return self.sample.median / self.floor.median
        return None

    @property
    def verdict(self) -> str:
        checks: list[bool] = []
        if self.target is not None:
            checks.append(self.sample.median <= self.target)
        if self.max_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.max_ratio)
        if not checks:
            return "-"
        return "PASS" if all(checks) else "MISS"

    def target_text(self) -> str:
        parts = []
        if self.target is not None:
            parts.append(f"≤ {fmt(self.target, self.unit)}")
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}× {self.floor_name or 'floor'}".rstrip())
        return ", ".join(parts) or "-"

    def ratio_text(self) -> str:
        r = self.ratio
        if r is None:
            return "-"
        if self.ratios is not None and self.ratios.runs > 1:
            return f"{r:.2f}× [{self.ratios.low:.2f}–{self.ratios.high:.2f}]"
        return f"{r:.2f}×"


def fmt(value: float, unit: str = "s") -> str:
    """A value in a readable unit: seconds as ms below 1 s, sizes in MB."""
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "x":
        return f"{value:.2f}×"
    if value < 1:
        return f"{value * 1000:,.1f} ms"
    return f"{value:,.2f} s"


def spread_text(s: Sample, unit: str = "s") -> str:
    if s.runs == 1:
        return f"{fmt(s.median, unit)} (1 run)"
    return f"{fmt(s.median, unit)} [{fmt(s.low, unit)}–{fmt(s.high, unit)}] ×{s.runs}"


@dataclass
class _Section:
    title: str
    results: list[Result] = field(default_factory=list)


_COLLECTED: list[_Section] = []


def report(title: str, results: Sequence[Result]) -> None:
    """Print one benchmark's rows with median, spread, floor, ratio and PASS/MISS, and keep them
    for the README table that ``python -m benchmarks`` writes at the end."""
    print(f"machine: {machine()}")
    print(
        f"{'benchmark':<52} {'median [min–max] ×runs':<34} {'floor':<34} {'ratio':<20} "
        f"{'target':<22} verdict"
    )
    for r in results:
        floor = spread_text(r.floor, r.unit) if r.floor is not None else "-"
        print(
            f"{r.name:<52} {spread_text(r.sample, r.unit):<34} {floor:<34} {r.ratio_text():<20} "
            f"{r.target_text():<22} {r.verdict}"
        )
        if r.note:
            print(f"    {r.note}")
    _COLLECTED.append(_Section(title, list(results)))


def collected() -> list[_Section]:
    return list(_COLLECTED)


def print_table(rows: Sequence[tuple[str, float, float | None]]) -> None:
    """Older call shape: rows of (what, median seconds, target seconds or None), one run each."""
    report(
        "table",
        [Result(what, Sample.of([measured]), target=target) for what, measured, target in rows],
    )


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """CPU model, cores and the load average, printed next to every benchmark's figures: a
    median means little without the machine and how busy it was."""
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return f"{cpu_model()}, {os.cpu_count()} cores, load average {load}"


README_START = "<!-- benchmarks:start (written by `make bench`; do not edit by hand) -->"
README_END = "<!-- benchmarks:end -->"


def markdown(sections: Sequence[_Section], when: _dt.datetime, load_before: str) -> str:
    """The speed report as a Markdown table, headed by the date and the machine."""
    lines = [
        f"Measured {when:%Y-%m-%d %H:%M} UTC by `make bench` on {cpu_model()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{load_before} at the start and {machine().rsplit('load average ', 1)[1]} at the end. "
        "Each figure is the median of the runs shown, with [min–max]; ratios are against a "
        "floor measured in the same run.",
        "",
        "| benchmark | median [min–max] ×runs | floor | ratio | target | |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for section in sections:
        for r in section.results:
            floor = spread_text(r.floor, r.unit) if r.floor is not None else "-"
            verdict = {"PASS": "✅ PASS", "MISS": "❌ MISS"}.get(r.verdict, "")
            lines.append(
                f"| {r.name} | {spread_text(r.sample, r.unit)} | {floor} | {r.ratio_text()} | "
                f"{r.target_text()} | {verdict} |"
            )
    passed = sum(r.verdict == "PASS" for s in sections for r in s.results)
    missed = sum(r.verdict == "MISS" for s in sections for r in s.results)
    lines += ["", f"{passed} targets met, {missed} missed."]
    return "\n".join(lines) + "\n"


def replace_readme_section(readme: str, table: str) -> str:
    """*readme* with the text between the benchmark markers replaced by *table*.

    Refuses (ValueError) when the markers are missing, rather than appending somewhere a reader
    would not look."""
    start = readme.find(README_START)
    end = readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError("README has no benchmark markers; add them to the performance section")
    return readme[: start + len(README_START)] + "\n" + table + readme[end:]

"""Timing helpers shared by the benchmark runners: medians and a plain-text table."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def median_seconds(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def print_table(rows: Sequence[tuple[str, float, float | None]]) -> None:
    """Rows of (what, measured seconds, target seconds or None); prints ratio = measured/target."""
    print(f"{'benchmark':<58} {'median':>10} {'target':>10} {'ratio':>7}")
    for what, measured, target in rows:
        tgt = f"{target * 1000:>8.1f}ms" if target else f"{'-':>10}"
        ratio = f"{measured / target:>7.2f}" if target else f"{'-':>7}"
        print(f"{what:<58} {measured * 1000:>8.1f}ms {tgt} {ratio}")


def machine() -> str:
    """CPU model, cores and the load average, printed next to every benchmark's figures: a
    median means little without the machine and how busy it was."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return f"{model}, {os.cpu_count()} cores, load average {load}"

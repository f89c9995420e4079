"""Timing helpers shared by the benchmark runners: medians and a plain-text table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence


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

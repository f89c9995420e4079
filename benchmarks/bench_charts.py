"""Charts (issue 14): each chart for a project of 300 documents and 100,000 codings in < 1 s.

For every chart the numbers (one read-only session: scope, matrix / co-occurrence / agreement)
and then the drawing (matplotlib Agg, a PNG at screen resolution, 9 in wide as in the Charts
window) are timed in each run, in wall-clock and CPU time (``time.process_time``, steadier than
wall time on a shared machine); the target is on their sum, which is what the workbench waits
for. The 300 dpi PNG that the CLI and the Word summary write is reported too, untargeted.
matplotlib's (and networkx's) one-off import is paid in the warm-up run, as it is once per
session in the app.

Run ``python -m benchmarks.bench_charts [--docs N --codings N --repeat N]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.timing import Result, Sample, fmt, machine, report, sample
from benchmarks.workload import build_project

TARGET = 1.0
CHARTS = (
    ("passages per theme", "prevalence", {}),
    ("passages per theme, split by speaker", "prevalence", {"split_by": "speaker"}),
    ("who raised what (speaker x theme)", "speakers", {}),
    ("co-occurrence (theme x theme)", "cooccurrence", {}),
    ("co-occurrence network", "cooccurrence-network", {}),
    ("coder comparison (kappa, characters)", "coders", {}),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from lgcoder.charts.draw import render
    from lgcoder.charts.scope import ChartOptions, load_chart
    from lgcoder.core.db import Project
    from lgcoder.exporters.options import Scope

    print(f"machine: {machine()} (the machine is shared: figures are taken under load)")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        path = build_project(
            Path(tmp) / "charts.lgc",
            documents=args.docs,
            chars=20_000,
            codings=args.codings,
            coders=("Ann", "Ben"),
        )
        print(
            f"(built {args.docs} documents, {args.codings:,} codings, 2 coders, 30 codes in "
            f"{time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
        results = []
        with Project.open(path, readonly=True) as project:
            for label, kind, extra in CHARTS:
                options = ChartOptions(kind=kind, **extra)  # type: ignore[arg-type]
                data = load_chart(project, Scope(), options)
                render(data, width_in=9.0, dpi=96)  # warm-up: imports, fonts, caches
                runs: dict[str, list[float]] = {k: [] for k in ("n", "d", "t", "nc", "dc", "tc")}
                for _ in range(args.repeat):
                    w0, c0 = time.perf_counter(), time.process_time()
                    data = load_chart(project, Scope(), options)
                    w1, c1 = time.perf_counter(), time.process_time()
                    render(data, width_in=9.0, dpi=96)
                    w2, c2 = time.perf_counter(), time.process_time()
                    for key, value in (
                        ("n", w1 - w0),
                        ("d", w2 - w1),
                        ("t", w2 - w0),
                        ("nc", c1 - c0),
                        ("dc", c2 - c1),
                        ("tc", c2 - c0),
                    ):
                        runs[key].append(value)

                def printed(d: object = data) -> object:
                    return render(d, width_in=6.5, dpi=300, annotate=False)  # type: ignore[arg-type]

                p = sample(printed, repeat=3)
                got = {k: Sample.of(v) for k, v in runs.items()}
                results += [
                    Result(f"chart {label}: numbers (query)", got["n"]),
                    Result(f"chart {label}: drawing (screen PNG)", got["d"]),
                    Result(f"chart {label}: numbers + drawing", got["t"], target=TARGET),
                    Result(
                        f"chart {label}: numbers + drawing, CPU time",
                        got["tc"],
                        target=TARGET,
                        note=f"numbers {fmt(got['nc'].median)}, drawing {fmt(got['dc'].median)}",
                    ),
                    Result(f"chart {label}: 300 dpi PNG for Word", p),
                ]
                print(f"  {label}: done ({machine()})", flush=True)
    report("charts", results)


if __name__ == "__main__":
    main()

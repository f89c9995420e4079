"""The frozen app against issue 9's targets: size, download size, and start-up time.

What the bundle leaves out to stay within the size budget, and why that is safe, is listed in
packaging/bundle_rules.py (issue 16); the biggest parts of the folder are printed below the
sizes.

* the app folder (dist/lgcoder) under 250 MB unpacked;
* the Linux download (.tar.gz) under 110 MB;
* start to the first painted window no slower than ``python -m lgcoder`` from the venv: each
  run is a new process with a fresh HOME, painting the welcome screen offscreen into a PNG
  (``lgcoder gui --screenshot``) and exiting. The first run of each is reported on its own
  (files not yet in the page cache, as after a reboot, as far as a shared machine allows), the
  others as median and range.

``LGCODER_BENCH_VENVS=1`` also measures what ``make run`` and ``make test`` install: fresh
venvs with ``pip install .`` and ``pip install '.[test]'`` (minutes; off by default).

Run: ``make package`` first, then ``python -m benchmarks bench_package``. Numbers, not pass/fail.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from benchmarks.timing import Result, Sample, machine, report

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "dist" / "lgcoder"
RUNS = int(os.environ.get("LGCODER_BENCH_RUNS", "7"))
MB = 1_000_000


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def biggest_parts(app: Path, count: int = 12) -> list[tuple[str, int]]:
    """The largest entries of the app folder's ``_internal`` (a package folder, a library, the
    executable with its compressed module archive), to see where the size budget goes."""
    internal = app / "_internal"
    parts = [app / "lgcoder"]
    if internal.is_dir():
        parts += [p for p in internal.iterdir() if not p.is_symlink()]
    sizes = [
        (str(p.relative_to(app)), folder_bytes(p) if p.is_dir() else p.stat().st_size)
        for p in parts
        if p.exists()
    ]
    return sorted(sizes, key=lambda item: -item[1])[:count]


def start_once(command: list[str], home: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from process start to the PNG of the first painted window."""
    home.mkdir(parents=True, exist_ok=True)
    shot = home / "welcome.png"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*command, "gui", "--screenshot", str(shot)], env=env, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not shot.is_file():
        raise RuntimeError(f"{command[0]} painted no window")
    return elapsed, usage.ru_utime + usage.ru_stime


def start_times(commands: list[list[str]], runs: int) -> list[list[tuple[float, float]]]:
    """Runs of each command, interleaved so that both see the same load on a shared machine."""
    results: list[list[tuple[float, float]]] = [[] for _ in commands]
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs + 1):
            for k, command in enumerate(commands):
                results[k].append(start_once(command, Path(tmp) / f"home{k}-{i}"))
    return results


def venv_sizes() -> list[tuple[str, int]]:
    rows = []
    for label, spec in (("make run (runtime only)", "."), ("make test (+ test extra)", ".[test]")):
        with tempfile.TemporaryDirectory() as tmp:
            venv = Path(tmp) / "venv"
            subprocess.run([sys._base_executable, "-m", "venv", str(venv)], check=True)
            subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", spec],
                cwd=REPO,
                check=True,
                capture_output=True,
            )
            rows.append((label, folder_bytes(venv)))
    return rows


def main() -> None:
    with (REPO / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    print(f"machine: {machine()}")
    print("(the machine is shared: figures are taken under the load shown)\n")
    if not (APP / "lgcoder").is_file():
        print("dist/lgcoder is not built: run `make package` first")
        return
    tarballs = sorted((REPO / "dist").glob(f"lgcoder-{version}-linux-*.tar.gz"))
    print(f"{'size':<40} {'measured':>10} {'target':>10} {'ratio':>7}")
    rows = [("app folder dist/lgcoder (unpacked)", folder_bytes(APP), 250 * MB)]
    if tarballs:
        rows.append((f"download {tarballs[-1].name}", tarballs[-1].stat().st_size, 110 * MB))
    for what, size, target in rows:
        print(f"{what:<40} {size / MB:>7.1f} MB {target / MB:>7.0f} MB {size / target:>7.2f}")
    print("\nbiggest parts of the app folder:")
    for what, size in biggest_parts(APP):
        print(f"  {what:<48} {size / MB:>6.1f} MB")
    if os.environ.get("LGCODER_BENCH_VENVS") == "1":
        for what, size in venv_sizes():
            print(f"{'.venv for ' + what:<40} {size / MB:>7.1f} MB")

    venv_python = REPO / ".venv" / "bin" / "python"
    python = str(venv_python) if venv_python.exists() else sys.executable
    frozen, venv = start_times([[str(APP / "lgcoder")], [python, "-m", "lgcoder"]], RUNS)
    print(f"\nstart to first painted window: {RUNS} runs after a first one, each a new process")
    print("(wall time; CPU time = user + system, which load on a shared machine disturbs less)")
    print(f"{'how':<30} {'first':>7} {'median':>7} {'min':>7} {'max':>7} {'CPU median':>11}")
    medians = []
    for what, results in (
        ("frozen dist/lgcoder/lgcoder", frozen),
        ("python -m lgcoder (.venv)", venv),
    ):
        walls = [w for w, _ in results[1:]]
        cpus = [c for _, c in results[1:]]
        medians.append((statistics.median(walls), statistics.median(cpus)))
        print(
            f"{what:<30} {results[0][0]:>6.2f}s {statistics.median(walls):>6.2f}s "
            f"{min(walls):>6.2f}s {max(walls):>6.2f}s {statistics.median(cpus):>10.2f}s"
        )
    print(
        f"ratio frozen / venv: wall {medians[0][0] / medians[1][0]:.2f}, "
        f"CPU {medians[0][1] / medians[1][1]:.2f}, first run "
        f"{frozen[0][0] / venv[0][0]:.2f} (target: at most 1.00)"
    )
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    table = [
        Result(what, Sample.of([size / MB]), target=target / MB, unit="MB")
        for what, size, target in rows
    ]
    frozen_walls = [w for w, _ in frozen[1:]]
    venv_walls = [w for w, _ in venv[1:]]
    table.append(
        Result(
            "frozen app: start to first painted window",
            Sample.of(frozen_walls),
            floor=Sample.of(venv_walls),
            floor_name="python -m lgcoder",
            max_ratio=1.0,
            ratios=Sample.of([f / v for f, v in zip(frozen_walls, venv_walls, strict=True)]),
        )
    )
    report("package", table)


if __name__ == "__main__":
    main()

"""Command-line benchmarks (issue 16): how long a researcher's script waits for ``lgcoder``.

Run ``python -m benchmarks.bench_cli [--repeat N] [--lines N]``. Every figure is the wall time
of the real ``lgcoder`` command in a fresh process, as a script runs it:

* start-up: ``lgcoder --version``, against bare ``python -c pass`` (the floor no command beats);
* a read command: ``lgcoder docs`` and ``lgcoder codes`` on a small project (target < 300 ms);
* a single small import: ``lgcoder import`` of a 6-byte text file into a fresh copy;
* a batch: ``lgcoder batch`` of 1,000 ``code apply`` lines (target < 5 s), plain and ``--atomic``.

Runs alternate between the measurement and its floor, so a change in the machine's load hits
both alike; the machine line gives the load average, because this machine is shared.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.timing import Result, Sample, fmt, machine, report

READ_TARGET_S = 0.300
VERSION_TARGET_S = 0.200
IMPORT_TARGET_S = 1.0
BATCH_TARGET_S = 5.0


def lgcoder_command() -> list[str]:
    """The installed ``lgcoder`` script next to this Python, as a user runs it."""
    script = Path(sys.executable).with_name("lgcoder")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "lgcoder"]


def run(args: Sequence[str | Path], stdin: str | None = None) -> None:
    subprocess.run(
        [*lgcoder_command(), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


#: CPU seconds (user + system) of each measured command, by row: on a shared machine the wall
#: time includes waiting for a core, the CPU time does not.
CPU: dict[str, list[float]] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(args: Sequence[str | Path], row: str = "") -> float:
    """Wall seconds of one ``lgcoder ARGS`` (its CPU seconds go to ``CPU[row]``)."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    run(args)
    wall = time.perf_counter() - t0
    if row:
        CPU.setdefault(row, []).append(_children_cpu() - cpu0)
    return wall


def cpu_note(row: str) -> str:
    s = Sample.of(CPU[row])
    return (
        f"CPU time (user+sys) {fmt(s.median)} [{fmt(s.low)}–{fmt(s.high)}]: about what a quiet "
        "machine would take"
    )


def small_project(folder: Path) -> Path:
    """Three short documents, a two-level codebook and a few codings."""
    project = folder / "small.lgc"
    run(["new", project, "--coder", "Ann"])
    files = []
    for i, text in enumerate(
        (
            "The council said funding was the main barrier to shared services.\n",
            "Trust between the two councils grew once the pilot started.\n",
            "Leadership changed twice, and the region lost momentum.\n",
        )
    ):
        path = folder / f"interview{i + 1}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    run(["import", project, *files])
    for code in ("Barriers/Funding", "Barriers/Leadership", "Trust"):
        run(["code", "add", project, code])
    lines = [
        "code apply --doc interview1.txt --code Barriers/Funding --match funding",
        "code apply --doc interview2.txt --code Trust --match Trust",
        "code apply --doc interview3.txt --code Barriers/Leadership --match Leadership",
    ]
    run(["batch", project, "-"], stdin="\n".join(lines) + "\n")
    return project


def batch_lines(count: int) -> str:
    """*count* distinct ``code apply`` lines on one 3,001-character document."""
    return "".join(
        f"code apply --doc long.txt --code Theme --span {i % 2990}:{i % 2990 + 5 + i // 2990}\n"
        for i in range(count)
    )


def batch_project(folder: Path) -> Path:
    project = folder / "batch.lgc"
    run(["new", project, "--coder", "Ann"])
    long = folder / "long.txt"
    long.write_text("word " * 600 + "\n", encoding="utf-8")
    run(["import", project, long])
    run(["code", "add", project, "Theme"])
    return project


def fresh(template: Path, folder: Path, name: str) -> Path:
    copy = folder / name
    copy.unlink(missing_ok=True)
    shutil.rmtree(folder / f"{name}-backups", ignore_errors=True)
    shutil.copyfile(template, copy)
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lines", type=int, default=1000, help="code apply lines in the batch")
    args = parser.parse_args(argv)
    print(f"machine: {machine()} (shared with other jobs: figures are taken under that load)")
    with tempfile.TemporaryDirectory(prefix="lgcoder-bench-cli-") as tmp:
        folder = Path(tmp)
        small = small_project(folder)
        big = batch_project(folder)
        tiny = folder / "tiny.txt"
        tiny.write_text("hello\n", encoding="utf-8")
        script = folder / "lines.txt"
        script.write_text(batch_lines(args.lines), encoding="utf-8")

        times: dict[str, list[float]] = {
            k: [] for k in ("python", "version", "docs", "codes", "import", "batch", "atomic")
        }
        run(["docs", small])  # warm the disk cache once
        for _ in range(args.repeat):  # interleaved: load changes hit each row alike
            cpu0 = _children_cpu()
            times["python"].append(
                timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
            )
            CPU.setdefault("python", []).append(_children_cpu() - cpu0)
            times["version"].append(timed_run(["--version"], "version"))
            times["docs"].append(timed_run(["docs", small], "docs"))
            times["codes"].append(timed_run(["codes", small], "codes"))
            copy = fresh(small, folder, "import.lgc")
            times["import"].append(timed_run(["import", copy, tiny], "import"))
            copy = fresh(big, folder, "run.lgc")
            times["batch"].append(timed_run(["batch", copy, script], "batch"))
            copy = fresh(big, folder, "run.lgc")
            times["atomic"].append(timed_run(["batch", copy, script, "--atomic"], "atomic"))
    floor = Sample.of(times["python"])
    docs = Sample.of(times["docs"])
    report(
        "cli",
        [
            Result(
                "CLI start-up: lgcoder --version",
                Sample.of(times["version"]),
                target=VERSION_TARGET_S,
                floor=floor,
                floor_name="python -c pass",
                note=cpu_note("version"),
            ),
            Result(
                "CLI read: lgcoder docs, small project",
                docs,
                target=READ_TARGET_S,
                floor=floor,
                floor_name="python -c pass",
                note=cpu_note("docs"),
            ),
            Result(
                "CLI read: lgcoder codes, small project",
                Sample.of(times["codes"]),
                target=READ_TARGET_S,
                floor=floor,
                floor_name="python -c pass",
                note=cpu_note("codes"),
            ),
            Result(
                "CLI import of a 6-byte text file",
                Sample.of(times["import"]),
                target=IMPORT_TARGET_S,
                floor=docs,
                floor_name="lgcoder docs",
                note=cpu_note("import"),
            ),
            Result(
                f"CLI batch: {args.lines:,} code apply lines",
                Sample.of(times["batch"]),
                target=BATCH_TARGET_S,
                note=cpu_note("batch"),
            ),
            Result(
                f"CLI batch --atomic: {args.lines:,} code apply lines",
                Sample.of(times["atomic"]),
                target=BATCH_TARGET_S,
                note=cpu_note("atomic"),
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

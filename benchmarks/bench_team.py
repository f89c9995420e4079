"""Team benchmarks (issue 6): merge 3 coder copies of 100,000 codings each; char-level agreement.

Run ``python -m benchmarks.bench_team [--codings N] [--repeat R]``. Each measurement runs in a
fresh subprocess so its peak memory (max RSS) is its own. Prints a table of median times and
peak memory against the targets; numbers, not pass/fail.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.timing import Result, Sample, report

TARGETS = {"merge": (10.0, 1024.0), "agreement": (5.0, 1024.0)}
CODERS = ("Ann", "Ben", "Cat")


def build(folder: Path, codings: int, seed: int = 7) -> tuple[Path, list[Path]]:
    """A lead project (40 documents, 30 codes) and one copy per coder with *codings* each."""
    from lgcoder.core.db import Project
    from lgcoder.core.ops import coders as coder_ops
    from lgcoder.core.ops import codes as code_ops
    from tests.helpers import add_text

    rng = random.Random(seed)
    lead = folder / "lead.lgc"
    words = [
        "council",
        "funding",
        "leadership",
        "synergy",
        "barrier",
        "trust",
        "service",
        "shared",
        "region",
    ]
    with Project.create(lead, title="Bench", coder="Lead") as project:
        for d in range(40):
            paras = [" ".join(rng.choices(words, k=60)) for _ in range(40)]
            add_text(project, "\n\n".join(paras), f"doc{d:02}.txt")
        with project.transaction() as s:
            for c in range(30):
                code_ops.add_code(s, f"theme{c // 5}/code{c}")
            for name in CODERS:
                coder_ops.ensure_coder(s, name)
    copies = []
    for k, name in enumerate(CODERS):
        path = folder / f"lead-{name}.lgc"
        shutil.copyfile(lead, path)
        con = sqlite3.connect(path)
        docs = con.execute("SELECT id, text_length FROM document").fetchall()
        codes = [r[0] for r in con.execute("SELECT id FROM code WHERE parent_id IS NOT NULL")]
        (coder,) = con.execute("SELECT id FROM coder WHERE name = ?", (name,)).fetchone()
        rows, seen = [], set()
        stamp = f"2026-01-0{k + 1} 10:00:00."
        while len(rows) < codings:
            did, length = rng.choice(docs)
            start = rng.randrange(length - 400)
            key = (did, rng.choice(codes), start, start + rng.randrange(20, 400))
            if key in seen:
                continue
            seen.add(key)
            ts = stamp + f"{len(rows):06d}"[-6:]
            rows.append((str(uuid.uuid4()), key[0], key[1], coder, key[2], key[3], ts, ts))
        con.executemany(
            'INSERT INTO coding (guid, document_id, code_id, coder_id, start, "end", memo, '
            "created, updated, deleted) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, 0)",
            rows,
        )
        con.commit()
        con.execute("PRAGMA journal_mode=DELETE")
        con.close()
        copies.append(path)
    return lead, copies


def _child(task: str, folder: Path) -> None:
    """Runs in a subprocess: do one task, print seconds and peak MB."""
    lead = folder / "lead.lgc"
    if task == "merge":
        from lgcoder.team.merge import merge_files

        target = folder / "target.lgc"
        shutil.copyfile(lead, target)
        shutil.rmtree(folder / "target.lgc-backups", ignore_errors=True)
        t0 = time.perf_counter()
        merge_files(target, [folder / f"lead-{n}.lgc" for n in CODERS])
    else:
        from lgcoder.core.db import Project
        from lgcoder.team.agreement import compute_agreement

        t0 = time.perf_counter()
        with Project.open(folder / "merged.lgc", readonly=True) as p, p.reading() as s:
            compute_agreement(s, list(CODERS), unit="char")
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.3f} {peak_mb:.1f}")


def _measure(task: str, folder: Path) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_team", "--child", task, str(folder)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codings", type=int, default=100_000, help="codings per coder copy")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], Path(args.child[1]))
        return 0
    with tempfile.TemporaryDirectory(prefix="lgcoder-bench-team-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        build(folder, args.codings)
        print(f"built 3 copies x {args.codings} codings in {time.perf_counter() - t0:.1f} s")
        results: dict[str, list[tuple[float, float]]] = {"merge": [], "agreement": []}
        for _ in range(args.repeat):
            results["merge"].append(_measure("merge", folder))
        shutil.copyfile(folder / "target.lgc", folder / "merged.lgc")
        for _ in range(args.repeat):
            results["agreement"].append(_measure("agreement", folder))
    print(f"{'benchmark':<34}{'median s':>10}{'target s':>10}{'peak MB':>10}{'target MB':>11}")
    labels = {
        "merge": f"merge 3 copies x {args.codings} codings",
        "agreement": "char agreement, 3 coders",
    }
    rows = []
    for task, runs in results.items():
        limit_s, limit_mb = TARGETS[task]
        rows.append(Result(labels[task], Sample.of([r[0] for r in runs]), target=limit_s))
        rows.append(
            Result(
                f"{labels[task]}: peak memory",
                Sample.of([r[1] for r in runs]),
                target=limit_mb,
                unit="MB",
            )
        )
    for task, runs in results.items():
        secs = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        limit_s, limit_mb = TARGETS[task]
        flag = "" if secs < limit_s and peak < limit_mb else "  OVER"
        print(
            f"{labels[task]:<34}{secs:>10.2f}{limit_s:>10.1f}{peak:>10.0f}{limit_mb:>11.0f}{flag}"
        )
    report("team", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

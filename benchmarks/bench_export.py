"""Word export speed against python-docx itself (issue 5 "Speed").

The target: exporting 10,000 quotes takes at most 1.3x the time python-docx needs to write the
same 10,000 paragraphs with nothing else, measured in the same run, and stays under 500 MB.

Each measurement runs in a fresh child process (so peak RSS is that run's alone) and times the
work only, not interpreter start-up. Run ``python -m benchmarks.bench_export [--quotes N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = [
    "The biggest barrier is funding, because every grant runs for twelve months and then stops.",
    "Leadership has to come from the top or officers will not take the risk.",
    "We only made progress when housing and health shared one office and one budget line.",
    "Moving services online saved money but older residents were left behind.",
    "Data sharing agreements take eighteen months to sign.",
    "Our elected members set a clear direction and that gave staff permission to try things.",
    "Capacity is thin across every district council; we lack analysts.",
    "Joint commissioning with the NHS produced savings in both organisations.",
]
THEMES = {
    "Barriers": ["Funding", "Capacity", "Data sharing"],
    "Leadership": ["Political", "Officer"],
    "Synergy": ["Partnerships", "Shared budgets"],
    "Channel shift": ["Digital services", "Digital exclusion"],
}


def build_workload(path: Path, quotes: int, documents: int = 40, seed: int = 7) -> list[str]:
    """A project with *quotes* codings spread over documents, speakers and sub-themes.

    Documents go through the core ops; the codings are bulk-inserted (10,000 single-op
    transactions would time the generator, not the export). Returns the quote texts in order.
    """
    from lgcoder.core.db import Project
    from lgcoder.core.imported import ImportedDocument, SegmentSpec
    from lgcoder.core.models import Code, Coder, Coding, Document
    from lgcoder.core.ops.codes import add_code
    from lgcoder.core.ops.documents import add_document

    rng = random.Random(seed)
    per_doc = -(-quotes // documents)
    with Project.create(path, title="Benchmark project", coder="Ann") as project:
        with project.transaction() as session:
            for parent, kids in THEMES.items():
                add_code(session, parent, description=f"Definition of {parent.lower()}.")
                for kid in kids:
                    add_code(
                        session, f"{parent}/{kid}", description=f"Definition of {kid.lower()}."
                    )
            for d in range(documents):
                lines, segments, pos = [], [], 0
                for t in range(per_doc):
                    speaker = f"Speaker {rng.randrange(12)}"
                    said = " ".join(rng.sample(SENTENCES, 2))
                    line = f"{speaker}: {said}"
                    segments.append(
                        SegmentSpec("turn", pos, pos + len(line), speaker, time_start=t * 30.0)
                    )
                    lines.append(line)
                    pos += len(line) + 1
                text = "\n".join(lines) + "\n"
                add_document(
                    session,
                    ImportedDocument(
                        text,
                        "transcript",
                        text.encode(),
                        f"Roundtable {d + 1:02d}.txt",
                        "text/plain",
                        segments,
                    ),
                )
        texts: list[str] = []
        with project.transaction() as session:
            from sqlalchemy import select

            codes = [c for c in session.scalars(select(Code).where(Code.parent_id.is_not(None)))]
            coder = session.scalars(select(Coder)).one()
            made = 0
            for doc in session.scalars(select(Document).order_by(Document.id)):
                body = doc.text
                for seg in doc.segments:
                    if made >= quotes:
                        break
                    start = body.index(": ", seg.start) + 2
                    memo = "Check against the survey findings." if made % 20 == 0 else ""
                    session.add(
                        Coding(
                            document_id=doc.id,
                            code_id=rng.choice(codes).id,
                            coder_id=coder.id,
                            start=start,
                            end=seg.end,
                            memo=memo,
                        )
                    )
                    texts.append(body[start : seg.end])
                    made += 1
    return texts


def run_baseline(texts: list[str], out: Path) -> float:
    import docx

    began = time.perf_counter()
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    document.save(str(out))
    return time.perf_counter() - began


def run_export(project: Path, out: Path) -> float:
    from lgcoder.exporters.docx_report import export_summary

    began = time.perf_counter()
    export_summary(project, out)
    return time.perf_counter() - began


def _child(kind: str, workdir: Path) -> None:
    """One timed run in this (fresh) process; prints seconds and peak RSS as JSON."""
    if kind == "baseline":
        texts = json.loads((workdir / "texts.json").read_text(encoding="utf-8"))
        import docx  # noqa: F401  (imports are not part of the timing)

        seconds = run_baseline(texts, workdir / "baseline.docx")
    else:
        import lgcoder.exporters.docx_report  # noqa: F401

        seconds = run_export(workdir / "bench.lgc", workdir / "export.docx")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))


def _measure(kind: str, workdir: Path) -> dict[str, float]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_export",
            "--child",
            kind,
            "--workdir",
            str(workdir),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_export", description=__doc__)
    parser.add_argument("--quotes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (median reported)")
    parser.add_argument("--child", choices=("baseline", "export"), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.workdir)
        return 0
    with tempfile.TemporaryDirectory(prefix="lgcoder-bench-") as tmp:
        workdir = Path(tmp)
        began = time.perf_counter()
        texts = build_workload(workdir / "bench.lgc", args.quotes)
        (workdir / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        print(f"workload: {len(texts)} quotes in {time.perf_counter() - began:.1f} s")
        results: dict[str, list[dict[str, float]]] = {"baseline": [], "export": []}
        for _ in range(args.repeat):  # interleaved, so drift in machine load hits both alike
            for kind in results:
                results[kind].append(_measure(kind, workdir))
    from benchmarks.timing import Result, Sample, report

    seconds = {k: [r["seconds"] for r in v] for k, v in results.items()}
    report(
        "Word export",
        [
            Result(
                f"Word summary of {len(texts):,} quotes",
                Sample.of(seconds["export"]),
                floor=Sample.of(seconds["baseline"]),
                floor_name="python-docx alone",
                max_ratio=1.3,
                ratios=Sample.of(
                    [e / b for e, b in zip(seconds["export"], seconds["baseline"], strict=True)]
                ),
            ),
            Result(
                f"Word summary of {len(texts):,} quotes: peak memory",
                Sample.of([r["peak_mb"] for r in results["export"]]),
                target=500,
                unit="MB",
            ),
        ],
    )
    medians = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
    peaks = {k: max(r["peak_mb"] for r in v) for k, v in results.items()}
    ratio = medians["export"] / medians["baseline"]
    print(f"{'case':<34}{'median s':>10}{'peak RSS MB':>14}")
    print(
        f"{'python-docx, paragraphs only':<34}{medians['baseline']:>10.3f}{peaks['baseline']:>14.0f}"
    )
    print(
        f"{'lgcoder export docx (full report)':<34}{medians['export']:>10.3f}{peaks['export']:>14.0f}"
    )
    verdict = "ok" if ratio <= 1.3 and peaks["export"] < 500 else "OVER TARGET"
    print(
        f"ratio {ratio:.2f} (target <= 1.30), export peak {peaks['export']:.0f} MB (< 500): {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

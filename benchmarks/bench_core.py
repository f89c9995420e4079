"""Core and CLI speed: listing the codebook and retrieving codings on a 10,000-coding project."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.timing import Result, report, sample
from benchmarks.workload import build_project
from lgcoder.core.db import Project
from lgcoder.core.queries import flat_code_tree, retrieve_codings


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = build_project(Path(tmp) / "bench.lgc", documents=20, chars=50_000, codings=10_000)
        cli = [sys.executable, "-m", "lgcoder"]
        noop = sample(lambda: subprocess.run([*cli, "--version"], check=True, capture_output=True))
        codes_cli = sample(
            lambda: subprocess.run(
                [*cli, "codes", str(path), "--json"], check=True, capture_output=True
            )
        )
        codings_cli = sample(
            lambda: subprocess.run(
                [*cli, "codings", str(path), "--json"], check=True, capture_output=True
            ),
            repeat=3,
        )
        with Project.open(path) as project:

            def tree() -> None:
                with project.reading() as s:
                    flat_code_tree(s)

            def retrieve() -> None:
                with project.reading() as s:
                    retrieve_codings(s)

            tree_t = sample(tree)
            retrieve_t = sample(retrieve, repeat=3)
    report(
        "core",
        [
            Result("lgcoder --version (interpreter start-up floor)", noop),
            Result(
                "lgcoder codes --json, 10,000 codings",
                codes_cli,
                floor=noop,
                floor_name="--version",
            ),
            Result(
                "lgcoder codings --json, 10,000 codings",
                codings_cli,
                floor=noop,
                floor_name="--version",
            ),
            Result("code tree with counts (in process)", tree_t),
            Result("retrieve 10,000 codings with citations (in process)", retrieve_t),
        ],
    )


if __name__ == "__main__":
    main()

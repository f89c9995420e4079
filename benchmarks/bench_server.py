"""Server benchmarks (issue 13), against a PostgreSQL server of our own on localhost.

* ``publish`` of a 100,000-coding project file into a fresh server project set up by
  ``server init`` (target 30 s);
* ``pull`` of that server project into a new file (target 30 s);
* one coding applied and committed, round trip (target 50 ms), with the same on a project file
  as the floor, interleaved so both meet the same load;
* another window hearing of a coding: commit to notification (target 1 s for the whole);
* opening the server project and running the workbench's first queries (counts, the code tree,
  document summaries): the data side of "open to a painted window" (target 2 s for the whole, window
  included; the window itself is not measured here).

Run ``python -m benchmarks.bench_server [--codings N] [--documents N] [--repeat R]``. The server
is started in a temporary folder from the system's PostgreSQL binaries (as in the tests); the
benchmark is skipped, saying so, where they are missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.timing import Result, Sample, interleaved, report, sample


def _apply_loop(project: Any, length_from: int = 13) -> Callable[[], None]:
    """One coding applied and committed per call, each on a new passage (loops with another
    *length_from* never meet each other's passages)."""
    from sqlalchemy import select

    from lgcoder.core.models import Code, Coder, Document
    from lgcoder.core.ops import codings

    with project.reading() as s:
        doc_id, length = s.execute(select(Document.id, Document.text_length).limit(1)).one()
        code_id = s.scalar(select(Code.id).limit(1))
        coder_id = s.scalar(select(Coder.id).limit(1))
    state = {"k": 0}

    def once() -> None:
        state["k"] += 1
        start = (state["k"] * 7) % (length - 50)
        end = start + length_from + state["k"] // (length - 50)

        def action(session: Any) -> Any:
            return codings.apply_coding_ids(
                session, doc_id, code_id, coder_id, start, end, allow_existing=True
            )

        project.run(action)

    return once


def _live_latency(url: str, repeat: int) -> Sample:
    """Seconds from just before one window's commit to another window's feed hearing of it."""
    from lgcoder.core.db import Project
    from lgcoder.core.live import ChangeFeed

    values = []
    with Project.open(url) as mine, Project.open(url) as theirs, ChangeFeed(theirs) as feed:
        apply = _apply_loop(mine, length_from=31)
        for _ in range(repeat):
            feed.poll(0)
            t0 = time.perf_counter()
            apply()
            if feed.poll(timeout=10):
                values.append(time.perf_counter() - t0)
    if not values:
        raise RuntimeError("no notification arrived: is the project set up with server init?")
    return Sample.of(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--chars", type=int, default=20_000, help="characters per document")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from benchmarks.workload import build_project
    from lgcoder.core.db import Project
    from lgcoder.core.queries import code_tree
    from lgcoder.core.queries_view import document_summaries, project_counts
    from lgcoder.server.roles import init_server
    from lgcoder.team.moves import publish, pull
    from tests.server.pgserver import find_pg_ctl, start_server

    if find_pg_ctl() is None:
        print("skipped: no PostgreSQL server binaries (install Debian's postgresql)")
        return 0
    server = start_server()
    os.environ["PGPASSFILE"] = str(server.pgpass)
    folder = Path(tempfile.mkdtemp(prefix="lgcoder-bench-server-"))
    try:
        t0 = time.perf_counter()
        source = build_project(
            folder / "study.lgc",
            documents=args.documents,
            chars=args.chars,
            codings=args.codings,
            coders=("Ann", "Ben", "Cat"),
        )
        print(
            f"built {args.documents} documents, {args.codings} codings in "
            f"{time.perf_counter() - t0:.1f} s"
        )

        urls: list[str] = []

        def do_publish() -> None:
            url = server.url(server.new_database("bench"))
            init_server(url)  # schema, roles, policies and the live-update triggers
            publish(source, url)
            urls.append(url)

        publishing = sample(do_publish, repeat=args.repeat, warmup=0)
        url = urls[-1]
        pulls = {"n": 0}

        def do_pull() -> None:
            pulls["n"] += 1
            pull(url, folder / f"pulled-{pulls['n']}.lgc")

        pulling = sample(do_pull, repeat=args.repeat, warmup=0)

        def do_open() -> None:
            with Project.open(url) as p, p.reading() as s:
                project_counts(s)
                code_tree(s)
                document_summaries(s)

        opening = sample(do_open, repeat=args.repeat, warmup=1)

        file_copy = folder / "file-target.lgc"
        shutil.copyfile(source, file_copy)
        with Project.open(url) as on_server, Project.open(file_copy) as on_file:
            applies = interleaved(
                {"server": _apply_loop(on_server), "file": _apply_loop(on_file)},
                repeat=30,
                warmup=3,
            )
        seen = _live_latency(url, repeat=20)
        results = [
            Result(f"publish a {args.codings:,}-coding file to the server", publishing, target=30),
            Result(f"pull a {args.codings:,}-coding server project to a file", pulling, target=30),
            Result(
                "apply one coding, round trip to commit",
                applies["server"],
                target=0.05,
                floor=applies["file"],
                floor_name="the same on a project file",
            ),
            Result(
                "another window hears of a coding (commit to notification)",
                seen,
                target=1.0,
                note="the window's fetch of the changed rows by guid and repaint not included",
            ),
            Result(
                f"open a server project of {args.documents} documents and {args.codings:,} "
                "codings, first queries (no window)",
                opening,
                target=2.0,
                note="the window's painting is not included; target is for the whole",
            ),
        ]
        report("server (PostgreSQL on localhost)", results)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

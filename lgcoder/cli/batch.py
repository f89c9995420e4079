"""``lgcoder batch PROJECT [FILE|-]``: many commands in one process, one report line each.

A script that runs ``lgcoder code apply`` 500 times pays Python's and the project's start-up
500 times. A batch opens the project once and runs every line against it (README, "Batch").

Lines (UTF-8; blank lines and lines starting with ``#`` are skipped):

* the CLI's own syntax without ``lgcoder`` and without PROJECT, which is implied:
  ``code apply --doc "Interview 1.docx" --code Trust --span 10:42`` (split like a POSIX shell);
* a JSON array of those words: ``["code", "apply", "--doc", "Interview 1.docx", ...]``;
* a JSON object naming the command and its arguments by the names ``--help`` shows:
  ``{"cmd": "code apply", "args": {"doc": "Interview 1.docx", "code": "Trust", "span": "10:42"}}``.
  ``true`` gives a switch (``"dry_run": true``), a list repeats an option (``"doc": ["a", "b"]``),
  positional arguments go by name too (``{"cmd": "code add", "args": {"path": "Trust/Council"}}``),
  and ``"args"`` may also be a list of words.

Each line is its own transaction and a bad line is reported and skipped. With ``--atomic`` the
whole batch is one transaction, each line a savepoint inside it: every line is still tried and
reported, but if any fails nothing at all is stored. Commands that make or open other projects
(``new``, ``sample``, ``merge``, ``gui``, ``batch``) are refused per line; commands that read the
project as saved by opening the file themselves (exports, ``check``, ``repair``,
``prepare-copies``) run in a plain batch, which has saved every line before them, and are refused
under ``--atomic``, whose changes they could not see.
"""

from __future__ import annotations

import argparse

from lgcoder.cli.common import Subparsers, add_command


def cmd_batch(args: argparse.Namespace) -> int:
    from lgcoder.cli.batch_run import run_batch

    return run_batch(args)


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "batch",
        cmd_batch,
        "run many commands on one project in one go (one per line; see README)",
        description="Run commands on PROJECT, one per line of FILE (or standard input): the "
        "CLI's syntax without 'lgcoder' and PROJECT, a JSON array of words, or a JSON object "
        '{"cmd": "code apply", "args": {"doc": ..., "code": ..., "span": ...}}. Each line is '
        "reported with its number; a bad line does not stop the others.",
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("file", metavar="FILE", nargs="?", default="-", help="the lines (default: -)")
    p.add_argument(
        "--atomic",
        action="store_true",
        help="all or nothing: if any line fails, nothing of the batch is stored",
    )
    p.add_argument("--json", action="store_true", help="one JSON report instead of text")

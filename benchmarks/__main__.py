"""Run the benchmark modules one after another and print the speed report.

``python -m benchmarks`` runs every ``bench_*`` module; ``python -m benchmarks bench_gui
bench_cli`` runs only those. ``--readme README.md`` then writes the collected table, with the
date and the machine, between the benchmark markers of the README's performance section, so the
figures there are always the output of a run and never copied by hand. ``--markdown FILE`` writes
the same table to a file. A module that fails is reported and the others still run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import pkgutil
import sys
import traceback
from pathlib import Path

import benchmarks
from benchmarks.timing import collected, markdown, replace_readme_section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("only", nargs="*", help="bench_* modules to run (default: all)")
    parser.add_argument("--readme", type=Path, help="rewrite this README's benchmark section")
    parser.add_argument("--markdown", type=Path, help="write the report table to this file")
    args = parser.parse_args(argv)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    began = dt.datetime.now(dt.UTC)
    failed = []
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__))
    for name in names:
        if not name.startswith("bench_") or (args.only and name not in args.only):
            continue
        print(f"\n## {name}\n", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        saved, sys.argv = sys.argv, [f"benchmarks.{name}"]
        try:
            module.main()
        except Exception:  # one broken benchmark must not hide the others
            traceback.print_exc()
            failed.append(name)
        finally:
            sys.argv = saved
    table = markdown(collected(), began, load_before)
    print("\n## report\n")
    print(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    if args.readme and args.only:
        print(f"{args.readme} left as it is: only part of the benchmarks ran")
    elif args.readme:
        text = args.readme.read_text(encoding="utf-8")
        args.readme.write_text(replace_readme_section(text, table), encoding="utf-8")
        print(f"wrote the table into {args.readme}")
    if failed:
        print(f"benchmarks that failed to run: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

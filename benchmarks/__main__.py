"""Run every benchmark module in this package, one after another."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main() -> int:
    only = set(sys.argv[1:])
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (only and info.name not in only):
            continue
        print(f"\n## {info.name}\n", flush=True)
        importlib.import_module(f"benchmarks.{info.name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmarks: workload generators and runners that print median times against targets.

Numbers, not pass/fail: ``make bench`` (or ``python -m benchmarks``) runs every ``bench_*``
module; each one can also run alone, e.g. ``python -m benchmarks.bench_core``.
"""

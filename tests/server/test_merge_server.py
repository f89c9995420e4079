"""The merge's guarantees with a server as target or as source (issue 13).

The random edit histories of tests/unit/test_merge_properties.py are merged once among files
only, and once through a real PostgreSQL project: published there and merged into it one copy
at a time in another order, or read from it as a source. The canonical dumps must be equal,
and nothing any copy holds may be lost.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from lgcoder.core.db import Project
from lgcoder.team.merge import merge_files
from lgcoder.team.moves import publish
from tests.unit.merge_helpers import dump_of, merged
from tests.unit.test_merge_properties import HISTORY, _copies, _nothing_lost

pytestmark = pytest.mark.slow


def _server_project(pg_server: Any) -> str:
    url = str(pg_server.url(pg_server.new_database("merge")))
    Project.create(url).close()
    return url


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(a=HISTORY, b=HISTORY, c=HISTORY)
def test_a_server_as_target_or_source_merges_exactly_as_files_do(
    pg_server: Any, a: Any, b: Any, c: Any
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pa, pb, pc = _copies(folder, [a, b, c])
        on_files = dump_of(merged(folder, pa, pb, pc))

        target = _server_project(pg_server)
        publish(pa, target)
        merge_files(target, [pc])
        merge_files(target, [pb])
        assert dump_of(target) == on_files, "server target: A, then C, then B != A+B+C"
        merge_files(target, [pb])
        assert dump_of(target) == on_files, "merging B into the server again changed it"
        _nothing_lost([pa, pb, pc], target)  # type: ignore[list-item]

        source = _server_project(pg_server)
        publish(pc, source)
        merge_files(source, [pa])
        assert dump_of(merged(folder, pb, source)) == on_files, "B + server(C+A) != A+B+C"

"""A merge plans while only reading, and plans again if the target changed meanwhile."""

from __future__ import annotations

from pathlib import Path

from lgcoder.core.db import Project
from lgcoder.core.ops import codes as code_ops
from lgcoder.core.queries import flat_code_tree
from lgcoder.team.merge import merge_files
from tests.unit.merge_helpers import copy, make_base


def _codes(path: Path) -> set[str]:
    with Project.open(path, readonly=True) as p, p.reading() as s:
        return {n.path for n in flat_code_tree(s)}


def test_a_write_during_planning_is_kept_and_the_merge_still_lands(tmp_path: Path) -> None:
    base = make_base(tmp_path / "base.lgc")
    target = copy(base, tmp_path / "target.lgc")
    source = copy(base, tmp_path / "ann.lgc")
    with Project.open(source) as p, p.transaction() as s:
        code_ops.add_code(s, "from ann")
    written: list[str] = []

    def progress(_done: int, _total: int, message: str) -> None:
        # another process (here: another connection) writes while the merge is planning,
        # which it can because planning holds no write lock
        if message == "matching" and not written:
            with Project.open(target) as other, other.transaction() as s:
                code_ops.add_code(s, "written meanwhile")
            written.append(message)

    merge_files(target, [source], progress=progress)
    assert written == ["matching"]
    assert {"from ann", "written meanwhile"} <= _codes(target)

"""Moving work between a project file and a server project, through the team merge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lgcoder.core.check import check_project
from lgcoder.core.db import Project
from lgcoder.core.dump import dump
from lgcoder.core.ops import coders, codes, codings, documents
from lgcoder.team.moves import publish, pull
from tests.helpers import add_text


def _content(where: str | Path) -> dict[str, Any]:
    with Project.open(where, readonly=True) as p, p.reading() as s:
        assert check_project(s) == []
        return dump(s)


def _code(project: Project, doc: str, code: str, coder: str, start: int, end: int) -> None:
    with project.transaction() as s:
        found = codes.find_code(s, code)
        if found is None:
            codes.add_code(s, code)
            found = codes.get_code(s, code)
        codings.apply_coding(
            s,
            documents.document_by_guid(s, doc),
            found,
            coders.ensure_coder(s, coder),
            start,
            end,
        )


def test_publish_then_pull_gives_the_same_content(tmp_path: Path, pg_url: str) -> None:
    src = tmp_path / "study.lgc"
    with Project.create(src, title="Study", coder="Ann") as p:
        doc = add_text(p, "Funding is a barrier. Staff are stretched.")
        _code(p, doc, "barriers", "Ann", 0, 21)
    Project.create(pg_url).close()
    report = publish(src, pg_url)
    assert report.dry_run is False and report.backup is None
    copy = tmp_path / "copy.lgc"
    pull(pg_url, copy)
    assert _content(copy) == _content(pg_url) == _content(src)

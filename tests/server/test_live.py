"""Live updates on a server project: a commit by one coder reaches another's feed, by guid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError
from lgcoder.core.live import Change, ChangeFeed
from lgcoder.core.ops import coders, codes, codings, documents
from lgcoder.core.queries_view import codings_by_guid
from lgcoder.server.roles import init_server
from tests.helpers import make_doc


@pytest.fixture
def url(pg_server: Any) -> str:
    url = str(pg_server.url(pg_server.new_database("live")))
    init_server(url)
    with Project.open(url) as p, p.transaction() as s:
        documents.add_document(s, make_doc("Funding is short and staff are stretched.", "a.txt"))
        codes.add_code(s, "funding")
    return url


def _code(project: Project, start: int, end: int) -> str:
    with project.transaction() as s:
        return codings.apply_coding(
            s,
            documents.get_document(s, "a.txt"),
            codes.get_code(s, "funding"),
            coders.ensure_coder(s, "Ann"),
            start,
            end,
        ).created[0]


def test_another_window_hears_of_a_coding_and_fetches_just_it(url: str) -> None:
    with Project.open(url) as mine, Project.open(url) as theirs, ChangeFeed(theirs) as feed:
        assert feed.poll(0.05) == []
        guid = _code(mine, 0, 7)
        changes = {c.table: c for c in feed.poll(timeout=10)}
        assert changes["coding"] == Change("coding", frozenset({guid}))
        with theirs.reading() as s:
            (span,) = codings_by_guid(s, changes["coding"].guids or ())
        assert (span.start, span.end) == (0, 7)
        # an uncoding is a change of that row too; nothing is sent for a rolled-back change
        with mine.transaction() as s:
            codings.remove_coding(s, guid)
        assert {c.table: c.guids for c in feed.poll(timeout=10)}["coding"] == {guid}
        with pytest.raises(RuntimeError), mine.transaction() as s:
            codes.add_code(s, "never")
            raise RuntimeError("changed my mind")
        assert feed.poll(timeout=0.3) == []


def test_many_rows_at_once_say_refresh_the_table(url: str, tmp_path: Path) -> None:
    with Project.open(url) as mine, ChangeFeed(mine) as feed:
        for k in range(60):
            _code(mine, k % 30, 35 + k // 30)
        feed.poll(timeout=10)
        with mine.transaction() as s:
            s.execute(codings.Coding.__table__.update().values(memo="all"))
        changes = {c.table: c.guids for c in feed.poll(timeout=10)}
        assert changes["coding"] is None


def test_a_project_file_has_no_feed(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.lgc") as p, pytest.raises(LgcoderError, match="server"):
        ChangeFeed(p)


def test_a_window_does_not_hear_its_own_commits(url: str) -> None:
    from lgcoder.core.live import own_backend_pids

    with Project.open(url) as mine, ChangeFeed(mine) as feed:
        own = own_backend_pids(mine)
        _code(mine, 0, 7)
        assert feed.poll(timeout=1, ignore_pids=own) == []
        assert own  # the pool's connections were noted as they were handed out
        with Project.open(url) as theirs:
            guid = _code(theirs, 8, 12)
        assert feed.poll(timeout=10, ignore_pids=own) == [Change("coding", frozenset({guid}))]


def test_a_lost_feed_connection_is_one_line(url: str, pg_server: Any) -> None:
    from lgcoder.core.pg import ServerError

    with Project.open(url) as mine, ChangeFeed(mine) as feed:
        with pg_server.connect("postgres") as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'lgcoder live'"
            )
        with pytest.raises(ServerError, match=r"connection to .* was lost"):
            for _ in range(50):  # the server's word that it closed arrives at once
                feed.poll(timeout=0.2)

"""Roles enforced by PostgreSQL itself: each role tries the forbidden change with raw SQL.

The team is set up exactly as an admin would (``server init``, ``add-coder`` with passwords);
each member then logs in with their own password (from the PGPASSFILE, as ``~/.pgpass``) and
the server, not lgcoder, refuses what their role may not do.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from lgcoder.core.db import Project
from lgcoder.core.errors import ReadOnlyProjectError
from lgcoder.core.ops import coders, codes, codings, documents
from lgcoder.server.roles import add_member, init_server, list_members
from tests.helpers import make_doc

pytestmark = pytest.mark.slow


@dataclass
class Team:
    server: Any
    db: str
    logins: dict[str, str]  # who -> login
    coder_id: dict[str, int]  # who -> coder row id

    def url(self, who: str) -> str:
        return str(self.server.url(self.db, self.logins[who]))

    def sql(self, who: str) -> psycopg.Connection[Any]:
        return self.server.connect(self.db, self.logins[who])  # type: ignore[no-any-return]


@pytest.fixture
def team(pg_server: Any) -> Team:
    db = pg_server.new_database("roles")
    owner_url = pg_server.url(db)
    init_server(owner_url, title="Roles")
    logins = {}
    for who, role in (("lead", "lead"), ("ann", "coder"), ("ben", "coder"), ("vic", "viewer")):
        login = f"{who}_{db}"
        password = secrets.token_urlsafe(12)
        add_member(owner_url, login, role, coder_name=who.title(), password=password)
        pg_server.remember_password(login, password)
        logins[who] = login
    t = Team(pg_server, db, logins, {})
    # The lead sets the project up; each coder codes with lgcoder as themselves.
    with Project.open(t.url("lead")) as lead, lead.transaction() as s:
        documents.add_document(s, make_doc("Funding is a barrier. Staff are stretched.", "a.txt"))
        codes.add_code(s, "barriers")
    for who, (start, end) in (("ann", (0, 7)), ("ben", (22, 27))):
        with Project.open(t.url(who)) as mine, mine.transaction() as s:
            codings.apply_coding(
                s,
                documents.get_document(s, "a.txt"),
                codes.get_code(s, "barriers"),
                coders.ensure_coder(s, who.title()),
                start,
                end,
                memo=f"{who}'s note",
            )
    with pg_server.connect(db) as conn:
        for name, cid in conn.execute("SELECT name, id FROM coder").fetchall():
            t.coder_id[name.lower()] = cid
    return t


def _refused(conn: psycopg.Connection[Any], sql: str) -> str:
    """Run *sql* and return the server's refusal (SQLSTATE 42501: insufficient privilege)."""
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as info:
        conn.execute(sql)
    conn.rollback()
    return str(info.value)


def _memos(team: Team) -> dict[int, str]:
    with team.server.connect(team.db) as conn:
        return dict(conn.execute("SELECT coder_id, memo FROM coding").fetchall())


def test_members_are_listed_with_their_roles(team: Team) -> None:
    members = {m.login: (m.role, m.coder) for m in list_members(team.server.url(team.db))}
    assert members[team.logins["ann"]] == ("coder", "Ann")
    assert members[team.logins["vic"]] == ("viewer", "Vic")
    assert members[team.logins["lead"]] == ("lead", "Lead")


def test_a_viewer_reads_everything_and_changes_nothing(team: Team) -> None:
    with team.sql("vic") as conn:
        conn.autocommit = False
        assert conn.execute("SELECT count(*) FROM coding").fetchone() == (2,)
        assert "permission denied" in _refused(conn, "UPDATE coding SET memo = 'x'")
        _refused(conn, "DELETE FROM memo")
        _refused(conn, "UPDATE code SET name = 'renamed'")
        _refused(
            conn,
            "INSERT INTO code (guid, name, color, description, sort_order, created, updated, "
            "deleted) VALUES ('g', 'mine', '#000000', '', 0, now(), now(), false)",
        )
    assert _memos(team) == {team.coder_id["ann"]: "ann's note", team.coder_id["ben"]: "ben's note"}


def test_a_coder_changes_only_their_own_codings(team: Team) -> None:
    ann, ben = team.coder_id["ann"], team.coder_id["ben"]
    with team.sql("ann") as conn:
        conn.autocommit = False
        # another coder's rows are invisible to UPDATE and DELETE: nothing happens to them
        assert (
            conn.execute(f"UPDATE coding SET memo = 'hijacked' WHERE coder_id = {ben}").rowcount
            == 0
        )
        assert conn.execute(f"DELETE FROM coding WHERE coder_id = {ben}").rowcount == 0
        conn.commit()
        # nor can a coding be made, or handed over, in another coder's name
        assert "row-level security" in _refused(
            conn, f"UPDATE coding SET coder_id = {ben} WHERE coder_id = {ann}"
        )
        _refused(
            conn,
            'INSERT INTO coding (guid, document_id, code_id, coder_id, start, "end", memo, '
            f"created, updated, deleted) SELECT 'forged', document_id, code_id, {ben}, 1, 5, '', "
            f"now(), now(), false FROM coding WHERE coder_id = {ann}",
        )
        # the codebook and the documents are the leads'
        _refused(conn, "UPDATE code SET name = 'renamed'")
        _refused(conn, "UPDATE document SET name = 'b.txt'")
        # their own coding they may change
        assert (
            conn.execute(f"UPDATE coding SET memo = 'revised' WHERE coder_id = {ann}").rowcount == 1
        )
        conn.commit()
    assert _memos(team) == {ann: "revised", ben: "ben's note"}


def test_a_lead_changes_the_codebook_documents_and_any_coding(team: Team) -> None:
    ben = team.coder_id["ben"]
    with team.sql("lead") as conn:
        conn.execute("UPDATE code SET name = 'obstacles'")
        conn.execute("UPDATE document SET name = 'b.txt'")
        assert (
            conn.execute(f"UPDATE coding SET memo = 'checked' WHERE coder_id = {ben}").rowcount == 1
        )
        # the schema version and the member list are the owner's alone
        conn.autocommit = False
        _refused(conn, "UPDATE alembic_version SET version_num = '9999'")
        _refused(conn, "INSERT INTO lgcoder_member VALUES ('x', 'y', 'lead')")
    with team.server.connect(team.db) as conn:
        assert conn.execute("SELECT name FROM code").fetchone() == ("obstacles",)
    assert _memos(team)[ben] == "checked"


def test_lgcoder_says_in_one_line_what_the_server_refused(team: Team) -> None:
    with Project.open(team.url("ann")) as mine:
        with (
            pytest.raises(ReadOnlyProjectError, match="server refused") as info,
            mine.transaction() as s,
        ):
            codes.rename_code(s, codes.get_code(s, "barriers").guid, "mine now")
        assert "\n" not in str(info.value)
        with mine.reading() as s:
            ben_coding = s.query(codings.Coding).filter_by(memo="ben's note").one().guid
        with (
            pytest.raises(ReadOnlyProjectError, match="only your own codings"),
            mine.transaction() as s,
        ):
            codings.remove_coding(s, ben_coding)
    with (
        Project.open(team.url("vic")) as viewer,
        pytest.raises(ReadOnlyProjectError, match="server refused"),
        viewer.transaction() as s,
    ):
        codes.add_code(s, "new theme")
    assert len(_memos(team)) == 2

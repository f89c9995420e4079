"""Roles enforced by PostgreSQL, not by lgcoder: ``server init``, ``add-coder`` and ``upgrade``.

Every project database gets three group roles (PostgreSQL roles are shared by all databases of
a server, so their names carry the database's): ``lgcoder_<db>_viewer``, ``…_coder`` and
``…_lead``. A team member logs in as a role of their own that belongs to one of them:

* a **viewer** may read everything and change nothing (``SELECT`` only);
* a **coder** may also create, change and remove codings and memos, but only their own: the
  row-level-security policies compare ``coding.coder_id`` and ``memo.author_id`` with the coder
  row of the login (table ``lgcoder_member``), so even raw SQL cannot touch another's rows;
* a **lead** may change everything: the codebook, documents, cases, other coders' codings, and
  merge offline copies in.

The tables belong to whoever ran ``server init`` (the database's owner), who is not subject to
the policies and is the one to run ``server upgrade``. Passwords are sent to the server already
hashed (SCRAM, hashed by libpq), so they never appear in clear in a statement or a server log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from lgcoder.core import pg
from lgcoder.core.db import Project, _alembic_config, head_revision, known_revisions
from lgcoder.core.errors import LgcoderError, ValidationError

ROLES = ("viewer", "coder", "lead")
#: Login names: what psql and pg_hba.conf take without surprises.
_LOGIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")
#: Tables a coder writes (their own rows only, by the policies below).
CODER_TABLES = ("coding", "memo")
MEMBER_TABLE = "lgcoder_member"


@dataclass(frozen=True)
class Member:
    login: str
    role: str
    coder: str


def group_role(dbname: str, role: str) -> str:
    """The group role of *role* in database *dbname* (at most 63 bytes, PostgreSQL's limit)."""
    name = f"lgcoder_{dbname}_{role}"
    if len(name.encode("utf-8")) > 63:
        raise ValidationError(
            f"the database name {dbname!r} is too long for lgcoder's role names; "
            "use a name of at most 45 characters"
        )
    return name


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql(conn: Connection, statement: str) -> None:
    """One administrative statement (no parameters: PostgreSQL takes none in DDL)."""
    conn.exec_driver_sql(statement)


def _run(project: Project, action: Any) -> Any:
    """Run *action(conn)* in one transaction on the server, with failures as one line."""
    try:
        with project.engine.begin() as conn:
            return action(conn)
    except DBAPIError as exc:
        translated = pg.translate_server_error(exc, project.location)
        if translated is None:
            raise
        raise translated from exc


def install_policies(conn: Connection, dbname: str) -> None:
    """Create the group roles, privileges and row-level-security policies (idempotent)."""
    viewer, coder, lead = (group_role(dbname, r) for r in ROLES)
    for name in (viewer, coder, lead):
        _sql(
            conn,
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {_literal(name)}) "
            f"THEN CREATE ROLE {_ident(name)} NOLOGIN; END IF; END $$",
        )
    _sql(conn, f"GRANT {_ident(viewer)} TO {_ident(coder)}")
    _sql(conn, f"GRANT {_ident(coder)} TO {_ident(lead)}")
    _sql(
        conn,
        f"CREATE TABLE IF NOT EXISTS {MEMBER_TABLE} (login TEXT PRIMARY KEY, "
        "coder_guid VARCHAR(36) NOT NULL, role TEXT NOT NULL)",
    )
    db = _ident(dbname)
    _sql(conn, f"REVOKE ALL ON DATABASE {db} FROM PUBLIC")
    _sql(conn, f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {_ident(viewer)}")
    _sql(conn, "REVOKE ALL ON SCHEMA public FROM PUBLIC")
    _sql(conn, f"GRANT USAGE ON SCHEMA public TO {_ident(viewer)}")
    _sql(conn, "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC")
    _sql(conn, f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {_ident(viewer)}")
    _sql(conn, f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {_ident(viewer)}")
    for table in CODER_TABLES:
        _sql(conn, f"GRANT INSERT, UPDATE, DELETE ON {table} TO {_ident(coder)}")
    _sql(
        conn,
        f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {_ident(lead)}",
    )
    for table in (MEMBER_TABLE, "alembic_version"):  # the owner's alone
        _sql(conn, f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {_ident(lead)}")
    _sql(
        conn,
        "CREATE OR REPLACE FUNCTION lgcoder_my_coder() RETURNS integer LANGUAGE sql STABLE "
        "SET search_path = public AS $$ SELECT c.id FROM coder c "
        f"JOIN {MEMBER_TABLE} m ON m.coder_guid = c.guid WHERE m.login = current_user $$",
    )
    _sql(conn, "REVOKE ALL ON FUNCTION lgcoder_my_coder() FROM PUBLIC")
    _sql(conn, f"GRANT EXECUTE ON FUNCTION lgcoder_my_coder() TO {_ident(viewer)}")
    from lgcoder.core.live import trigger_sql

    for statement in trigger_sql():  # every commit tells the others' windows what changed
        _sql(conn, statement)
    owner_column = {"coding": "coder_id", "memo": "author_id"}
    for table, column in owner_column.items():
        _sql(conn, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for policy in ("lgcoder_read", "lgcoder_own", "lgcoder_lead"):
            _sql(conn, f"DROP POLICY IF EXISTS {policy} ON {table}")
        _sql(
            conn,
            f"CREATE POLICY lgcoder_read ON {table} FOR SELECT TO {_ident(viewer)} USING (true)",
        )
        own = f"{column} = lgcoder_my_coder()"
        _sql(
            conn,
            f"CREATE POLICY lgcoder_own ON {table} FOR ALL TO {_ident(coder)} "
            f"USING ({own}) WITH CHECK ({own})",
        )
        _sql(
            conn,
            f"CREATE POLICY lgcoder_lead ON {table} FOR ALL TO {_ident(lead)} "
            "USING (true) WITH CHECK (true)",
        )


def init_server(address: str, title: str = "") -> str:
    """``lgcoder server init``: the schema (if the database is empty) and the policies.

    Returns what was done, in words. On a database that already holds a project at this
    lgcoder's schema, the policies are installed again (after a manual change, or to repair).
    """
    url = pg.parse_url(address)
    assert url.database is not None
    try:
        project = Project.open(address)
        created = False
    except LgcoderError as exc:
        if "holds no lgcoder project" not in str(exc):
            raise
        project = Project.create(address, title=title or url.database)
        created = True
    with project:
        _run(project, lambda conn: install_policies(conn, str(url.database)))
    where = pg.display(url)
    done = "created the project in" if created else "reinstalled the roles and policies of"
    return f"{done} {where} (roles {', '.join(group_role(url.database, r) for r in ROLES)})"


def upgrade_server(address: str) -> str:
    """``lgcoder server upgrade``: migrate the schema to this lgcoder's, then the policies."""
    from alembic import command

    url = pg.parse_url(address)
    where = pg.display(url)
    engine = pg.make_engine(url, readonly=False)
    try:
        revision = pg.server_revision(engine, where)
        if revision is None:
            raise LgcoderError(f"{where} holds no lgcoder project; lgcoder server init {where}")
        if revision not in known_revisions():
            raise LgcoderError(
                f"{where} has a newer schema ({revision}) than this lgcoder knows; update lgcoder"
            )
        try:
            with engine.begin() as conn:
                if revision != head_revision():
                    cfg = _alembic_config()
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                install_policies(conn, str(url.database))
        except DBAPIError as exc:
            translated = pg.translate_server_error(exc, where)
            if translated is None:
                raise
            raise translated from exc
    finally:
        engine.dispose()
    if revision == head_revision():
        return f"{where} is already at schema {revision}; roles and policies refreshed"
    return f"upgraded {where} from schema {revision} to {head_revision()}"


def add_member(
    address: str,
    login: str,
    role: str,
    *,
    coder_name: str | None = None,
    password: str | None = None,
) -> Member:
    """``lgcoder server add-coder``: a login role in one of the groups, and its coder row.

    An existing login is moved to *role* (its other lgcoder groups of this database revoked),
    so the same command changes a member's role. The password, if given, is hashed by libpq
    before it is sent.
    """
    if role not in ROLES:
        raise ValidationError(f"role must be one of {', '.join(ROLES)}")
    if not _LOGIN.match(login):
        raise ValidationError(
            f"{login!r} is not a usable login name: letters, digits, _ . @ -, starting with a "
            "letter or _, at most 63 characters"
        )
    from lgcoder.core.ops import coders as coder_ops

    url = pg.parse_url(address)
    dbname = str(url.database)
    display_name = " ".join((coder_name or login).split())
    with Project.open(address) as project:

        def action(conn: Connection) -> Member:
            exists = conn.exec_driver_sql(
                "SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": login}
            ).scalar()
            secret = ""
            if password is not None:
                raw = conn.connection.driver_connection
                hashed = raw.pgconn.encrypt_password(  # type: ignore[union-attr]
                    password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
                )
                secret = f" PASSWORD {_literal(hashed.decode('ascii'))}"
            if exists:
                _sql(conn, f"ALTER ROLE {_ident(login)} LOGIN{secret}")
            else:
                _sql(conn, f"CREATE ROLE {_ident(login)} LOGIN{secret}")
            for other in ROLES:
                _sql(conn, f"REVOKE {_ident(group_role(dbname, other))} FROM {_ident(login)}")
            _sql(conn, f"GRANT {_ident(group_role(dbname, role))} TO {_ident(login)}")
            from sqlalchemy.orm import Session

            with Session(bind=conn) as session:
                coder = coder_ops.ensure_coder(session, display_name)
                session.flush()
                guid = coder.guid
                name = coder.name
            conn.exec_driver_sql(
                f"INSERT INTO {MEMBER_TABLE} (login, coder_guid, role) "
                "VALUES (%(l)s, %(g)s, %(r)s) ON CONFLICT (login) DO UPDATE "
                "SET coder_guid = excluded.coder_guid, role = excluded.role",
                {"l": login, "g": guid, "r": role},
            )
            return Member(login=login, role=role, coder=name)

        member: Member = _run(project, action)
        return member


def list_members(address: str) -> list[Member]:
    """The logins of a server project with their roles and coder names."""
    with Project.open(address, readonly=True) as project:

        def action(conn: Connection) -> list[Member]:
            rows = conn.exec_driver_sql(
                f"SELECT m.login, m.role, coalesce(c.name, '') FROM {MEMBER_TABLE} m "
                "LEFT JOIN coder c ON c.guid = m.coder_guid ORDER BY m.login"
            ).all()
            return [Member(str(a), str(b), str(c)) for a, b, c in rows]

        members: list[Member] = _run(project, action)
        return members

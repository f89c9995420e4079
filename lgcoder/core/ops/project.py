"""Project-wide settings: title and the default coder used when none is named."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.core.models import Coder, ProjectInfo, utcnow
from lgcoder.core.ops.changes import Changes

TITLE = "title"
DEFAULT_CODER = "default_coder"
CREATED = "created"
PROJECT_GUID = "guid"


def get_info(session: Session, key: str, default: str = "") -> str:
    row = session.get(ProjectInfo, key)
    return row.value if row else default


def set_info(session: Session, key: str, value: str) -> Changes:
    row = session.get(ProjectInfo, key)
    if row is None:
        session.add(ProjectInfo(key=key, value=value))
    else:
        row.value = value
    session.flush()
    return Changes(project=True)


def init_project(session: Session, title: str) -> Changes:
    from lgcoder.core.models import new_guid

    set_info(session, TITLE, title)
    set_info(session, CREATED, utcnow().isoformat())
    set_info(session, PROJECT_GUID, new_guid())
    return Changes(project=True)


def title(session: Session) -> str:
    return get_info(session, TITLE)


def set_title(session: Session, value: str) -> Changes:
    return set_info(session, TITLE, value.strip())


def set_default_coder(session: Session, coder_guid: str) -> Changes:
    return set_info(session, DEFAULT_CODER, coder_guid)


def default_coder(session: Session) -> Coder | None:
    """Who "I" am: on a server project the coder of the login (``lgcoder server add-coder``),
    else the project's default coder (each file copy has its own)."""
    guid = _login_coder(session) or get_info(session, DEFAULT_CODER)
    if not guid:
        return None
    return session.scalars(select(Coder).where(Coder.guid == guid)).first()


def login_role(session: Session) -> str | None:
    """The server login's role in the team (lead, coder or viewer); None in a project file or
    for a login that is not a member (the database's owner)."""
    return _member_field(session, "role")


def _login_coder(session: Session) -> str | None:
    """The coder guid of the server login, where the server keeps a member list."""
    return _member_field(session, "coder_guid")


def _member_field(session: Session, column: str) -> str | None:
    """*column* of the server login's row in the member list; None in a project file, on a
    server without a member list, or for a login that is not a member."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return None
    if conn.exec_driver_sql("SELECT to_regclass('public.lgcoder_member')").scalar() is None:
        return None
    value = conn.exec_driver_sql(
        f"SELECT {column} FROM lgcoder_member WHERE login = current_user"  # column: ours, fixed
    ).scalar()
    return str(value) if value else None

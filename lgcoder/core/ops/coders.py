"""Coders: the people who apply codes. Named on the command line, they are created on demand."""

from __future__ import annotations

import getpass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lgcoder.core.errors import NotFoundError, ValidationError
from lgcoder.core.models import Coder, utcnow
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.colors import check_color, palette_color
from lgcoder.core.ops.lookup import coder_by_guid as coder_by_guid  # re-exported


def os_user_name() -> str:
    """The person logged in: their full name from the account when it has one, else the login.

    The coder when nobody gave a name (a cancelled first-run prompt, ``new`` without
    ``--coder``), so codings are never saved under a made-up name like "Researcher".
    """
    try:
        login = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or the system
        login = ""
    full = ""
    try:
        import pwd

        full = pwd.getpwnam(login).pw_gecos.split(",")[0] if login else ""
    except (ImportError, KeyError):
        pass
    name = " ".join((full or login).split())
    return name or "Researcher"


def find_coder(session: Session, name: str) -> Coder | None:
    return session.scalars(
        select(Coder).where(func.lower(Coder.name) == name.strip().lower())
    ).first()


def get_coder(session: Session, name: str) -> Coder:
    coder = find_coder(session, name)
    if coder is None:
        raise NotFoundError(f"no coder named '{name}'")
    return coder


def ensure_coder(session: Session, name: str, color: str | None = None) -> Coder:
    """The coder called *name*, created if new (DESIGN §5: naming a coder creates them)."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("a coder needs a name")
    existing = find_coder(session, clean)
    if existing is not None:
        return existing
    count = session.scalar(select(func.count()).select_from(Coder)) or 0
    coder = Coder(name=clean, color=check_color(color) if color else palette_color(count + 3))
    session.add(coder)
    session.flush()
    return coder


def rename_coder(session: Session, guid: str, name: str) -> Changes:
    coder = session.scalars(select(Coder).where(Coder.guid == guid)).first()
    if coder is None:
        raise NotFoundError("that coder no longer exists")
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("a coder needs a name")
    other = find_coder(session, clean)
    if other is not None and other.id != coder.id:
        raise ValidationError(f"there is already a coder named '{clean}'")
    coder.name = clean
    coder.updated = coder.name_updated = utcnow()  # per-field time: see models.Coder
    session.flush()
    return Changes(coders=True)


def recolour_coder(session: Session, guid: str, color: str) -> Changes:
    coder = coder_by_guid(session, guid)
    coder.color = check_color(color)
    coder.updated = coder.color_updated = utcnow()  # per-field time: see models.Coder
    session.flush()
    return Changes(coders=True, codings=True)


def list_coders(session: Session) -> list[Coder]:
    return list(session.scalars(select(Coder).order_by(func.lower(Coder.name))))

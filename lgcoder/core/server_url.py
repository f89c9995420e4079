"""Whether a project name is a server address: a standard-library-only test, so the quick CLI
paths can tell a file from a server without importing SQLAlchemy (:mod:`lgcoder.core.pg`)."""

from __future__ import annotations

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_server_url(value: object) -> bool:
    """Whether *value* names a server project rather than a project file."""
    return isinstance(value, str) and value.lower().startswith(SCHEMES)

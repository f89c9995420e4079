"""The schema revisions this lgcoder knows, and the Alembic configuration that builds them.

A leaf module (standard library only; Alembic is imported when a configuration is asked for) so
that the file checks in :mod:`~lgcoder.core.sqlite_file`, the expected shapes in
:mod:`~lgcoder.core.schema` and the store in :mod:`~lgcoder.core.db` can all use it without
importing each other in a circle.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def known_revisions() -> list[str]:
    """Schema revisions this lgcoder knows, oldest first.

    Migration files are named ``NNNN_description.py`` with revision id ``NNNN`` (a test holds
    them to that), so opening a project does not have to import Alembic just to compare ids.
    """
    names = (p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))
    return sorted(names)


def head_revision() -> str:
    return known_revisions()[-1]


def alembic_config() -> Config:
    """An Alembic configuration pointing at our migrations (the caller supplies the connection)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg

"""Many rows as plain tuples, for the counting code (agreement, co-occurrence, charts).

Analyses that read every coding of a project (100,000 rows) spend most of their time building
SQLAlchemy row objects, not in SQLite: the sqlite3 cursor hands back tuples about four times
faster, and numpy turns those into arrays in milliseconds. The statement is still written with
SQLAlchemy (so the models and names stay the single source) and only its compiled text runs on
the driver's connection, inside the session's transaction. A server project (PostgreSQL) reads
through SQLAlchemy Core, which is correct everywhere and fast enough there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session


def plain_rows(session: Session, query: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of *query* as tuples, read in the session's transaction."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        raw = conn.connection.driver_connection
        if raw is not None and hasattr(raw, "execute"):
            # the statement as SQLite text with ? placeholders, IN lists expanded; the values
            # (numbers and names; none needs a type conversion) go to the driver as parameters
            compiled = query.compile(conn, compile_kwargs={"render_postcompile": True})
            params = compiled.construct_params()
            order = compiled.positiontup or []
            return list(raw.execute(str(compiled), [params[name] for name in order]).fetchall())
    return [tuple(row) for row in conn.execute(query)]

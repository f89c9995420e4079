"""The gate a file passes before a merge reads it: copies from other people are untrusted.

A source is opened read-only and immutable (nothing we do can change it), then checked: it is an
lgcoder project of exactly this schema, SQLite finds it intact, lgcoder's invariants hold, and
the values a merge compares (guids, timestamps, flags, offsets) have the shapes our own code
writes. A file that fails is refused with one sentence naming it; nothing is merged.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from lgcoder.core import pg
from lgcoder.core.check import check_project
from lgcoder.core.db import Project, head_revision
from lgcoder.core.errors import IntegrityError, LgcoderError, NotAProjectError, ValidationError
from lgcoder.core.models import Base

#: Page cache for reading large inputs (negative = KiB): the default 2 MB thrashes at 100k rows.
CACHE_KIB = -262144
_TS = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]"
_GUID = "length(guid) BETWEEN 1 AND 64"
#: Per-field edit times (``models.field_time`` columns, named ``*_updated``): a merge compares
#: them as text, like ``updated``. Derived from the models so a new one is checked at once.
FIELD_TIMES: dict[str, tuple[str, ...]] = {
    table.name: times
    for table in Base.metadata.sorted_tables
    if (times := tuple(c.name for c in table.columns if c.name.endswith("_updated")))
}

#: (SQL counting bad rows, what is wrong) — shapes the merge relies on.
SHAPE_CHECKS: list[tuple[str, str]] = [
    *(
        (
            f"SELECT count(*) FROM \"{t}\" WHERE typeof(guid) != 'text' OR NOT ({_GUID}) "
            f"OR created NOT GLOB '{_TS}' OR updated NOT GLOB '{_TS}'",
            f"{t} rows with a malformed id or timestamp",
        )
        for t in ("coder", "code", "document", "coding", "memo", "attribute", "case")
    ),
    *(
        (
            f'SELECT count(*) FROM "{t}" WHERE '
            + " OR ".join(f"{c} NOT GLOB '{_TS}'" for c in FIELD_TIMES[t]),
            f"{t} rows with a malformed edit time",
        )
        for t in FIELD_TIMES
    ),
    *(
        (f'SELECT count(*) FROM "{t}" WHERE deleted NOT IN (0, 1)', f"{t} rows with a bad flag")
        for t in ("code", "coding", "memo")
    ),
    *(
        (f'SELECT guid FROM "{t}" GROUP BY guid HAVING count(*) > 1', f"duplicate {t} ids")
        for t in ("coder", "code", "document", "coding", "memo", "attribute", "case")
    ),
    (
        "SELECT count(*) FROM coding WHERE typeof(start) != 'integer' OR typeof(\"end\") != "
        "'integer' OR typeof(memo) != 'text'",
        "codings with non-numeric offsets",
    ),
    (
        "SELECT count(*) FROM memo WHERE target_type NOT IN ('project', 'document', 'code', "
        "'coding', 'memo') OR kind NOT IN ('memo', 'comment', 'conflict') "
        "OR typeof(text) != 'text' OR typeof(target_guid) != 'text'",
        "memos with an unknown target or kind",
    ),
    (
        "SELECT count(*) FROM coder WHERE typeof(name) != 'text' OR trim(name) = ''",
        "coders without a name",
    ),
    (
        "SELECT count(*) FROM code WHERE typeof(name) != 'text' OR trim(name) = '' "
        "OR instr(name, '/') > 0 OR typeof(description) != 'text'",
        "codes with a bad name",
    ),
    (
        "SELECT count(*) FROM guid_alias a WHERE entity NOT IN ('coder', 'code', 'document', "
        "'coding', 'memo', 'attribute', 'case')",
        "aliases of an unknown kind",
    ),
    (
        "SELECT count(*) FROM document WHERE typeof(text_sha256) != 'text' "
        "OR length(text_sha256) != 64",
        "documents without a text hash",
    ),
]


def _same_file(a: Path | str, b: Path | str) -> bool:
    if pg.is_server_url(a) or pg.is_server_url(b):
        return (
            pg.is_server_url(a)
            and pg.is_server_url(b)
            and pg.parse_url(str(a)).set(username=None) == pg.parse_url(str(b)).set(username=None)
        )
    a, b = Path(a), Path(b)
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def check_sources(target: Path | str, sources: Sequence[Path | str]) -> None:
    """Refuse the target as its own source and a file given twice, before opening anything."""
    if not sources:
        raise ValidationError("name at least one project file to merge into the target")
    for i, src in enumerate(sources):
        if _same_file(src, target):
            raise ValidationError(
                f"{src} is the target itself; a project cannot be merged into itself"
            )
        if any(_same_file(src, other) for other in sources[:i]):
            raise ValidationError(f"{src} is given twice")


def open_source(path: Path | str, *, allow_foreign: bool = False) -> Project:
    """Open and check one source; the caller closes it.

    ``allow_foreign`` is for ``repair``: a source with tables, triggers or views lgcoder did
    not create is read anyway (read-only, so none of them runs) and its content copied.
    A server source is read in a read-only transaction; others may go on writing to it.
    """
    if pg.is_server_url(path):
        project = Project.open(path, readonly=True)
        try:
            _check(project, project.location)
        except BaseException:
            project.close()
            raise
        return project
    path = Path(path)
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ValidationError(
            f"{path} has unsaved changes in {wal.name} (is it open in lgcoder?); "
            "close it there first, then merge"
        )
    project = Project.open(path, readonly=True, allow_foreign=allow_foreign)
    try:
        _check(project, path, foreign=not allow_foreign)
    except BaseException:
        project.close()
        raise
    return project


def _portable_check(sql: str) -> bool:
    """Whether a shape check applies on PostgreSQL, whose column types already guarantee
    what SQLite's ``typeof``/``GLOB`` checks look for."""
    return "typeof(" not in sql and "GLOB" not in sql and "NOT IN (0, 1)" not in sql


def _check(project: Project, path: Path | str, foreign: bool = True) -> None:
    try:
        with project.reading() as session:
            conn = session.connection()
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            if revision != head_revision():
                raise ValidationError(
                    f"{path} uses an older project format; open it once in this version of "
                    "lgcoder to upgrade it, then merge"
                )
            server = conn.dialect.name == "postgresql"
            if not server:
                conn.exec_driver_sql(f"PRAGMA cache_size = {CACHE_KIB}")
            findings = check_project(session, quick=True, foreign=foreign)
            for sql, what in SHAPE_CHECKS:
                if server and not _portable_check(sql):
                    continue
                rows = conn.exec_driver_sql(sql).all()
                bad = rows[0][0] if rows and "count(" in sql else len(rows)
                if bad:
                    findings.append(f"{bad} {what}")
    except LgcoderError:
        raise
    except (sqlite3.Error, DBAPIError) as exc:
        raise NotAProjectError(f"{path} is not a readable lgcoder project ({_short(exc)})") from exc
    if findings:
        more = (
            f" (and {len(findings) - 1} more; run lgcoder check on it)" if len(findings) > 1 else ""
        )
        raise IntegrityError(f"{path} is damaged and was not merged: {findings[0]}{more}")


def _short(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0][:200]


def same_path(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    return _same_file(Path(a), Path(b))

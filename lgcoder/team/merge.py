"""Merge coder copies of a project into the lead's project (DESIGN §4), and undo it from a backup.

The sequence is always: refuse bad inputs (:mod:`~lgcoder.team.validate`), read every input's
facts, compute the merged content (:mod:`~lgcoder.team.plan`), then — unless this is a dry run —
back the target up and write the result in one transaction (:mod:`~lgcoder.team.apply`), check
the result, and log the report. Any failure rolls the target back untouched.

The target or a source may be a server project (``postgresql://``, issue 13): the same facts, plan
and writes, with PostgreSQL's counterparts where SQLite was used directly (see :func:`_store`).
A server target is not backed up by lgcoder (its admin's ``pg_dump`` is); the merge is one
transaction there too, and the report says so.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from lgcoder.core import pg
from lgcoder.core.check import check_project
from lgcoder.core.db import Project, begin_write, translate_error
from lgcoder.core.errors import IntegrityError, LgcoderError, NotAProjectError
from lgcoder.core.models import Base, MergeLog, utcnow
from lgcoder.core.sqlite_file import driver_sqlite
from lgcoder.team.apply import apply_plan
from lgcoder.team.facts import Facts, read_facts
from lgcoder.team.plan import Plan, build_plan
from lgcoder.team.report import MergeReport
from lgcoder.team.validate import CACHE_KIB, check_sources, open_source

Progress = Callable[[int, int, str], None]


def _noop(_done: int, _total: int, _message: str) -> None:
    pass


def merge_files(
    target: str | Path,
    sources: Sequence[str | Path],
    *,
    dry_run: bool = False,
    progress: Progress = _noop,
) -> MergeReport:
    """``lgcoder merge``: open the target, merge *sources* into it, close it.

    The target (and any source) may be a server address.
    """
    if not pg.is_server_url(target):
        target = Path(target)
        if not target.exists():
            raise NotAProjectError(f"{target}: no such project file")
    check_sources(target, list(sources))
    with Project.open(target) as project:
        return merge_into(project, sources, dry_run=dry_run, progress=progress)


def merge_into(
    project: Project,
    sources: Sequence[str | Path],
    *,
    dry_run: bool = False,
    progress: Progress = _noop,
    allow_foreign: bool = False,
    backup: bool = True,
) -> MergeReport:
    """Merge *sources* into the open *project* (the GUI keeps its project open).

    ``allow_foreign`` reads sources that hold objects lgcoder did not create (``repair``).
    ``backup=False`` is for a project still being built in memory (``pull``): nothing to keep.
    """
    paths: list[Path | str] = [s if pg.is_server_url(s) else Path(s) for s in sources]
    check_sources(project.location if project.is_server else project.path, paths)
    total = len(paths) + 3
    with ExitStack() as stack:
        opened: list[Project] = []
        for i, path in enumerate(paths):
            progress(i, total, f"checking {_name(path)}")
            opened.append(stack.enter_context(open_source(path, allow_foreign=allow_foreign)))
        sessions: list[Session] = [stack.enter_context(p.reading()) for p in opened]
        inputs = []
        for i, (path, session) in enumerate(zip(paths, sessions, strict=True), start=1):
            progress(i - 1, total, f"reading {_name(path)}")
            inputs.append(read_facts(session, i, _label(path)))

        def plan_for(target_session: Session) -> tuple[Facts, Plan]:
            progress(len(paths), total, "matching")
            _cache(target_session.connection(), CACHE_KIB)
            target_facts = read_facts(target_session, 0, project.location)
            return target_facts, build_plan([target_facts, *inputs])

        if dry_run:
            with project.reading() as session:
                report = plan_for(session)[1].report
                report.dry_run = True
                return report
        saved = project.backup() if backup and not project.is_server else None
        store = _store_server if project.is_server else _store
        report = store(project, plan_for, sessions, paths, progress, total, saved)
        progress(total, total, "done")
        return report


def _name(source: Path | str) -> str:
    return source.name if isinstance(source, Path) else pg.display(source)


def _label(source: Path | str) -> str:
    return str(source) if isinstance(source, Path) else pg.display(source)


def _cache(conn: Any, kib: int) -> None:
    """SQLite's page cache for reading big inputs (PostgreSQL sizes its own)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size = {kib}")


def _write(
    project: Project,
    session: Session,
    plan: Plan,
    target_facts: Facts,
    sessions: list[Session],
    paths: list[Path | str],
    progress: Progress,
    total: int,
    backup: Path | None,
) -> MergeReport:
    """Apply the plan, check the result and log it, inside the caller's write transaction."""
    report = plan.report
    report.dry_run = False
    report.backup = str(backup) if backup is not None else None
    progress(len(paths) + 1, total, "writing")
    apply_plan(session, plan, target_facts, lambda i: sessions[i - 1])
    progress(len(paths) + 2, total, "checking the result")
    session.flush()
    findings = check_project(session, quick=True)
    if findings:
        raise IntegrityError(
            f"the merge was undone because the result failed a check: {findings[0]}"
        )
    session.add(
        MergeLog(
            at=utcnow(),
            sources=json.dumps([_label(p) for p in paths]),
            report=report.dumps(),
        )
    )
    session.flush()
    return report


#: The tables a merge rewrites, i.e. every table of the project (taken from the models, so a
#: table added later is locked too); on a server they are locked against writes while it plans
#: and writes (reading goes on), so no coder's change can slip in between the plan and the write.
_MERGED_TABLES = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)


def _store_server(
    project: Project,
    plan_for: Callable[[Session], tuple[Facts, Plan]],
    sessions: list[Session],
    paths: list[Path | str],
    progress: Progress,
    total: int,
    backup: Path | None,
) -> MergeReport:
    """The server's counterpart of :func:`_store`: one transaction that first locks the tables
    against other writers (``EXCLUSIVE`` mode still lets everyone read), then plans and writes.

    Coders' changes wait for the merge (seconds) instead of being lost between plan and write.
    Only a lead (or the owner) may lock and rewrite the tables; a coder or viewer is refused
    by the server with one line.
    """
    try:
        with project.Session() as session:
            conn = session.connection()
            conn.exec_driver_sql(f"LOCK TABLE {_MERGED_TABLES} IN EXCLUSIVE MODE")
            target_facts, plan = plan_for(session)
            report = _write(
                project, session, plan, target_facts, sessions, paths, progress, total, backup
            )
            session.commit()
    except (LgcoderError, KeyboardInterrupt):
        raise
    except DBAPIError as exc:
        translated = translate_error(exc, project.path)
        if translated is None:
            raise
        raise translated from exc
    return report


def _store(
    project: Project,
    plan_for: Callable[[Session], tuple[Facts, Plan]],
    sessions: list[Session],
    paths: list[Path | str],
    progress: Progress,
    total: int,
    backup: Path | None,
) -> MergeReport:
    """Plan while only reading, then write under the lock, on one connection.

    The target's facts are read and the merge planned in a read transaction, so another lgcoder
    process can keep writing meanwhile. The write transaction (``BEGIN IMMEDIATE``) then asks
    SQLite's ``data_version`` whether anyone committed in between; only if so is the plan made
    again, under the lock. The lock is held for the writes, the check and the log.
    """
    project.use_wal()  # so that planning does not hold up another process's writes
    with project.engine.connect() as conn:
        try:
            with project.Session(bind=conn) as reader:
                version = reader.connection().exec_driver_sql("PRAGMA data_version").scalar()
                target_facts, plan = plan_for(reader)
                reader.rollback()
            txn = begin_write(conn)
            try:
                with project.Session(bind=conn) as session:
                    now = session.connection().exec_driver_sql("PRAGMA data_version").scalar()
                    if now != version:  # another process wrote meanwhile: plan again
                        target_facts, plan = plan_for(session)
                    report = _write(
                        project,
                        session,
                        plan,
                        target_facts,
                        sessions,
                        paths,
                        progress,
                        total,
                        backup,
                    )
                txn.commit()
            except BaseException:
                txn.rollback()
                raise
        except (sqlite3.Error, DBAPIError) as exc:
            translated = translate_error(exc, project.path)
            if translated is None:
                raise
            raise translated from exc
        finally:
            conn.exec_driver_sql("PRAGMA cache_size = -2000")  # give the big page cache back
            if conn.in_transaction():
                conn.rollback()
    return report


def merge_history(project: Project) -> list[dict[str, object]]:
    """The reports of past merges, newest first (MergeLog is history, not content)."""
    with project.reading() as session:
        rows = session.query(MergeLog).order_by(MergeLog.id.desc()).all()
        return [{"at": r.at.isoformat(), **json.loads(r.report)} for r in rows]


def restore_backup(project: Project, backup: str | Path) -> None:
    """Put the target back as it was before a merge, copying the backup over it in place.

    SQLite's backup API writes into the open file, so the GUI can restore without closing the
    project; the caller reloads its views afterwards.
    """
    if project.is_server:
        raise LgcoderError(pg.FILE_ONLY.format(what="undoing a merge from lgcoder's backup"))
    backup = Path(backup)
    check = Project.open(backup, readonly=True)
    check.close()
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    raw = project.engine.raw_connection()
    try:
        src.backup(driver_sqlite(raw))
    finally:
        raw.close()
        src.close()
    project.engine.dispose()

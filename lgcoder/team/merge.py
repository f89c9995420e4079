"""Merge coder copies of a project into the lead's project (DESIGN §4), and undo it from a backup.

The sequence is always: refuse bad inputs (:mod:`~lgcoder.team.validate`), read every input's
facts, compute the merged content (:mod:`~lgcoder.team.plan`), then — unless this is a dry run —
back the target up and write the result in one transaction (:mod:`~lgcoder.team.apply`), check
the result, and log the report. Any failure rolls the target back untouched.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from lgcoder.core.check import check_project
from lgcoder.core.db import Project, begin_write, translate_error
from lgcoder.core.errors import IntegrityError, NotAProjectError
from lgcoder.core.models import MergeLog, utcnow
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
    """``lgcoder merge``: open the target, merge *sources* into it, close it."""
    target = Path(target)
    if not target.exists():
        raise NotAProjectError(f"{target}: no such project file")
    check_sources(target, [Path(s) for s in sources])
    with Project.open(target) as project:
        return merge_into(project, sources, dry_run=dry_run, progress=progress)


def merge_into(
    project: Project,
    sources: Sequence[str | Path],
    *,
    dry_run: bool = False,
    progress: Progress = _noop,
    allow_foreign: bool = False,
) -> MergeReport:
    """Merge *sources* into the open *project* (the GUI keeps its project open).

    ``allow_foreign`` reads sources that hold objects lgcoder did not create (``repair``).
    """
    paths = [Path(s) for s in sources]
    check_sources(project.path, paths)
    total = len(paths) + 3
    with ExitStack() as stack:
        opened: list[Project] = []
        for i, path in enumerate(paths):
            progress(i, total, f"checking {path.name}")
            opened.append(stack.enter_context(open_source(path, allow_foreign=allow_foreign)))
        sessions: list[Session] = [stack.enter_context(p.reading()) for p in opened]
        inputs = []
        for i, (path, session) in enumerate(zip(paths, sessions, strict=True), start=1):
            progress(i - 1, total, f"reading {path.name}")
            inputs.append(read_facts(session, i, str(path)))

        def plan_for(target_session: Session) -> tuple[Facts, Plan]:
            progress(len(paths), total, "matching")
            target_session.connection().exec_driver_sql(f"PRAGMA cache_size = {CACHE_KIB}")
            target_facts = read_facts(target_session, 0, str(project.path))
            return target_facts, build_plan([target_facts, *inputs])

        if dry_run:
            with project.reading() as session:
                report = plan_for(session)[1].report
                report.dry_run = True
                return report
        backup = project.backup()
        report = _store(project, plan_for, sessions, paths, progress, total, backup)
        progress(total, total, "done")
        return report


def _store(
    project: Project,
    plan_for: Callable[[Session], tuple[Facts, Plan]],
    sessions: list[Session],
    paths: list[Path],
    progress: Progress,
    total: int,
    backup: Path,
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
                    report = plan.report
                    report.dry_run = False
                    report.backup = str(backup)
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
                            sources=json.dumps([str(p) for p in paths]),
                            report=report.dumps(),
                        )
                    )
                    session.flush()
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
    backup = Path(backup)
    check = Project.open(backup, readonly=True)
    check.close()
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    raw = project.engine.raw_connection()
    try:
        src.backup(raw.driver_connection)  # type: ignore[arg-type]
    finally:
        raw.close()
        src.close()
    project.engine.dispose()

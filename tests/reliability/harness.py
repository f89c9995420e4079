"""The reliability suite's tools: the real CLI run in-process, in a forked child that can be
killed with SIGKILL at any moment, or in a subprocess without root's permission override.

Every run's stderr goes to one log (``STDERR_LOG``) that the suite greps for "internal error"
at the end (see ``conftest.py``): that wording is only for our own bugs.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lgcoder.core.db import Project

STDERR_LOG = Path(os.environ.get("LGCODER_RELIABILITY_LOG", "/tmp/lgcoder-reliability-stderr.log"))


def log_stderr(text: str) -> None:
    if text:
        with STDERR_LOG.open("a", encoding="utf-8") as fh:
            fh.write(text if text.endswith("\n") else text + "\n")


@dataclass
class Run:
    code: int
    out: str
    err: str


def cli(*args: str | Path) -> Run:
    """``lgcoder ARGS`` in this process (the same code path as the command, without start-up)."""
    from lgcoder.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    out.flush()
    buffer = out.buffer
    assert isinstance(buffer, io.BytesIO)
    run = Run(code, buffer.getvalue().decode("utf-8", "replace"), err.getvalue())
    log_stderr(run.err)
    return run


def fork_cli(args: list[str | Path], folder: Path) -> tuple[int, Path]:
    """Start ``lgcoder ARGS`` in a forked child (modules already imported, so it starts at
    once); returns its pid and the file its stderr goes to."""
    err_path = folder / f"stderr-{time.monotonic_ns()}.txt"
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            err_fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(devnull, 1)
            os.dup2(err_fd, 2)
            sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
            sys.stderr = io.TextIOWrapper(
                io.FileIO(2, "w", closefd=False), encoding="utf-8", write_through=True
            )
            from lgcoder.cli import main

            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            import traceback

            with contextlib.suppress(BaseException):
                sys.stderr.write(traceback.format_exc())
                sys.stderr.flush()
        finally:
            os._exit(code)
    return pid, err_path


def wait(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def kill_after(pid: int, delay: float) -> bool:
    """SIGKILL the child after *delay* seconds unless it has finished; True if it was killed."""
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return False
        time.sleep(0.002)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return True


def take_stderr(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    log_stderr(text)
    path.unlink(missing_ok=True)
    return text


def signature(path: Path) -> Any:
    """What a user would call the project's content, independent of new guids and times;
    None when there is no project file."""
    if not path.exists():
        return None
    with Project.open(path, readonly=True) as project, project.reading() as session:
        conn = session.connection()

        def rows(sql: str) -> tuple[Any, ...]:
            return tuple(tuple(r) for r in conn.exec_driver_sql(sql).all())

        return (
            rows("SELECT name, text_sha256, text_length FROM document ORDER BY 1, 2"),
            rows("SELECT name, deleted FROM code ORDER BY 1, 2"),
            rows(
                'SELECT d.name, k.name, r.name, c.start, c."end", c.deleted FROM coding c '
                "JOIN document d ON d.id = c.document_id JOIN code k ON k.id = c.code_id "
                "JOIN coder r ON r.id = c.coder_id ORDER BY 1, 2, 3, 4, 5, 6"
            ),
            rows("SELECT kind, count(*) FROM segment GROUP BY kind ORDER BY 1"),
            rows("SELECT count(*) FROM memo"),
            rows('SELECT name, deleted FROM "case" ORDER BY 1, 2'),
            rows("SELECT name, deleted FROM attribute ORDER BY 1, 2"),
        )


def check_ok(path: Path) -> list[str]:
    """``lgcoder check`` on the file: its findings (empty when sound)."""
    from lgcoder.core.check import check_project

    with Project.open(path, readonly=True) as project, project.reading() as session:
        return check_project(session)


def no_dac_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real lgcoder in a subprocess that file permissions bind, even as root."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            import pytest

            pytest.skip("running as root without setpriv: permissions cannot be enforced")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "lgcoder", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=120,
        check=False,
    )
    log_stderr(result.stderr)
    return result

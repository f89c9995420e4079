"""Run a parser on untrusted bytes in a helper process, with a time limit.

A hostile or broken PDF can make a C library loop or recurse for a very long time, and a thread
cannot be stopped. A process can: if the helper does not answer within the limit it is killed
and the user gets a one-line error; a crash of the helper is reported the same way and never
takes lgcoder down. The helper is started once and reused, so the start-up cost is paid once per
session, not per file, and only by a session that reads such a file. Calls are serialised with a
lock; the GUI's import tasks may come from several threads.

How the helper starts (:func:`_context`): a process that runs no other thread and has no Qt
loaded (the command line) forks itself, which costs a few milliseconds instead of a new
interpreter; the helper then imports only the reader it is asked to run. A process with
threads (the GUI) must not fork, so it uses a forkserver that has the PDF reader preloaded
(started once, then each helper is a fork of it), and platforms without fork spawn.

Set ``LGCODER_IMPORT_SANDBOX=0`` to parse in-process (debugging), or ``=require`` to refuse the
in-process fallback when the helper cannot start (the frozen app's smoke test uses it to prove
the helper runs there). The function must be importable at module level; it may be given by
name (``"package.module:function"``), so that only the helper imports it.

The frozen app (PyInstaller) starts the helper the same way: its entry point calls
``multiprocessing.freeze_support()`` first, which turns the re-run executable into the
forkserver (or the spawned helper) instead of a second copy of the app.
"""

from __future__ import annotations

import atexit
import importlib
import multiprocessing
import os
import sys
import threading
import time
import types
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from lgcoder.core.errors import ImportCancelledError, ImportFailedError
from lgcoder.importers.base import Progress

_PRELOAD = ["lgcoder.importers.pdf_engine", "pypdfium2"]
HELPER_NAME = "lgcoder-import"  # the helper process's name (pdf_split reads it)
_POLL_SECONDS = 0.1
# Progress goes to the parent in batches at most this often: a message per page woke the parent
# 117 times for the 117-page lecture notes and cost about 2% of the import. The first page is
# sent at once and every page is still reported, in order.
_REPORT_SECONDS = 0.05


Target = Callable[..., Any] | str  # a function, or its "module:name"


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _fork_is_safe():
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _fork_is_safe() -> bool:
    """Whether this process may fork: one thread, and no Qt (which runs threads of its own).

    A fork copies only the calling thread; a lock another thread held at that moment stays
    locked in the copy forever. The command line has one thread, so it forks (milliseconds);
    the GUI goes through the forkserver. macOS lists fork but its system libraries are not
    safe to use after one, so there the forkserver or spawn is used as before.
    """
    if sys.platform == "darwin" or threading.active_count() != 1:
        return False
    return not any(name.startswith(("PySide6", "shiboken6")) for name in sys.modules)


def _resolve(func: Target) -> Callable[..., Any]:
    """*func* itself, or the function its "module:name" names (imported here, on first use)."""
    if isinstance(func, str):
        module, _, name = func.partition(":")
        resolved: Callable[..., Any] = getattr(importlib.import_module(module), name)
        return resolved
    return func


class _Reporter:
    """The helper's ``report(done, total)``: progress sent to the parent in batches."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._pending: list[tuple[int, int]] = []
        self._sent = 0.0  # when the last batch went: never, so the first goes at once

    def __call__(self, done: int, total: int) -> None:
        self._pending.append((done, total))
        now = time.monotonic()
        if now - self._sent >= _REPORT_SECONDS:
            self.flush()
            self._sent = now

    def flush(self) -> None:
        if self._pending:
            self._conn.send(("progress", self._pending))
            self._pending = []


def _serve(conn: Connection, parent_end: Connection | None = None) -> None:
    """The helper's loop: run each (func, args) sent and send back the outcome.

    A forked helper inherits the parent's end of the pipe too; it is closed here, or the
    helper would never see the pipe close if the parent died, and would wait forever.
    """
    if parent_end is not None:
        parent_end.close()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        func, args = request
        report = _Reporter(conn)
        try:
            result = _resolve(func)(*args, report=report)
            report.flush()
            conn.send(("ok", result))
        except BaseException as exc:  # report, never leave the parent waiting
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))


class _Helper:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Connection | None = None
        self._fresh = False  # started but has not answered yet

    def _start(self) -> Connection:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            alive: Connection = self._conn
            return alive
        ctx = _context()
        parent: Connection
        parent, child = ctx.Pipe()
        forked = ctx.get_start_method() == "fork"
        proc = ctx.Process(
            target=_serve,
            args=(child, parent) if forked else (child,),
            daemon=True,
            name=HELPER_NAME,
        )
        # The helper must not re-run the application's main module (the GUI, the CLI, a
        # script piped on stdin): it is started while __main__ is a bare stand-in.
        real_main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            proc.start()
        finally:
            sys.modules["__main__"] = real_main
        child.close()
        self._fresh = True
        self._proc, self._conn = proc, parent
        return parent

    def stop(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def call(
        self,
        func: Target,
        args: tuple[Any, ...],
        seconds: float,
        name: str,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Any:
        with self._lock:
            try:
                conn = self._start()
            except (OSError, AssertionError, RuntimeError) as exc:
                # no helper processes here (e.g. inside a daemon): run inline
                if _helper_required():
                    raise ImportFailedError(
                        f"{name}: the reader process did not start ({exc})"
                    ) from exc
                return _inline(func, args, name, progress, cancelled)
            try:
                conn.send((func, args))
                status, payload = self._wait(conn, seconds, name, progress, cancelled)
                self._fresh = False
            except (EOFError, OSError, BrokenPipeError) as exc:
                never_worked = self._fresh
                self.stop()
                if never_worked:  # the helper could not start here: read in-process instead
                    if _helper_required():
                        raise ImportFailedError(
                            f"{name}: the reader process did not start ({exc})"
                        ) from exc
                    return _inline(func, args, name, progress, cancelled)
                raise ImportFailedError(
                    f"{name}: the file crashed the reader (it is probably damaged); "
                    "try re-saving or printing it to a new PDF"
                ) from exc
        if status != "ok":
            raise ImportFailedError(
                f"{name}: the file looks damaged and could not be read ({payload})"
            )
        return payload

    def _wait(
        self,
        conn: Connection,
        seconds: float,
        name: str,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
    ) -> tuple[str, Any]:
        """Relay progress until the answer comes; stop the helper on timeout or Cancel."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise ImportFailedError(
                    f"{name}: reading the file took longer than {seconds:.0f} seconds and "
                    "was stopped; the file may be damaged or built to stall readers"
                )
            if cancelled is not None and cancelled():
                self.stop()  # the only way to interrupt a C library mid-page
                raise ImportCancelledError(f"{name}: not imported: you pressed Cancel")
            if not conn.poll(min(left, _POLL_SECONDS)):
                continue
            status, payload = conn.recv()
            if status == "progress":  # a batch of (page, pages), in order
                for done, total in payload:
                    if progress is None or (cancelled is not None and cancelled()):
                        break
                    progress(done, total)
                continue
            return status, payload


def _inline(
    func: Target,
    args: tuple[Any, ...],
    name: str,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> Any:
    """Run in this process; progress is reported directly and Cancel is checked per unit."""

    def report(done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelledError(f"{name}: not imported: you pressed Cancel")
        if progress is not None:
            progress(done, total)

    return _resolve(func)(*args, report=report)


def _helper_required() -> bool:
    return os.environ.get("LGCODER_IMPORT_SANDBOX") == "require"


_helper = _Helper()
atexit.register(_helper.stop)


def run_bounded(
    func: Target,
    args: tuple[Any, ...],
    seconds: float,
    name: str,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Any:
    """``func(*args, report=...)`` in the helper process (*func* may be a "module:name").

    *func* calls ``report(done, total)`` as it goes; that reaches *progress* here, and between
    reports *cancelled* is polled. Timeout or crash: ImportFailedError naming *name*; Cancel:
    ImportCancelledError.
    """
    if os.environ.get("LGCODER_IMPORT_SANDBOX", "1") == "0" or multiprocessing.parent_process():
        return _inline(func, args, name, progress, cancelled)
    return _helper.call(func, args, seconds, name, progress, cancelled)

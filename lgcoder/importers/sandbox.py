"""Run a parser on untrusted bytes in a helper process, with a time limit.

A hostile or broken PDF can make a C library loop or recurse for a very long time, and a thread
cannot be stopped. A process can: if the helper does not answer within the limit it is killed
and the user gets a one-line error; a crash of the helper is reported the same way and never
takes lgcoder down. The helper is started once and reused, so the start-up cost (a fork from a
warmed forkserver on Linux, a spawn elsewhere) is paid once per session, not per file. Calls are
serialised with a lock; the GUI's import tasks may come from several threads.

Set ``LGCODER_IMPORT_SANDBOX=0`` to parse in-process (debugging, or frozen builds that cannot
start helper processes). The function must be importable at module level.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import threading
import types
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from lgcoder.core.errors import ImportFailedError

_PRELOAD = ["lgcoder.importers.pdf_engine", "pypdfium2"]


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _serve(conn: Connection) -> None:
    """The helper's loop: run each (func, args) sent and send back the outcome."""
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        func, args = request
        try:
            conn.send(("ok", func(*args)))
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
        proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="lgcoder-import")
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
        self, func: Callable[..., Any], args: tuple[Any, ...], seconds: float, name: str
    ) -> Any:
        with self._lock:
            try:
                conn = self._start()
            except (OSError, AssertionError, RuntimeError):
                return func(*args)  # no helper processes here (daemon, frozen build): run inline
            try:
                conn.send((func, args))
                if not conn.poll(seconds):
                    self.stop()
                    raise ImportFailedError(
                        f"{name}: reading the file took longer than {seconds:.0f} seconds and "
                        "was stopped; the file may be damaged or built to stall readers"
                    )
                status, payload = conn.recv()
                self._fresh = False
            except (EOFError, OSError, BrokenPipeError) as exc:
                never_worked = self._fresh
                self.stop()
                if never_worked:  # the helper could not start here: read in-process instead
                    return func(*args)
                raise ImportFailedError(
                    f"{name}: the file crashed the reader (it is probably damaged); "
                    "try re-saving or printing it to a new PDF"
                ) from exc
        if status != "ok":
            raise ImportFailedError(
                f"{name}: the file looks damaged and could not be read ({payload})"
            )
        return payload


_helper = _Helper()
atexit.register(_helper.stop)


def run_bounded(func: Callable[..., Any], args: tuple[Any, ...], seconds: float, name: str) -> Any:
    """``func(*args)`` in the helper process; ImportFailedError naming *name* on timeout/crash."""
    if os.environ.get("LGCODER_IMPORT_SANDBOX", "1") == "0" or multiprocessing.parent_process():
        return func(*args)
    return _helper.call(func, args, seconds, name)

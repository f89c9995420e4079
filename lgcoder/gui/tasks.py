"""The only place the GUI starts threads (DESIGN §7, Picard's ``util/thread.py`` model).

``TaskRunner.run(fn, ...)`` runs *fn* on a QThreadPool worker and posts its result, error or
progress back to the UI thread through queued signals. Tests set ``synchronous=True`` so a task
finishes before ``run`` returns, which keeps them deterministic.

Worker functions must not touch widgets. They get a :class:`TaskContext` to report progress and
to see whether the user pressed Cancel.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class TaskCancelled(Exception):
    """Raised inside a worker (by ``TaskContext.check``) when the user cancelled."""


class TaskContext:
    """Handed to worker functions: progress reporting and cooperative cancellation."""

    def __init__(self, emit_progress: Callable[[int, int, str], None]) -> None:
        self._emit = emit_progress
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, message: str = "") -> None:
        self._emit(done, total, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise TaskCancelled()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object, str)
    progress = Signal(int, int, str)


class _Worker(QRunnable):
    def __init__(
        self, fn: Callable[..., Any], args: tuple[Any, ...], signals: _Signals, context: TaskContext
    ) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.signals = signals
        self.context = context

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.context, *self.args)
        except BaseException as exc:  # reported to the UI thread, never lost in the pool
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


class Task:
    """A handle on a running task: cancel it, or connect to its signals."""

    def __init__(self, signals: _Signals, context: TaskContext) -> None:
        self.signals = signals
        self.context = context
        self.finished = False

    def cancel(self) -> None:
        self.context.cancel()


class TaskRunner(QObject):
    """Runs functions off the UI thread and delivers outcomes on it."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(1, min(2, QThreadPool.globalInstance().maxThreadCount())))
        self._live: set[Task] = set()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        """Call ``fn(context, *args)`` in the background; callbacks run on the UI thread."""
        signals = _Signals()
        context = TaskContext(signals.progress.emit)
        task = Task(signals, context)
        self._live.add(task)

        def finish() -> None:
            task.finished = True
            self._live.discard(task)

        def done(result: Any) -> None:
            finish()
            if on_done:
                on_done(result)

        def failed(exc: BaseException, _tb: str) -> None:
            finish()
            if on_error:
                on_error(exc)

        signals.done.connect(done)
        signals.failed.connect(failed)
        if on_progress:
            signals.progress.connect(on_progress)
        worker = _Worker(fn, args, signals, context)
        if self.synchronous:
            worker.run()
        else:
            self.pool.start(worker)
        return task

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every task has finished (used when closing the window and in tests)."""
        return self.pool.waitForDone(msecs)

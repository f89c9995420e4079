"""The only place the GUI starts threads (DESIGN §7, Picard's ``util/thread.py`` model).

``TaskRunner.run(fn, ...)`` runs *fn* on a QThreadPool worker and posts its result, error or
progress back to the UI thread through queued signals. Tests set ``synchronous=True`` so a task
finishes before ``run`` returns, which keeps them deterministic.

``TaskRunner.listen(fn, ...)`` is for the one kind of work that never finishes by itself: a
listener (a server project's change feed) that waits for news and hands each piece to the UI
thread through ``context.emit``. It gets a thread of its own, not one of the pool's two, and
runs on it even when ``synchronous`` is set (it would never return); it stops when cancelled.

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
    item = Signal(object)


class ListenContext(TaskContext):
    """A listener's context: as a task's, plus ``emit`` to hand news to the UI thread and
    ``wait`` to sleep until cancelled (between reconnection attempts)."""

    def __init__(self, signals: _Signals) -> None:
        super().__init__(signals.progress.emit)
        self.emit = signals.item.emit

    def wait(self, seconds: float) -> bool:
        """Sleep up to *seconds*; True when cancelled meanwhile."""
        return self._cancel.wait(seconds)


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
        self._listeners: set[Listener] = set()

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

    def listen(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_item: Callable[[Any], None],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Listener:
        """Call ``fn(context, *args)`` on a thread of its own until it returns or is cancelled;
        everything it passes to ``context.emit`` reaches *on_item* on the UI thread."""
        signals = _Signals(self)  # lives on the UI thread: emits from the listener are queued
        context = ListenContext(signals)
        signals.item.connect(on_item)
        if on_done:
            signals.done.connect(on_done)
        if on_error:
            signals.failed.connect(lambda exc, _tb: on_error(exc))
        worker = _Worker(fn, args, signals, context)
        thread = threading.Thread(target=worker.run, name="lgcoder-listener", daemon=True)
        listener = Listener(signals, context, thread)
        self._listeners.add(listener)
        thread.start()
        return listener

    def stop_listeners(self, timeout_s: float = 5.0) -> None:
        """Cancel every listener and wait for their threads to end."""
        for listener in list(self._listeners):
            listener.stop(timeout_s)
        self._listeners.clear()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every task has finished (used when closing the window and in tests)."""
        return self.pool.waitForDone(msecs)


class Listener(Task):
    """A running listener: ``stop`` cancels it and waits for its thread."""

    def __init__(self, signals: _Signals, context: TaskContext, thread: threading.Thread) -> None:
        super().__init__(signals, context)
        self.thread = thread

    def stop(self, timeout_s: float = 5.0) -> None:
        self.context.cancel()
        self.thread.join(timeout_s)
        self.finished = not self.thread.is_alive()

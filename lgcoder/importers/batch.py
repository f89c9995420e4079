"""Parse a batch of files on a pool of helper processes, one per core, in the user's order.

Parsing is pure Python or C libraries that hold the interpreter lock, so threads would not use a
second core: each file is parsed in a helper process and the parsed document is sent back. The
caller stores the documents one by one as they come (SQLite has one writer), in the order the
user chose, while the helpers go on parsing the files after it.

The helpers give every file the protections the PDF reader's sandbox gives one PDF: a file that
hangs a parser past the time limit, or crashes it, gets one readable line; its helper is killed
and replaced, and the other files are still read. Cancel kills the helpers at once (the only way
to interrupt a C library mid-page), so nothing more is parsed or handed out after it.

A small batch (under 8 files and 4 MB: starting the readers would cost more than it saves), a
run with ``LGCODER_IMPORT_SANDBOX=0`` (debugging) and a run where helper processes cannot start
are parsed here, one after another, exactly as before. The pool size is
the number of cores this process may use, or ``LGCODER_IMPORT_WORKERS``.

This module starts processes, never threads; it is Qt-free so the CLI and the GUI share it.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import pickle
import signal
import sys
import time
import types
from collections import deque
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from lgcoder.core.errors import (
    ImportCancelledError,
    ImportFailedError,
    PasswordRequiredError,
    UnsupportedFormatError,
)
from lgcoder.core.imported import ImportedDocument, SegmentSpec
from lgcoder.importers.base import ImportOptions
from lgcoder.importers.registry import importers, parse_file

#: The longest one file may take to parse (the PDF sandbox's limit, for every format).
TIME_LIMIT_SECONDS = 120.0
#: How often the parent looks at Cancel and the time limits while it waits.
_POLL_SECONDS = 0.05
#: Page progress leaves a helper at most this often (every page of a long PDF woke the parent).
_REPORT_SECONDS = 0.05
#: Files parsed ahead of the one the caller is waiting for, per helper: enough to keep every
#: helper busy while a slow file is read, few enough that parsed documents do not pile up.
_AHEAD_PER_WORKER = 6
#: A batch this long, or this large, is read on the pool (see :func:`worth_a_pool`).
_POOL_FILES = 8
_POOL_BYTES = 4_000_000
#: How much lower the readers' scheduling priority is than the importing process's.
_READER_NICENESS = 5
#: A helper that has not said it is ready by then is taken as unable to start here.
_START_SECONDS = 60.0
#: Imported once in the fork server, so each reader starts with them loaded: the PDF reader
#: alone cost every reader ~50 ms on its first PDF, and the libraries the importers load on
#: first use (pdfplumber for tables, python-docx) ~60 ms each more, paid again by every reader
#: of a pool: most of why two readers used more CPU than one for the same files.
_PRELOAD = [
    "lgcoder.importers.builtin",
    "lgcoder.importers.pdf_engine",
    "pypdfium2",
    "pdfplumber",
    "docx",
]

#: ``pages(index, done, total)``: pages of file *index* read so far (long PDFs).
PageProgress = Callable[[int, int, int], None]


@dataclass
class Parsed:
    """One file of the batch: its parsed document, or the one-line reason it was not read."""

    index: int
    path: str
    document: ImportedDocument | None = None
    error: ImportFailedError | None = None

    @property
    def name(self) -> str:
        return Path(self.path).name

    def unwrap(self) -> ImportedDocument:
        """The document, or the file's error raised (so a caller's ``except`` reports it)."""
        if self.error is not None:
            raise self.error
        if self.document is None:  # pragma: no cover - a Parsed always has one of the two
            raise ImportFailedError(f"{self.name}: not read")
        return self.document


def pool_size(files: int) -> int:
    """Helpers for a batch of *files*: one per usable core (or ``LGCODER_IMPORT_WORKERS``)."""
    wanted = os.environ.get("LGCODER_IMPORT_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        cores = int(wanted)
    elif hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    return max(1, min(cores, files))


def worth_a_pool(paths: Sequence[str]) -> bool:
    """Whether starting readers pays for itself: at least 8 files, or 4 MB between them.

    Starting the readers costs 0.5-1.5 s the first time in a session (the fork server loads
    every parser), more than a few small files take to read here."""
    if len(paths) < 2:
        return False
    if len(paths) >= _POOL_FILES:
        return True
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += os.path.getsize(path)
    return total >= _POOL_BYTES


def parse_files(
    paths: Sequence[str | Path],
    *,
    password: str | None = None,
    passwords: Mapping[str, str] | None = None,
    workers: int | None = None,
    cancelled: Callable[[], bool] | None = None,
    pages: PageProgress | None = None,
    seconds: float = TIME_LIMIT_SECONDS,
    background: bool = False,
) -> Generator[Parsed, None, None]:
    """Parse *paths*, yielding one :class:`Parsed` per file in the order given.

    *passwords* maps a path to its password (else *password* is tried). *cancelled* is polled
    while waiting; once it returns True the next item is an ImportCancelledError and the
    iteration ends. Without *workers*, a batch :func:`worth_a_pool` is read on one reader per
    core and a smaller one here; *workers* forces a pool of that size (1 still uses a reader
    process: the benchmark's one-worker baseline). *background* lowers the readers' priority below the
    caller's (the GUI: its window must stay responsive; the CLI wants the throughput, and on a
    machine busy with other work low-priority readers get little of it). Close the iterator
    (``contextlib.closing``) when stopping early: that stops the helpers.
    """
    names = [str(p) for p in paths]

    def password_for(path: str) -> str | None:
        return (passwords or {}).get(path, password)

    size = pool_size(len(names)) if workers is None else max(1, min(workers, len(names)))
    inline = (
        not names
        or (workers is None and not worth_a_pool(names))
        or os.environ.get("LGCODER_IMPORT_SANDBOX") == "0"
        or multiprocessing.parent_process() is not None
    )
    if inline:
        yield from _serial(list(enumerate(names)), password_for, cancelled, pages)
        return
    pool = _Pool(size, seconds, background)
    try:
        yield from pool.run(names, password_for, cancelled, pages)
    finally:
        pool.close()


def _cancelled(index: int, path: str) -> Parsed:
    return Parsed(
        index,
        path,
        error=ImportCancelledError(f"{Path(path).name}: not imported: you pressed Cancel"),
    )


def _serial(
    items: list[tuple[int, str]],
    password_for: Callable[[str], str | None],
    cancelled: Callable[[], bool] | None,
    pages: PageProgress | None,
) -> Iterator[Parsed]:
    """Parse in this process, one file after another (PDFs still go through their sandbox)."""
    for index, path in items:
        if cancelled is not None and cancelled():
            yield _cancelled(index, path)
            return

        def report(done: int, total: int, index: int = index) -> None:
            if pages is not None:
                pages(index, done, total)

        options = ImportOptions(password=password_for(path), progress=report, cancelled=cancelled)
        try:
            document = parse_file(path, options)
        except ImportCancelledError as exc:
            yield Parsed(index, path, error=exc)
            return
        except ImportFailedError as exc:
            yield Parsed(index, path, error=exc)
            continue
        yield Parsed(index, path, document)


# -- the helper process ------------------------------------------------------------------------


def _serve(conn: Connection, background: bool = False) -> None:
    """A helper's loop: parse each ``(index, path, password)`` sent and send back the outcome."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if background and hasattr(os, "nice"):
        # Readers yield to the process that started them: the window's UI thread and the
        # storing (the serial step of a batch) come first when the cores are busy.
        with contextlib.suppress(OSError):
            os.nice(_READER_NICENESS)
    importers()  # load every parser now, so a file's time limit counts parsing alone
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, path, password = job
        last = [0.0]

        def report(done: int, total: int, index: int = index, last: list[float] = last) -> None:
            now = time.monotonic()
            if now - last[0] >= _REPORT_SECONDS or done == total:
                last[0] = now
                conn.send(("pages", index, done, total))

        try:
            document = parse_file(path, ImportOptions(password=password, progress=report))
        except PasswordRequiredError as exc:
            conn.send(("error", index, "password", str(exc), exc.wrong_password))
        except UnsupportedFormatError as exc:
            conn.send(("error", index, "unsupported", str(exc), False))
        except ImportFailedError as exc:
            conn.send(("error", index, "failed", str(exc), False))
        except Exception as exc:  # parse_file reports every parser failure; this is a last net
            reason = f"{Path(path).name}: the file could not be read ({type(exc).__name__})"
            conn.send(("error", index, "failed", reason, False))
        else:
            conn.send(("ok", index, _pack(document)))


def _pack(document: ImportedDocument) -> tuple[ImportedDocument, list[bytes]]:
    """The document without its segments, and the segments pickled in slices, as plain tuples.

    Unpickling 20,000 segments in one call holds the interpreter lock for 20-50 ms (the Apollo
    transcript), and the window would miss a frame while the import thread receives it. In
    slices of a few thousand, the lock is given up between slices. Plain tuples, because a named
    tuple is rebuilt by a Python-level call each when unpickled: the storing process, the one
    serial step of a batch, would pay that for every segment."""
    segments = document.segments
    slices = [
        pickle.dumps(list(map(tuple, segments[i : i + _SLICE])), protocol=pickle.HIGHEST_PROTOCOL)
        for i in range(0, len(segments), _SLICE)
    ]
    return replace(document, segments=[]), slices


def _unpack(packed: tuple[ImportedDocument, list[bytes]]) -> ImportedDocument:
    document, slices = packed
    segments: list[SegmentSpec] = []
    for piece in slices:
        segments += map(_as_spec, pickle.loads(piece))
    document.segments = segments
    return document


#: A plain tuple of a segment's fields as a SegmentSpec, at C speed (no Python call each).
_as_spec = functools.partial(tuple.__new__, SegmentSpec)
_SLICE = 2000


def _error(kind: str, message: str, wrong_password: bool) -> ImportFailedError:
    if kind == "password":
        return PasswordRequiredError(message, wrong_password=wrong_password)
    if kind == "unsupported":
        return UnsupportedFormatError(message)
    return ImportFailedError(message)


# -- the parent's side -------------------------------------------------------------------------


class _PoolUnavailable(Exception):
    """Helper processes cannot run here (no fork server, a daemon parent...): parse inline."""


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


class _Worker:
    """One helper process, the jobs sent to it (the first is being parsed) and since when."""

    def __init__(self, proc: Any, conn: Connection) -> None:
        self.proc = proc
        self.conn = conn
        self.jobs: deque[int] = deque()
        self.since = time.monotonic()
        self.ready = False
        self.dead = False  # a send to it failed: it gets no more files

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class _Pool:
    def __init__(self, size: int, seconds: float, background: bool = False) -> None:
        self.size = size
        self.seconds = seconds
        self.background = background
        self.workers: list[_Worker] = []
        self._ctx = _context()

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=_serve,
            args=(child, self.background),
            daemon=True,
            name="lgcoder-import-pool",
        )
        # A helper must not re-run the application's main module (the GUI, the CLI, a script
        # on stdin): it is started while __main__ is a bare stand-in, as the PDF sandbox does.
        real_main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            proc.start()
        except (OSError, AssertionError, RuntimeError, ValueError) as exc:
            raise _PoolUnavailable(str(exc)) from exc
        finally:
            sys.modules["__main__"] = real_main
        child.close()
        worker = _Worker(proc, parent)
        self.workers.append(worker)
        return worker

    def close(self, kill: bool = False) -> None:
        """Stop the helpers: idle ones are asked to quit, busy ones (an early stop) and all of
        them on *kill* (Cancel) are killed."""
        if kill:
            for worker in self.workers:
                worker.jobs.clear()
                worker.proc.kill()
        for worker in self.workers:
            if not worker.jobs and not kill:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        for worker in self.workers:
            if not worker.jobs and not kill:
                worker.proc.join(2)
            worker.kill()
        self.workers = []

    def run(
        self,
        paths: list[str],
        password_for: Callable[[str], str | None],
        cancelled: Callable[[], bool] | None,
        pages: PageProgress | None,
    ) -> Iterator[Parsed]:
        todo: deque[int] = deque(range(len(paths)))  # not yet sent to a helper
        done: dict[int, Parsed] = {}
        ahead = _AHEAD_PER_WORKER * self.size
        nxt = 0
        try:
            while nxt < len(paths):
                if nxt in done:
                    yield done.pop(nxt)
                    nxt += 1
                    continue
                if cancelled is not None and cancelled():
                    self.close(kill=True)  # nothing more is parsed
                    yield _cancelled(nxt, paths[nxt])
                    return
                self._dispatch(todo, nxt + ahead, paths, password_for)
                self._collect(todo, done, paths, pages)
        except _PoolUnavailable:
            self.close(kill=True)
            for i in range(nxt, len(paths)):  # read the rest here, as a single file is
                if i in done:
                    yield done.pop(i)
                    continue
                for parsed in _serial([(i, paths[i])], password_for, cancelled, pages):
                    yield parsed
                    if isinstance(parsed.error, ImportCancelledError):
                        return

    def _dispatch(
        self,
        todo: deque[int],
        limit: int,
        paths: list[str],
        password_for: Callable[[str], str | None],
    ) -> None:
        """Hand out files in order, at most two per helper (one parsing, one waiting in its
        pipe so it starts at once), and not more than *limit* ahead."""
        while todo and todo[0] < limit:
            if len(self.workers) < self.size:
                worker = self._spawn()
            else:
                alive = [w for w in self.workers if not w.dead]
                if not alive:
                    return
                worker = min(alive, key=lambda w: len(w.jobs))
                if len(worker.jobs) >= 2:
                    return
            index = todo[0]
            path = paths[index]
            try:
                worker.conn.send((index, path, password_for(path)))
            except OSError:
                # The reader has died. With files in hand, its end of the pipe reports that
                # and the file it was reading is charged; an idle one is simply replaced.
                worker.dead = True
                if not worker.jobs:
                    self._drop(worker, todo)
                continue
            todo.popleft()
            if not worker.jobs:
                worker.since = time.monotonic()
            worker.jobs.append(index)

    def _collect(
        self,
        todo: deque[int],
        done: dict[int, Parsed],
        paths: list[str],
        pages: PageProgress | None,
    ) -> None:
        """Wait briefly for any helper's message; enforce the time limit; replace lost helpers."""
        busy = [w for w in self.workers if w.jobs]
        if not busy:
            return
        now = time.monotonic()
        first_deadline = min(w.since for w in busy) + self.seconds
        timeout = max(0.0, min(_POLL_SECONDS, first_deadline - now))
        ready = wait([w.conn for w in busy], timeout)
        for worker in busy:
            if worker.conn in ready:
                self._receive(worker, todo, done, paths, pages)
            elif not worker.ready:
                if time.monotonic() - worker.since > _START_SECONDS:
                    raise _PoolUnavailable("a reader process did not start in time")
            elif time.monotonic() - worker.since > self.seconds:
                index = worker.jobs.popleft()
                done[index] = Parsed(
                    index,
                    paths[index],
                    error=ImportFailedError(
                        f"{Path(paths[index]).name}: reading the file took longer than "
                        f"{self.seconds:.0f} seconds and was stopped; the file may be damaged "
                        "or built to stall readers"
                    ),
                )
                self._drop(worker, todo)

    def _receive(
        self,
        worker: _Worker,
        todo: deque[int],
        done: dict[int, Parsed],
        paths: list[str],
        pages: PageProgress | None,
    ) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError) as exc:
            if not worker.ready:
                raise _PoolUnavailable("a reader process did not start") from exc
            index = worker.jobs.popleft()
            done[index] = Parsed(
                index,
                paths[index],
                error=ImportFailedError(
                    f"{Path(paths[index]).name}: the file crashed the reader (it is probably "
                    "damaged); try re-saving it from the program that made it"
                ),
            )
            self._drop(worker, todo)
            return
        kind = message[0]
        if kind == "ready":
            worker.ready = True
            worker.since = time.monotonic()  # the first file's time starts now
        elif kind == "pages":
            if pages is not None:
                pages(message[1], message[2], message[3])
        else:
            index = worker.jobs.popleft()
            worker.since = time.monotonic()
            if kind == "ok":
                done[index] = Parsed(index, paths[index], _unpack(message[2]))
            else:
                done[index] = Parsed(index, paths[index], error=_error(*message[2:]))

    def _drop(self, worker: _Worker, todo: deque[int]) -> None:
        """Kill a helper that hung or died; the files queued behind its current one go back
        to the front of the line (a new helper is started when there is work)."""
        waiting = list(worker.jobs)
        worker.jobs.clear()
        worker.kill()
        self.workers.remove(worker)
        todo.extendleft(reversed(waiting))

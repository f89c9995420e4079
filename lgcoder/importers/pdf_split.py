"""A long PDF's pages read by two processes: the helper and a forked copy of it.

Reading a page (pdfium's text, pieces, reading order, tables, fonts) does not depend on any other
page, and it is nearly all of an import's time; only the steps after it (running heads, body
size, paragraphs, headings) look across pages. So on a machine with a second core, the helper
process forks once, after opening the document: the copy reads pages from the back and sends
their lines through a pipe, while the helper reads from the front (:class:`Split`). The text
produced is the same either way (a test compares the two); the import takes a little over half
the time when a core is idle, and the split is skipped when none is (:func:`worth_splitting`).

The copy is an ``os.fork`` of the helper, which is single-threaded, so the open document and the
loaded modules come with it for free. It dies with the helper (``PR_SET_PDEATHSIG``), so a
timeout or Cancel, which kill the helper, also end it. If it fails in any way, its pages are read
here after all: never lost text. Only Linux forks here; elsewhere, and for short documents, the
pages are read in one process as before.
"""

from __future__ import annotations

import ctypes
import mmap
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from lgcoder.importers.pdf_pieces import Piece
from lgcoder.importers.pdf_tables import TableRow
from lgcoder.importers.pdf_text import JoinedLine, Line
from lgcoder.importers.sandbox import HELPER_NAME

MIN_PAGES = 12  # below this a fork and the pipe cost more than the second core saves
_IDLE = 0.5  # the load average must leave this much more than one core free (ours) to split
_RESERVE = 10  # the helper leaves the copy one page in this many more than their meeting point
_PR_SET_PDEATHSIG = 1

# what one page gives: its lines, its height, its label, and its images when it has no text
PageRead = tuple[list[Line], float, str, int]

_KINDS: tuple[type[Piece], ...] = (Piece, JoinedLine, TableRow)


def worth_splitting(pages: int) -> bool:
    """Whether a second process should read some of the *pages* (see :class:`Split`).

    The split pays only when a core is idle: on a machine already busy with other work the
    two halves would take turns on one core and lose the fork's cost. ``LGCODER_PDF_SPLIT``
    set to 0 turns it off, set to 1 skips the idle-core test (tests, benchmarks).
    """
    wanted = os.environ.get("LGCODER_PDF_SPLIT", "")
    if pages < MIN_PAGES or wanted == "0":
        return False
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False  # a fork copies one thread: only a single-threaded process may fork
    if any(name.startswith(("PySide6", "shiboken6")) for name in sys.modules):
        return False
    if multiprocessing.parent_process() is not None and (
        multiprocessing.current_process().name != HELPER_NAME
    ):
        return False  # a worker of a batch's pool: the other cores are reading other files
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2 and (wanted == "1" or os.getloadavg()[0] <= cores - _IDLE)


class Split:
    """Pages read from both ends: the helper takes them from the front, its forked copy from
    the back, until they meet, wherever the costly pages are (the IRS instructions keep ten
    pages of tax tables at the end).

    Each side publishes the pages it has taken in a shared page of memory: the helper the
    first page it has not taken, the copy the last page it took. A side stops at a page the
    other has taken. Both may take the same page when they meet at the same moment, which
    costs one page twice and gives the same lines; no page is ever taken by neither.
    """

    def __init__(self, read: Callable[[int], PageRead], pages: int) -> None:
        self.pages = pages
        self._reserve = pages // _RESERVE
        self._pid = -1
        self._fd = -1
        self._shared = mmap.mmap(-1, 16)  # shared with the copy: [front, back]
        self._marks = memoryview(self._shared).cast("q")
        self._marks[0], self._marks[1] = 0, pages
        try:
            r, w = os.pipe()
        except OSError:
            self._alone()
            return
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            self._alone()
            return
        if pid == 0:  # the copy: read from the back, send, leave without any clean-up
            code = 1
            try:
                os.close(r)
                _die_with(parent)
                marks = self._marks
                done = []
                for i in range(pages - 1, -1, -1):
                    if i < marks[0]:
                        break  # the helper has taken it
                    marks[1] = i
                    done.append((i, _pack(read(i))))
                with os.fdopen(w, "wb") as out:
                    out.write(pickle.dumps(done, protocol=5))
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        self._pid, self._fd = pid, r

    def _alone(self) -> None:
        """No copy could be started: every page is the helper's."""
        self._marks[1] = self.pages + 1
        self._reserve = 0

    def take(self, page: int) -> bool:
        """Whether the helper should read *page* (the copy has not taken it): pages in order.

        The helper leaves the copy a few more pages than it would meet it at: after the
        reading, the helper alone unpacks the copy's pages and does the steps that look across
        pages, while the copy is done.
        """
        if page >= self._marks[1] - self._reserve:
            return False
        self._marks[0] = page + 1
        return True

    def collect(self) -> dict[int, PageRead] | None:
        """The pages the copy read, or None when it failed (they must be read here)."""
        if self._pid < 0:
            return None
        try:
            with os.fdopen(self._fd, "rb") as source:
                data = source.read()
            _, status = os.waitpid(self._pid, 0)
            if status != 0 or not data:
                return None
            return {i: _unpack(page) for i, page in pickle.loads(data)}
        except Exception:  # a copy that died half-way: its pages are read here instead
            return None
        finally:
            self._pid = -1

    def abandon(self) -> None:
        """Stop the copy when the reading here failed and its pages are not wanted."""
        if self._pid > 0:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
                os.close(self._fd)
            except OSError:
                pass
            self._pid = -1


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when *parent* (the helper) dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def _pack(page: PageRead) -> tuple[Any, ...]:
    """A page's lines as tuples of plain values: pickling the objects costs ten times more."""
    lines, height, label, images = page
    kinds = _KINDS
    rows = [
        (
            kinds.index(type(line)),
            getattr(line, "cells", 0) if type(line) is JoinedLine else getattr(line, "group", 0),
            line.text,
            line.x0,
            line.bottom,
            line.x1,
            line.top,
            line.first,
            line.last,
            line.height,
            line.size,
            line.bold,
        )
        for line in lines
    ]
    return rows, height, label, images


def _unpack(packed: tuple[Any, ...]) -> PageRead:
    rows, height, label, images = packed
    lines: list[Line] = []
    kinds = _KINDS
    for kind, extra, text, x0, bottom, x1, top, first, last, tall, size, bold in rows:
        cls = kinds[kind]
        line = cls.__new__(cls)
        line.text, line.x0, line.bottom, line.x1, line.top = text, x0, bottom, x1, top
        line.first, line.last, line.height, line.size, line.bold = first, last, tall, size, bold
        if kind == 1:
            line.cells = extra
        elif kind == 2:
            line.group = extra
        lines.append(line)
    return lines, height, label, images

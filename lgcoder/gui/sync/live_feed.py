"""Other coders' work, live: a server project's change feed feeding the hub (issue 13).

A listener (started through :meth:`~lgcoder.gui.tasks.TaskRunner.listen`, the one place that
starts threads) waits on PostgreSQL's ``LISTEN`` for notifications of other coders' commits,
dropping those of this window's own connections. Each batch reaches the UI thread, where the
rows named are read back by guid (:func:`lgcoder.app.live_changes.read_update`) and published
as ordinary ``Changes`` through the hub: the views update exactly as for our own actions, with
no reload. A batch that names a whole table (a merge, a removed document) reads everything again.

The same object guards the undo stack (:class:`~lgcoder.gui.commands.base.Guard`): a step whose
rows another coder changed or removed since it ran is refused with one line, and while the
connection is lost nothing is attempted at all: a banner says so, the listener reconnects every
few seconds, and once back the window reads everything again (notifications sent meanwhile
were missed).
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from lgcoder.app.live_changes import ForeignEdits, LiveUpdate, read_update
from lgcoder.app.project_service import ProjectService
from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError
from lgcoder.core.live import ChangeFeed, own_backend_pids
from lgcoder.core.ops.changes import Changes
from lgcoder.gui.commands.base import ServiceCommand
from lgcoder.gui.tasks import ListenContext, Listener
from lgcoder.gui.workbench import Workbench

#: seconds between attempts to reach a server that went away
RECONNECT_S = 2.0
#: how long the listener waits for news before looking whether it was asked to stop
POLL_S = 0.25
#: every table the feed names; after a reconnection all of them may have changed unseen
ALL_TABLES = frozenset({"coding", "code", "memo", "document", "coder", "case", "attribute"})

LOST = (
    "not saved: the connection to the server is lost and lgcoder is reconnecting; "
    "try again when the banner is gone"
)


def listen(context: ListenContext, project: Project, own: set[int]) -> None:
    """The listener's loop (on its own thread): ``("listening", None)`` on each connection,
    ``("changes", [...])`` and ``("lost", why)`` for the UI thread, until cancelled."""
    feed: ChangeFeed | None = None
    lost = False
    try:
        while not context.cancelled:
            if feed is None:
                try:
                    feed = ChangeFeed(project)
                except LgcoderError as exc:
                    if context.cancelled:  # the window closed while the server was away
                        break
                    if not lost:
                        context.emit(("lost", str(exc)))
                        lost = True
                    if context.wait(RECONNECT_S):
                        break
                    continue
                if context.cancelled:
                    break
                context.emit(("listening", None))
                lost = False
            try:
                found = feed.poll(POLL_S, own)
            except LgcoderError as exc:
                _close_quietly(feed)
                feed = None
                lost = True
                context.emit(("lost", str(exc)))
                continue
            if found:
                context.emit(("changes", found))
    finally:
        if feed is not None:
            _close_quietly(feed)


def _close_quietly(feed: ChangeFeed) -> None:
    # a broken connection may complain on close; it is gone either way
    with contextlib.suppress(Exception):
        feed.close()


class ConnectionBanner(QFrame):
    """The strip above the document that says the server cannot be reached."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setStyleSheet(
            "#connectionBanner { background: #fdecea; border: 1px solid #d93025; }"
            "#connectionBanner QLabel { color: #5f1a14; }"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_lost(self, where: str, why: str) -> None:
        self.label.setText(
            f"Connection to {where} lost; reconnecting… Nothing you do is saved until it "
            f"is back (you will be told; nothing is queued). ({why})"
        )
        self.show()


class LiveFeed:
    """The open server project's live updates, lost-connection banner and undo guard."""

    def __init__(self, window: Workbench) -> None:
        self.w = window
        self.banner = ConnectionBanner(window.pane)
        layout = window.pane.layout()
        if layout is not None:
            layout.insertWidget(0, self.banner)  # type: ignore[attr-defined]
        self.edits = ForeignEdits()
        self.listener: Listener | None = None
        self.service: ProjectService | None = None
        self.lost = False
        #: the feed is connected and listening (another coder's commit will be heard)
        self.listening = False
        #: batches applied since the project opened (tests and benchmarks wait on it)
        self.applied = 0

    @property
    def active(self) -> bool:
        return self.listener is not None

    def start(self, service: ProjectService) -> None:
        """Listen to *service*'s project if it is on a server (a file has no other writers)."""
        self.stop()
        project = service.project
        if not project.is_server:
            return
        self.service = service
        self.edits = ForeignEdits()
        self.applied = 0
        own = own_backend_pids(project)

        def arrived(item: tuple[str, Any]) -> None:
            self._arrived(service, item)

        self.listener = self.w.tasks.listen(listen, project, own, on_item=arrived)

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop(timeout_s=2.0)
        self.listener = None
        self.service = None
        self.lost = False
        self.listening = False
        self.banner.hide()

    # -- news from the listener (UI thread) ------------------------------------------------

    def _arrived(self, service: ProjectService, item: tuple[str, Any]) -> None:
        if service is not self.service or self.w.hub.service is not service:
            return  # a late word about a project closed since
        kind, payload = item
        if kind == "lost":
            self._lost(str(payload))
        elif kind == "listening":
            self.listening = True
            if self.lost:
                self._back()
        elif kind == "changes":
            try:
                update = read_update(service, payload)
            except LgcoderError as exc:
                self._lost(str(exc))
                return
            self.apply(update)

    def apply(self, update: LiveUpdate) -> None:
        """Show another coder's work: the rows named, or everything when a table changed whole."""
        service = self.service
        if service is None:
            return
        self.edits.record(update)
        if update.refresh_all:
            self.refresh_all()
        else:
            self.w.hub.publish(update.changes)
        self.applied += 1

    def refresh_all(self) -> None:
        """Read everything again, keeping the open document (unless it was removed)."""
        w, service = self.w, self.service
        if service is None:
            return
        service.settle(Changes(codings=True, documents=True))  # the counts are read again
        w.hub.reload()
        current = w.view.document_guid
        if current:
            if service.document_name(current) is None:
                w.view.clear_document()
                w.pane.set_header("That document was removed by another coder.")
            else:
                w.view.document_guid = None
                w.open_document(current)
        w.update_status()

    def _lost(self, why: str) -> None:
        if self.service is None:
            return
        self.lost = True
        self.listening = False
        self.banner.show_lost(self.service.project.location, why)

    def _back(self) -> None:
        self.lost = False
        self.banner.hide()
        # notifications sent while away were missed: every step on the stack may be stale,
        # and what shows is read again
        self.edits.record(LiveUpdate(whole_tables=set(ALL_TABLES)))
        self.refresh_all()
        self.w.message("Connection to the server is back; showing everyone's latest work.")

    # -- the undo guard ---------------------------------------------------------------------

    def prepare(self, command: ServiceCommand) -> None:
        """Called by the push path for every command of a server project."""
        if self.active:
            command.guard = self

    def check(self, command: ServiceCommand) -> str | None:
        if self.lost:
            return LOST
        changes, since = command.outcome.changes, command.outcome.ran_at
        if changes is None or since is None:
            return None
        writes, relies_on, tables = footprint(changes)
        return self.edits.conflict(writes, relies_on, tables, since)

    def stamp(self) -> int:
        return self.edits.seq


def footprint(changes: Changes) -> tuple[set[str], set[str], set[str]]:
    """What a step wrote, what it needs to still exist, and the tables it wrote to.

    Coding or uncoding writes only the coding (and its memo); it needs its code and document.
    Any other step wrote every row it names.
    """
    tables = {
        name
        for name, flag in (
            ("coding", changes.codings),
            ("code", changes.codes and not _codings_only(changes)),
            ("memo", bool(changes.memo_guids)),
            ("document", changes.documents),
            ("case", changes.cases),
            ("coder", changes.coders),
        )
        if flag
    }
    if _codings_only(changes):
        writes = changes.coding_guids | changes.memo_guids
        relies_on = changes.code_guids | changes.document_guids
    else:
        writes = changes.coding_guids | changes.code_guids | changes.memo_guids
        relies_on = set(changes.document_guids)
        if changes.documents:
            writes |= changes.document_guids
    return writes, relies_on, tables


def _codings_only(changes: Changes) -> bool:
    return (
        changes.codings
        and changes.coding_delta is not None
        and not (changes.documents or changes.coders or changes.project)
    )

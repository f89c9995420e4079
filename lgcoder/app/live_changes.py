"""Other coders' commits, read back as the ``Changes`` the workbench already understands.

A server project's :class:`~lgcoder.core.live.ChangeFeed` says which rows of which tables
another coder's transaction changed. This module reads just those rows (a cheap fetch by guid,
never the whole project) and says the same thing an op of our own would have said, so every
view updates exactly as it does for our own actions: the hub's ``changed(Changes)`` is the one
path, and nothing here knows about widgets.

It also says which rows changed and which were removed, for the undo stack: undoing our own
action on a row another coder changed meanwhile would overwrite their work, so it is refused
(see :class:`ForeignEdits`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lgcoder.app.project_service import ProjectService
from lgcoder.core import live
from lgcoder.core.ops.changes import Changes

#: Tables whose change without named rows ("*": a merge, a removed document) makes every view
#: read everything again; for the others (memos, cases) their own refresh reads them whole.
_WHOLE_TABLE = frozenset({"coding", "code", "document"})


@dataclass
class LiveUpdate:
    """Another coder's work, as the views and the undo stack need it."""

    changes: Changes = field(default_factory=Changes)
    #: a table changed as a whole (a merge, a removal): every view reads everything again
    refresh_all: bool = False
    #: rows another coder changed, and the ones among them now removed
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    #: tables changed without naming rows: any of our steps touching them is out of date
    whole_tables: set[str] = field(default_factory=set)


def read_update(service: ProjectService, feed_changes: Iterable[live.Change]) -> LiveUpdate:
    """What *feed_changes* (from the feed, other coders' only) mean, read from the project."""
    feed_changes = list(feed_changes)
    update = LiveUpdate()
    changes = update.changes
    for change in feed_changes:
        if change.guids is None:
            update.whole_tables.add(change.table)
            if change.table in _WHOLE_TABLE:
                update.refresh_all = True
        else:
            update.changed |= change.guids
        _mark(changes, change)
    if update.refresh_all:
        return update
    by_table = {c.table: c.guids for c in feed_changes if c.guids is not None}
    project = service.project
    with project.reading() as s:
        if by_table.get("coding"):
            keys = live.coding_keys(s, by_table["coding"])
            changes.coding_guids |= {k.guid for k in keys}
            changes.code_guids |= {k.code_guid for k in keys}
            changes.document_guids |= {k.document_guid for k in keys}
            update.removed |= {k.guid for k in keys if not k.live}
            # how the counts moved is not known (the row's state before is not), so the
            # tally reads again the codes these codings belong to: no delta
            changes.coding_delta = None
        for table in ("code", "memo"):
            if by_table.get(table):
                update.removed |= live.removed_guids(s, table, by_table[table])
    if by_table.get("code"):
        # a code renamed, moved, merged or deleted. Codings that moved to another code name
        # their new code above; the code they left is named here, so the tally reads both.
        changes.code_guids |= set(by_table["code"])
    if by_table.get("memo"):
        changes.memo_guids |= set(by_table["memo"])
    if by_table.get("document"):
        changes.document_guids |= set(by_table["document"])
    return update


def _mark(changes: Changes, change: live.Change) -> None:
    table = change.table
    if table == "coding":
        changes.codings = True
        changes.codes = True  # counts in the codebook (a coding's memo shows with its stripe)
    elif table == "code":
        changes.codes = True
    elif table == "memo":
        changes.memos = True
    elif table in ("document", "document_attribute"):
        changes.documents = True
        changes.cases = table == "document_attribute" or changes.cases
    elif table == "coder":
        changes.coders = True
    elif table in ("case", "attribute", "case_document", "case_attribute"):
        changes.cases = True
    elif table == "project_info":
        changes.project = True


class ForeignEdits:
    """Which rows other coders changed, and when (a running count of their commits).

    A step on our undo stack remembers the count when it last ran; undoing or redoing it is
    refused when any row it wrote was changed by someone else since, or when the code or
    document it relied on was removed.
    """

    def __init__(self) -> None:
        self.seq = 0
        self._changed: dict[str, int] = {}
        self._removed: set[str] = set()
        self._tables: dict[str, int] = {}

    def record(self, update: LiveUpdate) -> None:
        self.seq += 1
        for guid in update.changed:
            self._changed[guid] = self.seq
        self._removed |= update.removed
        for table in update.whole_tables:
            self._tables[table] = self.seq

    def conflict(
        self, writes: Iterable[str], relies_on: Iterable[str], tables: Iterable[str], since: int
    ) -> str | None:
        """Why a step that wrote *writes* (rows of *tables*) and needs *relies_on* to exist,
        last run at *since*, cannot run again; None when nothing of it was touched."""
        for guid in relies_on:
            if guid in self._removed and self._changed.get(guid, 0) > since:
                return "another coder removed what it refers to meanwhile"
        for guid in writes:
            if self._changed.get(guid, 0) > since:
                if guid in self._removed:
                    return "another coder removed it meanwhile"
                return "another coder changed it meanwhile"
        for table in tables:
            if self._tables.get(table, 0) > since:
                return "another coder changed many of these at once meanwhile (a merge)"
        return None

"""The one command pattern: a QUndoCommand that calls one service method each way.

Each command calls one :class:`~lgcoder.app.project_service.ProjectService` method (or one of
its services') in ``redo`` and its inverse in ``undo``; every call is one committed transaction,
so the project file is always exactly what the Edit menu says. Commands then hand the
``Changes`` to ``notify`` (the hub's publish, set by the one push path) so views refresh only
what changed.

A command whose op fails (the user asked for something the core refuses, e.g. a duplicate name)
records the error in ``outcome`` and marks itself obsolete, so QUndoStack drops it instead of
keeping an entry that did nothing. Compound actions (in-vivo coding = new code + coding) are
built from child commands and undone in reverse.

On a server project other coders change the project while a step waits on the stack. The push
path gives each command a ``guard`` that says, before a step runs again, whether another coder
changed or removed what it touched since it last ran (or the connection is lost): then undo or
redo changes nothing and says so in one line through ``refused``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from lgcoder.app.project_service import ProjectService
from lgcoder.core.errors import LgcoderError
from lgcoder.core.ops.changes import Changes

Notify = Callable[[Changes], None]


@dataclass
class Outcome:
    """What happened when the command last ran; kept outside the C++ object on purpose."""

    error: LgcoderError | None = None
    changes: Changes | None = None
    #: the guard's clock when the command last ran through (None: never yet)
    ran_at: int | None = None


class Guard(Protocol):
    """Says whether a step may run (again) now; see :class:`~lgcoder.gui.sync.live_feed.LiveFeed`."""

    def check(self, command: ServiceCommand) -> str | None:
        """Why *command* may not run now (one clause), or None."""
        ...

    def stamp(self) -> int:
        """The clock to remember after a run (what others changed so far)."""
        ...


def short(text: str, limit: int = 40) -> str:
    """A name cut to fit an Edit menu entry."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ServiceCommand(QUndoCommand):
    """Base: runs ``do``/``undo_op`` and reports errors and changes."""

    def __init__(self, service: ProjectService, text: str, notify: Notify | None = None) -> None:
        super().__init__(text)
        self.service = service
        self.notify = notify
        self.outcome = Outcome()
        #: set by the push path on a server project (see the module docstring)
        self.guard: Guard | None = None
        #: told, in one line, when an undo or redo was refused and changed nothing
        self.refused: Callable[[str], None] | None = None

    def do(self) -> Changes:
        raise NotImplementedError

    def undo_op(self) -> Changes:
        raise NotImplementedError

    def redo(self) -> None:
        self._run(self.do, "redo")

    def undo(self) -> None:
        self._run(self.undo_op, "undo")

    def _refuse(self, exc: LgcoderError, verb: str) -> None:
        """Drop the step (it changed nothing) and, on an undo or redo, say why."""
        self.outcome.error = exc
        self.setObsolete(True)
        if self.outcome.ran_at is not None and self.refused is not None:
            reason = str(exc).removesuffix("; nothing was changed")
            self.refused(f"Cannot {verb} “{self.text()}”: {reason}; nothing was changed")

    def _guarded(self, verb: str) -> bool:
        """True (and the step refused) when the guard says it may not run now."""
        reason = self.guard.check(self) if self.guard is not None else None
        if reason is None:
            return False
        self._refuse(LgcoderError(reason), verb)
        return True

    def _ran(self) -> None:
        self.outcome.ran_at = self.guard.stamp() if self.guard is not None else 0

    def _run(self, fn: Callable[[], Changes], verb: str) -> None:
        self.outcome.error = None
        if self._guarded(verb):
            return
        try:
            changes = fn()
        except LgcoderError as exc:
            self._refuse(exc, verb)
            return
        self.outcome.changes = changes
        self._ran()
        if self.notify is not None and changes.any():
            self.notify(changes)


class CompoundCommand(ServiceCommand):
    """Several commands as one undo step; if one fails, those already done are undone."""

    def __init__(
        self,
        service: ProjectService,
        text: str,
        children: list[ServiceCommand],
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, text, notify)
        self.children = children

    def _each(self, commands: list[ServiceCommand], forward: bool) -> None:
        done: list[ServiceCommand] = []
        total = Changes()
        self.outcome.error = None
        verb = "redo" if forward else "undo"
        if self._guarded(verb):
            return
        for cmd in commands:
            cmd.notify = None
            cmd.redo() if forward else cmd.undo()
            if cmd.outcome.error is not None:
                for back in reversed(done):
                    back.undo() if forward else back.redo()
                self._refuse(cmd.outcome.error, verb)
                return
            done.append(cmd)
            if cmd.outcome.changes is not None:
                total = total | cmd.outcome.changes
        self.outcome.changes = total
        self._ran()
        if self.notify is not None and total.any():
            self.notify(total)

    def redo(self) -> None:
        self._each(self.children, True)

    def undo(self) -> None:
        self._each(list(reversed(self.children)), False)

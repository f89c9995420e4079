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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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

    def do(self) -> Changes:
        raise NotImplementedError

    def undo_op(self) -> Changes:
        raise NotImplementedError

    def redo(self) -> None:
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.undo_op)

    def _run(self, fn: Callable[[], Changes]) -> None:
        self.outcome.error = None
        try:
            changes = fn()
        except LgcoderError as exc:
            self.outcome.error = exc
            self.setObsolete(True)
            return
        self.outcome.changes = changes
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
        for cmd in commands:
            cmd.notify = None
            cmd.redo() if forward else cmd.undo()
            if cmd.outcome.error is not None:
                for back in reversed(done):
                    back.undo() if forward else back.redo()
                self.outcome.error = cmd.outcome.error
                self.setObsolete(True)
                return
            done.append(cmd)
            if cmd.outcome.changes is not None:
                total = total | cmd.outcome.changes
        self.outcome.changes = total
        if self.notify is not None and total.any():
            self.notify(total)

    def redo(self) -> None:
        self._each(self.children, True)

    def undo(self) -> None:
        self._each(list(reversed(self.children)), False)

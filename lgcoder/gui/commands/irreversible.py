"""The one way to make a change that Edit ▸ Undo cannot take back.

Removing a document (its codings go for good), importing files, merging coders' copies and
creating a coder change the project outside the undo stack. Each goes through
:func:`run_irreversible`, which says so by its name, reports a refusal in one readable line,
decides about the undo stack on purpose, and broadcasts what changed like any command does.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Protocol

from PySide6.QtGui import QUndoStack

from lgcoder.core.errors import LgcoderError
from lgcoder.core.ops.changes import Changes


class Stack(Enum):
    #: earlier steps may refer to what is gone (a removed document): forget them
    CLEAR = "clear"
    #: earlier steps still hold (new documents, a new coder): keep them
    KEEP = "keep"


class Reporter(Protocol):
    def __call__(self, title: str, text: str) -> object: ...


def run_irreversible(
    title: str,
    write: Callable[[], Changes],
    *,
    stack: Stack,
    undo_stack: QUndoStack,
    publish: Callable[[Changes], None],
    report: Reporter,
) -> Changes | None:
    """Run *write* (one service call) outside the undo stack; None when it was refused.

    A refusal is shown through *report* (title, one line) and changes nothing. On success the
    stack is cleared or kept as *stack* says, then the change is published to every view.
    """
    try:
        changes = write()
    except LgcoderError as exc:
        report(title, str(exc))
        return None
    settle_irreversible(changes, stack=stack, undo_stack=undo_stack, publish=publish)
    return changes


def settle_irreversible(
    changes: Changes,
    *,
    stack: Stack,
    undo_stack: QUndoStack,
    publish: Callable[[Changes], None],
) -> None:
    """The second half of :func:`run_irreversible`, for a write that already happened on a
    worker thread (a background import): clear or keep the stack, then broadcast."""
    if stack is Stack.CLEAR:
        undo_stack.clear()
    publish(changes)

"""One QUndoCommand per user action (DESIGN §7, orange-canvas-core's ``document/commands.py``).

Each command calls one :class:`~lgcoder.gui.project_service.ProjectService` method in ``redo``
and its inverse in ``undo``; every call is one committed transaction, so the project file is
always exactly what the Edit menu says. Commands then hand the ``Changes`` to ``notify`` (the
main window's broadcast) so views refresh only what changed.

A command whose op fails (the user asked for something the core refuses, e.g. a duplicate name)
records the error in ``outcome`` and marks itself obsolete, so QUndoStack drops it instead of
keeping an entry that did nothing. Compound actions (in-vivo coding = new code + coding) are
built from child commands and undone in reverse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtGui import QUndoCommand

from lgcoder.core.errors import LgcoderError
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.codes import MergeRecord
from lgcoder.gui.project_service import ProjectService

Notify = Callable[[Changes], None]


@dataclass
class Outcome:
    """What happened when the command last ran; kept outside the C++ object on purpose."""

    error: LgcoderError | None = None
    changes: Changes | None = None


def _short(text: str, limit: int = 40) -> str:
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


# -- codebook ----------------------------------------------------------------------------------


class AddCodeCommand(ServiceCommand):
    """New code; undo tombstones it, redo revives the same guid (later commands still match)."""

    def __init__(
        self,
        service: ProjectService,
        name: str,
        parent_guid: str | None = None,
        color: str | None = None,
        description: str = "",
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, f"Add code '{_short(name)}'", notify)
        self.name, self.parent_guid, self.color, self.description = (
            name,
            parent_guid,
            color,
            description,
        )
        self.code_guid: str | None = None

    def do(self) -> Changes:
        if self.code_guid is None:
            changes = self.service.add_code(
                self.name, self.parent_guid, self.color, self.description
            )
            self.code_guid = changes.created[-1]
            return changes
        return self.service.restore_code({self.code_guid}, set())

    def undo_op(self) -> Changes:
        assert self.code_guid is not None
        return self.service.delete_code(self.code_guid)


class FieldCommand(ServiceCommand):
    """Change one field from *old* to *new* (a rename, a colour, a definition); undo puts *old*
    back. ``setter`` is the facade call that stores a value, e.g. ``partial(rename_code, guid)``.
    """

    def __init__(
        self,
        service: ProjectService,
        text: str,
        setter: Callable[[str], Changes],
        old: str,
        new: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, text, notify)
        self.setter, self.old, self.new = setter, old, new

    def do(self) -> Changes:
        return self.setter(self.new)

    def undo_op(self) -> Changes:
        return self.setter(self.old)


class RenameCodeCommand(FieldCommand):
    def __init__(
        self, service: ProjectService, guid: str, old: str, new: str, notify: Notify | None = None
    ) -> None:
        text = f"Rename code '{_short(old)}' to '{_short(new)}'"
        super().__init__(service, text, partial(service.rename_code, guid), old, new, notify)
        self.guid = guid


class RecolourCodeCommand(FieldCommand):
    def __init__(
        self,
        service: ProjectService,
        guid: str,
        name: str,
        old: str,
        new: str,
        notify: Notify | None = None,
    ) -> None:
        text = f"Change colour of '{_short(name)}'"
        super().__init__(service, text, partial(service.recolour_code, guid), old, new, notify)
        self.guid = guid


class DescribeCodeCommand(FieldCommand):
    def __init__(
        self,
        service: ProjectService,
        guid: str,
        name: str,
        old: str,
        new: str,
        notify: Notify | None = None,
    ) -> None:
        text = f"Edit definition of '{_short(name)}'"
        super().__init__(service, text, partial(service.describe_code, guid), old, new, notify)
        self.guid = guid


class MoveCodeCommand(ServiceCommand):
    """Reparent and/or reorder; undo puts the code back at its old parent and index."""

    def __init__(
        self,
        service: ProjectService,
        guid: str,
        name: str,
        parent_guid: str | None,
        position: int | None,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, f"Move code '{_short(name)}'", notify)
        self.guid, self.parent_guid, self.position = guid, parent_guid, position
        self.old: tuple[str | None, int] | None = None

    def do(self) -> Changes:
        self.old = self.service.code_position(self.guid)
        return self.service.move_code(self.guid, self.parent_guid, self.position)

    def undo_op(self) -> Changes:
        assert self.old is not None
        return self.service.move_code(self.guid, self.old[0], self.old[1])


class DeleteCodeCommand(ServiceCommand):
    """Tombstones the code, its sub-codes and their codings; undo restores exactly those."""

    def __init__(
        self, service: ProjectService, guid: str, name: str, notify: Notify | None = None
    ) -> None:
        super().__init__(service, f"Delete code '{_short(name)}'", notify)
        self.guid = guid
        self.code_guids: set[str] = set()
        self.coding_guids: set[str] = set()

    def do(self) -> Changes:
        changes = self.service.delete_code(self.guid)
        self.code_guids, self.coding_guids = set(changes.code_guids), set(changes.coding_guids)
        return changes

    def undo_op(self) -> Changes:
        return self.service.restore_code(self.code_guids, self.coding_guids)


class MergeCodeCommand(ServiceCommand):
    def __init__(
        self,
        service: ProjectService,
        source_guid: str,
        source_name: str,
        target_guid: str,
        target_name: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(
            service, f"Merge '{_short(source_name)}' into '{_short(target_name)}'", notify
        )
        self.source_guid, self.target_guid = source_guid, target_guid
        self.record: MergeRecord | None = None

    def do(self) -> Changes:
        self.record, changes = self.service.merge_code(self.source_guid, self.target_guid)
        return changes

    def undo_op(self) -> Changes:
        assert self.record is not None
        return self.service.unmerge_code(self.record)


# -- codings -----------------------------------------------------------------------------------


class ApplyCodingCommand(ServiceCommand):
    """Code a passage. ``code_guid`` may be a callable when a sibling command creates the code."""

    def __init__(
        self,
        service: ProjectService,
        document_guid: str,
        code_guid: str | Callable[[], str],
        coder_guid: str,
        start: int,
        end: int,
        code_name: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, f"Code passage as '{_short(code_name)}'", notify)
        self.document_guid, self._code_guid, self.coder_guid = document_guid, code_guid, coder_guid
        self.start, self.end = start, end
        self.coding_guid: str | None = None

    @property
    def code_guid(self) -> str:
        return self._code_guid() if callable(self._code_guid) else self._code_guid

    def do(self) -> Changes:
        if self.coding_guid is None:
            changes = self.service.apply_coding(
                self.document_guid, self.code_guid, self.coder_guid, self.start, self.end
            )
            self.coding_guid = changes.created[0]
            return changes
        return self.service.restore_coding(self.coding_guid)

    def undo_op(self) -> Changes:
        assert self.coding_guid is not None
        return self.service.remove_coding(self.coding_guid)


class RemoveCodingCommand(ServiceCommand):
    def __init__(
        self,
        service: ProjectService,
        coding_guid: str,
        code_name: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, f"Uncode '{_short(code_name)}'", notify)
        self.coding_guid = coding_guid

    def do(self) -> Changes:
        return self.service.remove_coding(self.coding_guid)

    def undo_op(self) -> Changes:
        return self.service.restore_coding(self.coding_guid)


class SetCodingMemoCommand(ServiceCommand):
    def __init__(
        self,
        service: ProjectService,
        coding_guid: str,
        old: str,
        new: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, "Edit coding memo", notify)
        self.coding_guid, self.old, self.new = coding_guid, old, new

    def do(self) -> Changes:
        return self.service.set_coding_memo(self.coding_guid, self.new)

    def undo_op(self) -> Changes:
        return self.service.set_coding_memo(self.coding_guid, self.old)


class NewCodeAndApplyCommand(CompoundCommand):
    """Create a code and code the passage with it, as one step (quick-code box, new name)."""

    label = "Code passage as new code '{name}'"

    def __init__(
        self,
        service: ProjectService,
        document_guid: str,
        coder_guid: str,
        start: int,
        end: int,
        name: str,
        parent_guid: str | None = None,
        notify: Notify | None = None,
    ) -> None:
        self.add = AddCodeCommand(service, name, parent_guid)
        self.apply = ApplyCodingCommand(
            service,
            document_guid,
            lambda: self.add.code_guid or "",
            coder_guid,
            start,
            end,
            name,
        )
        super().__init__(
            service, self.label.format(name=_short(name)), [self.add, self.apply], notify
        )


class InVivoCodeCommand(NewCodeAndApplyCommand):
    """In-vivo coding: the participant's own words become the code's name."""

    label = "In-vivo code '{name}'"


# -- memos, documents ---------------------------------------------------------------------------


class AddMemoCommand(ServiceCommand):
    def __init__(
        self,
        service: ProjectService,
        target_type: str,
        target_guid: str,
        text: str,
        author_guid: str | None,
        start: int | None = None,
        end: int | None = None,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, f"Add memo to {target_type}", notify)
        self.args = (target_type, target_guid, text, author_guid, start, end)
        self.memo_guid: str | None = None

    def do(self) -> Changes:
        if self.memo_guid is None:
            changes = self.service.add_memo(*self.args)
            self.memo_guid = changes.created[0]
            return changes
        return self.service.restore_memo(self.memo_guid)

    def undo_op(self) -> Changes:
        assert self.memo_guid is not None
        return self.service.delete_memo(self.memo_guid)


class EditMemoCommand(ServiceCommand):
    def __init__(
        self,
        service: ProjectService,
        memo_guid: str,
        old: str,
        new: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, "Edit memo", notify)
        self.memo_guid, self.old, self.new = memo_guid, old, new

    def do(self) -> Changes:
        return self.service.edit_memo(self.memo_guid, self.new)

    def undo_op(self) -> Changes:
        return self.service.edit_memo(self.memo_guid, self.old)


class RenameDocumentCommand(ServiceCommand):
    def __init__(
        self,
        service: ProjectService,
        guid: str,
        old: str,
        new: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, f"Rename document '{_short(old)}'", notify)
        self.guid, self.old, self.new = guid, old, new

    def do(self) -> Changes:
        return self.service.rename_document(self.guid, self.new)

    def undo_op(self) -> Changes:
        return self.service.rename_document(self.guid, self.old)

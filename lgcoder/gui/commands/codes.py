"""Codebook commands whose undo is more than putting a field back: add, move, delete, merge."""

from __future__ import annotations

from lgcoder.app.project_service import ProjectService
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.codes import MergeRecord
from lgcoder.gui.commands.base import Notify, ServiceCommand, short


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
        super().__init__(service, f"Add code '{short(name)}'", notify)
        self.name, self.parent_guid, self.color = name, parent_guid, color
        self.description = description
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
        super().__init__(service, f"Move code '{short(name)}'", notify)
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
        super().__init__(service, f"Delete code '{short(name)}'", notify)
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
            service, f"Merge '{short(source_name)}' into '{short(target_name)}'", notify
        )
        self.source_guid, self.target_guid = source_guid, target_guid
        self.record: MergeRecord | None = None

    def do(self) -> Changes:
        self.record, changes = self.service.merge_code(self.source_guid, self.target_guid)
        return changes

    def undo_op(self) -> Changes:
        assert self.record is not None
        return self.service.unmerge_code(self.record)

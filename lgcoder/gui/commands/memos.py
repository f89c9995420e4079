"""Adding a memo (editing one is an :class:`~lgcoder.gui.commands.fields.EditFieldCommand`)."""

from __future__ import annotations

from lgcoder.app.project_service import ProjectService
from lgcoder.core.ops.changes import Changes
from lgcoder.gui.commands.base import Notify, ServiceCommand


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

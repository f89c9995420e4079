"""One command for every "change this field from old to new": names, colours, texts.

A :class:`Field` says how the Edit menu names the step and which service method stores a value
for a guid; :class:`EditFieldCommand` stores *new* on redo and *old* on undo. Adding an editable
field is one more ``Field`` line here, not another command class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lgcoder.app.project_service import ProjectService
from lgcoder.core.ops.changes import Changes
from lgcoder.gui.commands.base import Notify, ServiceCommand, short

Setter = Callable[[str, str], Changes]  # (guid, value) -> Changes


@dataclass(frozen=True)
class Field:
    #: the Edit menu's text; may use {old}, {new} and {name} (the owner's name)
    label: str
    setter: Callable[[ProjectService], Setter]


CODE_NAME = Field("Rename code '{old}' to '{new}'", lambda s: s.rename_code)
CODE_COLOR = Field("Change colour of '{name}'", lambda s: s.recolour_code)
CODE_DESCRIPTION = Field("Edit definition of '{name}'", lambda s: s.describe_code)
CODING_MEMO = Field("Edit coding memo", lambda s: s.set_coding_memo)
MEMO_TEXT = Field("Edit memo", lambda s: s.edit_memo)
DOCUMENT_NAME = Field("Rename document '{old}'", lambda s: s.rename_document)
CASE_NAME = Field("Rename case '{old}' to '{new}'", lambda s: s.cases.rename_case)
CASE_DESCRIPTION = Field("Describe case '{name}'", lambda s: s.cases.describe_case)
#: the project has one title, so the guid is not used
PROJECT_TITLE = Field(
    "Change project title to '{new}'", lambda s: lambda _guid, value: s.set_title(value)
)
ATTRIBUTE_NAME = Field("Rename attribute '{old}'", lambda s: s.cases.rename_attribute)


class EditFieldCommand(ServiceCommand):
    """Set *field* of the row *guid* from *old* to *new*; undo puts *old* back."""

    def __init__(
        self,
        service: ProjectService,
        field: Field,
        guid: str,
        old: str,
        new: str,
        name: str = "",
        notify: Notify | None = None,
    ) -> None:
        text = field.label.format(old=short(old), new=short(new), name=short(name))
        super().__init__(service, text, notify)
        self.field, self.guid, self.old, self.new = field, guid, old, new
        self._set = field.setter(service)

    def do(self) -> Changes:
        return self._set(self.guid, self.new)

    def undo_op(self) -> Changes:
        return self._set(self.guid, self.old)

"""Every change the workbench makes, as an undoable command (or, said plainly, as one that
is not: :mod:`~lgcoder.gui.commands.irreversible`).

All commands are :class:`~lgcoder.gui.commands.base.ServiceCommand` subclasses pushed through
the main window's one ``push``; a change to one field of a row is an
:class:`~lgcoder.gui.commands.fields.EditFieldCommand` with a :class:`~lgcoder.gui.commands.fields.Field`.
"""

from lgcoder.gui.commands.base import CompoundCommand, Notify, Outcome, ServiceCommand, short
from lgcoder.gui.commands.cases import (
    AssignDocumentsCommand,
    CreateCaseCommand,
    DefineAttributeCommand,
    DeleteAttributeCommand,
    DeleteCaseCommand,
    RemoveDocumentsCommand,
    SetValueCommand,
    cases_from_speakers_command,
    edit_properties_command,
)
from lgcoder.gui.commands.codes import (
    AddCodeCommand,
    DeleteCodeCommand,
    MergeCodeCommand,
    MoveCodeCommand,
)
from lgcoder.gui.commands.codings import (
    ApplyCodingCommand,
    AutocodeCommand,
    InVivoCodeCommand,
    NewCodeAndApplyCommand,
    RemoveCodingCommand,
)
from lgcoder.gui.commands.fields import (
    ATTRIBUTE_NAME,
    CASE_DESCRIPTION,
    CASE_NAME,
    CODE_COLOR,
    CODE_DESCRIPTION,
    CODE_NAME,
    CODING_MEMO,
    DOCUMENT_NAME,
    MEMO_TEXT,
    PROJECT_TITLE,
    EditFieldCommand,
    Field,
)
from lgcoder.gui.commands.irreversible import Stack, run_irreversible, settle_irreversible
from lgcoder.gui.commands.memos import AddMemoCommand

__all__ = [
    "ATTRIBUTE_NAME",
    "CASE_DESCRIPTION",
    "CASE_NAME",
    "CODE_COLOR",
    "CODE_DESCRIPTION",
    "CODE_NAME",
    "CODING_MEMO",
    "DOCUMENT_NAME",
    "MEMO_TEXT",
    "PROJECT_TITLE",
    "AddCodeCommand",
    "AddMemoCommand",
    "ApplyCodingCommand",
    "AssignDocumentsCommand",
    "AutocodeCommand",
    "CompoundCommand",
    "CreateCaseCommand",
    "DefineAttributeCommand",
    "DeleteAttributeCommand",
    "DeleteCaseCommand",
    "DeleteCodeCommand",
    "EditFieldCommand",
    "Field",
    "InVivoCodeCommand",
    "MergeCodeCommand",
    "MoveCodeCommand",
    "NewCodeAndApplyCommand",
    "Notify",
    "Outcome",
    "RemoveCodingCommand",
    "RemoveDocumentsCommand",
    "ServiceCommand",
    "SetValueCommand",
    "Stack",
    "cases_from_speakers_command",
    "edit_properties_command",
    "run_irreversible",
    "settle_irreversible",
    "short",
]

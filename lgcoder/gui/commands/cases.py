"""Undoable commands for cases and attributes (renames and descriptions are field edits).

Removals take a record first (the case with its documents and values, the attribute with every
value) so that undo brings back the very same guids: later commands on the stack, and a team
merge, still recognise them. Creations are undone by deleting and redone by restoring the record
taken at undo time, for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from lgcoder.app.project_service import ProjectService
from lgcoder.core.ops.attributes import AttributeRecord
from lgcoder.core.ops.cases import CaseRecord
from lgcoder.core.ops.changes import Changes
from lgcoder.core.words import counted
from lgcoder.gui.commands.base import CompoundCommand, Notify, ServiceCommand
from lgcoder.gui.commands.base import short as _short

Guid = str | Callable[[], str]


def _guid(value: Guid) -> str:
    return value() if callable(value) else value


class CasesCommand(ServiceCommand):
    """Base: the open project's service, with its cases service at hand."""

    def __init__(self, service: ProjectService, text: str, notify: Notify | None = None) -> None:
        super().__init__(service, text, notify)
        self.cases = service.cases


# -- cases -------------------------------------------------------------------------------------


class RecordedCommand(CasesCommand):
    """Create or delete something that undo must bring back with the very same guid.

    Subclasses say how to make it (``create``), how to snapshot it (``take``), remove it and
    restore the snapshot. A deletion snapshots before removing; a creation is undone by
    snapshot-and-remove and redone by restoring that snapshot.
    """

    creates = False

    def __init__(
        self, service: ProjectService, text: str, guid: str | None, notify: Notify | None
    ) -> None:
        super().__init__(service, text, notify)
        self.guid = guid
        self.record: Any = None

    def create(self) -> Changes:
        raise NotImplementedError

    def take(self, guid: str) -> Any:
        raise NotImplementedError

    def remove(self, guid: str) -> Changes:
        raise NotImplementedError

    def bring_back(self, record: Any) -> Changes:
        raise NotImplementedError

    def _delete(self) -> Changes:
        assert self.guid is not None
        self.record = self.take(self.guid)
        return self.remove(self.guid)

    def do(self) -> Changes:
        if not self.creates:
            return self._delete()
        if self.record is not None:
            return self.bring_back(self.record)
        changes = self.create()
        self.guid = changes.created[0]
        return changes

    def undo_op(self) -> Changes:
        return self._delete() if self.creates else self.bring_back(self.record)


class _CaseRecords(RecordedCommand):
    def take(self, guid: str) -> CaseRecord:
        return self.cases.case_record(guid)

    def remove(self, guid: str) -> Changes:
        return self.cases.delete_case(guid)

    def bring_back(self, record: CaseRecord) -> Changes:
        return self.cases.restore_case(record)


class CreateCaseCommand(_CaseRecords):
    """A new case, optionally holding documents from the start (drag onto "New case")."""

    creates = True

    def __init__(
        self,
        service: ProjectService,
        name: str,
        description: str = "",
        document_guids: Sequence[str] = (),
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, f"New case '{_short(name)}'", None, notify)
        self.name, self.description, self.documents = name, description, list(document_guids)

    @property
    def case_guid(self) -> str | None:
        return self.guid

    def create(self) -> Changes:
        changes = self.cases.create_case(self.name, self.description)
        if self.documents:
            changes = changes | self.cases.assign(changes.created[0], self.documents)
        return changes


class DeleteCaseCommand(_CaseRecords):
    def __init__(
        self, service: ProjectService, guid: str, name: str, notify: Notify | None = None
    ) -> None:
        super().__init__(service, f"Delete case '{_short(name)}'", guid, notify)


class MembershipCommand(CasesCommand):
    """Put documents in a case (``adds``) or take them out of it (they stay in the project).

    Undo reverses only the documents this command actually moved: one that was already in the
    case (or already out of it) stays where it was. Adding and removing are one class because
    they are the same edit in opposite directions.
    """

    adds = True

    def __init__(
        self,
        service: ProjectService,
        case_guid: str,
        case_name: str,
        document_guids: Sequence[str],
        notify: Notify | None = None,
    ) -> None:
        count = len(document_guids)
        what = "document" if count == 1 else f"{count} documents"
        step = f"Add {what} to" if self.adds else f"Remove {what} from"
        super().__init__(service, f"{step} case '{_short(case_name)}'", notify)
        self.case_guid, self.documents = case_guid, list(document_guids)
        self.moved: set[str] = set()

    def _move(self, into: bool, document_guids: Iterable[str]) -> Changes:
        move = self.cases.assign if into else self.cases.unassign
        return move(self.case_guid, document_guids)

    def do(self) -> Changes:
        changes = self._move(self.adds, self.documents)
        self.moved = set(changes.document_guids)
        return changes

    def undo_op(self) -> Changes:
        return self._move(not self.adds, self.moved)


class AssignDocumentsCommand(MembershipCommand):
    adds = True


class RemoveDocumentsCommand(MembershipCommand):
    adds = False


def cases_from_speakers_command(
    service: ProjectService,
    speakers: dict[str, list[str]],
    existing: dict[str, str],
    notify: Notify | None = None,
) -> CompoundCommand:
    """One undo step that makes (or fills) a case per speaker.

    *speakers* maps speaker -> document guids; *existing* maps casefolded case name -> guid.
    """
    children: list[ServiceCommand] = []
    for name, docs in speakers.items():
        guid = existing.get(name.casefold())
        if guid is None:
            children.append(CreateCaseCommand(service, name, "Speaker in transcripts", docs))
        else:
            children.append(AssignDocumentsCommand(service, guid, name, docs))
    count = len(speakers)
    return CompoundCommand(
        service,
        f"Cases from speakers ({counted(count, 'speaker')})",
        children,
        notify,
    )


# -- attributes ---------------------------------------------------------------------------------


class _AttributeRecords(RecordedCommand):
    def take(self, guid: str) -> AttributeRecord:
        return self.cases.attribute_record(guid)

    def remove(self, guid: str) -> Changes:
        return self.cases.delete_attribute(guid)

    def bring_back(self, record: AttributeRecord) -> Changes:
        return self.cases.restore_attribute(record)


class DefineAttributeCommand(_AttributeRecords):
    creates = True

    def __init__(
        self,
        service: ProjectService,
        name: str,
        value_type: str,
        scope: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, f"New attribute '{_short(name)}'", None, notify)
        self.name, self.value_type, self.scope = name, value_type, scope

    @property
    def attribute_guid(self) -> str | None:
        return self.guid

    def create(self) -> Changes:
        return self.cases.define_attribute(self.name, self.value_type, self.scope)


class DeleteAttributeCommand(_AttributeRecords):
    def __init__(
        self, service: ProjectService, guid: str, name: str, notify: Notify | None = None
    ) -> None:
        super().__init__(service, f"Delete attribute '{_short(name)}'", guid, notify)


class SetValueCommand(CasesCommand):
    """Set (or, with "", clear) one value; the attribute guid may come from a sibling command."""

    def __init__(
        self,
        service: ProjectService,
        attribute_guid: Guid,
        owner_guid: str,
        name: str,
        value: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(service, f"Set '{_short(name)}'", notify)
        self._attribute, self.owner_guid, self.new = attribute_guid, owner_guid, value
        self.old: str | None = None

    def do(self) -> Changes:
        guid = _guid(self._attribute)
        if self.old is None:
            self.old = self.cases.value(guid, self.owner_guid)
        return self.cases.set_value(guid, self.owner_guid, self.new)

    def undo_op(self) -> Changes:
        assert self.old is not None
        return self.cases.set_value(_guid(self._attribute), self.owner_guid, self.old)


def edit_properties_command(
    service: ProjectService,
    owner_guid: str,
    owner_name: str,
    scope: str,
    edits: Sequence[tuple[str | None, str, str, str]],
    notify: Notify | None = None,
) -> CompoundCommand:
    """The properties dialog's OK as one undo step: new attributes first, then the values.

    *edits* are (attribute guid or None for a new one, name, type, value).
    """
    children: list[ServiceCommand] = []
    for guid, name, value_type, value in edits:
        source: Guid
        if guid is None:
            define = DefineAttributeCommand(service, name, value_type, scope)
            children.append(define)
            source = lambda d=define: d.attribute_guid or ""  # noqa: E731
            if not value.strip():
                continue
        else:
            source = guid
        children.append(SetValueCommand(service, source, owner_guid, name, value))
    return CompoundCommand(service, f"Edit properties of '{_short(owner_name)}'", children, notify)

"""Coding commands: code a passage, uncode it, code with a new code, autocode search hits."""

from __future__ import annotations

from collections.abc import Callable

from lgcoder.analysis.search import SearchOptions, Unit
from lgcoder.app.project_service import ProjectService
from lgcoder.core.ops.changes import Changes
from lgcoder.core.words import counted
from lgcoder.gui.commands.base import CompoundCommand, Notify, ServiceCommand, short
from lgcoder.gui.commands.codes import AddCodeCommand


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
        super().__init__(service, f"Code passage as '{short(code_name)}'", notify)
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
        super().__init__(service, f"Uncode '{short(code_name)}'", notify)
        self.coding_guid = coding_guid

    def do(self) -> Changes:
        return self.service.remove_coding(self.coding_guid)

    def undo_op(self) -> Changes:
        return self.service.restore_coding(self.coding_guid)


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
            service, self.label.format(name=short(name)), [self.add, self.apply], notify
        )


class InVivoCodeCommand(NewCodeAndApplyCommand):
    """In-vivo coding: the participant's own words become the code's name."""

    label = "In-vivo code '{name}'"


class AutocodeCommand(ServiceCommand):
    """Code every search hit as one undo step; undo removes exactly the codings it added."""

    def __init__(
        self,
        service: ProjectService,
        options: SearchOptions,
        code_guid: str,
        code_name: str,
        coder_guid: str,
        unit: Unit,
        notify: Notify | None = None,
    ) -> None:
        what = options.query or ", ".join(options.speakers)
        super().__init__(service, f"Autocode “{what}” as {code_name}", notify)
        self.options, self.code_guid, self.coder_guid, self.unit = (
            options,
            code_guid,
            coder_guid,
            unit,
        )
        self.created: list[str] | None = None
        #: what the first run did, in words, for the dialog's summary line
        self.result_text = ""

    def do(self) -> Changes:
        analysis = self.service.analysis
        if self.created is not None:
            return analysis.recode(self.created)
        result = analysis.autocode(self.options, self.code_guid, self.coder_guid, self.unit)
        assert result.changes is not None
        self.created = list(result.changes.created)
        self.result_text = f"Coded {counted(result.coded, 'passage')}" + (
            f"; {result.already} were already coded" if result.already else ""
        )
        if not self.created:
            self.setObsolete(True)  # nothing new: no undo step that does nothing
        return result.changes

    def undo_op(self) -> Changes:
        return self.service.analysis.uncode(self.created or [])

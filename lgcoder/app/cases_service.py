"""The workbench's door to cases and attributes: the same pattern as ``project_service``.

Each method opens one read-only session or one transaction (``project.run``: retried on a
server when it met a concurrent one), calls one core op or query and hands back plain data or
``Changes``. Widgets and commands never see a Session. Nothing here imports Qt. Kept apart from :class:`~lgcoder.app.project_service.ProjectService` so that the
cases feature stays in files of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from lgcoder.core import queries_cases
from lgcoder.core.db import Project
from lgcoder.core.ops import attributes as attribute_ops
from lgcoder.core.ops import cases as case_ops
from lgcoder.core.ops.attributes import AttributeRecord
from lgcoder.core.ops.cases import CaseRecord
from lgcoder.core.ops.changes import Changes
from lgcoder.core.queries_cases import AttributeInfo, AttributeTable, CaseInfo, ValueInfo


class CasesService:
    """Plain-data facade over the cases and attributes of one open :class:`Project`."""

    def __init__(self, project: Project) -> None:
        self.project = project

    # -- reading ---------------------------------------------------------------------------

    def cases(self) -> list[CaseInfo]:
        with self.project.reading() as s:
            return queries_cases.list_cases(s)

    def find_case(self, name: str) -> tuple[str, str]:
        """(guid, name as stored) of the case called *name*; a NotFoundError lists the cases."""
        with self.project.reading() as s:
            case = case_ops.get_case(s, name)
            return case.guid, case.name

    def attribute_guid(self, name: str, scope: str = "document") -> str:
        """The guid of the attribute called *name*; a NotFoundError lists the attributes."""
        with self.project.reading() as s:
            return attribute_ops.get_attribute(s, name, scope).guid

    def attributes(self, scope: str | None = None) -> list[AttributeInfo]:
        with self.project.reading() as s:
            return queries_cases.list_attributes(s, scope)

    def attribute_table(self) -> AttributeTable:
        """Every document against every document attribute (the classification sheet)."""
        with self.project.reading() as s:
            return queries_cases.attribute_table(s)

    def case_documents(self, case_guid: str) -> set[str]:
        with self.project.reading() as s:
            return queries_cases.case_documents(s, case_guid)

    def values(self, scope: str, owner_guid: str) -> list[ValueInfo]:
        """Every attribute of *scope* with the document's or case's value ("" when none)."""
        with self.project.reading() as s:
            if scope == "case":
                return queries_cases.case_values(s, owner_guid)
            return queries_cases.document_values(s, owner_guid)

    def value(self, attribute_guid: str, owner_guid: str) -> str:
        with self.project.reading() as s:
            return attribute_ops.get_value(s, attribute_guid, owner_guid)

    def speaker_documents(
        self, document_guids: Iterable[str] | None = None
    ) -> dict[str, list[str]]:
        with self.project.reading() as s:
            return case_ops.speaker_documents(s, document_guids)

    def case_record(self, guid: str) -> CaseRecord:
        with self.project.reading() as s:
            return case_ops.case_record(s, guid)

    def attribute_record(self, guid: str) -> AttributeRecord:
        with self.project.reading() as s:
            return attribute_ops.attribute_record(s, guid)

    # -- cases -----------------------------------------------------------------------------

    def create_case(self, name: str, description: str = "") -> Changes:
        return self.project.run(lambda s: case_ops.create_case(s, name, description))

    def rename_case(self, guid: str, name: str) -> Changes:
        return self.project.run(lambda s: case_ops.rename_case(s, guid, name))

    def describe_case(self, guid: str, description: str) -> Changes:
        return self.project.run(lambda s: case_ops.describe_case(s, guid, description))

    def delete_case(self, guid: str) -> Changes:
        return self.project.run(lambda s: case_ops.delete_case(s, guid))

    def restore_case(self, record: CaseRecord) -> Changes:
        return self.project.run(lambda s: case_ops.restore_case(s, record))

    def assign(self, case_guid: str, document_guids: Iterable[str]) -> Changes:
        return self.project.run(
            lambda s: case_ops.assign_documents(s, case_guid, list(document_guids))
        )

    def unassign(self, case_guid: str, document_guids: Iterable[str]) -> Changes:
        return self.project.run(
            lambda s: case_ops.remove_documents(s, case_guid, list(document_guids))
        )

    # -- attributes ------------------------------------------------------------------------

    def define_attribute(self, name: str, value_type: str, scope: str) -> Changes:
        return self.project.run(
            lambda s: attribute_ops.define_attribute(s, name, value_type, scope)
        )

    def rename_attribute(self, guid: str, name: str) -> Changes:
        return self.project.run(lambda s: attribute_ops.rename_attribute(s, guid, name))

    def delete_attribute(self, guid: str) -> Changes:
        return self.project.run(lambda s: attribute_ops.delete_attribute(s, guid))

    def restore_attribute(self, record: AttributeRecord) -> Changes:
        return self.project.run(lambda s: attribute_ops.restore_attribute(s, record))

    def set_value(self, attribute_guid: str, owner_guid: str, value: str) -> Changes:
        return self.project.run(
            lambda s: attribute_ops.set_value(s, attribute_guid, owner_guid, value)
        )

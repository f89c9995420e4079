"""What the cases dock and the documents' context menu do: every change is an undoable command.

Selecting a case filters the documents list to its documents; "All documents" lifts the filter.
Documents are put in a case by dragging them onto it or from the context menu ("Add to case").
The properties dialogs (document and case) edit attribute values as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from lgcoder.app.cases_service import CasesService
from lgcoder.core.ops.attributes import normalise_value
from lgcoder.core.ops.changes import Changes
from lgcoder.core.queries_cases import CaseInfo
from lgcoder.core.words import counted
from lgcoder.exporters.evidence import TITLE_ATTRIBUTE, document_title
from lgcoder.gui.commands import (
    CASE_DESCRIPTION,
    CASE_NAME,
    AssignDocumentsCommand,
    CreateCaseCommand,
    DeleteCaseCommand,
    EditFieldCommand,
    RemoveDocumentsCommand,
    cases_from_speakers_command,
    edit_properties_command,
)
from lgcoder.gui.dialogs.document_properties import PropertiesDialog, PropertyRow
from lgcoder.gui.workbench import CasesWindow


class CasesController:
    def __init__(
        self,
        window: CasesWindow,
        rename_document: Callable[[str], object],
        delete_document: Callable[[str], object],
    ) -> None:
        self.w = window
        #: the documents' context menu offers these (the project controller's)
        self.rename_document, self.delete_document = rename_document, delete_document
        self.view = window.cases
        self.filter_guid: str | None = None
        #: the properties dialog last opened (non-modal to the event loop, so tests can drive it)
        self.dialog: PropertiesDialog | None = None
        v = self.view
        v.caseSelected.connect(self.case_selected)
        v.list.documentsDropped.connect(self.assign)
        v.list.customContextMenuRequested.connect(self.case_menu)
        v.list.doubleClicked.connect(lambda _i: self.case_properties())
        v.buttons["new"].clicked.connect(lambda: self.new_case(self.w.documents.selected_guids()))
        v.buttons["speakers"].clicked.connect(self.from_speakers)
        v.buttons["properties"].clicked.connect(self.case_properties)
        v.buttons["delete"].clicked.connect(self.delete_case)
        window.documents.caseFilterCleared.connect(lambda: self.view.select_guid(None))
        window.documents.table.customContextMenuRequested.connect(self.document_menu)
        window.hub.changed.connect(self.on_changed)
        window.hub.reloaded.connect(self.refresh)

    @property
    def service(self) -> CasesService | None:
        return self.w.service.cases if self.w.service is not None else None

    def on_changed(self, changes: Changes) -> None:
        if changes.cases or changes.documents:
            self.refresh()

    # -- showing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the cases (after any change to cases or documents) and re-apply the filter."""
        cs = self.service
        if cs is None:
            self.view.set_cases([], 0)
            self.w.documents.set_case_filter(None, None)
            return
        cases = cs.cases()
        self.view.set_cases(cases, len(self.w.documents.model.summaries()))
        if self.filter_guid is not None and all(c.guid != self.filter_guid for c in cases):
            self.filter_guid = None
        self._apply_filter(cases)

    def case_selected(self, guid: str) -> None:
        self.filter_guid = guid or None
        self._apply_filter(self.view.model.cases())

    def _apply_filter(self, cases: list[CaseInfo]) -> None:
        case = next((c for c in cases if c.guid == self.filter_guid), None)
        if case is None:
            self.w.documents.set_case_filter(None, None)
        else:
            self.w.documents.set_case_filter(case.name, {g for g, _n in case.documents})

    # -- cases -----------------------------------------------------------------------------

    def new_case(self, document_guids: list[str] | None = None) -> bool:
        if self.w.service is None:
            return False
        docs = document_guids or []
        hint = f" (with the {len(docs)} selected documents)" if len(docs) > 1 else ""
        name = self.w.prompts.text("New case", f"Name of the new case{hint}:")
        if not name or not name.strip():
            return False
        return self.w.push(CreateCaseCommand(self.w.service, name.strip(), "", docs))

    def rename_case(self) -> bool:
        case = self.view.current_case()
        if case is None or self.w.service is None:
            return False
        new = self.w.prompts.text("Rename case", "New name:", case.name)
        if not new or new.strip() == case.name:
            return False
        return self.w.push(
            EditFieldCommand(self.w.service, CASE_NAME, case.guid, case.name, new.strip())
        )

    def describe_case(self) -> bool:
        case = self.view.current_case()
        if case is None or self.w.service is None:
            return False
        text = self.w.prompts.multiline("Case description", case.name, case.description)
        if text is None or text.strip() == case.description:
            return False
        return self.w.push(
            EditFieldCommand(
                self.w.service, CASE_DESCRIPTION, case.guid, case.description, text, case.name
            )
        )

    def delete_case(self) -> bool:
        case = self.view.current_case()
        if case is None or self.w.service is None:
            return False
        count = len(case.documents)
        question = (
            f"Delete the case “{case.name}”? Its {counted(count, 'document')} "
            "stay in the project. (Edit ▸ Undo brings the case back.)"
        )
        if not self.w.prompts.confirm("Delete case", question):
            return False
        return self.w.push(DeleteCaseCommand(self.w.service, case.guid, case.name))

    def assign(self, case_guid: str, document_guids: list[str]) -> bool:
        case = next((c for c in self.view.model.cases() if c.guid == case_guid), None)
        if case is None or self.w.service is None or not document_guids:
            return False
        ok = self.w.push(
            AssignDocumentsCommand(self.w.service, case_guid, case.name, document_guids)
        )
        if ok:
            self.w.message(f"Added to case “{case.name}”.")
        return ok

    def unassign(self, case_guid: str, document_guids: list[str]) -> bool:
        case = next((c for c in self.view.model.cases() if c.guid == case_guid), None)
        if case is None or self.w.service is None:
            return False
        return self.w.push(
            RemoveDocumentsCommand(self.w.service, case_guid, case.name, document_guids)
        )

    def from_speakers(self) -> bool:
        """One case per speaker in the selected documents' turns (all documents if none)."""
        cs = self.service
        if cs is None or self.w.service is None:
            return False
        selected = self.w.documents.table.selectionModel().selectedRows()
        only = self.w.documents.selected_guids() if len(selected) > 1 else None
        speakers = cs.speaker_documents(only)
        if not speakers:
            self.w.prompts.info(
                "Cases from speakers",
                "No speakers found: speakers come from transcripts (VTT, SRT, or text with "
                "“Name:” turns).",
            )
            return False
        existing = {c.name.casefold(): c.guid for c in self.view.model.cases()}
        return self.w.push(cases_from_speakers_command(self.w.service, speakers, existing))

    # -- properties --------------------------------------------------------------------------

    def document_properties(self, guid: str) -> PropertiesDialog | None:
        doc = next((d for d in self.w.documents.model.summaries() if d.guid == guid), None)
        if doc is None:
            return None
        return self._properties("document", guid, doc.name, f"Properties of “{doc.name}”")

    def case_properties(self) -> PropertiesDialog | None:
        case = self.view.current_case()
        if case is None:
            return None
        return self._properties("case", case.guid, case.name, f"Case “{case.name}”")

    def _properties(self, scope: str, guid: str, name: str, title: str) -> PropertiesDialog | None:
        cs = self.service
        if cs is None:
            return None
        rows = [
            PropertyRow(v.attribute.guid, v.attribute.name, v.attribute.value_type, v.value)
            for v in cs.values(scope, guid)
        ]
        if scope == "document":  # reports cite a document by its title: always offer it
            default = document_title(name, {})
            known = next((r for r in rows if r.name.casefold() == TITLE_ATTRIBUTE.casefold()), None)
            if known is None:
                rows.insert(0, PropertyRow(None, TITLE_ATTRIBUTE, "text", "", default))
            else:
                known.placeholder = default
        dialog = PropertiesDialog(title, rows, normalise_value, self.w.as_widget())
        dialog.accepted.connect(lambda: self._apply(dialog, scope, guid, name))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _apply(self, dialog: PropertiesDialog, scope: str, guid: str, name: str) -> None:
        edits = dialog.edits()
        if edits and self.w.service is not None:
            self.w.push(edit_properties_command(self.w.service, guid, name, scope, edits))

    # -- menus -----------------------------------------------------------------------------

    def case_menu(self, pos: QPoint) -> None:
        case = self.view.current_case()
        menu = QMenu(self.w.as_widget())
        menu.addAction("New case…").triggered.connect(lambda: self.new_case())
        menu.addAction("Cases from speakers").triggered.connect(self.from_speakers)
        if case is not None:
            menu.addSeparator()
            menu.addAction("Properties…").triggered.connect(self.case_properties)
            menu.addAction("Rename…").triggered.connect(self.rename_case)
            menu.addAction("Edit description…").triggered.connect(self.describe_case)
            menu.addAction("Delete case…").triggered.connect(self.delete_case)
        menu.popup(self.view.list.viewport().mapToGlobal(pos))

    def document_menu(self, pos: QPoint) -> None:
        """Right-click on documents: open, rename, properties, cases, remove from project."""
        w = self.w
        guid = w.documents.current_guid()
        if guid is None or w.service is None:
            return
        docs = w.documents.selected_guids()
        menu = QMenu(w.as_widget())
        menu.addAction("Open").triggered.connect(lambda: w.open_document(guid))
        menu.addAction("Rename…").triggered.connect(lambda: self.rename_document(guid))
        menu.addAction("Document properties…").triggered.connect(
            lambda: self.document_properties(guid)
        )
        menu.addSeparator()
        add = menu.addMenu("Add to case")
        for case in self.view.model.cases():
            add.addAction(case.name).triggered.connect(
                lambda _=False, c=case.guid: self.assign(c, docs)
            )
        if self.view.model.cases():
            add.addSeparator()
        add.addAction("New case…").triggered.connect(lambda: self.new_case(docs))
        current = self.view.current_case()
        if current is not None:
            menu.addAction(f"Remove from case “{current.name}”").triggered.connect(
                lambda: self.unassign(current.guid, docs)
            )
        menu.addSeparator()
        menu.addAction("Remove from project…").triggered.connect(lambda: self.delete_document(guid))
        menu.popup(w.documents.table.viewport().mapToGlobal(pos))

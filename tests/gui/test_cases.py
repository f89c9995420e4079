"""The Cases dock and the document properties dialog, driven as a user would, on a real project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt

from lgcoder.core.db import Project
from lgcoder.core.queries_cases import attribute_table, list_cases
from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.views.cases_view import documents_mime
from tests.gui.conftest import Answers, doc_guid, send_drop


def stored_cases(path: Path) -> dict[str, list[str]]:
    with Project.open(path) as project, project.reading() as s:
        return {c.name: [n for _g, n in c.documents] for c in list_cases(s)}


def stored_values(path: Path) -> dict[str, dict[str, str]]:
    with Project.open(path) as project, project.reading() as s:
        return {r.document: r.values for r in attribute_table(s).rows}


def visible_documents(window: MainWindow) -> list[str]:
    proxy = window.documents.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def case_rows(window: MainWindow) -> list[str]:
    model = window.cases.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def select_documents(window: MainWindow, *names: str) -> None:
    table = window.documents.table
    table.clearSelection()
    for row in range(window.documents.proxy.rowCount()):
        idx = window.documents.proxy.index(row, 0)
        if idx.data() in names:
            table.selectionModel().select(
                idx,
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def test_dock_is_in_the_view_menu_and_starts_with_all_documents(window: MainWindow) -> None:
    toggle = window.docks["cases"].toggleViewAction()
    assert toggle.objectName() == "toggle_cases" and window.docks["cases"].isVisible()
    assert case_rows(window) == ["All documents  (2)"]


def test_new_case_from_selected_documents_then_filter_and_undo(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    select_documents(window, "roundtable.txt", "notes.txt")
    answers.give("text", "Exampleshire")
    window.cases.buttons["new"].click()
    assert stored_cases(project_path) == {"Exampleshire": ["roundtable.txt", "notes.txt"]}
    assert case_rows(window) == ["All documents  (2)", "Exampleshire  (2)"]
    # the People column shows the case next to the speakers
    people = window.documents.model.index(0, 2).data()
    assert people == "Exampleshire; Priya, Tom"
    window.undo_stack.undo()
    assert stored_cases(project_path) == {}
    assert case_rows(window) == ["All documents  (2)"]
    window.undo_stack.redo()
    assert stored_cases(project_path) == {"Exampleshire": ["roundtable.txt", "notes.txt"]}


def test_selecting_a_case_filters_the_documents(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    select_documents(window, "notes.txt")
    answers.give("text", "Budgets")
    assert window.cases_ctl.new_case(window.documents.selected_guids())
    window.cases.select_guid(window.cases.model.cases()[0].guid)
    assert visible_documents(window) == ["notes.txt"]
    assert not window.documents.case_bar.isHidden()
    assert "Budgets" in window.documents.case_label.text()
    window.documents.case_clear.click()  # "Show all"
    assert visible_documents(window) == ["roundtable.txt", "notes.txt"]
    assert window.documents.case_bar.isHidden()


def test_dragging_documents_onto_a_case_assigns_them(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    answers.give("text", "Northborough")
    assert window.cases_ctl.new_case([])
    select_documents(window, "roundtable.txt", "notes.txt")
    mime = window.documents.proxy.mimeData(window.documents.table.selectionModel().selectedRows())
    view = window.cases.list
    rect = view.visualRect(window.cases.model.index(1, 0))
    assert send_drop(view.viewport(), rect.center(), mime, Qt.DropAction.CopyAction)
    assert stored_cases(project_path) == {"Northborough": ["roundtable.txt", "notes.txt"]}
    # dropping on "All documents" does nothing
    first = view.visualRect(window.cases.model.index(0, 0)).center()
    send_drop(view.viewport(), first, documents_mime(["x"]), Qt.DropAction.CopyAction)
    # while filtered by the case, "Remove from case" takes a document out (undoably)
    window.cases.select_guid(window.cases.model.cases()[0].guid)
    assert window.cases_ctl.unassign(
        window.cases.current_guid() or "", [doc_guid(window, "notes.txt")]
    )
    assert visible_documents(window) == ["roundtable.txt"]
    window.undo_stack.undo()
    assert visible_documents(window) == ["roundtable.txt", "notes.txt"]


def test_rename_delete_and_cases_from_speakers(
    window: MainWindow, answers: Answers, project_path: Path
) -> None:
    assert window.cases_ctl.from_speakers()
    assert stored_cases(project_path) == {"Priya": ["roundtable.txt"], "Tom": ["roundtable.txt"]}
    window.cases.select_guid(next(c.guid for c in window.cases.model.cases() if c.name == "Tom"))
    answers.give("text", "Tom Reed")
    assert window.cases_ctl.rename_case()
    answers.give("confirm", True)
    window.cases.select_guid(next(c.guid for c in window.cases.model.cases() if c.name == "Priya"))
    window.cases.buttons["delete"].click()
    assert stored_cases(project_path) == {"Tom Reed": ["roundtable.txt"]}
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert stored_cases(project_path) == {"Priya": ["roundtable.txt"], "Tom": ["roundtable.txt"]}
    window.undo_stack.undo()
    assert stored_cases(project_path) == {}
    # a duplicate name is refused in words, and nothing is stored
    answers.give("text", "Dup", "dup")
    assert window.cases_ctl.new_case([])
    assert not window.cases_ctl.new_case([])
    assert "already a case named 'dup'" in (window.last_error or "")


def test_document_properties_dialog_edits_values_as_one_undo_step(
    window: MainWindow, project_path: Path
) -> None:
    guid = doc_guid(window, "roundtable.txt")
    dialog = window.cases_ctl.document_properties(guid)
    assert dialog is not None and dialog.isVisible()
    # no attributes yet, but the title reports cite the document by is always offered
    assert [r.name for r in dialog.rows] == ["Title"]
    assert dialog.editors[0].placeholderText() == "roundtable"
    dialog.ask_new_attribute = lambda: ("participants", "number")  # type: ignore[method-assign]
    dialog.new_button.click()
    dialog.add_attribute("rural", "boolean")
    dialog.add_attribute("region", "text")
    dialog.set_value("participants", "six")
    dialog.set_value("rural", "false")
    dialog.set_value("region", "North")
    dialog.accept()
    assert dialog.isVisible() and "is a number" in dialog.problem.text()
    assert stored_values(project_path)["roundtable.txt"] == {}
    dialog.set_value("participants", "6.0")
    dialog.accept()
    assert not dialog.isVisible()
    assert stored_values(project_path)["roundtable.txt"] == {
        "participants": "6",
        "region": "North",
        "rural": "false",
    }
    # reopening shows the stored values; clearing one is another undo step
    again = window.cases_ctl.document_properties(guid)
    assert again is not None
    assert [again.value_of(i) for i in range(len(again.rows))] == ["", "6", "North", "false"]
    again.set_value("region", "")
    again.accept()
    assert "region" not in stored_values(project_path)["roundtable.txt"]
    window.undo_stack.undo()
    assert stored_values(project_path)["roundtable.txt"]["region"] == "North"
    window.undo_stack.undo()
    assert stored_values(project_path)["roundtable.txt"] == {}
    with Project.open(project_path) as project, project.reading() as s:
        assert attribute_table(s).attributes == ()  # the new attributes went with the undo


def test_document_title_is_edited_in_properties(window: MainWindow, project_path: Path) -> None:
    guid = doc_guid(window, "roundtable.txt")
    dialog = window.cases_ctl.document_properties(guid)
    assert dialog is not None
    dialog.set_value("Title", "Digital roundtable, 12 March")
    dialog.accept()
    assert stored_values(project_path)["roundtable.txt"] == {
        "Title": "Digital roundtable, 12 March"
    }
    again = window.cases_ctl.document_properties(guid)
    assert again is not None
    assert [(r.name, again.value_of(i)) for i, r in enumerate(again.rows)] == [
        ("Title", "Digital roundtable, 12 March")
    ]
    assert again.editors[0].placeholderText() == "roundtable"

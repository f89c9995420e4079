"""Search the project's text and autocode the hits (Coding ▸ Search and autocode…).

Results list every hit with its document, citation and context; double-click jumps to it. "Code
all" codes every hit, widened to the match, sentence, paragraph or speaker turn, as one undoable
step, like NVivo's text search query with "spread to" and MAXQDA's autocode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from lgcoder.analysis.search import Hit, SearchOptions, Unit
from lgcoder.core.errors import LgcoderError
from lgcoder.core.words import counted
from lgcoder.gui.commands import AutocodeCommand
from lgcoder.gui.dialogs.project_bound import ProjectBinding
from lgcoder.gui.dialogs.sizing import size_to_parent
from lgcoder.gui.views.columns import fit_columns

if TYPE_CHECKING:
    from lgcoder.gui.workbench import Workbench

UNIT_LABELS: tuple[tuple[str, Unit], ...] = (
    ("the matching words", "match"),
    ("the sentence", "sentence"),
    ("the paragraph", "paragraph"),
    ("the speaker turn", "turn"),
)


class TextSearchDialog(QDialog):
    def __init__(self, window: Workbench) -> None:
        super().__init__(window.as_widget())
        self.workbench = window
        self.hits: list[Hit] = []
        self.setWindowTitle("Search and autocode")
        self.resize(900, 560)

        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Words to find, e.g. legacy contract")
        self.query.setAccessibleName("Search text")
        self.query.returnPressed.connect(self.run_search)
        self.whole_word = QCheckBox("Whole words", self)
        self.case = QCheckBox("Match case", self)
        self.regex = QCheckBox("Regular expression", self)
        self.scope = QComboBox(self)
        self.scope.setAccessibleName("Where to search")
        self.scope.addItem("All documents", "")
        self.speaker = QLineEdit(self)
        self.speaker.setPlaceholderText("any speaker")
        self.speaker.setAccessibleName("Only this speaker's turns")
        find = QPushButton("&Search", self)
        find.setDefault(True)
        find.clicked.connect(self.run_search)

        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(find)
        find_label = QLabel("&Find:", self)  # a label beside a layout gets no buddy by itself,
        find_label.setBuddy(self.query)  # and without one Qt shows the "&" literally
        form.addRow(find_label, row)
        opts = QHBoxLayout()
        for box in (self.whole_word, self.case, self.regex):
            opts.addWidget(box)
        opts.addStretch(1)
        form.addRow("", opts)
        form.addRow("&In:", self.scope)
        form.addRow("S&peaker:", self.speaker)

        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Document", "Where", "Context"])
        self.table.setAccessibleName("Search results")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.fit_columns = fit_columns(self.table, 2, {0: 260, 1: 170})  # context gets the rest
        self.table.cellDoubleClicked.connect(self.jump)
        self.summary = QLabel("Type what to look for and press Enter.", self)

        self.code = QComboBox(self)
        self.code.setAccessibleName("Code to apply")
        self.unit = QComboBox(self)
        self.unit.setAccessibleName("How much to code around each hit")
        for label, unit in UNIT_LABELS:
            self.unit.addItem(label, unit)
        self.code_all = QPushButton("&Code all hits", self)
        self.code_all.setEnabled(False)
        self.code_all.clicked.connect(self.autocode)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Code", self))
        bottom.addWidget(self.unit)
        bottom.addWidget(QLabel("of every hit as", self))
        bottom.addWidget(self.code, 1)
        bottom.addWidget(self.code_all)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(bottom)
        layout.addWidget(close)
        size_to_parent(self, 900, 560)
        # a theme added or a document imported while searching shows up in the choices
        ProjectBinding(self, window.hub, self._forget, on_change=self.refresh_choices)
        self.refresh_choices()

    def _forget(self) -> None:
        if self.workbench.text_search_dialog is self:
            self.workbench.text_search_dialog = None

    def refresh_choices(self) -> None:
        """Refill the theme and document choices, keeping what the researcher had picked
        (if it still exists)."""
        service = self.workbench.service
        if service is None:
            return
        code, doc = self.code.currentData(), self.scope.currentData()
        self.code.clear()
        for node in service.flat_codes():
            self.code.addItem(node.path, node.guid)
        self.scope.clear()
        self.scope.addItem("All documents", "")
        for item in service.documents():
            self.scope.addItem(item.name, item.name)
        self.code.setCurrentIndex(max(self.code.findData(code), 0) if code else 0)
        self.scope.setCurrentIndex(max(self.scope.findData(doc), 0) if doc else 0)

    def options(self) -> SearchOptions:
        speaker = self.speaker.text().strip()
        doc = self.scope.currentData()
        return SearchOptions(
            query=self.query.text(),
            regex=self.regex.isChecked(),
            whole_word=self.whole_word.isChecked(),
            case_sensitive=self.case.isChecked(),
            documents=(doc,) if doc else (),
            speakers=(speaker,) if speaker else (),
        )

    def run_search(self) -> None:
        service = self.workbench.service
        if service is None:
            return
        try:
            self.hits = service.analysis.search(self.options())
        except LgcoderError as exc:
            self.hits = []
            self.summary.setText(str(exc))
        else:
            docs = len({h.document_guid for h in self.hits})
            self.summary.setText(f"{counted(len(self.hits), 'hit')} in {counted(docs, 'document')}")
        self.table.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            where = ", ".join(
                x
                for x in (
                    f"p. {hit.citation.page}" if hit.citation.page else "",
                    hit.citation.speaker or "",
                )
                if x
            )
            context = _context(hit)
            for col, value in enumerate((hit.document, where, context)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row)
                item.setToolTip(value)
                self.table.setItem(row, col, item)
        self.fit_columns()
        self.code_all.setEnabled(bool(self.hits) and self.code.count() > 0)

    def jump(self, row: int, _column: int = 0) -> None:
        if 0 <= row < len(self.hits):
            hit = self.hits[row]
            self.workbench.jump_to(hit.document_guid, hit.start, hit.end)

    def autocode(self) -> None:
        service = self.workbench.service
        if not self.hits or self.code.currentData() is None or service is None:
            return
        command = AutocodeCommand(
            service,
            self.options(),
            self.code.currentData(),
            self.code.currentText(),
            self.workbench.coder_guid or "",
            self.unit.currentData(),
        )
        self.workbench.push(command)
        error = command.outcome.error
        self.summary.setText(str(error) if error else command.result_text)


def _context(hit: Hit, width: int = 40) -> str:
    """The hit in «» with whole words around it, as a reader scans a concordance."""
    before = hit.before[-width:]
    after = hit.after[:width]
    if len(hit.before) > width and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if len(hit.after) > width and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return " ".join(f"{before}«{hit.text}»{after}".split())


def open_text_search(window: Workbench) -> TextSearchDialog:
    """Show the dialog (non-modal, so the researcher can keep reading while it is open)."""
    existing = window.text_search_dialog
    if isinstance(existing, TextSearchDialog):
        existing.refresh_choices()
        existing.show()
        existing.raise_()
        return existing
    dialog = TextSearchDialog(window)
    window.text_search_dialog = dialog
    dialog.show()
    return dialog

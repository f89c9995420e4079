"""The "Export Word summary…" dialog: scope, options, template and where to save.

It only collects choices into a :class:`~lgcoder.exporters.options.SummaryOptions`; the export
itself runs in the background (see :mod:`lgcoder.gui.actions_export`), exactly as
``lgcoder export docx`` runs it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lgcoder.exporters.options import SHORT_SUMMARY_QUOTES, SummaryOptions
from lgcoder.exporters.scope import ScopeChoices
from lgcoder.gui.dialogs.buttons import ok_cancel
from lgcoder.gui.dialogs.export_scope import ScopePicker
from lgcoder.gui.dialogs.sizing import size_to_parent


class PathField(QWidget):
    """A file path with a Browse… button; ``save`` picks a new file, otherwise an existing one."""

    def __init__(
        self,
        caption: str,
        filters: str,
        *,
        save: bool,
        value: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.caption, self.filters, self.save = caption, filters, save
        self.edit = QLineEdit(value, self)
        self.edit.setAccessibleName(caption)
        self.edit.setClearButtonEnabled(True)
        browse = QPushButton("Browse…", self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)
        self.setFocusProxy(self.edit)  # the form label's mnemonic lands in the path

    def _browse(self) -> None:
        if self.save:
            path, _ = QFileDialog.getSaveFileName(
                self, self.caption, self.edit.text(), self.filters
            )
        else:
            path, _ = QFileDialog.getOpenFileName(
                self, self.caption, self.edit.text(), self.filters
            )
        if path:
            self.edit.setText(path)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None


class ExportSummaryDialog(QDialog):
    """Collects the summary's scope and options; read :meth:`options` and :meth:`output`."""

    def __init__(
        self,
        choices: ScopeChoices,
        suggested: str = "",
        parent: QWidget | None = None,
        *,
        has_libreoffice: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Word summary")
        self.scope_picker = ScopePicker(choices, self, narrowing=True)

        self.title = QLineEdit(choices.title, self)
        self.title.setAccessibleName("Report title")
        self.definitions = QCheckBox("Open each theme with its de&finition", self)
        self.memos = QCheckBox("Include m&emos (coding memos become footnotes)", self)
        self.context = QCheckBox("Show the se&ntence around each quote", self)
        self.matrix = QCheckBox("Theme × document mat&rix", self)
        self.appendix = QCheckBox("&Appendix: codebook and sources", self)
        self.charts = QCheckBox("Fi&gures: passages per theme, and who raised what", self)
        for box in (self.definitions, self.memos, self.matrix, self.appendix):
            box.setChecked(True)
        self.order = QComboBox(self)
        self.order.addItem("In document order", "position")
        self.order.addItem("Grouped by document", "document")
        self.order.setAccessibleName("Quote order")
        self.cite_coder = QComboBox(self)
        self.cite_coder.setAccessibleName("Coder in citations")
        for label, value in (
            ("Full name (coded by Ann Newcomer)", "name"),
            ("Initials (coded by AN)", "initials"),
            ("Leave out", "none"),
        ):
            self.cite_coder.addItem(label, value)
        self.layout_choice = QComboBox(self)
        self.layout_choice.setAccessibleName("Page layout")
        for label, value in (
            (f"Automatic (continuous up to {SHORT_SUMMARY_QUOTES} quotes)", "auto"),
            ("Continuous: themes follow one another", "continuous"),
            ("Chapters: each theme on a new page", "chapters"),
        ):
            self.layout_choice.addItem(label, value)
        self.pdf = QCheckBox("Also save a &PDF, with page numbers in the contents", self)
        self.pdf_note = QLabel(self)
        self.pdf_note.setWordWrap(True)
        self.pdf_note.setObjectName("pdfNote")
        self.set_pdf_available(has_libreoffice)
        self.max_quotes = QSpinBox(self)
        self.max_quotes.setRange(0, 10_000)
        self.max_quotes.setSpecialValueText("All")
        self.max_quotes.setAccessibleName("Maximum quotes per theme")
        self.template = PathField(
            "Word template", "Word templates (*.docx *.dotx)", save=False, parent=self
        )
        self.template.edit.setPlaceholderText("Optional: your organisation's .docx or .dotx")
        self.output = PathField(
            "Save summary as", "Word documents (*.docx)", save=True, value=suggested, parent=self
        )

        options = QGroupBox("Options", self)
        form = QFormLayout(options)
        form.addRow("T&itle:", self.title)
        form.addRow("&Quotes:", self.order)
        form.addRow("At most per t&heme:", self.max_quotes)
        form.addRow("&Cite coders:", self.cite_coder)
        form.addRow("&Layout:", self.layout_choice)
        for box in (
            self.definitions,
            self.memos,
            self.context,
            self.matrix,
            self.charts,
            self.appendix,
        ):
            form.addRow("", box)
        form.addRow("Te&mplate:", self.template)
        form.addRow("&Save as:", self.output)
        form.addRow("", self.pdf)
        form.addRow("", self.pdf_note)

        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #a33;")
        self.buttons = ok_cancel(self, "Export")

        layout = QVBoxLayout(self)
        layout.addWidget(self.scope_picker, 1)
        layout.addWidget(options)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        size_to_parent(self, 1040, 680)  # four scope boxes side by side

        self.scope_picker.changed.connect(self._validate)
        self.output.edit.textChanged.connect(self._validate)
        self.template.edit.textChanged.connect(self._validate)
        self._validate()

    def set_pdf_available(self, available: bool) -> None:
        """Without LibreOffice the PDF box is off, and the note says what to do instead."""
        self.pdf.setEnabled(available)
        if not available:
            self.pdf.setChecked(False)
            self.pdf_note.setText(
                "A PDF needs LibreOffice, which is not installed. Install it from "
                "libreoffice.org (free) and reopen this dialog, or open the Word file and use "
                "File \u25b8 Save as \u25b8 PDF."
            )
        self.pdf_note.setVisible(not available)

    def pdf_path(self) -> Path | None:
        """Where the PDF goes (beside the .docx), or None when not asked for."""
        out = self.output.path()
        if not self.pdf.isChecked() or out is None:
            return None
        return out.with_suffix(".pdf")

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _validate(self) -> None:
        problem = self.scope_picker.problem()
        out = self.output.path()
        template = self.template.path()
        if problem is None and out is None:
            problem = "Choose where to save the summary."
        elif problem is None and out is not None and out.suffix.lower() != ".docx":
            problem = "The summary's file name should end in .docx."
        elif problem is None and template is not None and not template.is_file():
            problem = "The template file does not exist."
        self.problem.setText(problem or "")
        self.ok_button.setEnabled(problem is None)

    def options(self) -> SummaryOptions:
        top = self.max_quotes.value()
        return SummaryOptions(
            scope=self.scope_picker.scope(),
            title=self.title.text().strip(),
            include_definitions=self.definitions.isChecked(),
            include_memos=self.memos.isChecked(),
            order=self.order.currentData(),
            max_quotes=top or None,
            include_context=self.context.isChecked(),
            template=self.template.path(),
            include_matrix=self.matrix.isChecked(),
            include_appendix=self.appendix.isChecked(),
            cite_coder=self.cite_coder.currentData(),
            layout=self.layout_choice.currentData(),
            include_charts=self.charts.isChecked(),
        )

    def output_path(self) -> Path:
        path = self.output.path()
        assert path is not None, "the Export button is disabled without a path"
        return path

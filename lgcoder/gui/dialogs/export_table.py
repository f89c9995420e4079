"""The "Export table…" dialog: coded passages or the codebook, as Excel, CSV or Word.

Like the summary dialog it only gathers choices; :mod:`lgcoder.gui.actions_export` runs the
same exporter ``lgcoder export csv|xlsx|codebook`` uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lgcoder.exporters.options import TableOptions
from lgcoder.exporters.scope import ScopeChoices
from lgcoder.gui.dialogs.buttons import ok_cancel
from lgcoder.gui.dialogs.export_scope import ScopePicker
from lgcoder.gui.dialogs.export_summary import PathField
from lgcoder.gui.dialogs.sizing import size_to_parent


@dataclass(frozen=True)
class TableFormat:
    label: str
    what: str  # passages | codebook
    suffix: str


FORMATS = (
    TableFormat("Coded passages — Excel workbook (.xlsx)", "passages", ".xlsx"),
    TableFormat("Coded passages — CSV (.csv)", "passages", ".csv"),
    TableFormat("Codebook — Word document (.docx)", "codebook", ".docx"),
    TableFormat("Codebook — Excel workbook (.xlsx)", "codebook", ".xlsx"),
    TableFormat("Codebook — CSV (.csv)", "codebook", ".csv"),
)


class ExportTableDialog(QDialog):
    def __init__(
        self, choices: ScopeChoices, suggested: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export table")
        self.format = QComboBox(self)
        self.format.setAccessibleName("What to export")
        for fmt in FORMATS:
            self.format.addItem(fmt.label, fmt)
        self.scope_picker = ScopePicker(choices, self, narrowing=True)
        self.exact = QCheckBox("Keep the &exact stored text (no reflowing or cleaning)", self)
        self.output = PathField(
            "Save table as", "Tables (*.xlsx *.csv *.docx)", save=True, value=suggested, parent=self
        )
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #a33;")
        self.buttons = ok_cancel(self, "Export")
        form = QFormLayout()
        form.addRow("&Export:", self.format)
        form.addRow("", self.exact)
        form.addRow("&Save as:", self.output)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.scope_picker, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        size_to_parent(self, 1040, 560)  # four scope boxes side by side
        self.format.currentIndexChanged.connect(self._format_changed)
        self.scope_picker.changed.connect(self._validate)
        self.output.edit.textChanged.connect(self._validate)
        self._format_changed()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def chosen_format(self) -> TableFormat:
        fmt: TableFormat = self.format.currentData()
        return fmt

    def _format_changed(self) -> None:
        fmt = self.chosen_format()
        passages = fmt.what == "passages"
        # The codebook lists every code; only the coders' counts can be narrowed.
        self.scope_picker.codes.setEnabled(passages)
        self.scope_picker.documents.setEnabled(passages)
        if self.scope_picker.narrowing is not None:
            self.scope_picker.narrowing.setEnabled(passages)
        self.exact.setEnabled(passages)
        path = self.output.path()
        if path is not None and path.suffix.lower() != fmt.suffix:
            self.output.edit.setText(str(path.with_suffix(fmt.suffix)))
        self._validate()

    def _validate(self) -> None:
        fmt = self.chosen_format()
        problem = self.scope_picker.problem()
        path = self.output.path()
        if problem is None and path is None:
            problem = "Choose where to save the table."
        elif problem is None and path is not None and path.suffix.lower() != fmt.suffix:
            problem = f"The file name should end in {fmt.suffix}."
        self.problem.setText(problem or "")
        self.ok_button.setEnabled(problem is None)

    def options(self) -> TableOptions:
        return TableOptions(scope=self.scope_picker.scope(), exact_text=self.exact.isChecked())

    def output_path(self) -> Path:
        path = self.output.path()
        assert path is not None, "the Export button is disabled without a path"
        return path

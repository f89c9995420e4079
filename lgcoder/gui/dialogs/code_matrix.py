"""The code matrix dialog (Coding ▸ Code matrix…): themes × documents, cases, speakers or coders.

Cells are shaded by count, like MAXQDA's Code Matrix Browser, so the heavy themes and the quiet
voices stand out before the lead author starts writing. Double-click a row to see its passages
in the coded-segments panel; "Save as CSV…" hands the table to a spreadsheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from lgcoder.analysis.matrix import CodeMatrix
from lgcoder.core.errors import LgcoderError
from lgcoder.exporters.files import save_atomically
from lgcoder.exporters.tables import write_csv
from lgcoder.gui.dialogs.export_finished import export_finished
from lgcoder.gui.dialogs.project_bound import ProjectBinding

if TYPE_CHECKING:
    from lgcoder.gui.workbench import Workbench

COLUMNS = (
    ("Documents", "document"),
    ("Cases", "case"),
    ("Speakers", "speaker"),
    ("Coders", "coder"),
)


class CodeMatrixDialog(QDialog):
    def __init__(self, window: Workbench) -> None:
        super().__init__(window.as_widget())
        self.workbench = window
        self.matrix: CodeMatrix | None = None
        self.guid_of_row: list[str] = []
        self.setWindowTitle("Code matrix")
        self.resize(900, 520)
        self.by = QComboBox(self)
        self.by.setAccessibleName("Columns of the matrix")
        for label, key in COLUMNS:
            self.by.addItem(label, key)
        self.by.currentIndexChanged.connect(self.refresh)
        self.rollup = QCheckBox("Count sub-themes in their parent", self)
        self.rollup.setChecked(True)
        self.rollup.toggled.connect(self.refresh)
        save = QPushButton("Save as &CSV…", self)
        save.clicked.connect(self.save_csv)
        top = QHBoxLayout()
        top.addWidget(QLabel("Themes by", self))
        top.addWidget(self.by)
        top.addWidget(self.rollup)
        top.addStretch(1)
        top.addWidget(save)
        self.table = QTableWidget(self)
        self.table.setAccessibleName("Coded passages per theme")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(self.show_passages)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(close)
        # counts follow every coding, undo or merge while the matrix is open
        ProjectBinding(self, window.hub, self._forget, on_change=self.refresh)
        self.refresh()

    def _forget(self) -> None:
        if self.workbench.code_matrix_dialog is self:
            self.workbench.code_matrix_dialog = None

    def refresh(self) -> None:
        service = self.workbench.service
        if service is None:
            return
        try:
            self.matrix = service.analysis.code_matrix(
                self.by.currentData(), rollup=self.rollup.isChecked()
            )
        except LgcoderError as exc:
            self.note.setText(str(exc))
            return
        m = self.matrix
        self.guid_of_row = [n.guid for n in service.flat_codes()]
        self.table.clear()
        self.table.setRowCount(len(m.rows))
        self.table.setColumnCount(len(m.columns) + 1)
        self.table.setHorizontalHeaderLabels([*m.columns, "Total"])
        self.table.setVerticalHeaderLabels(
            ["    " * row.count("/") + row.rsplit("/", 1)[-1] for row in m.rows]
        )
        peak = max((m.count(r, c) for r in m.rows for c in m.columns), default=0) or 1
        base = self.palette().color(self.backgroundRole())
        dark = base.lightness() < 128
        for i, row in enumerate(m.rows):
            for j, column in enumerate([*m.columns, None]):
                n = m.row_total(row) if column is None else m.count(row, column)
                item = QTableWidgetItem(str(n) if n else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column is not None and n:
                    shade = QColor(68, 119, 170)  # the codebook's blue
                    shade.setAlphaF(0.15 + 0.6 * n / peak)
                    item.setBackground(QBrush(shade))
                    if dark or n / peak > 0.6:
                        item.setForeground(QBrush(QColor("white")))
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        what = self.by.currentText().lower()
        empty = not m.columns
        self.note.setText(
            f"No {what} to show yet."
            if empty
            else f"Each cell counts coded passages; rows include their sub-themes: "
            f"{'yes' if self.rollup.isChecked() else 'no'}. Double-click a row to read them."
        )

    def show_passages(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.guid_of_row):
            self.workbench.codebook.select_guids([self.guid_of_row[row]])

    def save_csv(self, path: str | None = None) -> Path | None:
        if self.matrix is None:
            return None
        if not path:
            suggested = str(self.workbench.settings.export_folder() / "code matrix.csv")
            path, _ = QFileDialog.getSaveFileName(self, "Save the matrix", suggested, "CSV (*.csv)")
        if not path:
            return None
        m = self.matrix
        out = Path(path)
        rows = [[row, *(m.count(row, c) for c in m.columns), m.row_total(row)] for row in m.rows]
        save_atomically(out, lambda tmp: write_csv(tmp, ["code", *m.columns, "total"], rows))
        self.workbench.settings.remember_export(out)
        export_finished(self, out, f"Matrix saved as {out.name}")
        return out


def open_code_matrix(window: Workbench) -> CodeMatrixDialog:
    dialog = CodeMatrixDialog(window)
    window.code_matrix_dialog = dialog
    dialog.show()
    return dialog

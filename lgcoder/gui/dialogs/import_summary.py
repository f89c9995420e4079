"""What happened to each file of an import: imported, failed (and why), or cancelled."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lgcoder.core.words import counted
from lgcoder.gui.import_controller import ImportReport

_STATUS = {"imported": "✓ imported", "failed": "✗ failed", "cancelled": "– cancelled"}


class ImportSummaryDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import summary")
        ok = len(report.imported)
        failed = len(report.by_status("failed"))
        cancelled = len(report.by_status("cancelled"))
        head = f"{counted(ok, 'file')} imported"
        if failed:
            head += f", {failed} failed"
        if cancelled:
            head += f", {cancelled} not imported (cancelled)"
        self.headline = QLabel(head + ".", self)
        self.table = QTableWidget(len(report.results), 3, self)
        self.table.setAccessibleName("Import results per file")
        self.table.setHorizontalHeaderLabels(["File", "Result", "Details"])
        self.table.verticalHeader().setVisible(False)
        for row, result in enumerate(report.results):
            for col, text in enumerate(
                (result.name, _STATUS.get(result.status, result.status), result.message)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        buttons.accepted.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 320)

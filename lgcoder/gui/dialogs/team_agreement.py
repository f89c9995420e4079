"""The inter-coder agreement dialog: pick coders and unit, see a table per code plus the pooled
row, with low-agreement codes highlighted, and export it to CSV or Word.

The dialog holds no database state: it asks its ``compute`` callback (which runs the statistics
on the task runner) and displays the :class:`~lgcoder.team.agreement.AgreementResult` it gets.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lgcoder.team.agreement import LOW_AGREEMENT, AgreementResult
from lgcoder.team.agreement_export import header, rows, scope_note

LOW_BRUSH = QBrush(QColor("#f8d7a0"))


class AgreementDialog(QDialog):
    def __init__(
        self,
        coders: list[str],
        compute: Callable[[list[str], str], None],
        export: Callable[[AgreementResult, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inter-coder agreement")
        self.setObjectName("agreementDialog")
        self.agreement: AgreementResult | None = None
        self._compute = compute
        self._export = export
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.coder_list = QListWidget()
        self.coder_list.setObjectName("agreementCoders")
        for name in coders:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.coder_list.addItem(item)
        self.coder_list.setMaximumHeight(110)
        top.addWidget(QLabel("Coders:"))
        top.addWidget(self.coder_list, 1)
        self.unit = QComboBox()
        self.unit.setObjectName("agreementUnit")
        self.unit.addItem("Characters", "char")
        self.unit.addItem("Paragraphs / speaker turns", "segment")
        top.addWidget(QLabel("Unit:"))
        top.addWidget(self.unit)
        self.run_button = QPushButton("&Compute")
        self.run_button.setObjectName("computeAgreement")
        self.run_button.clicked.connect(self.compute)
        top.addWidget(self.run_button)
        layout.addLayout(top)
        self.scope = QLabel("")
        self.scope.setWordWrap(True)
        layout.addWidget(self.scope)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("agreementTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        legend = QLabel(f"Highlighted: kappa or alpha below {LOW_AGREEMENT}. Blank: undefined.")
        bottom.addWidget(legend, 1)
        self.csv_button = QPushButton("Export &CSV…")
        self.docx_button = QPushButton("Export &Word…")
        for button, fmt in ((self.csv_button, "csv"), (self.docx_button, "docx")):
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, f=fmt: self._export_as(f))
            bottom.addWidget(button)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.resize(820, 480)

    def chosen_coders(self) -> list[str]:
        items = (self.coder_list.item(i) for i in range(self.coder_list.count()))
        return [it.text() for it in items if it.checkState() == Qt.CheckState.Checked]

    def compute(self) -> None:
        coders = self.chosen_coders()
        if len(coders) < 2:
            self.scope.setText("Tick at least two coders to compare.")
            return
        self.scope.setText("Computing…")
        self.run_button.setEnabled(False)
        self._compute(coders, str(self.unit.currentData()))

    def failed(self, message: str) -> None:
        self.run_button.setEnabled(True)
        self.scope.setText(message)

    def show_result(self, result: AgreementResult) -> None:
        self.agreement = result
        self.run_button.setEnabled(True)
        self.scope.setText(scope_note(result))
        head = header(result)
        body = rows(result)
        self.table.clear()
        self.table.setColumnCount(len(head))
        self.table.setHorizontalHeaderLabels(head)
        self.table.setRowCount(len(body))
        stats = [s for _p, s in result.codes] + [result.pooled]
        for r, (values, st) in enumerate(zip(body, stats, strict=True)):
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if st.low():
                    item.setBackground(LOW_BRUSH)
                if r == len(body) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        for button in (self.csv_button, self.docx_button):
            button.setEnabled(True)

    def low_rows(self) -> list[str]:
        if self.agreement is None:
            return []
        return [p for p, s in self.agreement.codes if s.low()]

    def _export_as(self, fmt: str) -> None:
        if self.agreement is not None:
            self._export(self.agreement, fmt)

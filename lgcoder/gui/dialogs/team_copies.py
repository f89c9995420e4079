"""Ask for the coders to prepare copies for, and the folder to write them to."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from lgcoder.gui.dialogs.buttons import ok_cancel


class PrepareCopiesDialog(QDialog):
    def __init__(self, coders: list[str], folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Prepare coder copies")
        self.setObjectName("prepareCopies")
        form = QFormLayout(self)
        self.names = QLineEdit(", ".join(coders))
        self.names.setObjectName("copyCoders")
        self.names.setPlaceholderText("Ann, Ben, Cat")
        form.addRow("Coders (comma separated):", self.names)
        row = QHBoxLayout()
        self.folder = QLineEdit(folder)
        self.folder.setObjectName("copyFolder")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow("Write the copies to:", row)
        buttons = ok_cancel(self)
        form.addRow(buttons)

    def coders(self) -> list[str]:
        return [n for n in (" ".join(x.split()) for x in self.names.text().split(",")) if n]

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the copies", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

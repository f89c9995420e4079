"""The "Export finished" box: says what was written and where, and offers Open / Show in folder.

A file the researcher cannot find is as good as no file, so the box names the folder and lets
them open the export or its folder at once (through :mod:`lgcoder.gui.desktop`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from lgcoder.gui import desktop


def export_finished(parent: QWidget, path: Path, text: str, pdf: Path | None = None) -> QMessageBox:
    """Show the window-modal, non-blocking box; returns it so tests can press its buttons.

    *pdf*, when a PDF was rendered beside the file, gets its own "Open PDF" button.
    """
    path = Path(path)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Export finished")
    box.setText(text[:1].upper() + text[1:])
    box.setInformativeText(f"Saved in the folder {path.parent}")
    box.setObjectName("exportMessage")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    open_button = box.addButton("&Open", QMessageBox.ButtonRole.AcceptRole)
    open_button.setObjectName("openExport")
    pdf_button = None
    if pdf is not None:
        pdf_button = box.addButton("Open &PDF", QMessageBox.ButtonRole.AcceptRole)
        pdf_button.setObjectName("openExportPdf")
    folder_button = box.addButton("Show in &folder", QMessageBox.ButtonRole.ActionRole)
    folder_button.setObjectName("showExportFolder")
    close_button = box.addButton(QMessageBox.StandardButton.Close)
    close_button.setObjectName("closeExportMessage")
    box.setDefaultButton(open_button)
    box.setEscapeButton(close_button)

    def clicked(button: object) -> None:
        if button is open_button:
            desktop.open_file(path)
        elif pdf is not None and button is pdf_button:
            desktop.open_file(pdf)
        elif button is folder_button:
            desktop.show_in_folder(path)

    box.buttonClicked.connect(clicked)
    box.open()
    return box

"""The main window (minimal for now: the workbench issue fills it in)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox

from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.setWindowTitle("lgcoder")
        self.resize(1200, 800)
        self.setCentralWidget(QLabel("Open or create a project (File menu)."))
        menu = self.menuBar().addMenu("&File")
        menu.addAction("&Open project…", self._ask_open)

    def _ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "", "lgcoder projects (*.lgc)")
        if path:
            self.open_project_path(path)

    def open_project_path(self, path: str) -> None:
        try:
            project = Project.open(path, backup=True)
        except LgcoderError as exc:
            QMessageBox.warning(self, "Cannot open project", str(exc))
            return
        if self.project is not None:
            self.project.close()
        self.project = project
        self.setWindowTitle(f"{Path(path).stem} — lgcoder")

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.project is not None:
            self.project.close()
        super().closeEvent(event)

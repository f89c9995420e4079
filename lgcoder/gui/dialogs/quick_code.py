"""The quick-code box (Ctrl+E): type a few letters of a code, Enter codes the selection.

Matching is by substring, case-insensitive, over full paths ("fund" finds "barriers/funding").
A name that matches no code offers to create it and code with it in one step.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget


class QuickCodeBox(QDialog):
    codeChosen = Signal(str)  # code guid
    newCodeRequested = Signal(str)  # a name no code has

    def __init__(self, paths: dict[str, str], parent: QWidget | None = None) -> None:
        """*paths*: code path -> guid."""
        super().__init__(parent, Qt.WindowType.Popup)
        self.setAccessibleName("Quick code")
        self.paths = paths
        self._lower = {p.lower(): g for p, g in paths.items()}
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName("Code name")
        self.edit.setPlaceholderText("Code as… (type to search, Enter to apply)")
        self.edit.setMinimumWidth(360)
        model = QStringListModel(sorted(paths, key=str.lower), self)
        self.completer = QCompleter(model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.edit.setCompleter(self.completer)
        self.hint = QLabel("Enter applies the code; a new name creates it.", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.edit.returnPressed.connect(self.accept_text)
        self.completer.activated.connect(self._completed)

    def _completed(self, text: str) -> None:
        self.edit.setText(text)
        self.accept_text()

    def accept_text(self) -> None:
        text = " ".join(self.edit.text().split()).strip("/ ")
        if not text:
            self.reject()
            return
        guid = self._lower.get(text.lower())
        if guid is None:
            matches = [g for p, g in self._lower.items() if text.lower() in p]
            current = self.completer.currentCompletion()
            if self.completer.popup().isVisible() and current:
                guid = self._lower.get(current.lower())
            elif len(matches) == 1:
                guid = matches[0]
        self.completer.popup().hide()
        if guid is not None:
            self.codeChosen.emit(guid)
        else:
            self.newCodeRequested.emit(text)
        self.accept()

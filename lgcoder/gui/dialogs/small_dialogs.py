"""Small modal forms: a new code, two coders to compare, and the settings."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from lgcoder.gui.dialogs.buttons import ok_cancel


class NewCodeDialog(QDialog):
    """Name, colour and definition of a new code (under *parent_path* when given)."""

    def __init__(self, parent_path: str | None, color: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New sub-code" if parent_path else "New code")
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Code name")
        self.color = color
        self.color_button = QPushButton(self)
        self.color_button.setAccessibleName("Code colour")
        self.color_button.clicked.connect(self._pick)
        self.description = QPlainTextEdit(self)
        self.description.setAccessibleName("Definition")
        self.description.setPlaceholderText("When should a passage get this code?")
        self.description.setMaximumHeight(90)
        form = QFormLayout(self)
        if parent_path:
            form.addRow("Under:", QLabel(parent_path, self))
        form.addRow("&Name:", self.name)
        form.addRow("&Colour:", self.color_button)
        form.addRow("&Definition:", self.description)
        buttons = ok_cancel(self)
        form.addRow(buttons)
        self._show_color()

    def _show_color(self) -> None:
        self.color_button.setText(self.color)
        self.color_button.setStyleSheet(f"background:{self.color}; color: white;")

    def _pick(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color), self, "Code colour")
        if chosen.isValid():
            self.color = chosen.name()
            self._show_color()

    def values(self) -> tuple[str, str, str]:
        return self.name.text().strip(), self.color, self.description.toPlainText().strip()


class CompareCodersDialog(QDialog):
    def __init__(self, coders: list[tuple[str, str]], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare coders")
        self.left = QComboBox(self)
        self.right = QComboBox(self)
        for box in (self.left, self.right):
            for guid, name in coders:
                box.addItem(name, guid)
        if len(coders) > 1:
            self.right.setCurrentIndex(1)
        form = QFormLayout(self)
        form.addRow(QLabel("Show two coders' stripes side by side; red marks disagreements."))
        form.addRow("&First coder (left):", self.left)
        form.addRow("&Second coder (right):", self.right)
        buttons = ok_cancel(self)
        form.addRow(buttons)

    def pair(self) -> tuple[str, str]:
        return str(self.left.currentData()), str(self.right.currentData())


class SettingsDialog(QDialog):
    def __init__(self, font_size: int, theme: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.font_size = QSpinBox(self)
        self.font_size.setRange(0, 32)
        self.font_size.setSpecialValueText("System default")
        self.font_size.setValue(font_size)
        self.font_size.setAccessibleName("Font size")
        self.theme = QComboBox(self)
        self.theme.setAccessibleName("Theme")
        for label, value in (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark")):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(theme)))
        form = QFormLayout(self)
        form.addRow("&Font size (points):", self.font_size)
        form.addRow("&Theme:", self.theme)
        buttons = ok_cancel(self)
        form.addRow(buttons)

    def values(self) -> tuple[int, str]:
        return self.font_size.value(), str(self.theme.currentData())

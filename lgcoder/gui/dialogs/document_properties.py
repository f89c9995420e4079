"""The properties of one document (or case): a table of its attribute values, editable in place.

This is NVivo's classification sheet for one row, MAXQDA's document-variables editor. Each value
gets an editor that suits its type (a yes/no box for booleans, a hint for dates and numbers),
and every value is checked with the core's own rules before OK is allowed, so a refused value
is shown against its row instead of failing half-way through writing.

The dialog holds no Session: it gets the rows and a ``validate(type, value, name)`` function,
and hands back the edits; the caller turns them into one undoable command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lgcoder.core.errors import LgcoderError
from lgcoder.gui.dialogs.buttons import ok_cancel

Validate = Callable[[str, str, str], str]
TYPES = (
    ("text", "Text"),
    ("number", "Number"),
    ("date", "Date (YYYY-MM-DD)"),
    ("boolean", "Yes/no"),
)
_HINTS = {"number": "a number, e.g. 12 or 3.5", "date": "YYYY-MM-DD", "text": ""}


@dataclass
class PropertyRow:
    attribute_guid: str | None  # None: an attribute added in this dialog
    name: str
    value_type: str
    value: str
    #: Shown greyed in an empty value: what is used when it stays empty (a document's title).
    placeholder: str = ""


class NewAttributeDialog(QDialog):
    """Name and type of a new attribute."""

    def __init__(self, taken: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New attribute")
        self.taken = taken
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. region, council type, date held")
        self.kind = QComboBox(self)
        for key, label in TYPES:
            self.kind.addItem(label, key)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #cc3311")
        buttons = ok_cancel(self)
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow("&Type:", self.kind)
        form.addRow(self.problem)
        form.addRow(buttons)

    def accept(self) -> None:
        name = " ".join(self.name.text().split())
        if not name:
            self.problem.setText("The attribute needs a name.")
        elif "=" in name:
            self.problem.setText("A name cannot contain '='.")
        elif name.casefold() in self.taken:
            self.problem.setText(f"There is already an attribute named “{name}”.")
        else:
            super().accept()

    def values(self) -> tuple[str, str]:
        return " ".join(self.name.text().split()), str(self.kind.currentData())


class PropertiesDialog(QDialog):
    def __init__(
        self,
        title: str,
        rows: Sequence[PropertyRow],
        validate: Validate,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("propertiesDialog")
        self.validate = validate
        self.rows: list[PropertyRow] = []
        self.original: list[str] = []
        self.editors: list[QLineEdit | QComboBox] = []
        self.ask_new_attribute: Callable[[], tuple[str, str] | None] = self._ask_new_attribute

        self.intro = QLabel(
            "Each value is checked against its attribute's type. Leave a value empty for none.",
            self,
        )
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("propertiesTable")
        self.table.setAccessibleName("Attribute values")
        self.table.setHorizontalHeaderLabels(["Attribute", "Type", "Value"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("No attributes yet. Use “New attribute…” to add one.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #cc3311")
        self.new_button = QPushButton("&New attribute…", self)
        self.new_button.clicked.connect(self._new_attribute)
        buttons = ok_cancel(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.new_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.problem)
        layout.addLayout(bottom)
        for row in rows:
            self._add_row(row)
        self._update_empty()
        self.table.verticalHeader().setDefaultSectionSize(
            max(self.table.verticalHeader().defaultSectionSize(), QComboBox().sizeHint().height())
        )
        self.resize(520, 360)

    # -- rows ------------------------------------------------------------------------------

    def _add_row(self, row: PropertyRow) -> None:
        index = self.table.rowCount()
        self.table.insertRow(index)
        name = QTableWidgetItem(row.name)
        kind = QTableWidgetItem(dict(TYPES).get(row.value_type, row.value_type).split(" (")[0])
        for item in (name, kind):
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        if row.attribute_guid is None:
            name.setToolTip("New: created when you press OK")
            font = name.font()
            font.setItalic(True)
            name.setFont(font)
        self.table.setItem(index, 0, name)
        self.table.setItem(index, 1, kind)
        editor: QLineEdit | QComboBox
        if row.value_type == "boolean":
            editor = QComboBox(self.table)
            for label, data in (("", ""), ("Yes", "true"), ("No", "false")):
                editor.addItem(label, data)
            editor.setCurrentIndex(max(0, editor.findData(row.value)))
        else:
            editor = QLineEdit(row.value, self.table)
            editor.setPlaceholderText(row.placeholder or _HINTS.get(row.value_type, ""))
            editor.setFrame(False)
        editor.setAccessibleName(f"Value of {row.name}")
        self.table.setCellWidget(index, 2, editor)
        self.rows.append(row)
        self.original.append(row.value)
        self.editors.append(editor)

    def _update_empty(self) -> None:
        self.empty.setVisible(not self.rows)

    def value_of(self, index: int) -> str:
        editor = self.editors[index]
        if isinstance(editor, QComboBox):
            return str(editor.currentData() or "")
        return editor.text()

    def set_value(self, name: str, value: str) -> None:
        """Type *value* into the row of attribute *name* (used by keyboard users and tests)."""
        index = next(i for i, r in enumerate(self.rows) if r.name.casefold() == name.casefold())
        editor = self.editors[index]
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        else:
            editor.setText(value)

    def add_attribute(self, name: str, value_type: str) -> None:
        self._add_row(PropertyRow(None, name, value_type, ""))
        self._update_empty()
        self.editors[-1].setFocus()

    def _ask_new_attribute(self) -> tuple[str, str] | None:
        dialog = NewAttributeDialog({r.name.casefold() for r in self.rows}, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def _new_attribute(self) -> None:
        answer = self.ask_new_attribute()
        if answer is not None:
            self.add_attribute(*answer)

    # -- result ----------------------------------------------------------------------------

    def edits(self) -> list[tuple[str | None, str, str, str]]:
        """(attribute guid or None, name, type, value) for every new attribute or changed value."""
        out = []
        for i, row in enumerate(self.rows):
            value = self.value_of(i).strip()
            offered = row.attribute_guid is None and row.placeholder and not value
            if offered:  # a suggested row left empty: nothing to create
                continue
            if row.attribute_guid is None or value != self.original[i]:
                out.append((row.attribute_guid, row.name, row.value_type, value))
        return out

    def accept(self) -> None:
        """Check every value with the core's rules; point at the first bad one instead of closing."""
        for i, row in enumerate(self.rows):
            try:
                self.validate(row.value_type, self.value_of(i), row.name)
            except LgcoderError as exc:  # the core's AttributeValueError, shown as written
                message = str(exc)
                self.problem.setText(message[:1].upper() + message[1:])
                self.editors[i].setFocus()
                self.table.scrollTo(self.table.model().index(i, 0))
                return
        self.problem.clear()
        super().accept()

"""Choose what an export covers: themes (a tree with checkboxes), documents and coders, and
(where asked for, as in the Charts window) cases and document attributes.

Fed with plain :class:`~lgcoder.exporters.scope.ScopeChoices` and answering with a
:class:`~lgcoder.exporters.options.Scope`, so the widget never sees a Session. Everything
ticked means "no filter": a report of the whole project says so in its scope line instead of
listing every document by name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lgcoder.exporters.options import Scope
from lgcoder.exporters.scope import ScopeChoices

PATH_ROLE = Qt.ItemDataRole.UserRole
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def _top_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    items = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return [item for item in items if item is not None]


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    kids = (item.child(i) for i in range(item.childCount()))
    return [kid for kid in kids if kid is not None]


def _all_none_buttons(parent: QWidget, on_all: object, on_none: object) -> QHBoxLayout:
    row = QHBoxLayout()
    for label, slot in (("All", on_all), ("None", on_none)):
        button = QPushButton(label, parent)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
    row.addStretch(1)
    return row


#: The attribute filter's first entry: no filter on that attribute.
ANY = "(any)"


class ScopePicker(QWidget):
    """Checkable lists side by side; ``changed`` fires whenever a tick changes.

    With *narrowing*, a fourth box narrows to the documents of ticked cases and to documents
    with chosen attribute values, the export scope's ``cases`` and ``attributes``.
    """

    changed = Signal()

    def __init__(
        self, choices: ScopeChoices, parent: QWidget | None = None, *, narrowing: bool = False
    ) -> None:
        super().__init__(parent)
        self.cases: QListWidget | None = None
        self.attributes: dict[str, QComboBox] = {}
        #: the cases-and-attributes box, when asked for
        self.narrowing: QGroupBox | None = None
        self.codes = QTreeWidget(self)
        self.codes.setHeaderLabels(["Theme", "Passages"])
        self.codes.setAccessibleName("Themes to include")
        self.codes.setColumnWidth(0, 220)
        head = self.codes.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.codes.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.codes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fill_codes(choices)
        self.documents = self._checklist(choices.documents, "Documents to include")
        self.coders = self._checklist(choices.coders, "Coders to include")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, widget, stretch in (
            ("&Themes (a theme includes its sub-themes)", self.codes, 3),
            ("&Documents", self.documents, 3),
            ("C&oders", self.coders, 1),
        ):
            box = QGroupBox(title, self)
            inner = QVBoxLayout(box)
            inner.addWidget(widget)
            inner.addLayout(
                _all_none_buttons(
                    box, lambda _=False, w=widget: self._set_all(w, CHECKED),
                    lambda _=False, w=widget: self._set_all(w, UNCHECKED),
                )
            )  # fmt: skip
            layout.addWidget(box, stretch)
        if narrowing:
            self.narrowing = self._narrowing(choices)
            layout.addWidget(self.narrowing, 2)
        self.codes.itemChanged.connect(lambda *_: self.changed.emit())
        self.documents.itemChanged.connect(lambda *_: self.changed.emit())
        self.coders.itemChanged.connect(lambda *_: self.changed.emit())

    def _narrowing(self, choices: ScopeChoices) -> QGroupBox:
        """Cases (none ticked: every document) and one value list per document attribute."""
        box = QGroupBox("Cases and attri&butes", self)
        inner = QVBoxLayout(box)
        if not choices.cases and not choices.attributes:
            hint = QLabel("This project has no cases or document attributes yet.", box)
            hint.setWordWrap(True)
            inner.addWidget(hint)
            inner.addStretch(1)
            return box
        if choices.cases:
            self.cases = QListWidget(box)
            self.cases.setAccessibleName("Only documents of these cases")
            self.cases.setToolTip("Tick cases to count only their documents; none: every document")
            self.cases.setTextElideMode(Qt.TextElideMode.ElideRight)
            for name in choices.cases:
                item = QListWidgetItem(name, self.cases)
                item.setToolTip(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(UNCHECKED)
            self.cases.itemChanged.connect(lambda *_: self.changed.emit())
            inner.addWidget(QLabel("Only documents of the ticked cases:", box))
            inner.addWidget(self.cases, 1)
        if choices.attributes:
            form = QFormLayout()
            for name, values in choices.attributes:
                combo = QComboBox(box)
                combo.setAccessibleName(f"Documents whose {name} is")
                combo.addItems([ANY, *values])
                combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
                self.attributes[name] = combo
                form.addRow(f"{name}:", combo)
            inner.addLayout(form)
        return box

    def _fill_codes(self, choices: ScopeChoices) -> None:
        parents: list[QTreeWidgetItem] = []
        for path, name, depth, description, codings in choices.codes:
            parents = parents[:depth]
            owner = parents[-1] if parents else None
            item = QTreeWidgetItem([name, str(codings)])
            item.setData(0, PATH_ROLE, path)
            item.setToolTip(0, description or "No definition yet")
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            item.setFlags(
                item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate
            )
            item.setCheckState(0, CHECKED)
            if owner is None:
                self.codes.addTopLevelItem(item)
            else:
                owner.addChild(item)
            parents.append(item)
        self.codes.expandAll()

    def _checklist(self, names: list[str], accessible: str) -> QListWidget:
        widget = QListWidget(self)
        widget.setAccessibleName(accessible)
        # long names are shortened in the middle, never scrolled sideways: files of one study
        # often differ only at the end ("…-session1.docx", "…-session2.docx"), which must stay
        # readable in a narrow list; the full name is in the tooltip
        widget.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.setUniformItemSizes(True)
        for name in names:
            item = QListWidgetItem(name, widget)
            item.setToolTip(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(CHECKED)
        return widget

    @staticmethod
    def _set_all(widget: QWidget, state: Qt.CheckState) -> None:
        if isinstance(widget, QTreeWidget):
            for item in _top_items(widget):
                item.setCheckState(0, state)
        elif isinstance(widget, QListWidget):
            for i in range(widget.count()):
                widget.item(i).setCheckState(state)

    # -- reading the choice ------------------------------------------------------------------

    def code_item(self, path: str) -> QTreeWidgetItem | None:
        """The tree item for a code path (tests and "export this theme" shortcuts use it)."""
        stack = _top_items(self.codes)
        while stack:
            item = stack.pop()
            if item.data(0, PATH_ROLE) == path:
                return item
            stack.extend(_children(item))
        return None

    def chosen_codes(self) -> tuple[str, ...] | None:
        """Code paths to filter on; () for every theme, None when nothing is ticked."""
        roots = _top_items(self.codes)
        if roots and all(r.checkState(0) == CHECKED for r in roots):
            return ()
        chosen: list[str] = []

        def visit(item: QTreeWidgetItem) -> None:
            state = item.checkState(0)
            if state == CHECKED:
                chosen.append(str(item.data(0, PATH_ROLE)))  # its sub-themes come with it
            elif state == Qt.CheckState.PartiallyChecked:
                for child in _children(item):
                    visit(child)

        for root in roots:
            visit(root)
        return tuple(chosen) if chosen else None

    @staticmethod
    def _chosen(widget: QListWidget) -> tuple[str, ...] | None:
        items = [widget.item(i) for i in range(widget.count())]
        ticked = tuple(i.text() for i in items if i.checkState() == CHECKED)
        if len(ticked) == len(items):
            return ()
        return ticked or None

    def problem(self) -> str | None:
        """Why the current choice cannot be exported, in words; None when it can."""
        if self.codes.topLevelItemCount() and self.chosen_codes() is None:
            return "Tick at least one theme."
        if self.documents.count() and self._chosen(self.documents) is None:
            return "Tick at least one document."
        if self.coders.count() and self._chosen(self.coders) is None:
            return "Tick at least one coder."
        return None

    def chosen_cases(self) -> tuple[str, ...]:
        """Ticked cases; () when none is (no case filter)."""
        if self.cases is None:
            return ()
        items = [self.cases.item(i) for i in range(self.cases.count())]
        return tuple(i.text() for i in items if i.checkState() == CHECKED)

    def chosen_attributes(self) -> tuple[tuple[str, str], ...]:
        """(attribute, value) pairs a document must all have; "(any)" adds none."""
        return tuple(
            (name, combo.currentText())
            for name, combo in self.attributes.items()
            if combo.currentIndex() > 0
        )

    def scope(self) -> Scope:
        return Scope(
            codes=self.chosen_codes() or (),
            documents=self._chosen(self.documents) or (),
            coders=self._chosen(self.coders) or (),
            cases=self.chosen_cases(),
            attributes=self.chosen_attributes(),
        )

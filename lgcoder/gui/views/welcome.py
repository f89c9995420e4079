"""The welcome screen: new, open, recent projects, and the sample project to try things on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class WelcomePage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    sampleRequested = Signal()
    teamRequested = Signal()
    recentRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        title = QLabel("<h1>lgcoder</h1>", self)
        blurb = QLabel(
            "Code roundtable transcripts and reports by theme, retrieve the evidence, "
            "and export it to Word. Everything stays on this computer, in one project file.",
            self,
        )
        blurb.setWordWrap(True)
        self.new_button = QPushButton("&New project…", self)
        self.open_button = QPushButton("&Open project…", self)
        self.sample_button = QPushButton("Open the &sample project", self)
        self.team_button = QPushButton("Open &team project…", self)
        self.team_button.setToolTip(
            "A project on your team's PostgreSQL server: postgresql://you@host/database"
        )
        for button, signal in (
            (self.new_button, self.newRequested),
            (self.open_button, self.openRequested),
            (self.sample_button, self.sampleRequested),
            (self.team_button, self.teamRequested),
        ):
            button.setMinimumHeight(34)
            button.clicked.connect(signal.emit)
        self.sample_button.setToolTip(
            "A small roundtable (transcript, Teams captions, report) with a starter codebook"
        )
        self.recent = QListWidget(self)
        self.recent.setAccessibleName("Recent projects")
        self.recent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.recent.viewport().installEventFilter(self)
        self.recent.itemActivated.connect(lambda item: self.recentRequested.emit(item.data(256)))
        buttons = QVBoxLayout()
        for b in (self.new_button, self.open_button, self.sample_button, self.team_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        recent_box = QVBoxLayout()
        recent_label = QLabel("Recent projects:", self)
        recent_label.setBuddy(self.recent)
        recent_box.addWidget(recent_label)
        recent_box.addWidget(self.recent)
        row = QHBoxLayout()
        row.addLayout(buttons, 1)
        row.addSpacing(24)
        row.addLayout(recent_box, 2)
        card = QFrame(self)
        card.setObjectName("welcomeCard")
        card.setMaximumWidth(820)
        inner = QVBoxLayout(card)
        inner.addWidget(title)
        inner.addWidget(blurb)
        inner.addSpacing(12)
        inner.addLayout(row)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        hold = QHBoxLayout()
        hold.addStretch(1)
        hold.addWidget(card, 4)
        hold.addStretch(1)
        outer.addLayout(hold)
        outer.addStretch(2)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(Path(path).stem)
            item.setData(256, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        if not paths:
            item = QListWidgetItem("(none yet)")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
        self._relabel()

    def _relabel(self) -> None:
        """ "name — path" with the path shortened in the middle to fit: the name always shows,
        and so do the path's start and the folder it ends in."""
        metrics = self.recent.fontMetrics()
        width = self.recent.viewport().width() - 2 * self.recent.spacing() - 12
        for i in range(self.recent.count()):
            item = self.recent.item(i)
            path = item.data(256)
            if not path:
                continue
            head = f"{Path(path).stem}  \u2014  "
            room = max(60, width - metrics.horizontalAdvance(head))
            item.setText(head + metrics.elidedText(path, Qt.TextElideMode.ElideMiddle, room))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.recent.viewport() and event.type() == QEvent.Type.Resize:
            self._relabel()  # the list's own width, once the layout has settled
        return super().eventFilter(watched, event)

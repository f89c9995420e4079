"""Ties a non-modal analysis window (charts, code matrix, search) to the open project.

Such a window stays open beside the workbench while the researcher codes, so it must follow
the project: redraw after a change made anywhere (coding, undo, a merge, another coder on a
team server) and close when the project closes. A matrix or a list of hits left from a closed
project could be clicked into, and would then act on whatever project opened next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog

from lgcoder.gui.hub import ProjectHub

#: a burst of changes (an autocode run, a merge) redraws once, shortly after the last of them
FOLLOW_DELAY_MS = 200


class ProjectBinding(QObject):
    """Owned by its dialog, so its connections to the hub end when the dialog is deleted."""

    def __init__(
        self,
        dialog: QDialog,
        hub: ProjectHub,
        forget: Callable[[], None],
        on_change: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._forget = forget
        self._on_change = on_change
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FOLLOW_DELAY_MS)
        hub.closed.connect(self._closed)
        if on_change is not None:
            self._timer.timeout.connect(on_change)
            hub.changed.connect(self._changed)
            hub.reloaded.connect(self._changed)

    def _changed(self, *_args: Any) -> None:
        # a hidden window is brought up to date when it is shown again, not on every change
        if self._dialog.isVisible():
            self._timer.start()

    def _closed(self) -> None:
        self._timer.stop()
        self._forget()
        self._dialog.close()
        self._dialog.deleteLater()

"""What feature modules (export, team) may rely on from the main window.

Keeping this small lets the export and team features add their menu actions without reaching
into the window's widgets: they get the open project, the task runner, the undo stack, and one
way to announce what changed so that every view refreshes (a merge announces
``Changes(rewritten=True)``: every view reads the project again, which stays open).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QDialog, QWidget

    from lgcoder.app.project_service import ProjectService
    from lgcoder.core.db import Project
    from lgcoder.core.ops.changes import Changes
    from lgcoder.gui.settings import AppSettings
    from lgcoder.gui.tasks import TaskRunner


class WindowApi(Protocol):
    #: The open project, or None on the welcome screen.
    project: Project | None
    tasks: TaskRunner
    undo_stack: QUndoStack
    #: The person's preferences (their name, where their last export went).
    settings: AppSettings
    #: The merge preview or result last shown (tests read it).
    merge_dialog: QDialog | None

    @property
    def service(self) -> ProjectService | None:
        """The open project's services (team work is ``service.team``), or None."""
        ...

    def as_widget(self) -> QWidget:
        """The window itself, as a parent for dialogs."""
        ...

    def broadcast(self, changes: Changes) -> None:
        """Tell every view what changed so it refreshes just that."""
        ...

    def current_coder_guid(self) -> str | None:
        """The coder the user is working as."""
        ...

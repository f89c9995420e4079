"""The open project as the workbench sees it, and the one broadcast of what changed.

Views and controllers depend on this small object, not on the main window: it holds the open
project's :class:`~lgcoder.app.project_service.ProjectService`, who is coding, and whether
only their coding shows. Every change is published here once, as ``changed(Changes)``, after
the tally of counts has been brought up to date; each view listens and refreshes just what the
``Changes`` value names (in the manner of Anki's ``OpChanges``). ``reloaded`` asks every view to
read everything again (a project opened, the coder scope changed, or a published change says the
project was ``rewritten`` underneath: a team merge, a restored backup). ``closed`` says the
project was closed, so windows opened on it (the Charts window) close too.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from lgcoder.app.project_service import ProjectService
from lgcoder.core.ops.changes import Changes


class ProjectHub(QObject):
    changed = Signal(object)  # Changes
    reloaded = Signal()
    closed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service: ProjectService | None = None
        self.coder_guid: str | None = None
        self.only_mine = False

    def coder_scope(self) -> list[str] | None:
        """Whose coding counts and shows: just mine in blind mode, otherwise everyone's."""
        if self.only_mine and self.coder_guid:
            return [self.coder_guid]
        return None

    def publish(self, changes: Changes) -> None:
        """Tell every view what changed (after the counts caught up)."""
        if self.service is None or not changes.any():
            return
        self.service.settle(changes)
        if changes.rewritten:
            self.reloaded.emit()  # the lists read everything again before anyone else looks
        self.changed.emit(changes)

    def reload(self) -> None:
        if self.service is not None:
            self.reloaded.emit()

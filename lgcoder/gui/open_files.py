"""Open what lgcoder is handed from outside: paths on the command line, a double-click in a
Linux file manager (which passes the path as an argument), or the macOS Finder (which sends a
FileOpen event instead).

A project opens. A document (a PDF, a Word file, a transcript) is not an error on an empty
screen: the user is offered to import it into a new project, or into the project that is open
(or, at start-up, the most recent one).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

from lgcoder.core.db import APPLICATION_ID

if TYPE_CHECKING:
    from lgcoder.gui.workbench import AppWindow

NEW_PROJECT = "Into a new project…"


def is_project_file(path: Path) -> bool:
    """A ``.lgc`` name, or an SQLite file whose header carries lgcoder's application id."""
    if path.suffix.lower() == ".lgc":
        return True
    try:
        with path.open("rb") as fh:
            header = fh.read(72)
    except OSError:
        return False
    return header.startswith(b"SQLite format 3\x00") and header[68:72] == APPLICATION_ID.to_bytes(
        4, "big"
    )


def importable(path: Path) -> bool:
    from lgcoder.importers.registry import supported_extensions

    return path.is_file() and path.suffix.lower() in supported_extensions()


def open_given(window: AppWindow, paths: list[str]) -> None:
    """Open a project, or offer to import documents; anything else gets the usual message."""
    if not paths:
        return
    files = [Path(p) for p in paths]
    if len(files) == 1 and (is_project_file(files[0]) or not importable(files[0])):
        window.open_project_path(paths[0])  # a project, or a readable "cannot open" message
        return
    documents = [f for f in files if importable(f)]
    if documents:
        offer_import(window, documents)
    if len(documents) < len(files):
        rest = ", ".join(f.name for f in files if f not in documents)
        window.prompts.error("Cannot open", f"lgcoder cannot open or import: {rest}")


def offer_import(window: AppWindow, documents: list[Path]) -> bool:
    """Ask where the documents go, then import them there (in the background, as usual)."""
    names = ", ".join(f"“{d.name}”" for d in documents[:3])
    if len(documents) > 3:
        names += f" and {len(documents) - 3} more"
    choices = [NEW_PROJECT]
    existing: str | None = None
    if window.service is not None:
        choices.append(f"Into the open project, {window.service.title() or window.service.path}")
    else:
        existing = next((p for p in window.settings.recent() if Path(p).is_file()), None)
        if existing is not None:
            choices.append(f"Into the recent project {Path(existing).name}")
    what = "is a document" if len(documents) == 1 else "are documents"
    answer = window.prompts.choose(
        "Import documents",
        f"{names} {what}, not an lgcoder project. Import into:",
        choices,
    )
    if answer is None:
        return False
    if answer == NEW_PROJECT:
        suggested = str(documents[0].with_suffix(".lgc"))
        target = window.prompts.save_file("New project", "lgcoder projects (*.lgc)", suggested)
        if not target:
            return False
        if not target.endswith(".lgc"):
            target += ".lgc"
        if not window.create_project(target):
            return False
    elif existing is not None and not window.open_project_path(existing):
        return False
    window.importing.import_paths([str(d) for d in documents])
    return True


class FileOpenFilter(QObject):
    """Application event filter for the macOS FileOpen event (Finder double-click, Dock drop)."""

    def __init__(self, window: AppWindow) -> None:
        super().__init__(window.as_widget())
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file()
            if path:
                open_given(self.window, [path])
                return True
        return super().eventFilter(watched, event)

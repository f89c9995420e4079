"""Handing files to the rest of the desktop: open an export, or show it in its folder.

One seam for the whole app, because a researcher who cannot find an export thinks it failed.
Tests swap :data:`service` for a recorder (launching Word or a file manager from a test run
would be wrong); everything else calls :func:`open_file` and :func:`show_in_folder`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices


class Desktop:
    """The real desktop: the user's default program and file manager."""

    def open_file(self, path: Path) -> bool:
        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))

    def show_in_folder(self, path: Path) -> bool:
        """Open the folder holding *path* with the file selected where the platform allows."""
        if sys.platform == "win32":
            return bool(QProcess.startDetached("explorer.exe", [f"/select,{path}"]))
        if sys.platform == "darwin":
            return bool(QProcess.startDetached("open", ["-R", str(path)]))
        # Linux desktops differ in how (or whether) a file can be pre-selected; opening the
        # folder through xdg-open works everywhere
        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))))


#: The desktop in use; tests replace it.
service: Desktop = Desktop()


def open_file(path: Path) -> bool:
    return service.open_file(Path(path))


def show_in_folder(path: Path) -> bool:
    return service.show_in_folder(Path(path))

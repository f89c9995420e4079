"""The user's preferences (QSettings): who they are, recent projects, font, theme, layout, pins.

Preferences belong to the person at this computer, not to the project file: a project emailed
to a colleague must not carry my font size or my pinned keys. Tests pass an INI file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from lgcoder.core.ops.coders import os_user_name

RECENT_KEPT = 10
#: Where the status bar tells people to change their coder name (Coders menu).
CHANGE_NAME_HINT = "Coders \u25b8 Set my name\u2026"


def documents_folder() -> Path:
    """The user's Documents folder as the desktop defines it, else their home folder."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if docs and Path(docs).is_dir():
        return Path(docs)
    return Path.home()


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.q = settings or QSettings()

    def _get(self, key: str, default: Any = None) -> Any:
        return self.q.value(key, default)

    # -- the person -------------------------------------------------------------------------

    @property
    def coder_name(self) -> str:
        return str(self._get("coder/name", "") or "")

    @coder_name.setter
    def coder_name(self, value: str) -> None:
        self.q.setValue("coder/name", value)
        self.q.setValue("coder/from_os", False)

    @property
    def coder(self) -> str:
        """The one name the status bar shows and every new coding is saved under."""
        return self.coder_name or os_user_name()

    @property
    def coder_from_os(self) -> bool:
        """True while the name is the computer's user name, not one the person typed."""
        return not self.coder_name or str(self._get("coder/from_os", "false")).lower() == "true"

    def use_os_name(self) -> str:
        """Adopt the computer's user name (the first-run prompt was cancelled)."""
        name = os_user_name()
        self.q.setValue("coder/name", name)
        self.q.setValue("coder/from_os", True)
        return name

    # -- where exports go ---------------------------------------------------------------------

    def export_folder(self) -> Path:
        """The folder of the last export, else the person's Documents folder.

        Never the app's data folder (where the sample project lives): nobody looks there.
        """
        last = str(self._get("export/folder", "") or "")
        hidden = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        if last and Path(last).is_dir() and not (hidden and Path(last).is_relative_to(hidden)):
            return Path(last)
        return documents_folder()

    def remember_export(self, path: str | Path) -> None:
        self.q.setValue("export/folder", str(Path(path).resolve().parent))

    # -- recent projects --------------------------------------------------------------------

    def recent(self) -> list[str]:
        raw = self._get("recent/projects", "[]")
        try:
            paths = [str(p) for p in json.loads(str(raw))]
        except (ValueError, TypeError):
            paths = []
        return [p for p in paths if Path(p).exists()]

    def add_recent(self, path: str | Path) -> None:
        value = str(Path(path).resolve())
        paths = [value, *[p for p in self.recent() if p != value]][:RECENT_KEPT]
        self.q.setValue("recent/projects", json.dumps(paths))

    def recent_team(self) -> list[str]:
        """Server projects opened lately, newest first: addresses only, never a password
        (:func:`lgcoder.core.pg.display` drops one; the keyring or ~/.pgpass keeps it)."""
        raw = self._get("recent/team", "[]")
        try:
            return [str(u) for u in json.loads(str(raw))]
        except (ValueError, TypeError):
            return []

    def add_recent_team(self, url: str) -> None:
        from lgcoder.core.pg import display

        value = display(url)
        urls = [value, *[u for u in self.recent_team() if u != value]][:RECENT_KEPT]
        self.q.setValue("recent/team", json.dumps(urls))

    # -- appearance ---------------------------------------------------------------------------

    @property
    def font_size(self) -> int:
        try:
            return int(self._get("view/font_size", 0) or 0)
        except (TypeError, ValueError):
            return 0

    @font_size.setter
    def font_size(self, value: int) -> None:
        self.q.setValue("view/font_size", int(value))

    @property
    def theme(self) -> str:
        value = str(self._get("view/theme", "system") or "system")
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.q.setValue("view/theme", value)

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self._get("window/geometry")
        state = self._get("window/state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def save_window_state(self, geometry: QByteArray, state: QByteArray | None) -> None:
        self.q.setValue("window/geometry", geometry)
        if state is not None:
            self.q.setValue("window/state", state)

    # -- pinned codes (per project) -----------------------------------------------------------

    def pins(self, project_guid: str) -> dict[str, int] | None:
        """code guid -> key 1..9, or None when the user never pinned anything in this project."""
        raw = self._get(f"pins/{project_guid}")
        if raw is None:
            return None
        try:
            data = json.loads(str(raw))
            return {str(k): int(v) for k, v in data.items() if 1 <= int(v) <= 9}
        except (ValueError, TypeError, AttributeError):
            return None

    def set_pins(self, project_guid: str, pins: dict[str, int]) -> None:
        self.q.setValue(f"pins/{project_guid}", json.dumps(pins))

    def sync(self) -> None:
        self.q.sync()

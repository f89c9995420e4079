"""The user's preferences (QSettings): who they are, recent projects, font, theme, layout, pins.

Preferences belong to the person at this computer, not to the project file: a project emailed
to a colleague must not carry my font size or my pinned keys. Tests pass an INI file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

RECENT_KEPT = 10


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

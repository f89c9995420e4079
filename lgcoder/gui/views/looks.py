"""How a code is shown in the document view and its stripes (shared by both, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeLook:
    """How a code is shown: short name on stripes, full path in tooltips, colour."""

    name: str
    path: str
    color: str


UNKNOWN = CodeLook("?", "?", "#999999")

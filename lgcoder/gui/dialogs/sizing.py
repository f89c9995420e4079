"""Dialog sizes that suit the screen: the designed size on a laptop, more room on a desktop."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def size_to_parent(dialog: QWidget, width: int, height: int, share: float = 0.6) -> None:
    """At least *width* x *height*, growing to *share* of the parent window where that is larger
    (the parent already fits its screen, so the dialog does too)."""
    parent = dialog.parentWidget()
    w, h = width, height
    if parent is not None:
        top = parent.window()
        w = max(width, int(top.width() * share))
        h = max(height, int(top.height() * (share + 0.1)))
    dialog.resize(w, h)

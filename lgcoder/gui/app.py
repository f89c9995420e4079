"""Start the desktop app: QApplication, settings, and the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

NO_DISPLAY_HELP = """\
lgcoder: no display found, so the desktop app cannot open a window.
  - On a desktop, run it from a graphical session.
  - On a server, run it offscreen:   QT_QPA_PLATFORM=offscreen make run
    or on a virtual display:         Xvfb :99 &  then  DISPLAY=:99 make run
  - Everything can also be done from the command line: .venv/bin/lgcoder --help
"""


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not has_display():
        sys.stderr.write(NO_DISPLAY_HELP)
        return 1
    from PySide6.QtWidgets import QApplication

    from lgcoder.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("lgcoder")
    app.setOrganizationName("lgcoder")
    window = MainWindow()
    if args:
        window.open_project_path(args[0])
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())

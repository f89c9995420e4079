"""Start the desktop app: QApplication, settings, and the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QWidget

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
    from lgcoder.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("lgcoder")
    app.setOrganizationName("lgcoder")
    window = MainWindow()
    if args:
        window.open_project_path(args[0])
    window.show()
    _close_on_terminate(window)
    return app.exec()


def _close_on_terminate(window: QWidget) -> None:
    """Close the window properly on SIGTERM/SIGINT (logout, ``kill``, Ctrl+C in a terminal).

    Closing checkpoints the project so it is one file again, with no -wal/-shm beside it.
    Python only runs signal handlers between bytecodes, so a timer wakes the interpreter.
    """
    import signal

    from PySide6.QtCore import QTimer

    def close(*_args: object) -> None:
        window.close()
        QApplication.quit()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, close)
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(300)


if __name__ == "__main__":
    raise SystemExit(main())

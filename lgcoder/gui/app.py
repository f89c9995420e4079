"""Start the desktop app: QApplication, settings, and the main window.

Qt is imported only after the checks: with no display, or with system libraries missing, the
user gets advice instead of Qt's abort (see :mod:`lgcoder.preflight`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from lgcoder.gui.main_window import MainWindow

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


def main(argv: Sequence[str] | None = None, *, screenshot: str | None = None) -> int:
    """Open the window (on the project or file in *argv*, if any).

    With *screenshot*, paint the first window into that PNG and exit: the frozen build's smoke
    test and the start-up benchmark use it.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not has_display():
        sys.stderr.write(NO_DISPLAY_HELP)
        return 1
    from lgcoder.preflight import check

    problem = check()
    if problem:
        sys.stderr.write(problem)
        return 1
    from PySide6.QtWidgets import QApplication

    from lgcoder.gui.main_window import MainWindow
    from lgcoder.gui.open_files import FileOpenFilter, open_given

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("lgcoder")
    app.setOrganizationName("lgcoder")
    app.setDesktopFileName("org.lgcoder.Lgcoder")
    _set_icon(app)
    window = MainWindow(ask_coder=False)
    opener = FileOpenFilter(window)  # macOS Finder: double-clicked .lgc files arrive as events
    app.installEventFilter(opener)
    window.show()
    if screenshot is not None:
        if args:
            window.open_project_path(args[0])
        return _paint_and_exit(app, window, screenshot)
    from PySide6.QtCore import QTimer

    def first_steps() -> None:
        """First run: the coder's name; then whatever the app was given (in that order, so the
        import offer never sits on top of the name prompt)."""
        if not window.settings.coder_name:
            window.ask_coder_name()
        open_given(window, args)

    QTimer.singleShot(0, first_steps)
    _close_on_terminate(window)
    return app.exec()


def _set_icon(app: QApplication) -> None:
    from PySide6.QtGui import QIcon

    from lgcoder import resources_path

    icons = resources_path("icons", "hicolor")
    if icons is None:
        return
    icon = QIcon()
    for png in sorted(icons.glob("*/apps/org.lgcoder.Lgcoder.png")):
        icon.addFile(str(png))
    app.setWindowIcon(icon)


def _paint_and_exit(app: QApplication, window: MainWindow, path: str) -> int:
    """Once the event loop has shown and painted the window, save it as *path* and quit."""
    from PySide6.QtCore import QTimer

    window.remembers_layout = False  # a painted run must not resize the user's next session
    outcome: list[int] = []

    def shoot() -> None:
        saved = window.grab().save(path, "PNG")
        if not saved:
            sys.stderr.write(f"lgcoder: error: could not write the screenshot to {path}\n")
        outcome.append(0 if saved else 1)
        window.close()
        app.quit()

    QTimer.singleShot(0, shoot)
    app.exec()
    return outcome[0] if outcome else 1


def _close_on_terminate(window: QWidget) -> None:
    """Close the window properly on SIGTERM/SIGINT (logout, ``kill``, Ctrl+C in a terminal).

    Closing checkpoints the project so it is one file again, with no -wal/-shm beside it.
    Python only runs signal handlers between bytecodes, so a timer wakes the interpreter.
    """
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

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

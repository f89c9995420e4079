"""Fixtures for GUI tests: real widgets on a real project file, a synchronous task pool, and
prompts answered by the test (modal dialogs would block an offscreen run)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QTextCursor

from lgcoder.core.db import Project
from lgcoder.core.imported import SegmentSpec
from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.settings import AppSettings
from lgcoder.gui.tasks import TaskRunner
from lgcoder.gui.views.document_view import DocumentView
from tests.helpers import add_text

TEXT = (
    "Priya: Our biggest barrier is legacy contracts 😀 and we cannot change forms.\n\n"
    "Tom: Leadership has to own channel shift 🎉 or it stays an IT project.\n\n"
    "Priya: When housing and revenues worked together we saw real synergy."
)


def utf16(text: str, offset: int) -> int:
    """Qt position of a code-point offset, computed independently of lgcoder's helper."""
    return len(text[:offset].encode("utf-16-le")) // 2


def select(view: DocumentView, text: str, start: int, end: int) -> None:
    """Select text[start:end] the way a user's mouse does: with Qt (UTF-16) positions."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(utf16(text, start))
    cursor.setPosition(utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


class Answers:
    """Stands in for the modal dialogs: each prompt pops the next queued answer."""

    def __init__(self) -> None:
        self.queue: dict[str, list[Any]] = {}
        self.asked: list[tuple[str, tuple[Any, ...]]] = []

    def give(self, kind: str, *answers: Any) -> None:
        self.queue.setdefault(kind, []).extend(answers)

    def make(self, kind: str, default: Any = None) -> Callable[..., Any]:
        def answer(*args: Any, **kwargs: Any) -> Any:
            self.asked.append((kind, args))
            pending = self.queue.get(kind)
            return pending.pop(0) if pending else default

        return answer


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    s = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    s.coder_name = "Ann"
    return s


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "roundtable.lgc"
    with Project.create(path, title="Roundtable", coder="Ann") as project:
        segs = [
            SegmentSpec("turn", 0, TEXT.index("\n"), "Priya"),
            SegmentSpec("turn", TEXT.index("Tom:"), TEXT.index("\n", TEXT.index("Tom:")), "Tom"),
        ]
        add_text(project, TEXT, "roundtable.txt", segs)
        add_text(project, "A second document about budgets and barriers.", "notes.txt")
    return path


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(
    qtbot: Any, settings: AppSettings, project_path: Path, answers: Answers
) -> Iterator[MainWindow]:
    w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(w)
    p = w.prompts
    p.text = answers.make("text")  # type: ignore[method-assign]
    p.multiline = answers.make("multiline")  # type: ignore[method-assign]
    p.confirm = answers.make("confirm", False)  # type: ignore[method-assign]
    p.error = answers.make("error")  # type: ignore[method-assign]
    p.info = answers.make("info")  # type: ignore[method-assign]
    p.color = answers.make("color")  # type: ignore[method-assign]
    p.choose = answers.make("choose")  # type: ignore[method-assign]
    p.new_code = answers.make("new_code")  # type: ignore[method-assign]
    p.compare_coders = answers.make("compare")  # type: ignore[method-assign]
    p.open_files = answers.make("open_files", [])  # type: ignore[method-assign]
    w.sample_location = lambda: project_path.parent / "sample" / "Sample.lgc"  # type: ignore[method-assign]
    w.show()
    assert w.open_project_path(str(project_path))
    yield w
    w.close()


def doc_guid(window: MainWindow, name: str) -> str:
    return next(d.guid for d in window.documents.model.summaries() if d.name == name)


def add_codes(window: MainWindow, *names: str) -> dict[str, str]:
    """Create codes through the real command path; returns name -> guid."""
    out = {}
    for name in names:
        assert window.codebook_ctl.add_named(name)
    for node in window.code_model.nodes():
        out[node.path] = node.guid
    return out


def stored_codings(project_path: Path) -> list[tuple[str, str, str, int, int, str]]:
    """(document, code path, coder, start, end, exact text) of every live coding, from the file."""
    from lgcoder.core.queries import retrieve_codings

    with Project.open(project_path) as project, project.reading() as s:
        return [(r.document, r.code, r.coder, r.start, r.end, r.text) for r in retrieve_codings(s)]


def send_drop(widget: Any, pos: Any, mime: Any, action: Any) -> bool:
    """Drag-enter, drag-move and drop *mime* at *pos*, as a real drag ending there would.

    QDrag.exec() blocks on a real pointer, so tests deliver the same events directly. PySide
    marks the QPoint constructors deprecated but offers no other; the warning is not ours.
    """
    import warnings

    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    args = (actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.sendEvent(widget, QDragEnterEvent(pos, *args))
        QApplication.sendEvent(widget, QDragMoveEvent(pos, *args))
    drop = QDropEvent(QPointF(pos), *args, QEvent.Type.Drop)
    drop.setDropAction(action)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()

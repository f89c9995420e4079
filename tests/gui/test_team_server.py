"""Two real workbenches on one team project on a real PostgreSQL server (issue 13).

A lead and a coder each open the project through File ▸ Open team project… in their own
MainWindow, logging in as themselves (passwords from the PGPASSFILE, as ~/.pgpass). What one
does shows in the other without reloading; undo refuses to run over another coder's change;
a lost connection shows a banner, saves nothing, and comes back by itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QSettings

from lgcoder.core.db import Project
from lgcoder.core.ops import codes
from lgcoder.core.ops import documents as document_ops
from lgcoder.core.pg import display
from lgcoder.gui.dialogs.open_team import TeamLogin
from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.settings import AppSettings
from lgcoder.gui.tasks import TaskRunner
from lgcoder.server.roles import add_member, init_server
from tests.gui.conftest import select
from tests.helpers import make_doc

pytestmark = pytest.mark.slow

TEXT = "Funding is short 😀 and staff are stretched. Leadership has to own channel shift."
FUNDING = (0, len("Funding is short"))
STAFF = (TEXT.index("staff"), TEXT.index("staff") + len("staff are stretched"))
#: how long a test waits for the other window; the one-second target is measured in
#: benchmarks/bench_team_gui.py (no timed assertions in tests)
SEEN_MS = 10000


@dataclass
class Team:
    server: Any
    db: str
    logins: dict[str, str]

    def url(self, who: str) -> str:
        return str(self.server.url(self.db, self.logins[who]))

    def sql(self, query: str, *args: Any) -> list[tuple[Any, ...]]:
        with self.server.connect(self.db) as conn:
            return list(conn.execute(query, args).fetchall())


@pytest.fixture
def team(pg_server: Any) -> Team:
    db = pg_server.new_database("gui")
    owner = pg_server.url(db)
    init_server(owner, title="Channel shift study")
    logins = {}
    for who, role in (("lead", "lead"), ("ann", "coder"), ("vic", "viewer")):
        login = f"{who}_{db}"
        password = secrets.token_urlsafe(12)
        add_member(owner, login, role, coder_name=who.title(), password=password)
        pg_server.remember_password(login, password)
        logins[who] = login
    t = Team(pg_server, db, logins)
    with Project.open(t.url("lead")) as lead, lead.transaction() as s:
        document_ops.add_document(s, make_doc(TEXT, "interview.txt"))
        codes.add_code(s, "funding")
        codes.add_code(s, "workload")
    return t


@pytest.fixture
def open_window(qtbot: Any, tmp_path: Path) -> Iterator[Callable[[str, str], MainWindow]]:
    windows: list[MainWindow] = []

    def make(name: str, url: str) -> MainWindow:
        settings = AppSettings(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))
        settings.coder_name = f"{name} at home"  # the server login decides who codes
        w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
        qtbot.addWidget(w)

        def fail(title: str, message: str) -> None:
            raise AssertionError(f"{title}: {message}")

        w.prompts.error = fail  # type: ignore[method-assign]
        w.prompts.team_login = lambda recent, ok: TeamLogin(url)  # type: ignore[method-assign]
        w.show()
        w.trigger("open_team")  # File ▸ Open team project…
        assert w.project is not None and w.project.is_server
        qtbot.waitUntil(lambda: w.team_server.live.listening, timeout=SEEN_MS)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()


def code_guid(w: MainWindow, name: str) -> str:
    return next(n.guid for n in w.code_model.nodes() if n.name == name)


def shown_spans(w: MainWindow) -> list[tuple[int, int, str]]:
    return sorted(
        (s.start, s.end, w.view.code_look(s.code_guid).name) for s in w.view.index.spans()
    )


def code_passage(w: MainWindow, code: str, span: tuple[int, int]) -> bool:
    select(w.view, TEXT, *span)
    return w.coding.apply_code(code_guid(w, code))


def _lead_sees_anns_coding(
    team: Team, open_window: Callable[[str, str], MainWindow]
) -> tuple[MainWindow, MainWindow]:
    """The lead's and Ann's windows, once the lead's shows the passage Ann coded."""
    lead = open_window("lead", team.url("lead"))
    ann = open_window("ann", team.url("ann"))
    assert code_passage(ann, "funding", FUNDING)
    _wait(lambda: len(lead.view.index) == 1)
    return lead, ann


def test_open_team_project_codes_as_the_login_and_keeps_no_password(
    team: Team, open_window: Callable[[str, str], MainWindow], tmp_path: Path
) -> None:
    ann = open_window("ann", team.url("ann"))
    assert ann.windowTitle().startswith("Channel shift study")
    assert [d.name for d in ann.documents.model.summaries()] == ["interview.txt"]
    assert "Coder: Ann" in ann.status_coder.text()  # the login's coder, not the settings' name
    assert code_passage(ann, "funding", FUNDING)
    assert team.sql(
        'SELECT coder.name, coding.start, coding."end" FROM coding JOIN coder '
        "ON coder.id = coding.coder_id"
    ) == [("Ann", *FUNDING)]
    # on a server one codes as the login: no switching to another coder
    assert not ann.coders.coder_menu.isEnabled()  # type: ignore[union-attr]
    ann.coders.switch_coder("Somebody Else")
    assert "you code as your server login" in ann.statusBar().currentMessage()
    assert "Coder: Ann" in ann.status_coder.text()
    assert ann.settings.coder_name == "ann at home"
    assert ann.coder_guid == team.sql("SELECT coder.guid FROM coder WHERE name = 'Ann'")[0][0]
    # remembered for File ▸ Open team project…, as an address only
    assert ann.settings.recent_team() == [display(team.url("ann"))]
    # and offered again on the welcome page and in File ▸ Open recent
    ann.close_project()
    (item,) = [ann.welcome.recent.item(i) for i in range(ann.welcome.recent.count())]
    assert item.data(256) == display(team.url("ann"))
    ann.welcome.recent.itemActivated.emit(item)
    assert ann.project is not None and ann.project.is_server
    ann.project_actions_ctl.fill_recent()
    assert [a.toolTip() for a in ann.recent_menu.actions()] == [display(team.url("ann"))]
    ann.settings.sync()
    stored = (tmp_path / "ann.ini").read_text()
    assert team.logins["ann"] in stored
    assert team.server.pgpass.read_text().split(":")[-1].strip() not in stored


def test_two_windows_see_each_others_work_without_reloading(
    team: Team, open_window: Callable[[str, str], MainWindow]
) -> None:
    lead = open_window("lead", team.url("lead"))
    ann = open_window("ann", team.url("ann"))
    lead_doc = lead.view.document()

    # Ann codes a passage: the lead's document, codebook, lists and status bar show it
    lead.codebook.select_guids([code_guid(lead, "funding")])
    assert lead.segments.model.rowCount() == 0
    assert code_passage(ann, "funding", FUNDING)
    expected = [(*FUNDING, "funding")]
    _wait(lambda: shown_spans(lead) == expected)
    assert lead.view.document() is lead_doc  # updated in place, not reloaded
    node = lead.code_model.node_by_guid(code_guid(lead, "funding"))
    assert node is not None and node.codings == 1
    assert lead.documents.model.summaries()[0].codings == 1
    assert "1 coding" in lead.status_counts.text()
    assert [r.text for r in lead.segments.model.rows()] == [TEXT[slice(*FUNDING)]]

    # the lead renames a code and codes too: Ann's codebook and text follow
    lead.codebook.select_guids([code_guid(lead, "workload")])
    lead.prompts.text = lambda *a, **k: "staff workload"  # type: ignore[method-assign]
    assert lead.codebook_ctl.rename()
    assert code_passage(lead, "staff workload", STAFF)
    _wait(lambda: shown_spans(ann) == sorted([*expected, (*STAFF, "staff workload")]))
    assert [n.name for n in ann.code_model.nodes()] == ["funding", "staff workload"]

    # a memo written in one window shows in the other's memo pane
    ann.memo_sync.show_project_memos()
    lead.memo_sync.save("project", "", "", "", "Lead: code workload generously.")
    _wait(lambda: "code workload generously" in ann.memo.edit.toPlainText())

    # Ann uncodes: gone from the lead's view and counts
    ann_coding = next(s.guid for s in ann.view.index.spans() if s.start == FUNDING[0])
    assert ann.coding.uncode(ann_coding)
    _wait(lambda: shown_spans(lead) == [(*STAFF, "staff workload")])
    assert lead.code_model.node_by_guid(code_guid(lead, "funding")).codings == 0  # type: ignore[union-attr]

    # the lead retitles the project: Ann's title bar follows
    assert ann.windowTitle() == "Channel shift study — lgcoder"
    lead.prompts.text = lambda *a, **k: "Channel shift study, wave 2"  # type: ignore[method-assign]
    lead.trigger("project_title")
    _wait(lambda: ann.windowTitle() == "Channel shift study, wave 2 — lgcoder")


def test_undo_refuses_in_one_line_when_another_coder_removed_the_code(
    team: Team, open_window: Callable[[str, str], MainWindow]
) -> None:
    lead, ann = _lead_sees_anns_coding(team, open_window)
    # the lead deletes the code Ann coded with (her coding goes with it)
    lead.prompts.confirm = lambda *a, **k: True  # type: ignore[method-assign]
    lead.codebook.select_guids([code_guid(lead, "funding")])
    assert lead.codebook_ctl.delete()
    _wait(lambda: not ann.view.index and "funding" not in [n.name for n in ann.code_model.nodes()])
    before = team.sql("SELECT guid, deleted FROM coding ORDER BY guid")

    ann.trigger("undo")  # Ann's undo would restore her coding of a deleted code
    message = ann.statusBar().currentMessage()
    assert message.startswith("Cannot undo “Code passage as 'funding'”: another coder")
    assert message.endswith("nothing was changed")
    assert "\n" not in message
    assert team.sql("SELECT guid, deleted FROM coding ORDER BY guid") == before
    assert not ann.undo_stack.canUndo() and not ann.undo_stack.canRedo()
    # the lead's own undo is theirs to make: the code and the coding come back for both
    lead.trigger("undo")
    _wait(lambda: len(ann.view.index) == 1)

    # a memo of Ann's that the lead then edited: Ann's undo would overwrite the lead's words
    ann.memo_sync.show_project_memos()
    ann.memo_sync.save("project", "", "", "", "Ann: funding codes need a definition.")
    (memo,) = team.sql("SELECT guid, text FROM memo")
    lead.memo_sync.show_project_memos()
    _wait(lambda: "definition" in lead.memo.edit.toPlainText())
    lead.memo_sync.save("project", "", memo[0], memo[1], "Lead: agreed, drafted one.")
    _wait(lambda: "drafted" in ann.memo.edit.toPlainText())
    ann.trigger("undo")
    message = ann.statusBar().currentMessage()
    assert message.startswith("Cannot undo") and "another coder changed it" in message
    assert team.sql("SELECT text FROM memo") == [("Lead: agreed, drafted one.",)]


def test_a_lost_connection_shows_a_banner_saves_nothing_and_reconnects(
    team: Team, open_window: Callable[[str, str], MainWindow]
) -> None:
    ann = open_window("ann", team.url("ann"))
    assert ann.team_server.live.banner.isHidden()
    with team.server.connect("postgres") as admin:
        admin.execute(f'ALTER DATABASE "{team.db}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (team.db,),
        )
        _wait(lambda: ann.team_server.live.banner.isVisible())
        assert "reconnecting" in ann.team_server.live.banner.label.text()
        # coding now is refused in words at once: nothing is queued to be sent later
        assert not code_passage(ann, "funding", FUNDING)
        assert ann.last_error is not None and ann.last_error.startswith("not saved")
        assert not ann.view.index and not ann.undo_stack.canUndo()
        admin.execute(f'ALTER DATABASE "{team.db}" ALLOW_CONNECTIONS true')
    _wait(lambda: ann.team_server.live.banner.isHidden() and ann.team_server.live.listening)
    assert team.sql("SELECT count(*) FROM coding") == [(0,)]  # nothing slipped through
    assert code_passage(ann, "funding", FUNDING)
    assert team.sql("SELECT count(*) FROM coding") == [(1,)]


@pytest.fixture(autouse=True)
def _qtbot_for_wait(qtbot: Any) -> Iterator[None]:
    global _QTBOT
    _QTBOT = qtbot
    yield
    _QTBOT = None


_QTBOT: Any = None


def _wait(condition: Callable[[], bool], timeout_ms: int = SEEN_MS) -> None:
    """Until *condition* holds, letting both windows' event loops run."""
    _QTBOT.waitUntil(condition, timeout=timeout_ms)


class MemoryKeyring(KeyringBackend):
    """The OS keyring's stand-in: this machine has none (and a test must not write to a
    developer's real one). lgcoder talks to it through the keyring library as to any other."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture(autouse=True)
def os_keyring() -> Iterator[MemoryKeyring]:
    """Every test here: a developer's real keyring is never read (it might ask to be unlocked)
    nor written."""
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def test_a_password_typed_once_is_kept_in_the_keyring_never_in_settings(
    team: Team, qtbot: Any, tmp_path: Path, os_keyring: MemoryKeyring
) -> None:
    # a coder whose password is in no ~/.pgpass: only the dialog and the keyring know it
    password = secrets.token_urlsafe(12)
    login = f"cy_{team.db}"
    add_member(team.server.url(team.db), login, "coder", coder_name="Cy", password=password)
    url = str(team.server.url(team.db, login))
    settings = AppSettings(QSettings(str(tmp_path / "cy.ini"), QSettings.Format.IniFormat))
    asked: list[str] = []

    def window(answer: TeamLogin, typed: str | None = None, welcome: bool = False) -> MainWindow:
        w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
        qtbot.addWidget(w)
        w.prompts.team_login = lambda recent, ok: answer  # type: ignore[method-assign]
        w.prompts.error = lambda title, message: asked.append(message)  # type: ignore[method-assign]
        w.prompts.text = lambda *a, **k: (asked.append(a[1]), typed)[1]  # type: ignore[method-assign]
        w.prompts.confirm = lambda *a, **k: True  # type: ignore[method-assign]
        if welcome:
            w.welcome.team_button.click()  # the welcome page's "Open team project…"
        else:
            w.trigger("open_team")
        return w

    first = window(TeamLogin(url, password, remember=True))
    assert first.project is not None and "Coder: Cy" in first.status_coder.text()
    first.close()
    (key,) = os_keyring.kept
    assert key == ("lgcoder", f"{login}@127.0.0.1:{team.server.port}/{team.db}")
    assert os_keyring.kept[key] == password
    settings.sync()
    assert password not in (tmp_path / "cy.ini").read_text()

    second = window(TeamLogin(url), welcome=True)  # no password typed: the keyring's is used
    assert second.project is not None and asked == []
    second.close()

    # a password the server refuses is dropped from the keyring, and the user is asked
    os_keyring.kept[key] = "not-the-password"
    third = window(TeamLogin(url), typed=password)
    assert third.project is not None
    assert len(asked) == 1 and "password" in asked[0]
    assert os_keyring.kept[key] == password  # kept again, as the user agreed
    third.close()


def test_an_address_given_to_the_app_opens_and_reopens_without_asking_again(
    team: Team, qtbot: Any, tmp_path: Path, os_keyring: MemoryKeyring
) -> None:
    from lgcoder.gui.open_files import open_given

    password = secrets.token_urlsafe(12)
    login = f"dee_{team.db}"
    add_member(team.server.url(team.db), login, "coder", coder_name="Dee", password=password)
    url = str(team.server.url(team.db, login))
    settings = AppSettings(QSettings(str(tmp_path / "dee.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings, TaskRunner(synchronous=True), ask_coder=False)
    qtbot.addWidget(w)
    asked: list[str] = []
    w.prompts.text = lambda *a, **k: (asked.append(a[1]), password)[1]  # type: ignore[method-assign]
    w.prompts.error = lambda title, message: asked.append(message)  # type: ignore[method-assign]
    w.prompts.confirm = lambda *a, **k: False  # type: ignore[method-assign]  # keep it? no

    open_given(w, [url])  # `lgcoder gui URL`: the password is asked once, not kept
    assert w.project is not None and w.project.is_server and len(asked) == 1
    assert os_keyring.kept == {}
    w.reload_project()  # as after a merge: the same login, not asked again
    assert w.project is not None and w.project.is_server and len(asked) == 1
    assert "Coder: Dee" in w.status_coder.text()
    w.close()


def test_a_document_removed_by_the_lead_leaves_the_others_windows(
    team: Team, open_window: Callable[[str, str], MainWindow]
) -> None:
    lead, ann = _lead_sees_anns_coding(team, open_window)
    lead.prompts.confirm = lambda *a, **k: True  # type: ignore[method-assign]
    assert lead.project_actions_ctl.delete_document(lead.view.document_guid or "")
    # a removal names no rows: Ann's window reads everything again, by itself
    _wait(lambda: ann.documents.model.rowCount() == 0)
    assert ann.view.document_guid is None
    assert "removed by another coder" in ann.pane.header.text()
    assert "0 codings" in ann.status_counts.text()
    ann.trigger("undo")  # her coding went with the document: nothing to undo onto
    assert ann.statusBar().currentMessage().startswith("Cannot undo")
    assert team.sql("SELECT count(*) FROM coding") == [(0,)]


def test_the_lead_merges_an_offline_copy_in_the_window_and_everyone_sees_it(
    team: Team, open_window: Callable[[str, str], MainWindow], tmp_path: Path, monkeypatch: Any
) -> None:
    from lgcoder.core.ops import coders, codings
    from lgcoder.gui import actions_team
    from lgcoder.team.moves import pull

    copy = tmp_path / "ann-offline.lgc"
    pull(team.url("ann"), copy)  # Ann codes on the train
    with Project.open(copy) as offline, offline.transaction() as s:
        codings.apply_coding(
            s,
            document_ops.get_document(s, "interview.txt"),
            codes.get_code(s, "workload"),
            coders.ensure_coder(s, "Ann"),
            *STAFF,
        )
    lead = open_window("lead", team.url("lead"))
    ann = open_window("ann", team.url("ann"))
    monkeypatch.setattr(actions_team, "ask_open_files", lambda *_a: [str(copy)])
    assert actions_team.merge_projects(lead) == [str(copy)]  # Team ▸ Merge coded copies…
    preview = lead.merge_dialog
    assert "would merge 1 file" in preview.report.to_text()  # type: ignore[union-attr]
    assert "one transaction" in _labels(preview)
    preview.apply_button.click()  # type: ignore[union-attr]
    assert lead.project is not None and lead.project.is_server  # opened again, same login
    assert shown_spans(lead) == [(*STAFF, "workload")]
    result = lead.merge_dialog
    assert "pg_dump" in _labels(result)
    assert result.restore_button.isHidden()  # type: ignore[union-attr]
    _wait(lambda: shown_spans(ann) == [(*STAFF, "workload")])  # a merge names no rows


def _labels(dialog: Any) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_a_viewer_reads_live_and_is_told_that_changes_are_refused(
    team: Team, open_window: Callable[[str, str], MainWindow]
) -> None:
    vic = open_window("vic", team.url("vic"))
    assert "Coder: Vic (viewer: reading only)" in vic.status_coder.text()
    assert not code_passage(vic, "funding", FUNDING)  # the server refuses, in one line
    assert vic.last_error is not None and "\n" not in vic.last_error
    assert "Traceback" not in vic.last_error and "internal error" not in vic.last_error
    assert team.sql("SELECT count(*) FROM coding") == [(0,)]
    ann = open_window("ann", team.url("ann"))
    assert code_passage(ann, "funding", FUNDING)
    _wait(lambda: shown_spans(vic) == [(*FUNDING, "funding")])

"""File ▸ Open team project…: the same workbench on a project that lives on a PostgreSQL server.

Opening asks for the address (recent ones offered, without passwords) and logs in with the
password from the OS keyring, ``~/.pgpass`` or the dialog; a password typed is kept in the
keyring only when asked. Who codes is the server login's coder (``lgcoder server add-coder``),
not the name in this computer's settings: the server's row-level security lets a coder change
only their own codings and memos. While the project is open, :class:`LiveFeed` shows other
coders' work as it is committed and guards the undo stack.
"""

from __future__ import annotations

from lgcoder.app.passwords import (
    forget_password,
    keyring_available,
    store_password,
    stored_password,
)
from lgcoder.app.project_service import ProjectService
from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError
from lgcoder.core.pg import display
from lgcoder.core.server_url import is_server_url
from lgcoder.gui.commands.base import ServiceCommand
from lgcoder.gui.dialogs.open_team import TeamLogin
from lgcoder.gui.sync.live_feed import LiveFeed
from lgcoder.gui.workbench import AppWindow

#: words of libpq's refusals that a password (another one, or one at all) would answer
_PASSWORD_WORDS = ("password authentication failed", "no password supplied", "password")


def wants_password(message: str) -> bool:
    text = message.lower()
    return any(w in text for w in _PASSWORD_WORDS)


class TeamServerActions:
    def __init__(self, window: AppWindow) -> None:
        self.w = window
        self.live = LiveFeed(window)
        self._login: TeamLogin | None = None
        #: the open server project's coder name (the login's), shown in the status bar
        self.coder_name: str | None = None

    # -- opening ---------------------------------------------------------------------------

    def ask_open(self) -> None:
        """File ▸ Open team project…"""
        login = self.w.prompts.team_login(self.w.settings.recent_team(), keyring_available())
        if login is not None:
            self.open_login(login)

    def open_login(self, login: TeamLogin) -> bool:
        if not is_server_url(login.url):
            self.w.prompts.error(
                "Open team project",
                f"{login.url} is not a server address; it starts with postgresql:// "
                "(for a project file use File ▸ Open project…)",
            )
            return False
        self._login = login
        try:
            return self.w.open_project_path(login.url)
        finally:
            self._login = None

    def open_project(self, url: str) -> Project:
        """Log in to *url* (called by the window's open path for a server address).

        The password comes from the dialog, else the keyring, else libpq's own places
        (``~/.pgpass``, ``PGPASSWORD``). When the server wants one it has not got, the user is
        asked once; a password the server refused is dropped from the keyring.
        """
        login = self._login if self._login is not None and self._login.url == url else None
        password = login.password if login is not None else None
        open_now = self.w.service.project if self.w.service is not None else None
        if password is None and open_now is not None and open_now.location == display(url):
            password = open_now.password  # opened again (after a merge): the same login
        from_keyring = False
        if password is None:
            password = stored_password(url)
            from_keyring = password is not None
        try:
            project = Project.open(url, password=password)
        except LgcoderError as exc:
            if not wants_password(str(exc)):
                raise
            if from_keyring:
                forget_password(url)
            typed = self.w.prompts.text(
                "Open team project", f"{exc}\n\nPassword for {url}:", "", password=True
            )
            if not typed:
                raise
            project = Project.open(url, password=typed)
            keep = keyring_available() and self.w.prompts.confirm(
                "Remember the password",
                f"Keep the password for {display(url)} in this computer's keyring, so that "
                "lgcoder does not ask for it again?",
            )
            login = TeamLogin(url, typed, keep)
        if login is not None and login.password and login.remember:
            refusal = store_password(url, login.password)
            if refusal:
                self.w.message(f"Password not kept: {refusal}", 10000)
        return project

    # -- the open project ----------------------------------------------------------------------

    def my_coder(self, service: ProjectService) -> str | None:
        """Who codes in this window: the server login's coder on a server project, the
        settings' name in a project file. None: this login may read but not code."""
        self.coder_name = None
        if not service.project.is_server:
            return service.ensure_coder(self.w.settings.coder).guid
        guid = service.default_coder_guid()
        if guid is None:
            try:  # the database's owner, not a team member: codes under the settings' name
                guid = service.ensure_coder(self.w.settings.coder).guid
            except LgcoderError:
                self.w.message(
                    "This login is not a member of the team project: you can read it but "
                    "not code (the lead adds you with lgcoder server add-coder)",
                    0,
                )
                return None
        self.coder_name = next((c.name for c in service.coders() if c.guid == guid), None)
        if service.login_role() == "viewer" and self.coder_name:
            # the server refuses a viewer's every change; say so before the first attempt
            self.coder_name += " (viewer: reading only)"
        return guid

    def opened(self, service: ProjectService) -> None:
        self.live.start(service)

    def closing(self) -> None:
        self.live.stop()
        self.coder_name = None

    def prepare(self, command: ServiceCommand) -> None:
        """The push path's hook: undo and redo say why they refused; the live guard."""
        command.refused = self._refused
        self.live.prepare(command)

    def _refused(self, line: str) -> None:
        self.w.message(line, 10000)

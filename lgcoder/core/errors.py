"""Every failure a user can cause is an :class:`LgcoderError` with a sentence they understand.

The CLI prints ``lgcoder: error: <message>`` and exits 1; the GUI shows the message in a dialog.
Anything that is *not* an LgcoderError is a bug in lgcoder, never the user's fault.
"""

from __future__ import annotations


class LgcoderError(Exception):
    """Base of all user-facing failures. ``str(err)`` is one readable line."""

    def __str__(self) -> str:
        text = super().__str__()
        return " ".join(text.split())


class NotAProjectError(LgcoderError):
    """The file is missing, not SQLite, or not an lgcoder project."""


class NewerSchemaError(LgcoderError):
    """The project was written by a newer lgcoder than this one."""


class ProjectExistsError(LgcoderError):
    """Refusing to overwrite an existing file when creating a project."""


class NotFoundError(LgcoderError):
    """A named document, code, coder, coding or memo does not exist."""


class ValidationError(LgcoderError):
    """The request itself is wrong: an empty span, a name with a slash, a bad colour..."""


class DuplicateError(LgcoderError):
    """The thing already exists (same code name among siblings, same coding twice...)."""


class ImportFailedError(LgcoderError):
    """A file could not be imported; the message says why and what to do."""


class UnsupportedFormatError(ImportFailedError):
    """No importer understands this file."""


class ImportCancelledError(ImportFailedError):
    """The user pressed Cancel while a file was being read; nothing was stored."""


class PasswordRequiredError(ImportFailedError):
    """The file is encrypted and needs a password (or the given one was wrong)."""

    def __init__(self, message: str, *, wrong_password: bool = False) -> None:
        super().__init__(message)
        self.wrong_password = wrong_password


class IntegrityError(LgcoderError):
    """The project breaks an invariant (found by ``lgcoder check`` or before a merge)."""


class ForeignSchemaError(NotAProjectError):
    """The file holds tables, triggers or views that lgcoder did not create; it is not opened."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


class ReadOnlyProjectError(LgcoderError):
    """A change was asked of a project whose file or folder cannot be written."""


class BusyError(LgcoderError):
    """Another process held the project's write lock for longer than we wait."""

"""What every command family shares: opening a project, the coder, one-line errors, JSON, plurals.

Nothing here imports SQLAlchemy, the ORM models or a feature package at module level: the parser
is built from the command modules on every call, and ``lgcoder --version`` or ``lgcoder docs``
must not pay for what they do not use (issue 16). The types below are for the checker only.

Inside ``lgcoder batch`` the project is already open (:mod:`lgcoder.cli.batch`):
:func:`open_project`, :func:`read_project` and :func:`reading_connection` then hand out that
one open project, so a thousand lines pay for one open, and ``--atomic`` can hold every line
in one transaction.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from lgcoder.core.errors import LgcoderError, ValidationError
from lgcoder.core.words import counted

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.orm import Session

    from lgcoder.app.project_service import ProjectService
    from lgcoder.core.models import Coder
    from lgcoder.exporters.options import Scope

    #: What ``add_subparsers`` returns (argparse has no public name for its class).
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction

__all__ = [
    "Handler",
    "OpenProject",
    "Subparsers",
    "counted",
    "emit_json",
    "fail",
    "open_project",
    "print_listing",
    "project_service",
    "read_project",
    "reading_connection",
    "resolve_coder",
    "scope_arguments",
    "scope_from",
    "user_message",
    "warn",
]

T = TypeVar("T")

#: A command: parsed arguments in, exit status out.
Handler = Callable[[argparse.Namespace], int]


class OpenProject(Protocol):
    """An open project as the commands use it: :class:`lgcoder.core.db.Project`, or inside
    ``lgcoder batch`` the batch's one open project."""

    @property
    def path(self) -> Path: ...

    def transaction(self) -> AbstractContextManager[Session]: ...

    def reading(self) -> AbstractContextManager[Session]: ...

    def use_wal(self) -> None: ...

    def __enter__(self) -> OpenProject: ...

    def __exit__(self, *exc: object) -> None: ...


class SharedProject(Protocol):
    """The project ``lgcoder batch`` holds open for all its lines (see :mod:`.batch`)."""

    def same_file(self, path: str) -> bool: ...

    def project(self) -> OpenProject: ...

    def connection(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def service(self) -> ProjectService: ...


#: Where a batch's session remembers the project's default coder.
_DEFAULT_CODER = "lgcoder.cli.default_coder"
#: Set by ``lgcoder batch`` while its lines run.
_shared: SharedProject | None = None


@contextmanager
def sharing(shared: SharedProject) -> Iterator[None]:
    """Within this block, commands on the batch's project use the batch's open project."""
    global _shared
    before, _shared = _shared, shared
    try:
        yield
    finally:
        _shared = before


def in_batch() -> bool:
    return _shared is not None


def user_message(exc: BaseException) -> str:
    """One line for an error that is the user's or their system's, not a bug of ours."""
    if isinstance(exc, OSError) and not isinstance(exc, LgcoderError):
        from lgcoder.core.sqlite_file import os_error_message

        where = exc.filename if exc.filename is not None else ""
        return f"{where}: {os_error_message(exc)}" if where else os_error_message(exc)
    return str(exc)


def fail(message: str) -> int:
    print(f"lgcoder: error: {' '.join(message.split())}", file=sys.stderr)
    return 1


def warn(message: str) -> None:
    print(f"lgcoder: warning: {' '.join(message.split())}", file=sys.stderr)


def emit_json(data: Any) -> None:
    """Print *data* as the one JSON document a ``--json`` command writes on stdout."""
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def open_project(path: str) -> OpenProject:
    """Open a project to change it (migrating an older one after backing it up)."""
    if _shared is not None and _shared.same_file(path):
        return _shared.project()
    from lgcoder.core.db import Project

    return Project.open(path)


def read_project(path: str) -> OpenProject:
    """Open a project only to read it: the file, its journal mode and its folder stay as they are."""
    if _shared is not None and _shared.same_file(path):
        return _shared.project()
    from lgcoder.core.db import Project

    return Project.open(path, readonly=True)


@contextmanager
def project_service(path: str, *, readonly: bool = False) -> Iterator[ProjectService]:
    """The open project's services (:mod:`lgcoder.app`), made once when the project opens.

    The same layer the workbench uses, with the same transaction rule: each service call is one
    transaction (inside ``lgcoder batch``, one savepoint of the batch's), and a command that
    needs several calls makes them on this one service. *readonly* opens the file only to read.
    """
    if _shared is not None and _shared.same_file(path):
        yield _shared.service()
        return
    from lgcoder.app.project_service import ProjectService
    from lgcoder.core.db import Project

    with Project.open(path, readonly=readonly) as project:
        yield ProjectService(project)


def reading_connection(path: str) -> AbstractContextManager[sqlite3.Connection]:
    """A plain read-only :mod:`sqlite3` connection for the quick listings
    (:mod:`lgcoder.core.quick_read`), without SQLAlchemy's start-up cost."""
    if _shared is not None and _shared.same_file(path):
        return _shared.connection()
    from lgcoder.core.quick_read import reading

    return reading(path)


def resolve_coder(session: Session, name: str | None) -> Coder:
    """The named coder (created if new), else the project's default coder."""
    from lgcoder.core.ops import coders, project

    if name:
        return coders.ensure_coder(session, name)
    if _shared is not None:  # a batch: the default coder cannot change while it runs
        cached = session.info.get(_DEFAULT_CODER)
        if cached is None:
            cached = session.info[_DEFAULT_CODER] = project.default_coder(session)
        coder = cached
    else:
        coder = project.default_coder(session)
    if coder is None:
        from lgcoder.app.project_service import NO_CODER

        raise ValidationError(NO_CODER)
    return coder


def print_listing(
    as_json: bool,
    rows: Sequence[T],
    record: Callable[[T], Any],
    line: Callable[[T], str],
    empty: str = "",
) -> int:
    """A listing command's output: one JSON array of *record* per row with ``--json``, else one
    *line* per row (or *empty*, the hint shown when there are no rows). Returns the exit status."""
    if as_json:
        emit_json([record(row) for row in rows])
        return 0
    for row in rows:
        print(line(row))
    if not rows and empty:
        print(empty)
    return 0


def add_command(
    sub: Subparsers, name: str, handler: Handler, help_text: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """A subcommand whose ``--help`` repeats its one-line help as the description."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description=kwargs.pop("description", help_text), **kwargs
    )
    parser.set_defaults(handler=handler)
    return parser


def scope_arguments(p: argparse.ArgumentParser, *, coder_help: str = "") -> None:
    """The export scope's filters (``--code --doc --coder --case --attribute``), shared by
    ``lgcoder export`` and ``lgcoder chart`` so a figure and its report select alike."""
    p.add_argument(
        "--code",
        action="append",
        metavar="PATH",
        default=[],
        help="a theme (its sub-themes included); repeat for more",
    )
    p.add_argument(
        "--doc", action="append", metavar="NAME", default=[], help="a document; repeat for more"
    )
    p.add_argument(
        "--coder",
        action="append",
        metavar="NAME",
        default=[],
        help=coder_help or "a coder; repeat for more",
    )
    p.add_argument(
        "--case", action="append", metavar="NAME", default=[], help="documents of this case"
    )
    p.add_argument(
        "--attribute",
        action="append",
        metavar="NAME=VALUE",
        default=[],
        help="documents whose attribute has this value; repeat to require several",
    )


def scope_from(args: argparse.Namespace) -> Scope:
    """The :class:`~lgcoder.exporters.options.Scope` of :func:`scope_arguments`' options."""
    from lgcoder.exporters.options import Scope

    pairs = []
    for item in args.attribute:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                f"--attribute must be NAME=VALUE, e.g. Region=North (got '{item}')"
            )
        pairs.append((name.strip(), value.strip()))
    return Scope(
        codes=tuple(args.code),
        documents=tuple(args.doc),
        coders=tuple(args.coder),
        cases=tuple(args.case),
        attributes=tuple(pairs),
    )

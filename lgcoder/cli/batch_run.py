"""The workings of ``lgcoder batch`` (see :mod:`lgcoder.cli.batch` for what it does).

Imported only when a batch runs, so that building the parser stays cheap.
"""

from __future__ import annotations

import argparse
import io
import json
import shlex
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from lgcoder.app.project_service import ProjectService
from lgcoder.cli.common import (
    OpenProject,
    Subparsers,
    counted,
    emit_json,
    in_batch,
    sharing,
)
from lgcoder.core.db import Project
from lgcoder.core.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Commands that cannot be a line of a batch, and why.
REFUSED = {
    "new": "it creates another project",
    "sample": "it creates another project",
    "merge": "it merges other projects into one; run lgcoder merge on its own",
    "gui": "it opens the desktop app",
    "batch": "a batch cannot run another batch",
}
#: Commands that open the project file themselves, so they read it as saved.
SAVED_FILE_READERS = frozenset({"export", "check", "repair", "prepare-copies"})
#: How often a plain (not ``--atomic``) batch stores the lines run so far.
STORE_EVERY_S = 1.0


@dataclass
class LineResult:
    """What one line did: for the report, and for ``--json``."""

    line: int
    command: str
    ok: bool
    output: str = ""
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    result: Any = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "line": self.line,
            "command": self.command,
            "ok": self.ok,
            "output": self.output,
            "error": self.error,
            "warnings": self.warnings,
        }
        if self.result is not None:
            data["result"] = self.result
        return data

    def to_text(self) -> str:
        head = f"line {self.line}: " + ("ok" if self.ok else f"error: {self.error}")
        out = self.output.rstrip("\n")
        lines = [head + (f": {out}" if self.ok and out and "\n" not in out else "")]
        if self.ok and "\n" in out:
            lines += [f"  {x}" for x in out.split("\n")]
        lines += [f"line {self.line}: warning: {w}" for w in self.warnings]
        return "\n".join(lines)


class LineError(Exception):
    """A line that cannot be run at all (unreadable, refused, unknown argument)."""


# -- the open project every line shares ---------------------------------------------------------


class _Savepoints(Project):
    """The batch's project as one line sees it: every change is a savepoint of the batch's
    transaction, released when the line succeeds and rolled back when it fails; closing it is
    the batch's job, not the line's.

    A :class:`Project` (same file, same engine), so that the open project's services
    (:class:`~lgcoder.app.project_service.ProjectService`) work on it unchanged: their one
    transaction per call becomes one savepoint of the batch's.
    """

    def __init__(self, project: Project, session: Session) -> None:
        super().__init__(project.path, project.engine, readonly=False, url=project.url)
        self._session = session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._session.begin_nested():  # released on success, rolled back on an error
            yield self._session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        nested = self._session.begin_nested()
        try:
            yield self._session
        finally:
            nested.rollback()  # a read leaves nothing behind

    def use_wal(self) -> None:
        pass  # the batch's transaction already holds the write lock

    def close(self) -> None:
        pass  # the batch closes the project it opened

    def __enter__(self) -> _Savepoints:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class _Shared:
    """What :mod:`lgcoder.cli.common` hands to the lines (its ``SharedProject``).

    A plain batch stores its work every :data:`STORE_EVERY_S` seconds, at the end, and before a
    line that reads the saved file: one sync to disk per line cost more than the line itself.
    """

    def __init__(self, project: Project, session: Session, atomic: bool, given: str) -> None:
        self._project = project
        self._session = session
        self.atomic = atomic
        self._view = _Savepoints(project, session)
        self._service: ProjectService | None = None
        self._resolved = None if project.is_server else project.path.resolve()
        self._given = given
        self._stored_at = time.monotonic()

    def same_file(self, path: str) -> bool:
        if path == self._given:  # every line names the project as the batch was given it
            return True
        if self._project.is_server:  # the same database, however the address was spelled
            from lgcoder.core import pg

            return pg.is_server_url(path) and pg.display(path) == self._project.location
        try:
            return Path(path).resolve() == self._resolved
        except (OSError, ValueError):
            return False

    def project(self) -> OpenProject:
        return self._view

    def service(self) -> ProjectService:
        """The open project's services, made once for the whole batch."""
        if self._service is None:
            self._service = ProjectService(self._view)
        return self._service

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        self._session.flush()  # the batch's transaction, with this batch's changes
        conn = self._session.connection().connection.driver_connection
        if self._project.is_server:  # psycopg: the quick listings' SQL runs on both
            yield cast(sqlite3.Connection, conn)
            return
        assert isinstance(conn, sqlite3.Connection)
        yield conn

    def store(self, *, unless_recent: bool = False) -> None:
        """Commit the lines run so far (never under ``--atomic``)."""
        if self.atomic or (unless_recent and time.monotonic() - self._stored_at < STORE_EVERY_S):
            return
        self._project.commit_and_continue(self._session)
        self._stored_at = time.monotonic()


# -- reading lines ------------------------------------------------------------------------------


def _subparsers(parser: argparse.ArgumentParser) -> Subparsers | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def _leaf(parser: argparse.ArgumentParser, words: list[str]) -> tuple[argparse.ArgumentParser, int]:
    """The parser of the command *words* start with, and how many words name it."""
    at = 0
    while at < len(words):
        sub = _subparsers(parser)
        if sub is None or words[at] not in sub.choices:
            break
        parser = sub.choices[words[at]]
        at += 1
    return parser, at


def _takes_project(parser: argparse.ArgumentParser) -> bool:
    positionals = [a for a in parser._actions if not a.option_strings and a.dest != "help"]
    return bool(positionals) and positionals[0].dest == "project"


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise LineError(f"'{key}' needs a text or a number, not {json.dumps(value)}")
    return str(value)


def object_words(
    parser: argparse.ArgumentParser, data: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """The command words and argument words of a JSON object line (without PROJECT)."""
    cmd = data.get("cmd")
    if isinstance(cmd, str):
        words = cmd.split()
    elif isinstance(cmd, list) and all(isinstance(w, str) for w in cmd):
        words = list(cmd)
    else:
        raise LineError('a JSON line needs "cmd", the command, e.g. {"cmd": "code apply", ...}')
    unknown = sorted(set(data) - {"cmd", "args"})
    if unknown:
        raise LineError(f'a JSON line has "cmd" and "args" only (not {", ".join(unknown)})')
    args = data.get("args", {})
    if isinstance(args, list):
        return words, [_value("args", a) for a in args]
    if not isinstance(args, dict):
        raise LineError('"args" must be an object of NAME: VALUE, or a list of words')
    leaf, used = _leaf(parser, words)
    if used < len(words) or _subparsers(leaf) is not None:
        return words, []  # not a command: the parser says so with its own words
    actions = {
        a.dest: a for a in leaf._actions if a.dest not in ("help", "project", argparse.SUPPRESS)
    }
    positional_order = [a.dest for a in leaf._actions if not a.option_strings]
    options: list[str] = []
    positionals: dict[str, list[str]] = {}
    for key, value in args.items():
        action = actions.get(key.replace("-", "_"))
        if action is None:
            names = ", ".join(sorted(actions))
            implied = " (PROJECT is implied)" if key == "project" else ""
            raise LineError(f"'{' '.join(words)}' has no argument '{key}'{implied}; it has {names}")
        values = value if isinstance(value, list) else [value]
        if not action.option_strings:
            positionals[action.dest] = [_value(key, v) for v in values]
            continue
        flag = max(action.option_strings, key=len)
        if action.nargs == 0:  # a switch
            if value is True:
                options.append(flag)
            elif value not in (False, None):
                raise LineError(f"'{key}' is a switch: give true or false")
            continue
        if value is None:
            continue
        for v in values:
            options += [flag, _value(key, v)]
    rest = [v for dest in positional_order for v in positionals.get(dest, [])]
    if any(v.startswith("-") for v in rest):  # "--" ends the options: they go first
        return words, [*options, "--", *rest]
    # Positionals first: an option taking several values (--doc A B) would swallow them.
    return words, rest + options


def line_words(parser: argparse.ArgumentParser, text: str) -> list[str]:
    """The words of one line, without PROJECT (the CLI syntax, a JSON array or object)."""
    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(stripped)
        except ValueError as exc:
            raise LineError(f"not valid JSON ({exc})") from None
        if isinstance(data, list):
            if not all(isinstance(w, (str, int, float)) for w in data):
                raise LineError("a JSON array line must hold words (texts or numbers)")
            return [str(w) for w in data]
        if isinstance(data, dict):
            words, rest = object_words(parser, data)
            return words + rest
        raise LineError('a JSON line must be an array of words or an object with "cmd"')
    if not any(c in stripped for c in "\"'\\"):
        return stripped.split()  # nothing to unquote: what shlex would give, without its cost
    try:
        return shlex.split(stripped)
    except ValueError as exc:  # "No closing quotation"
        raise LineError(f"cannot split the line into words ({exc})") from None


def with_project(parser: argparse.ArgumentParser, words: list[str], project: str) -> list[str]:
    """*words* with PROJECT put where the command expects it (its first positional)."""
    if not words:
        raise LineError("no command")
    if words[0] in REFUSED:
        raise LineError(f"'{words[0]}' cannot run in a batch: {REFUSED[words[0]]}")
    if words[0].startswith("-"):
        raise LineError(f"a line starts with a command, not with an option ({words[0]})")
    leaf, used = _leaf(parser, words)
    if used == 0 or _subparsers(leaf) is not None or not _takes_project(leaf):
        return words  # the parser reports the unknown or incomplete command itself
    return [*words[:used], project, *words[used:]]


# -- running ------------------------------------------------------------------------------------


def _error_lines(stderr: str) -> tuple[list[str], list[str]]:
    """The ``lgcoder: error:`` and ``lgcoder: warning:`` messages a command printed."""
    errors: list[str] = []
    warnings: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("lgcoder: error: "):
            errors.append(line.removeprefix("lgcoder: error: "))
        elif line.startswith("lgcoder: warning: "):
            warnings.append(line.removeprefix("lgcoder: warning: "))
        elif line.strip() and not line.startswith("usage:") and not line.startswith(" "):
            warnings.append(line.strip())
    return errors, warnings


def run_line(
    parser: argparse.ArgumentParser, number: int, text: str, project: str, shared: _Shared
) -> LineResult:
    """Run one line with its output captured; never raises for the line's own failure."""
    from lgcoder.cli import error_message

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.StringIO()
    command = ""
    code = 1
    failure: str | None = None
    args: argparse.Namespace | None = None
    with redirect_stdout(out), redirect_stderr(err):
        try:
            words = with_project(parser, line_words(parser, text), project)
            command = " ".join(words[: _leaf(parser, words)[1]])
            try:
                args = parser.parse_args(words)
            except SystemExit as exc:  # a usage error (already on stderr), or --help
                code = exc.code if isinstance(exc.code, int) else 2
                args = None
            if args is not None:
                if args.command in SAVED_FILE_READERS:
                    if shared.atomic:
                        raise LineError(
                            f"'{command}' reads the project as saved, so under --atomic it "
                            "would not see this batch's changes; run it after the batch"
                        )
                    shared.store()  # so that it reads every line before it
                code = args.handler(args)
        except LineError as exc:
            failure = str(exc)
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            failure = error_message(exc)
        finally:
            sys.stdout.flush()
    out.flush()
    buffer = out.buffer
    assert isinstance(buffer, io.BytesIO)
    output = buffer.getvalue().decode("utf-8", "replace")
    errors, warnings = _error_lines(err.getvalue())
    if failure is None and code != 0:
        failure = "; ".join(errors) or f"the command ended with status {code}"
    elif failure is not None and errors:
        failure = "; ".join([*errors, failure])
    result = LineResult(number, command, failure is None, output, failure, warnings)
    if result.ok and args is not None and getattr(args, "json", False):
        with suppress(ValueError):
            result.result = json.loads(output)
    return result


def _lines(source: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of the batch file or stdin, skipping blanks and ``#`` comments."""
    if source == "-":
        stream: Iterable[str]
        buffer = getattr(sys.stdin, "buffer", None)
        stream = sys.stdin if buffer is None else io.TextIOWrapper(buffer, encoding="utf-8-sig")
        yield from _numbered(stream)
        return
    try:
        with open(source, encoding="utf-8-sig") as fh:
            yield from _numbered(fh)
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{source} is not UTF-8 text ({exc.reason})") from None


def _numbered(stream: Iterable[str]) -> Iterator[tuple[int, str]]:
    for number, text in enumerate(stream, start=1):
        if text.strip() and not text.lstrip().startswith("#"):
            yield number, text


class _RollBack(Exception):
    """Leaves an ``--atomic`` batch's transaction so that nothing is stored."""


def run_batch(args: argparse.Namespace) -> int:
    """Run the batch *args* describe (``lgcoder batch``'s handler)."""
    from lgcoder.cli import build_parser

    if in_batch():
        raise ValidationError("a batch cannot run another batch")
    if args.file != "-" and not Path(args.file).is_file():
        raise ValidationError(f"{args.file}: no such batch file (give - to read standard input)")
    parser = build_parser()
    results: list[LineResult] = []
    interrupted = False
    with Project.open(args.project) as project:
        try:
            with project.transaction() as session:
                shared = _Shared(project, session, args.atomic, args.project)
                with sharing(shared):
                    try:
                        for number, text in _lines(args.file):
                            result = run_line(parser, number, text, args.project, shared)
                            results.append(result)
                            if not args.json:
                                print(result.to_text())
                            shared.store(unless_recent=True)
                    except KeyboardInterrupt:  # keep (or, atomic, drop) what ran so far
                        interrupted = True
                if args.atomic and (interrupted or any(not r.ok for r in results)):
                    raise _RollBack
        except _RollBack:
            pass
    failed = sum(1 for r in results if not r.ok)
    stored = not (args.atomic and (failed or interrupted))
    if args.json:
        emit_json(
            {
                "project": args.project,
                "atomic": args.atomic,
                "lines": [r.to_json() for r in results],
                "ok": len(results) - failed,
                "failed": failed,
                "interrupted": interrupted,
                "stored": stored,
            }
        )
    else:
        summary = f"batch: {len(results) - failed} of {counted(len(results), 'line')} ok"
        summary += f", {failed} failed" if failed else ""
        summary += "; interrupted" if interrupted else ""
        if args.atomic:
            summary += "; nothing was stored (--atomic)" if not stored else "; all stored"
        print(summary)
    return 1 if failed or interrupted else 0

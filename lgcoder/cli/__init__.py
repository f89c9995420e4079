"""The headless twin of every user action (DESIGN §5). Scripts and tests rely on this contract.

Errors are one line on stderr, ``lgcoder: error: ...``, exit status 1 (2 for usage errors), and
never a traceback. ``--json`` prints one JSON document on stdout and nothing else.

The parser is built from one module per command family, imported here by name so that a
search or the type checker follows every command. Building it imports no feature package and
no SQLAlchemy: each handler imports what it needs when it runs, so ``lgcoder --version`` and
the quick listings (``docs``, ``codes``) answer in a blink (issue 16). Shared helpers live in
:mod:`lgcoder.cli.common`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, cast

from lgcoder.cli import (
    analysis,
    batch,
    cases,
    chart,
    codes,
    codings,
    documents,
    export,
    imports,
    project,
    refi,
    sample,
    server,
    team,
)
from lgcoder.cli.common import Handler, Subparsers, fail, user_message
from lgcoder.core.errors import LgcoderError, NotAProjectError

__all__ = ["build_parser", "error_message", "main"]


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line too (plus the usage hint argparse prints)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"lgcoder: error: {message}\n")


class _Version(argparse.Action):
    """``--version``, looking the version up only when asked (it costs ~40 ms to find)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        from lgcoder import __version__

        sys.stdout.write(f"lgcoder {__version__}\n")
        parser.exit()


def _register_all(sub: Subparsers) -> None:
    """Every command, in the order ``lgcoder --help`` lists them.

    A new command family is a module in this package with a ``register(subparsers)`` function,
    imported at the top of this file and called here.
    """
    project.register_new(sub)
    imports.register(sub)
    documents.register_docs(sub)
    codes.register_codes(sub)
    codes.register(sub)
    codings.register(sub)
    documents.register(sub)
    project.register(sub)
    export.register(sub)
    refi.register(sub)
    team.register(sub)
    analysis.register(sub)
    chart.register(sub)
    cases.register(sub)
    sample.register(sub)
    batch.register(sub)
    server.register(sub)  # issue 13: server init/add-coder/coders/upgrade, publish, pull


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lgcoder",
        description="Qualitative coding for local-government research. "
        "Run without arguments to open the desktop app.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    # Sub-parsers (and theirs) are _Parser too: argparse makes them of the parent's class.
    sub = cast("Subparsers", parser.add_subparsers(dest="command", metavar="COMMAND"))
    _register_all(sub)
    return parser


def _order_hint(argv: list[str], args: argparse.Namespace) -> str:
    """ "; did you mean `lgcoder import P.lgc notes.txt`?" when the project is not first.

    People type ``lgcoder import notes.txt P.lgc`` (file, then where it goes); the error alone
    ("notes.txt is not an lgcoder project") does not tell them the order is the problem.
    """
    import shlex

    given = getattr(args, "project", None)
    if not isinstance(given, str) or given.lower().endswith(".lgc") or given not in argv:
        return ""
    at = argv.index(given)
    for i, word in enumerate(argv):
        if i != at and word.lower().endswith(".lgc") and Path(word).is_file():
            fixed = list(argv)
            fixed.pop(i)
            fixed.insert(at, word)
            return f"; did you mean `{shlex.join(['lgcoder', *fixed])}`?"
    return ""


def _opens_files(parser: argparse.ArgumentParser, argv: list[str]) -> bool:
    """True for ``lgcoder PROJECT.lgc`` or ``lgcoder report.pdf``: existing files, no command."""
    commands: set[str] = set()
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        commands.update(getattr(action, "choices", None) or {})
    first = argv[0]
    if first.startswith("-") or first in commands:
        return False
    return all(_is_file(a) for a in argv) or (len(argv) == 1 and first.endswith(".lgc"))


def _is_file(arg: str) -> bool:
    """Whether *arg* names an existing file; a name too long or otherwise unusable is not one."""
    try:
        return Path(arg).is_file()
    except (OSError, ValueError):
        return False


def error_message(exc: Exception) -> str:
    """The one line a command's failure is reported with (without the ``lgcoder: error:``).

    Errors of the user or their system are said plainly; anything else is a bug of ours, still
    one line, saying how to see the details. With ``LGCODER_DEBUG`` set a bug is re-raised.
    """
    if isinstance(exc, LgcoderError):
        return str(exc)
    if os.environ.get("LGCODER_DEBUG"):
        raise exc
    if isinstance(exc, OSError):  # a path too long, no permission, a folder for a file
        return user_message(exc)
    return (
        f"internal error ({type(exc).__name__}: {exc}); "
        "rerun with LGCODER_DEBUG=1 for details and please report it"
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        from lgcoder.gui.app import main as gui_main

        return gui_main([])
    parser = build_parser()
    if _opens_files(parser, argv):  # `lgcoder FILE...`: what a file manager's "Open with" runs
        from lgcoder.gui.app import main as gui_main

        return gui_main(argv)
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except NotAProjectError as exc:
        return fail(str(exc) + _order_hint(argv, args))
    except KeyboardInterrupt:
        return fail("interrupted")
    except BrokenPipeError:
        return 0
    except Exception as exc:
        return fail(error_message(exc))

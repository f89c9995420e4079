"""The headless twin of every user action (DESIGN §5). Scripts and tests rely on this contract.

Errors are one line on stderr, ``lgcoder: error: ...``, exit status 1 (2 for usage errors), and
never a traceback. ``--json`` prints one JSON document on stdout and nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from lgcoder import __version__
from lgcoder.core.errors import LgcoderError, NotAProjectError, ValidationError
from lgcoder.core.words import counted

Handler = Callable[[argparse.Namespace], int]

#: Modules that add subcommands (export, merge, agreement ...). Each has register(subparsers).
EXTENSIONS: tuple[str, ...] = (
    "lgcoder.exporters.cli",
    "lgcoder.refi.cli",
    "lgcoder.team.cli",
    "lgcoder.analysis.cli",
    "lgcoder.cases_cli",
    "lgcoder.sample_cli",
    "lgcoder.chart_cli",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line too (plus the usage hint argparse prints)."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(2, f"lgcoder: error: {message}\n")


def user_message(exc: BaseException) -> str:
    """One line for an error that is the user's or their system's, not a bug of ours."""
    if isinstance(exc, OSError) and not isinstance(exc, LgcoderError):
        from lgcoder.core.db import os_error_message

        where = exc.filename if exc.filename is not None else ""
        return f"{where}: {os_error_message(exc)}" if where else os_error_message(exc)
    return str(exc)


def fail(message: str) -> int:
    print(f"lgcoder: error: {' '.join(message.split())}", file=sys.stderr)
    return 1


def warn(message: str) -> None:
    print(f"lgcoder: warning: {' '.join(message.split())}", file=sys.stderr)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def open_project(path: str) -> Any:
    """Open a project to change it (migrating an older one after backing it up)."""
    from lgcoder.core.db import Project

    return Project.open(path)


def read_project(path: str, *, allow_foreign: bool = False) -> Any:
    """Open a project only to read it: the file, its journal mode and its folder stay as they are."""
    from lgcoder.core.db import Project

    return Project.open(path, readonly=True, allow_foreign=allow_foreign)


def resolve_coder(session: Any, name: str | None) -> Any:
    """The named coder (created if new), else the project's default coder."""
    from lgcoder.core.ops import coders, project

    if name:
        return coders.ensure_coder(session, name)
    coder = project.default_coder(session)
    if coder is None:
        raise ValidationError(
            "no coder given and the project has no default coder; "
            "pass --coder NAME (or create the project with new --coder NAME)"
        )
    return coder


# -- commands ----------------------------------------------------------------------------------


def with_project_suffix(path: str) -> tuple[str, bool]:
    """*path* ending in ``.lgc`` (added when missing, so the Open dialog finds it), and whether
    it was added."""
    if path.lower().endswith(".lgc"):
        return path, False
    return path + ".lgc", True


def cmd_new(args: argparse.Namespace) -> int:
    args.project, added = with_project_suffix(args.project)
    if added:
        print(f"adding the .lgc extension: the project is {args.project}")

    if args.from_file:
        from lgcoder.refi.read import import_refi

        report = import_refi(
            args.from_file, args.project, title=args.title, coder=args.coder, offsets=args.offsets
        )
        print(f"created {args.project} from {Path(args.from_file).name}")
        for line in report.lines():
            print(f"  {line}")
        return 0
    from lgcoder.core.atomic_create import create_project_file
    from lgcoder.core.ops.coders import os_user_name

    coder = args.coder or os_user_name()
    create_project_file(Path(args.project), args.title or "", coder)
    if args.coder:
        print(f"created {args.project}")
    else:  # codings made without --coder go to this name: say whose it is and how to change it
        print(
            f"created {args.project} (codings without --coder are saved under {coder}, "
            "this computer's user name; give --coder NAME to choose another)"
        )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import each file in its own transaction; one bad file never stops the others."""
    from lgcoder.core.ops import coders as coder_ops
    from lgcoder.core.ops.documents import DuplicateTextError, add_document, document_by_guid
    from lgcoder.importers.base import ImportOptions
    from lgcoder.importers.registry import parse_file

    imported = skipped = failed = 0
    base = ImportOptions(password=args.password)
    with open_project(args.project) as project:
        if args.coder:
            with project.transaction() as session:
                coder_ops.ensure_coder(session, args.coder)
        for file in args.files:
            label = Path(file).name
            options = replace(base, progress=_page_meter(label)) if sys.stderr.isatty() else base
            try:
                try:
                    result = parse_file(file, options)
                finally:
                    if options.progress is not None:
                        sys.stderr.write("\r\033[K")  # clear the page meter
                with project.transaction() as session:
                    changes = add_document(session, result, allow_duplicate_text=args.force)
                    doc = document_by_guid(session, changes.created[0])
                    name, chars = doc.name, doc.text_length
            except DuplicateTextError as exc:
                skipped += 1
                warn(f"{label}: skipped, {exc} (use --force to import it again)")
                continue
            except (LgcoderError, OSError) as exc:
                # Anything the file or the disk did (not a bug of ours) is reported for this
                # file, and the batch goes on; a busy project has already been waited for.
                failed += 1
                message = user_message(exc)
                fail(message if message.startswith(label) else f"{label}: {message}")
                continue
            imported += 1
            pages = sum(1 for s in result.segments if s.kind == "page")
            speakers = len(result.speakers)
            detail = counted(chars, "character")
            detail += f", {counted(pages, 'page')}" if pages else ""
            detail += f", {counted(speakers, 'speaker')}" if speakers else ""
            print(f"imported {name} ({detail})")
            for warning in result.warnings:
                warn(f"{label}: {warning}")
    if len(args.files) > 1:
        print(
            f"{imported} of {len(args.files)} files imported"
            + (f", {skipped} skipped as already imported" if skipped else "")
            + (f", {failed} failed" if failed else "")
        )
    return 1 if failed else 0


def _page_meter(label: str) -> Callable[[int, int], None]:
    """Progress for long PDFs on a terminal: one line, rewritten in place."""

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r\033[Kreading {label}: page {done} of {total}")
        sys.stderr.flush()

    return show


def cmd_docs(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from lgcoder.core.models import Segment
    from lgcoder.core.ops.documents import list_documents

    with read_project(args.project) as project, project.reading() as session:
        pages = dict(
            session.execute(
                select(Segment.document_id, func.count())
                .where(Segment.kind == "page")
                .group_by(Segment.document_id)
            ).all()
        )
        rows = [
            {
                "name": d.name,
                "guid": d.guid,
                "kind": d.kind,
                "chars": d.text_length,
                "pages": pages.get(d.id, 0),
                "sha256": d.text_sha256,
            }
            for d in list_documents(session)
        ]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            pages_note = f"  {counted(r['pages'], 'page')}" if r["pages"] else ""
            print(f"{r['name']}  [{r['kind']}]  {counted(r['chars'], 'char')}{pages_note}")
        if not rows:
            print("(no documents yet: lgcoder import PROJECT FILE...)")
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    from lgcoder.core.queries import flat_code_tree

    with read_project(args.project) as project, project.reading() as session:
        nodes = flat_code_tree(session, subtree_documents=True)
    rows = [
        {
            "path": n.path,
            "guid": n.guid,
            "color": n.color,
            "description": n.description,
            "codings": n.codings,
            "documents": n.documents,
            "codings_with_subcodes": n.total_codings,
            "documents_with_subcodes": n.total_documents,
        }
        for n in nodes
    ]
    if args.json:
        emit_json(rows)
    else:
        for n in nodes:
            depth = n.path.count("/")
            own = f"{counted(n.codings, 'coding')} in {counted(n.documents, 'document')}"
            if n.children:
                own += (
                    f"; with sub-codes {counted(n.total_codings, 'coding')} "
                    f"in {counted(n.total_documents or 0, 'document')}"
                )
            print(f"{'  ' * depth}{n.name}  ({own})")
        if not nodes:
            print("(no codes yet: lgcoder code add PROJECT NAME)")
    return 0


def cmd_code_add(args: argparse.Namespace) -> int:
    from lgcoder.core.ops.codes import add_code, code_by_guid, code_path

    with open_project(args.project) as project, project.transaction() as session:
        changes = add_code(session, args.path, color=args.color, description=args.description or "")
        made = [(code_path(session, code_by_guid(session, g)), g) for g in changes.created]
    for path, guid in made:  # missing parents are created too, and said so
        print(f"code {path} created (guid {guid})")
    return 0


_SPAN = re.compile(r"([0-9]{1,18}):([0-9]{1,18})", re.ASCII)


def _parse_span(span: str) -> tuple[int, int]:
    """START:END in ASCII digits only (``int()`` would also take "٣" or "1_0")."""
    found = _SPAN.fullmatch(span.strip())
    if found is None:
        raise ValidationError(f"--span must be START:END in characters, e.g. 10:42 (got '{span}')")
    return int(found[1]), int(found[2])


def cmd_code_apply(args: argparse.Namespace) -> int:
    from lgcoder.core.ops.codes import code_path, get_code
    from lgcoder.core.ops.codings import apply_coding, find_occurrence
    from lgcoder.core.ops.documents import get_document
    from lgcoder.core.queries import document_text

    with open_project(args.project) as project, project.transaction() as session:
        doc = get_document(session, args.doc)
        code = get_code(session, args.code)
        if args.span is not None:
            start, end = _parse_span(args.span)
        else:
            start, end = find_occurrence(document_text(session, doc), args.match, args.occurrence)
        coder = resolve_coder(session, args.coder)
        changes = apply_coding(session, doc, code, coder, start, end, args.memo or "")
        text = document_text(session, doc)[start:end]
        names = doc.name, code_path(session, code), coder.name
    quote = " ".join(text.split())
    quote = quote if len(quote) <= 60 else quote[:59] + "\u2026"
    print(
        f"coding created (guid {changes.created[0]}): {names[1]} on \u201c{quote}\u201d "
        f"in {names[0]}, coded by {names[2]}"
    )
    return 0


def cmd_code_remove(args: argparse.Namespace) -> int:
    from lgcoder.core.ops.codings import remove_coding

    with open_project(args.project) as project, project.transaction() as session:
        remove_coding(session, args.coding)
    print(f"removed {args.coding}")
    return 0


def cmd_codings(args: argparse.Namespace) -> int:
    from lgcoder.core.queries import retrieve_codings

    with read_project(args.project) as project, project.reading() as session:
        rows = retrieve_codings(
            session, codes=args.code or (), documents=args.doc or (), coders=args.coder or ()
        )
    data = [
        {
            "guid": r.guid,
            "document": r.document,
            "code": r.code,
            "coder": r.coder,
            "start": r.start,
            "end": r.end,
            "text": r.text,
            "page": r.page,
            "speaker": r.speaker,
            "memo": r.memo,
        }
        for r in rows
    ]
    if args.json:
        emit_json(data)
    else:
        for r in rows:
            where = ", ".join(
                x for x in (r.document, f"p. {r.page}" if r.page else "", r.speaker or "") if x
            )
            quote = " ".join(r.text.split())
            print(f"[{r.code}] \u201c{quote}\u201d ({where}; {r.coder})")
    return 0


def cmd_text(args: argparse.Namespace) -> int:
    from lgcoder.core.ops.documents import get_document
    from lgcoder.core.queries import document_text

    with read_project(args.project) as project, project.reading() as session:
        body = document_text(session, get_document(session, args.doc))
    sys.stdout.buffer.write(body.encode("utf-8"))
    sys.stdout.flush()
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    from lgcoder.core.ops.documents import get_document, segments_of

    with read_project(args.project) as project, project.reading() as session:
        segs = segments_of(session, get_document(session, args.doc))
        data = [
            {
                "kind": s.kind,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                **({"level": s.level} if s.level is not None else {}),
                **({"time": s.time_start} if s.time_start is not None else {}),
            }
            for s in segs
        ]
    if args.json:
        emit_json(data)
    else:
        for d in data:
            print(f"{d['kind']:<9} {d['start']:>8}:{d['end']:<8} {d['label']}")
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    from lgcoder.core.dump import dump_json

    with read_project(args.project) as project, project.reading() as session:
        sys.stdout.write(dump_json(session))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from lgcoder.core.check import check_project

    with read_project(args.project, allow_foreign=True) as project, project.reading() as session:
        try:
            findings = check_project(session)
        except DBAPIError as exc:  # a changed or missing table stops the deeper checks
            findings = [
                f"it contains {what} that lgcoder did not create" for what in project.foreign
            ]
            findings.append(f"it cannot be checked further ({str(exc.orig).splitlines()[0]})")
    if not findings:
        print(f"{args.project}: ok")
        return 0
    for finding in findings:
        print(f"lgcoder: error: {args.project}: {finding}", file=sys.stderr)
    return 1


def cmd_gui(args: argparse.Namespace) -> int:
    from lgcoder.gui.app import main as gui_main

    return gui_main([args.project] if args.project else [], screenshot=args.screenshot)


# -- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lgcoder",
        description="Qualitative coding for local-government research. "
        "Run without arguments to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"lgcoder {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = add("new", cmd_new, "create a new project file")
    p.add_argument("project")
    p.add_argument("--title")
    p.add_argument("--coder", help="the project's default coder")
    p.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE.qdpx",
        help="start from a REFI-QDA project exported by NVivo, ATLAS.ti, MAXQDA, QualCoder...",
    )
    p.add_argument(
        "--offsets",
        choices=("auto", "utf16", "codepoints"),
        default="auto",
        help="how the --from file counts text positions: auto (default: UTF-16 for NVivo, "
        "else what fits the text), utf16 or codepoints",
    )

    p = add("import", cmd_import, "import documents (txt, md, docx, pdf, vtt, srt, odt, rtf, html)")
    p.add_argument("project")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--password", help="password for encrypted PDFs")
    p.add_argument("--coder")
    p.add_argument(
        "--force", action="store_true", help="import a file even if its text is already there"
    )

    for name, handler, help_text in (
        ("docs", cmd_docs, "list the documents"),
        ("codes", cmd_codes, "list the codebook with counts"),
    ):
        p = add(name, handler, help_text)
        p.add_argument("project")
        p.add_argument("--json", action="store_true")

    code = sub.add_parser("code", help="add codes, apply and remove codings")
    code_sub = code.add_subparsers(dest="code_command", metavar="ACTION", parser_class=_Parser)
    code_sub.required = True
    p = code_sub.add_parser("add", help="add a code (PATH like parent/child)")
    p.set_defaults(handler=cmd_code_add)
    p.add_argument("project")
    p.add_argument("path")
    p.add_argument("--color")
    p.add_argument("--description")
    p = code_sub.add_parser("apply", help="code a passage of a document")
    p.set_defaults(handler=cmd_code_apply)
    p.add_argument("project")
    p.add_argument("--doc", required=True)
    p.add_argument("--code", required=True)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--span", help="START:END in characters (end exclusive)")
    where.add_argument("--match", help="code the text that matches exactly")
    p.add_argument("--occurrence", type=int, default=1, help="which match, counting from 1")
    p.add_argument("--coder")
    p.add_argument("--memo")
    p = code_sub.add_parser("remove", help="uncode a passage")
    p.set_defaults(handler=cmd_code_remove)
    p.add_argument("project")
    p.add_argument("--coding", required=True, metavar="GUID")

    p = add("codings", cmd_codings, "list coded passages with citations")
    p.add_argument("project")
    p.add_argument("--code", action="append", metavar="PATH")
    p.add_argument("--doc", action="append", metavar="NAME")
    p.add_argument("--coder", action="append", metavar="NAME")
    p.add_argument("--json", action="store_true")

    p = add("text", cmd_text, "print a document's stored text exactly")
    p.add_argument("project")
    p.add_argument("--doc", required=True)

    p = add("segments", cmd_segments, "list a document's pages, paragraphs, headings, turns")
    p.add_argument("project")
    p.add_argument("--doc", required=True)
    p.add_argument("--json", action="store_true")

    p = add("dump", cmd_dump, "canonical JSON of the project's content")
    p.add_argument("project")

    p = add("check", cmd_check, "check integrity and invariants")
    p.add_argument("project")

    p = add("gui", cmd_gui, "open the desktop app (on PROJECT, or offer to import a document)")
    p.add_argument("project", nargs="?")
    p.add_argument(
        "--screenshot", metavar="PNG", help="paint the first window into PNG and exit (for tests)"
    )

    import importlib

    for module in EXTENSIONS:
        importlib.import_module(module).register(sub, _Parser)
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
    except LgcoderError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted")
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a path too long, no permission, a folder where a file should be
        if os.environ.get("LGCODER_DEBUG"):
            raise
        return fail(user_message(exc))
    except Exception as exc:  # a bug: still one line, but say how to see the details
        if os.environ.get("LGCODER_DEBUG"):
            raise
        return fail(
            f"internal error ({type(exc).__name__}: {exc}); "
            "rerun with LGCODER_DEBUG=1 for details and please report it"
        )

"""``lgcoder import``: documents into a project, each file in its own transaction."""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path

from lgcoder.cli.common import (
    Subparsers,
    add_command,
    counted,
    fail,
    project_service,
    user_message,
    warn,
)
from lgcoder.core.errors import LgcoderError


def cmd_import(args: argparse.Namespace) -> int:
    """Import each file in its own transaction; one bad file never stops the others.

    Several files are parsed on a pool of helper processes, one per core
    (:mod:`lgcoder.importers.batch`), and stored one by one in the order given.
    """
    from lgcoder.core.ops.documents import DuplicateTextError
    from lgcoder.importers.batch import parse_files

    tty = sys.stderr.isatty()

    def meter(index: int, done: int, total: int) -> None:  # long PDFs on a terminal
        sys.stderr.write(f"\r\033[Kreading {Path(args.files[index]).name}: page {done} of {total}")
        sys.stderr.flush()

    imported = skipped = failed = 0
    with project_service(args.project) as service:
        if args.coder:
            service.add_coder(args.coder)
        results = parse_files(args.files, password=args.password, pages=meter if tty else None)
        with closing(results):
            for parsed in results:
                label = Path(parsed.path).name
                if tty:
                    sys.stderr.write("\r\033[K")  # clear the page meter
                try:
                    result = parsed.unwrap()
                    changes = service.import_document(result, allow_duplicate_text=args.force)
                    name = service.document_name(changes.created[0]) or label
                    chars = len(result.text)  # stored as given: imported text is normalised
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


def register(sub: Subparsers) -> None:
    p = add_command(
        sub, "import", cmd_import, "import documents (txt, md, docx, pdf, vtt, srt, odt, rtf, html)"
    )
    p.add_argument("project")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--password", help="password for encrypted PDFs")
    p.add_argument("--coder")
    p.add_argument(
        "--force", action="store_true", help="import a file even if its text is already there"
    )

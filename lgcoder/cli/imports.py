"""``lgcoder import``: documents into a project, each file in its own transaction."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from lgcoder.cli.common import (
    Subparsers,
    add_command,
    counted,
    fail,
    open_project,
    user_message,
    warn,
)
from lgcoder.core.errors import LgcoderError


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

"""``lgcoder docs``, ``text`` and ``segments``: what is in the project's documents."""

from __future__ import annotations

import argparse
import sys

from lgcoder.cli.common import (
    Subparsers,
    add_command,
    counted,
    print_listing,
    project_service,
    read_project,
    reading_connection,
)


def cmd_docs(args: argparse.Namespace) -> int:
    """The quick path: plain sqlite3 (:mod:`lgcoder.core.quick_read`), no SQLAlchemy."""
    from lgcoder.core.quick_read import DocumentRow, documents

    with reading_connection(args.project) as conn:
        docs = documents(conn)

    def line(d: DocumentRow) -> str:
        pages_note = f"  {counted(d.pages, 'page')}" if d.pages else ""
        return f"{d.name}  [{d.kind}]  {counted(d.chars, 'char')}{pages_note}"

    return print_listing(
        args.json,
        docs,
        lambda d: {
            "name": d.name,
            "guid": d.guid,
            "kind": d.kind,
            "chars": d.chars,
            "pages": d.pages,
            "sha256": d.sha256,
        },
        line,
        empty="(no documents yet: lgcoder import PROJECT FILE...)",
    )


def cmd_text(args: argparse.Namespace) -> int:
    with project_service(args.project, readonly=True) as service:
        content = service.document(service.document_guid(args.doc))
    body = content.text if content is not None else ""
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
    return print_listing(
        args.json,
        data,
        dict,
        lambda d: f"{d['kind']:<9} {d['start']:>8}:{d['end']:<8} {d['label']}",
    )


def register_docs(sub: Subparsers) -> None:
    p = add_command(sub, "docs", cmd_docs, "list the documents")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")


def register(sub: Subparsers) -> None:
    """``text`` and ``segments`` (``docs`` is listed earlier in the help: :func:`register_docs`)."""
    p = add_command(sub, "text", cmd_text, "print a document's stored text exactly")
    p.add_argument("project")
    p.add_argument("--doc", required=True)

    p = add_command(
        sub, "segments", cmd_segments, "list a document's pages, paragraphs, headings, turns"
    )
    p.add_argument("project")
    p.add_argument("--doc", required=True)
    p.add_argument("--json", action="store_true")

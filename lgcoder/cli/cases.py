"""``lgcoder case ...``, ``lgcoder cases``, ``lgcoder attribute ...`` and ``lgcoder attributes``.

Every command is one transaction, so a refused
request (an unknown document among several, a value that is not a number) leaves the project
exactly as it was, as the CLI contract (DESIGN §5) promises.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from lgcoder.cli.common import (
    Handler,
    Subparsers,
    counted,
    emit_json,
    open_project,
    project_service,
)
from lgcoder.core.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from lgcoder.core.models import Document

TYPES = ("text", "number", "date", "boolean")


def _documents(session: Session, names: list[str]) -> list[Document]:
    from lgcoder.core.ops.documents import get_document

    return [get_document(session, n) for n in names]


def _assignment(value: str) -> tuple[str, str]:
    name, sep, rest = value.partition("=")
    if not sep or not name.strip():
        raise ValidationError(f"expected NAME=VALUE, e.g. region=North (got '{value}')")
    return name.strip(), rest


# -- cases -------------------------------------------------------------------------------------


def cmd_case_add(args: argparse.Namespace) -> int:
    with project_service(args.project) as service:
        changes = service.cases.create_case(args.name, args.description or "")
    print(changes.created[0])
    return 0


def _membership(args: argparse.Namespace, add: bool) -> int:
    with project_service(args.project) as service:
        guid, name = service.cases.find_case(args.case)
        documents = [service.document_guid(n) for n in args.doc]  # all known, or nothing done
        move = service.cases.assign if add else service.cases.unassign
        changed = move(guid, documents).document_guids
    verb = "added to" if add else "removed from"
    print(f"{counted(len(changed), 'document')} {verb} {name}")
    return 0


def cmd_case_assign(args: argparse.Namespace) -> int:
    return _membership(args, add=True)


def cmd_case_remove(args: argparse.Namespace) -> int:
    return _membership(args, add=False)


def cmd_case_rename(args: argparse.Namespace) -> int:
    with project_service(args.project) as service:
        service.cases.rename_case(service.cases.find_case(args.case)[0], args.new_name)
    print(f"renamed {args.case} to {' '.join(args.new_name.split())}")
    return 0


def cmd_case_describe(args: argparse.Namespace) -> int:
    with project_service(args.project) as service:
        service.cases.describe_case(service.cases.find_case(args.case)[0], args.description)
    return 0


def cmd_case_delete(args: argparse.Namespace) -> int:
    with project_service(args.project) as service:
        guid, name = service.cases.find_case(args.case)
        service.cases.delete_case(guid)
    print(f"deleted case {name} (its documents stay in the project)")
    return 0


def cmd_case_from_speakers(args: argparse.Namespace) -> int:
    from lgcoder.core.ops.cases import cases_from_speakers

    with open_project(args.project) as project, project.transaction() as session:
        only = [d.guid for d in _documents(session, args.doc)] if args.doc else None
        changes = cases_from_speakers(session, only)
    print(
        f"{counted(len(changes.created), 'new case')}, "
        f"{counted(len(changes.document_guids), 'document')} assigned"
    )
    return 0


def cmd_case_set(args: argparse.Namespace) -> int:
    from lgcoder.core.ops.attributes import set_case_value
    from lgcoder.core.ops.cases import get_case

    name, value = _assignment(args.assignment)
    with open_project(args.project) as project, project.transaction() as session:
        set_case_value(session, get_case(session, args.case), name, value, args.type)
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    with project_service(args.project, readonly=True) as service:
        cases = service.cases.cases()
    if args.json:
        emit_json(
            [
                {
                    "name": c.name,
                    "guid": c.guid,
                    "description": c.description,
                    "documents": [n for _g, n in c.documents],
                    "attributes": c.values,
                }
                for c in cases
            ]
        )
        return 0
    for c in cases:
        print(f"{c.name}  ({counted(len(c.documents), 'document')})")
        for _guid, name in c.documents:
            print(f"  {name}")
        for key, value in c.values.items():
            print(f"  {key} = {value}")
    if not cases:
        print("(no cases yet: lgcoder case add PROJECT NAME)")
    return 0


# -- attributes --------------------------------------------------------------------------------


def cmd_attribute_set(args: argparse.Namespace) -> int:
    from lgcoder.core.ops.attributes import set_document_value

    name, value = _assignment(args.assignment)
    with open_project(args.project) as project, project.transaction() as session:
        for doc in _documents(session, args.doc):
            set_document_value(session, doc, name, value, args.type)
    return 0


def cmd_attribute_clear(args: argparse.Namespace) -> int:
    from lgcoder.core.ops.attributes import clear_document_value

    with open_project(args.project) as project, project.transaction() as session:
        for doc in _documents(session, args.doc):
            clear_document_value(session, doc, args.name)
    return 0


def cmd_attribute_add(args: argparse.Namespace) -> int:
    with project_service(args.project) as service:
        changes = service.cases.define_attribute(args.name, args.type, args.scope)
    print(changes.created[0])
    return 0


def cmd_attribute_rename(args: argparse.Namespace) -> int:
    with project_service(args.project) as service:
        cases = service.cases
        cases.rename_attribute(cases.attribute_guid(args.name, args.scope), args.new_name)
    return 0


def cmd_attribute_delete(args: argparse.Namespace) -> int:
    with project_service(args.project) as service:
        service.cases.delete_attribute(service.cases.attribute_guid(args.name, args.scope))
    return 0


def cmd_attributes(args: argparse.Namespace) -> int:
    with project_service(args.project, readonly=True) as service:
        if args.cases:
            attrs = service.cases.attributes("case")
            rows = [(c.name, c.guid, c.values) for c in service.cases.cases()]
        else:
            table = service.cases.attribute_table()
            attrs = list(table.attributes)
            rows = [(r.document, r.document_guid, r.values) for r in table.rows]
    owner = "case" if args.cases else "document"
    if args.json:
        emit_json(
            {
                "attributes": [
                    {"name": a.name, "guid": a.guid, "type": a.value_type, "scope": a.scope}
                    for a in attrs
                ],
                f"{owner}s": [
                    {owner: name, "guid": guid, "values": dict(sorted(values.items()))}
                    for name, guid, values in rows
                ],
            }
        )
        return 0
    if not attrs:
        print(f"(no {owner} attributes yet: lgcoder attribute set PROJECT ...)")
        return 0
    header = [owner.capitalize()] + [f"{a.name} ({a.value_type})" for a in attrs]
    body = [[name] + [values.get(a.name, "") for a in attrs] for name, _g, values in rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    for line in [header, ["-" * w for w in widths], *body]:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    return 0


# -- parser ------------------------------------------------------------------------------------


def register(subparsers: Subparsers) -> None:
    """Add the case and attribute commands to ``lgcoder``'s parser."""

    def action(
        group: Subparsers, name: str, handler: Handler, help_text: str
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = group.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        p.add_argument("project", metavar="PROJECT")
        return p

    case = subparsers.add_parser("case", help="create cases and put documents in them")
    case_sub = case.add_subparsers(dest="case_command", metavar="ACTION")
    case_sub.required = True
    p = action(case_sub, "add", cmd_case_add, "create a case (a council, a participant...)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--description")
    for name, handler, help_text in (
        ("assign", cmd_case_assign, "put documents in a case"),
        ("remove", cmd_case_remove, "take documents out of a case (they stay in the project)"),
    ):
        p = action(case_sub, name, handler, help_text)
        p.add_argument("case", metavar="CASE")
        p.add_argument("--doc", nargs="+", action="extend", required=True, metavar="NAME")
    p = action(case_sub, "rename", cmd_case_rename, "rename a case")
    p.add_argument("case", metavar="CASE")
    p.add_argument("new_name", metavar="NEW_NAME")
    p = action(case_sub, "describe", cmd_case_describe, "set a case's description")
    p.add_argument("case", metavar="CASE")
    p.add_argument("description", metavar="TEXT")
    p = action(case_sub, "delete", cmd_case_delete, "delete a case (its documents stay)")
    p.add_argument("case", metavar="CASE")
    p = action(
        case_sub,
        "from-speakers",
        cmd_case_from_speakers,
        "one case per transcript speaker, holding the documents they speak in",
    )
    p.add_argument("--doc", nargs="+", action="extend", metavar="NAME", help="only these")
    p = action(case_sub, "set", cmd_case_set, "set a case attribute: NAME=VALUE (empty clears)")
    p.add_argument("case", metavar="CASE")
    p.add_argument("assignment", metavar="NAME=VALUE")
    p.add_argument("--type", choices=TYPES, help="the attribute's type (default: text)")

    p = subparsers.add_parser("cases", help="list cases with their documents")
    p.set_defaults(handler=cmd_cases)
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true")

    attr = subparsers.add_parser("attribute", help="typed document and case attributes")
    attr_sub = attr.add_subparsers(dest="attr_command", metavar="ACTION")
    attr_sub.required = True
    one_doc = "a document (repeat --doc for several)"
    p = action(
        attr_sub, "set", cmd_attribute_set, "set a document attribute: NAME=VALUE (empty clears)"
    )
    p.add_argument("--doc", action="append", required=True, metavar="NAME", help=one_doc)
    p.add_argument("assignment", metavar="NAME=VALUE")
    p.add_argument(
        "--type",
        choices=TYPES,
        help="the attribute's type: new ones default to text; an existing one is converted",
    )
    p = action(attr_sub, "clear", cmd_attribute_clear, "remove a document's value")
    p.add_argument("--doc", action="append", required=True, metavar="NAME", help=one_doc)
    p.add_argument("name", metavar="NAME")
    p = action(attr_sub, "add", cmd_attribute_add, "define an attribute without values")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--type", choices=TYPES, default="text")
    p.add_argument("--scope", choices=("document", "case"), default="document")
    p = action(attr_sub, "rename", cmd_attribute_rename, "rename an attribute")
    p.add_argument("name", metavar="NAME")
    p.add_argument("new_name", metavar="NEW_NAME")
    p.add_argument("--scope", choices=("document", "case"), default="document")
    p = action(attr_sub, "delete", cmd_attribute_delete, "delete an attribute and its values")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--scope", choices=("document", "case"), default="document")

    p = subparsers.add_parser(
        "attributes", help="the documents × attributes table (--cases: cases × case attributes)"
    )
    p.set_defaults(handler=cmd_attributes)
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--cases", action="store_true", help="show case attributes instead")
    p.add_argument("--json", action="store_true")

"""``lgcoder server init|add-coder|coders|upgrade``, ``lgcoder publish`` and ``lgcoder pull``.

A team project on a PostgreSQL server (issue 13). Heavy imports (SQLAlchemy, psycopg) wait
until a command runs. ``lgcoder merge URL COPY.lgc`` is the team family's merge command, whose
target may be a server address.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from lgcoder.cli.common import Subparsers, emit_json
from lgcoder.core.errors import ValidationError

URL_HELP = "the project's database: postgresql://USER@HOST:PORT/DATABASE (no password in it)"


def cmd_server_init(args: argparse.Namespace) -> int:
    from lgcoder.server.roles import init_server

    print(init_server(args.url, title=args.title or ""))
    return 0


def cmd_server_upgrade(args: argparse.Namespace) -> int:
    from lgcoder.server.roles import upgrade_server

    print(upgrade_server(args.url))
    return 0


def _password(args: argparse.Namespace) -> str | None:
    """The new login's password: one line on stdin, asked twice on a terminal, or none."""
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise ValidationError("--password-stdin: no password on standard input")
        return line
    if args.no_password or not sys.stdin.isatty():
        return None
    first = getpass.getpass(f"password for {args.name}: ")
    if not first:
        return None
    if getpass.getpass("again: ") != first:
        raise ValidationError("the two passwords differ; nothing was changed")
    return first


def cmd_server_add_coder(args: argparse.Namespace) -> int:
    from lgcoder.server.roles import add_member

    password = _password(args)
    member = add_member(args.url, args.name, args.role, coder_name=args.coder, password=password)
    how = "with a password" if password else "without a password (peer, certificate or GSS login)"
    print(f"{member.login} is a {member.role} of the project, coding as {member.coder}, {how}")
    return 0


def cmd_server_coders(args: argparse.Namespace) -> int:
    from lgcoder.server.roles import list_members

    members = list_members(args.url)
    if args.json:
        emit_json([{"login": m.login, "role": m.role, "coder": m.coder} for m in members])
        return 0
    if not members:
        print("no members yet: lgcoder server add-coder URL NAME --role lead|coder|viewer")
    for m in members:
        print(f"{m.login}\t{m.role}\t{m.coder}")
    return 0


def _set_up_if_empty(project_file: str, address: str) -> str | None:
    """On a database that holds no project yet, do what ``server init`` does (schema, roles,
    policies, live-update triggers), titled as the file; None when a project is there."""
    from lgcoder.core import pg
    from lgcoder.core.db import Project
    from lgcoder.core.errors import NotAProjectError
    from lgcoder.core.ops import project as project_ops
    from lgcoder.server.roles import init_server

    if not pg.is_server_url(address) or pg.is_server_url(project_file):
        return None  # publish itself says which way round the two go
    try:
        Project.open(address, readonly=True).close()
        return None
    except NotAProjectError as exc:
        if "holds no lgcoder project" not in str(exc):
            raise
    # the file is checked (and its title read) before anything is made on the server
    with Project.open(project_file, readonly=True) as source, source.reading() as session:
        title = project_ops.title(session) or ""
    return init_server(address, title=title)


def cmd_publish(args: argparse.Namespace) -> int:
    from lgcoder.team.moves import publish

    set_up = _set_up_if_empty(args.project, args.url)
    report = publish(args.project, args.url)
    if args.json:
        data = report.to_json()
        data["server_init"] = set_up
        emit_json(data)
    else:
        if set_up:
            print(set_up)
        print(report.to_text())
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    from lgcoder.team.moves import pull

    report = pull(args.url, args.copy)
    if args.json:
        emit_json(report.to_json())
    else:
        print(report.to_text())
    return 0


def register(subparsers: Subparsers) -> None:
    """Add the server commands, ``publish`` and ``pull`` to ``lgcoder``'s parser."""
    p = subparsers.add_parser(
        "server",
        help="a team project on a PostgreSQL server: init, add-coder, coders, upgrade",
        description="Set up and look after a project that a team codes at once on a "
        "PostgreSQL server. Roles are enforced by the server itself. See "
        "packaging/server/README.md.",
    )
    sub = p.add_subparsers(dest="server_command", metavar="COMMAND")

    q = sub.add_parser(
        "init",
        help="put an empty project, its roles and policies in a database",
        description="Install lgcoder's schema in an empty database (one project per "
        "database), and the roles and row-level-security policies: viewers read, coders "
        "change only their own codings and memos, leads change everything. Run it as the "
        "database's owner; run it again to reinstall the policies.",
    )
    q.set_defaults(handler=cmd_server_init)
    q.add_argument("url", metavar="URL", help=URL_HELP)
    q.add_argument("--title", help="the project's title (default: the database's name)")

    q = sub.add_parser(
        "add-coder",
        help="add a team member (a login role) as lead, coder or viewer",
        description="Create the login NAME on the server in the project's lead, coder or "
        "viewer group, and the coder it codes as. An existing login is moved to the role. "
        "The password is hashed before it is sent; it is never stored by lgcoder.",
    )
    q.set_defaults(handler=cmd_server_add_coder)
    q.add_argument("url", metavar="URL", help=URL_HELP)
    q.add_argument("name", metavar="NAME", help="the login name (as in ~/.pgpass)")
    q.add_argument("--role", required=True, choices=("lead", "coder", "viewer"))
    q.add_argument("--coder", metavar="DISPLAY", help="the coder's name in the project")
    how = q.add_mutually_exclusive_group()
    how.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    how.add_argument(
        "--no-password", action="store_true", help="log in another way (peer, cert, GSS)"
    )

    q = sub.add_parser("coders", help="list the project's logins, roles and coders")
    q.set_defaults(handler=cmd_server_coders)
    q.add_argument("url", metavar="URL", help=URL_HELP)
    q.add_argument("--json", action="store_true")

    q = sub.add_parser(
        "upgrade",
        help="upgrade the project's schema to this lgcoder's (as the database's owner)",
        description="Migrate the server project's schema to the one this lgcoder writes, in "
        "one transaction, and refresh the roles and policies. Back up with pg_dump first.",
    )
    q.set_defaults(handler=cmd_server_upgrade)
    q.add_argument("url", metavar="URL", help=URL_HELP)

    p = subparsers.add_parser(
        "publish",
        help="put a project file on a server (through the team merge)",
        description="Make a server project from PROJECT: on an empty database this first does "
        "what lgcoder server init does (schema, roles, policies; titled as the file); on one "
        "set up with lgcoder server init, PROJECT is merged into it with the team merge, so "
        "publishing into a project that already has work loses none of it.",
    )
    p.set_defaults(handler=cmd_publish)
    p.add_argument("project", metavar="PROJECT.lgc")
    p.add_argument("url", metavar="URL", help=URL_HELP)
    p.add_argument("--json", action="store_true")

    p = subparsers.add_parser(
        "pull",
        help="make an offline copy of a server project",
        description="Write a new project file COPY with everything in the server project, "
        "to code offline; bring the work back with lgcoder merge URL COPY.",
    )
    p.set_defaults(handler=cmd_pull)
    p.add_argument("url", metavar="URL", help=URL_HELP)
    p.add_argument("copy", metavar="COPY.lgc")
    p.add_argument("--json", action="store_true")

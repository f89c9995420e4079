"""A real PostgreSQL server for the tests, started in a temporary folder (no mock anywhere).

pytest-postgresql's executor runs Debian's ``pg_ctl``; this module only adds what our tests
need around it:

* PostgreSQL refuses to run as root, and CI runs as root: then ``pg_ctl`` is run through
  ``setpriv`` as the unprivileged ``nobody`` user, and the folder is handed to that user.
* Connections use real password authentication (SCRAM over TCP, never ``trust``), with the
  passwords in a private ``PGPASSFILE``, exactly how a team member's machine is set up: the
  URLs lgcoder sees never contain a password.
* One server per test run; each test gets a database of its own (``CREATE DATABASE``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Where Debian puts the server binaries; LGCODER_PG_BIN overrides (another version, macOS).
PG_BIN_DIRS = [Path(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"))[::-1]]
NOBODY = 65534


def find_pg_ctl() -> Path | None:
    """The ``pg_ctl`` to test with, or None where no PostgreSQL server is installed."""
    override = os.environ.get("LGCODER_PG_BIN")  # when set, the only place looked at
    for folder in [Path(override)] if override else PG_BIN_DIRS:
        candidate = folder / "pg_ctl"
        if candidate.is_file() and (folder / "initdb").is_file():
            return candidate
    found = None if override else shutil.which("pg_ctl")
    return Path(found) if found else None


def _wrapper(folder: Path, pg_ctl: Path) -> Path:
    """A pg_ctl that drops root first: PostgreSQL will not start as root."""
    script = folder / "pg_ctl-as-nobody"
    script.write_text(
        "#!/bin/sh\n"
        f"exec setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups -- '{pg_ctl}' \"$@\"\n"
    )
    script.chmod(0o755)
    return script


@dataclass
class PgServer:
    """A running server: superuser ``postgres`` on 127.0.0.1:``port``."""

    port: int
    folder: Path
    pgpass: Path
    executor: object
    superuser: str = "postgres"
    _passwords: dict[str, str] = field(default_factory=dict)
    _counter: int = 0

    def url(self, dbname: str, user: str | None = None) -> str:
        return f"postgresql://{user or self.superuser}@127.0.0.1:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", user: str | None = None, autocommit: bool = True):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=user or self.superuser,
            dbname=dbname,
            autocommit=autocommit,
        )

    def remember_password(self, user: str, password: str) -> None:
        """Add *user* to the PGPASSFILE, as a team member's ``~/.pgpass`` would hold it."""
        self._passwords[user] = password
        lines = [f"127.0.0.1:{self.port}:*:{u}:{p}" for u, p in self._passwords.items()]
        self.pgpass.write_text("\n".join(lines) + "\n")
        self.pgpass.chmod(stat.S_IRUSR | stat.S_IWUSR)

    def new_database(self, prefix: str = "t", template: str | None = None) -> str:
        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}"
        with self.connect() as conn:
            tmpl = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{tmpl}')
        return name

    def stop(self) -> None:
        try:
            self.executor.stop()  # type: ignore[attr-defined]
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> PgServer:
    """initdb + start in a new temporary folder; raises where the binaries are missing."""
    from port_for import get_port
    from pytest_postgresql.executors import PostgreSQLExecutor

    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        raise FileNotFoundError(
            "PostgreSQL server binaries (pg_ctl, initdb) not found; install Debian's "
            "postgresql package or set LGCODER_PG_BIN"
        )
    folder = Path(tempfile.mkdtemp(prefix="lgcoder-pg-"))
    executable = pg_ctl
    if os.geteuid() == 0:
        folder.chmod(0o755)
        os.chown(folder, NOBODY, NOBODY)
        tools = Path(tempfile.mkdtemp(prefix="lgcoder-pgtools-"))
        tools.chmod(0o755)
        executable = _wrapper(tools, pg_ctl)
        shutil.move(str(executable), folder / executable.name)
        executable = folder / executable.name
        shutil.rmtree(tools, ignore_errors=True)
    port = get_port(None)
    assert port is not None
    executor = PostgreSQLExecutor(
        executable=str(executable),
        host="127.0.0.1",
        port=port,
        datadir=str(folder / "data"),
        unixsocketdir=str(folder),
        logfile=str(folder / "server.log"),
        startparams="-w",
        dbname="postgres",
        user="postgres",
        postgres_options="-c fsync=off -c full_page_writes=off -c max_connections=60",
    )
    executor.start()
    pgpass = folder / "pgpass"
    server = PgServer(port=port, folder=folder, pgpass=pgpass, executor=executor)
    try:
        password = secrets.token_urlsafe(16)
        import psycopg

        # The port opens before the server accepts logins ("starting up"): wait for it.
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = psycopg.connect(
                    host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
                )
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        # initdb trusted local logins; from here on every login needs its password (SCRAM).
        with conn:
            conn.execute(f"ALTER ROLE postgres PASSWORD '{password}'")
        hba = Path(executor.datadir) / "pg_hba.conf"
        hba.write_text(
            "local all all scram-sha-256\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
            "host all all ::1/128 scram-sha-256\n"
        )
        subprocess.run(
            [str(executable), "reload", "-D", executor.datadir],
            check=True,
            capture_output=True,
        )
        server.remember_password("postgres", password)
    except BaseException:
        server.stop()
        raise
    return server

"""Fixtures shared by every test: where the shared corpus lives, and a fresh project file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def _shared_dir() -> Path:
    return Path(os.environ.get("LGCODER_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (corpus + REFI-QDA). Skips without it, except under CI=true."""
    path = _shared_dir()
    if not (path / "corpus").is_dir():
        msg = f"shared corpus not found at {path} (set LGCODER_SHARED)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def corpus(shared: Path) -> Path:
    return shared / "corpus"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A real PostgreSQL server of our own for this test run (tests/server/pgserver.py).

    Skips, saying why, where the server binaries are missing, except under CI=true, where
    ``.ci/run`` installs them and their absence is a failure. Logins use passwords from a
    private PGPASSFILE, set for this process and every ``lgcoder`` it starts.
    """
    from tests.server.pgserver import find_pg_ctl, start_server

    if find_pg_ctl() is None:
        msg = "PostgreSQL server binaries (pg_ctl) not found; install Debian's postgresql"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    server = start_server()
    old = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(server.pgpass)
    try:
        yield server
    finally:
        if old is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = old
        server.stop()


@pytest.fixture
def pg_url(pg_server: Any) -> str:
    """The URL of a new, empty database on the test server (as its superuser)."""
    return str(pg_server.url(pg_server.new_database()))

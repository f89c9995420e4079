"""Fixtures for core unit tests: real projects, in a file and (where a module asks) on a server.

A test module that sets ``pytestmark = pytest.mark.both_backends`` runs each test that uses
``project`` twice: on a project file and on a project in a real PostgreSQL database (the test
server of ``tests/conftest.py``). The same test body proves both homes behave alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lgcoder.core.db import Project


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "project" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_backends"
    ):
        metafunc.parametrize("project", ["file", "server"], indirect=True)


@pytest.fixture
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Project]:
    if getattr(request, "param", "file") == "server":
        server = request.getfixturevalue("pg_server")
        target: str | Path = server.url(server.new_database())
    else:
        target = tmp_path / "test.lgc"
    proj = Project.create(target, title="Roundtable", coder="Ann")
    yield proj
    proj.close()


@pytest.fixture(params=["compiled", "python"])
def pdf_loops(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a PDF test through the C loops (``lgcoder.importers._pdfscan``) and again through
    the Python loops they replace, so that the fallback (a machine without a C compiler) keeps
    the golden text too. The Python run reads in this process, where the switch holds (the
    sandbox's helper process keeps the modules it started with)."""
    if request.param == "python":
        import lgcoder.importers.pdf_pieces as pieces

        monkeypatch.setattr(pieces, "scan", None)
        monkeypatch.setenv("LGCODER_IMPORT_SANDBOX", "0")
    return str(request.param)

"""The quick path (issue 16): listings, ``--version`` and ``--help`` never load SQLAlchemy.

``lgcoder docs`` and ``lgcoder codes`` are what scripts call in loops; importing SQLAlchemy and
the ORM models alone cost ~0.7 s per call. These tests run the real command with
``python -X importtime`` and fail as soon as a change puts SQLAlchemy (or a feature package)
back on that path.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from lgcoder.core.db import Project
from lgcoder.core.ops import codes as code_ops
from tests.helpers import LGCODER, add_text, cli_json, run_cli
from tests.unit.test_project_file import _schema_0001_project

HEAVY = ("sqlalchemy", "alembic", "numpy", "PySide6", "lgcoder.core.models", "lgcoder.importers")


def imported(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``lgcoder ARGS`` with ``-X importtime``: the result and every module it imported."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    result = subprocess.run(
        [LGCODER[0], "-X", "importtime", *LGCODER[1:], *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return result, modules


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.startswith(HEAVY))


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    path = tmp_path / "study.lgc"
    with Project.create(path, coder="Ann") as project:
        add_text(project, "Funding was the barrier.", "interview.txt")
        with project.transaction() as session:
            code_ops.add_code(session, "Barriers/Funding")
    return path


@pytest.mark.parametrize("command", ["docs", "codes"])
def test_listings_answer_without_sqlalchemy(proj: Path, command: str) -> None:
    result, modules = imported(command, proj)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "sqlite3" in modules  # the import log was read
    assert heavy(modules) == []
    expected = "interview.txt  [text]  24 chars" if command == "docs" else "Barriers  ("
    assert expected in result.stdout


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["code", "apply", "--help"]])
def test_version_and_help_load_no_feature_code(args: list[str]) -> None:
    result, modules = imported(*args)
    assert result.returncode == 0
    assert heavy(modules) == []
    assert not any(m.startswith(("lgcoder.exporters", "lgcoder.team")) for m in modules)


def test_version_is_printed_on_stdout() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("lgcoder ") and not result.stderr


def test_a_file_from_an_older_lgcoder_is_listed_and_left_unchanged(tmp_path: Path) -> None:
    old = tmp_path / "old.lgc"
    _schema_0001_project(old)
    before = hashlib.sha256(old.read_bytes()).hexdigest()
    docs = cli_json("docs", old, "--json")
    assert [(d["name"], d["chars"], d["pages"]) for d in docs] == [("a.txt", 3, 0)]
    codes = cli_json("codes", old, "--json")
    assert [(c["path"], c["description"]) for c in codes] == [("funding", "money")]
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.lgc"]

"""Fixtures shared by every test: where the shared corpus lives, and a fresh project file."""

from __future__ import annotations

import os
from pathlib import Path

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

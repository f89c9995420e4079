"""Fixtures for core unit tests: real project files in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lgcoder.core.db import Project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    proj = Project.create(tmp_path / "test.lgc", title="Roundtable", coder="Ann")
    yield proj
    proj.close()

"""The reliability suite (issue 15): faults and hostile input against the single-file store.

Every CLI run's stderr is appended to one log; when the suite ends, the log must not contain
"internal error" (that wording is only for our own bugs). CI can grep the same file.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reliability.harness import STDERR_LOG


@pytest.fixture(scope="session", autouse=True)
def stderr_log() -> Iterator[None]:
    STDERR_LOG.unlink(missing_ok=True)
    STDERR_LOG.touch()
    yield
    text = STDERR_LOG.read_text(encoding="utf-8", errors="replace")
    count = text.count("internal error")
    assert count == 0, f"{count} internal error(s) in {STDERR_LOG}"
    assert "Traceback" not in text, f"a traceback in {STDERR_LOG}"


@pytest.fixture(autouse=True)
def _short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LGCODER_BUSY_TIMEOUT", "20")

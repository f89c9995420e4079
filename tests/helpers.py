"""Small builders shared by tests: documents made in memory, the CLI run as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from lgcoder.core.db import Project
from lgcoder.core.imported import ImportedDocument, SegmentSpec
from lgcoder.core.ops.documents import add_document

LGCODER = [sys.executable, "-m", "lgcoder"]


def make_doc(
    text: str,
    name: str = "notes.txt",
    segments: list[SegmentSpec] | None = None,
    kind: str = "text",
) -> ImportedDocument:
    return ImportedDocument(
        text=text,
        kind=kind,
        source_bytes=text.encode("utf-8"),
        source_filename=name,
        mime="text/plain",
        segments=segments or [],
    )


def add_text(
    project: Project, text: str, name: str = "notes.txt", segments: list[SegmentSpec] | None = None
) -> str:
    """Store a document and return its guid."""
    with project.transaction() as session:
        return add_document(session, make_doc(text, name, segments)).created[0]


def run_cli(
    *args: str | Path, check: bool = False, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``lgcoder`` in a subprocess, as a user's shell would."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [*LGCODER, *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"lgcoder {args} failed: {result.stderr}")
    return result


def cli_json(*args: str | Path) -> Any:
    return json.loads(run_cli(*args, check=True).stdout)


def assert_clean_error(result: subprocess.CompletedProcess[str]) -> None:
    """The error contract: exit 1, one line on stderr starting 'lgcoder: error:', no traceback."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("lgcoder: error: "), result.stderr
    assert "Traceback" not in result.stderr

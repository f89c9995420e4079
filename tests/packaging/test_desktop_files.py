"""Desktop integration files pass their standard validators, and the MIME type recognises
projects by name and by content (skips only where a validator is missing, saying which)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from lgcoder.core.db import Project

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        msg = f"{tool} is not installed (.ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return found


def test_the_desktop_entry_is_valid() -> None:
    result = subprocess.run(
        [need("desktop-file-validate"), str(LINUX / "org.lgcoder.Lgcoder.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_the_metainfo_is_valid() -> None:
    result = subprocess.run(
        [
            need("appstreamcli"),
            "validate",
            "--no-net",
            str(LINUX / "org.lgcoder.Lgcoder.metainfo.xml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "E:" not in result.stdout and "W:" not in result.stdout, result.stdout


def test_the_mime_type_knows_projects_by_glob_and_by_magic(tmp_path: Path) -> None:
    update = need("update-mime-database")
    gio = need("gio")
    data = tmp_path / "share"
    (data / "mime" / "packages").mkdir(parents=True)
    shutil.copy(LINUX / "lgcoder-mime.xml", data / "mime" / "packages" / "org.lgcoder.Lgcoder.xml")
    subprocess.run([update, str(data / "mime")], check=True, capture_output=True)
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(data),
        "XDG_DATA_DIRS": "/usr/local/share:/usr/share",
        "HOME": str(tmp_path),
    }

    def mime_of(path: Path) -> str:
        out = subprocess.run(
            [gio, "info", "-a", "standard::content-type", str(path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        return out.split("standard::content-type:")[1].split()[0]

    project = tmp_path / "roundtable.lgc"
    with Project.create(project, title="Roundtable", coder="Ann"):
        pass
    renamed = tmp_path / "roundtable-from-email.bin"
    shutil.copy(project, renamed)
    other = tmp_path / "someone-elses.bin"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert mime_of(project) == "application/x-lgcoder-project"
    assert mime_of(renamed) == "application/x-lgcoder-project"  # by the application id
    assert mime_of(other) != "application/x-lgcoder-project"

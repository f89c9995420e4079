"""The wheel and sdist are complete: built as a release would be, installed into a fresh venv,
and from there the sample project is made (so the sample files, migrations and icons are in)."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_wheel_from_sdist_installs_and_makes_the_sample(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    # `python -m build` makes the sdist, then the wheel from the unpacked sdist: a file missing
    # from the sdist is then missing from the wheel too.
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (sdist,) = out.glob("lgcoder-*.tar.gz")
    (wheel,) = out.glob("lgcoder-*.whl")

    with tarfile.open(sdist) as tar:
        in_sdist = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    for needed in (
        "setup.py",
        "resources/samples/harrowfield-roundtable-report.pdf",
        "resources/icons/org.lgcoder.Lgcoder.svg",
        "packaging/lgcoder.spec",
        "packaging/linux/org.lgcoder.Lgcoder.desktop",
        "lgcoder/core/migrations/env.py",
    ):
        assert needed in in_sdist, needed

    with zipfile.ZipFile(wheel) as z:
        in_wheel = set(z.namelist())
    samples = {n for n in in_wheel if n.startswith("lgcoder/resources/samples/")}
    assert {Path(n).suffix for n in samples} == {".pdf", ".docx", ".vtt"}  # no generator scripts
    assert "lgcoder/resources/icons/org.lgcoder.Lgcoder.svg" in in_wheel
    assert "lgcoder/resources/icons/hicolor/48x48/apps/org.lgcoder.Lgcoder.png" in in_wheel
    assert any(n.startswith("lgcoder/core/migrations/versions/") for n in in_wheel)
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in in_wheel)

    venv = tmp_path / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    env = {**os.environ, "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    made = subprocess.run(
        [str(venv / "bin" / "lgcoder"), "sample", str(tmp_path / "s.lgc")],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # not the checkout: only the installed package is importable
        env=env,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"created {tmp_path / 's.lgc'}: 3 documents, 6 codes")
    assert "warning" not in made.stderr

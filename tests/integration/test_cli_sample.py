"""``lgcoder sample`` and ``lgcoder FILE``: the sample project from the CLI, and files handed to
lgcoder by a file manager going to the desktop app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import assert_clean_error, cli_json, run_cli

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def test_sample_makes_a_project_with_documents_codebook_and_codings(tmp_path: Path) -> None:
    path = tmp_path / "Sample.lgc"
    result = run_cli("sample", path, "--coder", "Trainer", check=True)
    assert result.stdout.startswith(f"created {path}: 3 documents, 6 codes, ")
    assert "warning" not in result.stderr
    docs = {d["name"] for d in cli_json("docs", path, "--json")}
    assert docs == {p.name for p in SAMPLES.iterdir() if p.suffix in {".pdf", ".docx", ".vtt"}}
    codes = {c["path"] for c in cli_json("codes", path, "--json")}
    assert {"barriers", "barriers/legacy systems", "leadership", "synergy"} <= codes
    codings = cli_json("codings", path, "--json")
    assert codings and {c["coder"] for c in codings} == {"Trainer"}
    assert run_cli("check", path, check=True).stdout.strip() == f"{path}: ok"


def test_sample_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "Mine.lgc"
    run_cli("new", path, check=True)
    before = path.read_bytes()
    result = run_cli("sample", path)
    assert_clean_error(result)
    assert "already exists" in result.stderr
    assert path.read_bytes() == before


def _no_display(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return subprocess.run(
        [sys.executable, "-m", "lgcoder", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_a_project_or_document_as_the_only_argument_goes_to_the_desktop_app(
    tmp_path: Path,
) -> None:
    # Without a display the app explains itself: proof the path went to the GUI, not argparse.
    project = tmp_path / "roundtable.lgc"
    run_cli("new", project, check=True)
    for given in (project, SAMPLES / "harrowfield-roundtable-report.pdf"):
        result = _no_display(given)
        assert result.returncode == 1
        assert result.stderr.startswith("lgcoder: no display found"), result.stderr
    typo = _no_display("imprt", project)
    assert typo.returncode == 2 and "invalid choice" in typo.stderr


def test_a_painted_run_leaves_the_users_window_layout_alone(tmp_path: Path) -> None:
    """``lgcoder gui --screenshot`` paints an offscreen window of whatever size it gets; that size
    must not become the layout the user's next real session restores (it squeezed the docks
    of a 1360-pixel screen to those of an 800-pixel offscreen window). Opening the project still
    counts as opening it: it is the first of the recent projects."""
    project = tmp_path / "sample.lgc"
    run_cli("sample", project, check=True)
    config = tmp_path / ".config" / "lgcoder"
    config.mkdir(parents=True)
    settings = config / "lgcoder.conf"
    settings.write_text("[coder]\nname=Ann\n", encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("XDG_CONFIG_HOME", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "lgcoder",
            "gui",
            str(project),
            "--screenshot",
            str(tmp_path / "w.png"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "w.png").stat().st_size > 1000
    saved = settings.read_text(encoding="utf-8")
    assert str(project) in saved
    assert "geometry" not in saved and "state" not in saved, saved

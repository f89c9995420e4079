"""The Linux download installs into a scratch HOME like a user's, and uninstalls cleanly.

Uses the .tar.gz that `make package` wrote (skips without it, except in CI). The file type is
asked of `xdg-mime` as a GNOME desktop would (through gio and the shared-mime-info database).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tomllib
from pathlib import Path

import pytest

from tests.packaging.test_desktop_files import need

REPO = Path(__file__).resolve().parents[2]
APP_ID = "org.lgcoder.Lgcoder"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tarball() -> Path:
    with (REPO / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    found = sorted((REPO / "dist").glob(f"lgcoder-{version}-linux-*.tar.gz"))
    if not found:
        msg = f"dist/lgcoder-{version}-linux-*.tar.gz is not built (run `make package`)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return found[-1]


def test_install_then_uninstall_in_a_scratch_home(tarball: Path, tmp_path: Path) -> None:
    for tool in ("update-mime-database", "xdg-mime", "gio"):
        need(tool)
    with tarfile.open(tarball) as tar:
        tops = {m.name.split("/")[0] for m in tar.getmembers()}
        assert len(tops) == 1, tops
        tar.extractall(tmp_path / "download", filter="tar")
    unpacked = tmp_path / "download" / tops.pop()
    home = tmp_path / "home"
    home.mkdir()
    data = home / ".local" / "share"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("XDG_")},
        "HOME": str(home),
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_DIRS": f"{data}:/usr/local/share:/usr/share",
        "XDG_CURRENT_DESKTOP": "GNOME",  # xdg-mime then asks gio, like a desktop session
        "QT_QPA_PLATFORM": "offscreen",
    }

    def run(*args: str | Path) -> str:
        result = subprocess.run(
            [str(a) for a in args], capture_output=True, text=True, env=env, cwd=home, check=False
        )
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
        return result.stdout.strip()

    run(unpacked / "install.sh")
    lgcoder = home / ".local" / "bin" / "lgcoder"
    assert run(lgcoder, "--version").startswith("lgcoder ")
    desktop = data / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{home}/.local/lib/lgcoder/lgcoder" %f' in desktop.read_text()
    if shutil.which("desktop-file-validate"):
        run("desktop-file-validate", desktop)
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()

    project = home / "x.lgc"
    run(lgcoder, "new", project)
    assert run("xdg-mime", "query", "filetype", project) == "application/x-lgcoder-project"
    default = run("xdg-mime", "query", "default", "application/x-lgcoder-project")
    assert default == f"{APP_ID}.desktop"

    run(home / ".local" / "lib" / "lgcoder" / "uninstall.sh")
    assert not lgcoder.exists() and not lgcoder.is_symlink()
    assert not (home / ".local" / "lib" / "lgcoder").exists()
    left = [p for p in home.rglob("*") if APP_ID in p.name or p.name == "lgcoder"]
    assert left == []
    assert run("xdg-mime", "query", "filetype", project) != "application/x-lgcoder-project"
    assert run("xdg-mime", "query", "default", "application/x-lgcoder-project") == ""
    assert project.is_file()  # the user's project is never touched

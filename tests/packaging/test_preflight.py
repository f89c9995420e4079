"""Missing system libraries are explained before Qt starts, not crashed on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lgcoder import preflight

LGCODER = [sys.executable, "-m", "lgcoder"]


def _gui(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    return subprocess.run(
        [*LGCODER, "gui"],
        capture_output=True,
        text=True,
        env={**base, "HOME": str(tmp_path), **env},
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux only")
def test_a_missing_xcb_library_gets_one_install_line_per_distribution(tmp_path: Path) -> None:
    # A library the loader finds but cannot load is what a missing package looks like to Qt:
    # an empty libxcb-cursor.so.0 first on the library path stands in for libxcb-cursor0.
    libs = tmp_path / "libs"
    libs.mkdir()
    (libs / "libxcb-cursor.so.0").write_bytes(b"")
    (libs / "libxcb-icccm.so.4").write_bytes(b"")
    result = _gui(tmp_path, DISPLAY=":0", LD_LIBRARY_PATH=str(libs))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert "libxcb-cursor.so.0" in lines[0] and "libxcb-icccm.so.4" in lines[0]
    # The two stand-ins, plus whatever this machine really lacks, each package named once.
    stubbed = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    absent = [
        lib
        for lib in preflight.BASE + preflight.XCB
        if lib.soname in stubbed or not preflight.loadable(lib.soname)
    ]
    apt = [line for line in lines if "apt-get install" in line]
    dnf = [line for line in lines if "dnf install" in line]
    assert len(apt) == 1 and len(dnf) == 1
    assert apt[0].split("apt-get install ")[1].split() == list(
        dict.fromkeys(lib.debian for lib in absent)
    )
    assert dnf[0].split("dnf install ")[1].split() == list(
        dict.fromkeys(lib.fedora for lib in absent)
    )
    assert {"libxcb-cursor0", "libxcb-icccm4"} <= set(apt[0].split())
    assert {"xcb-util-cursor", "xcb-util-wm"} <= set(dnf[0].split())


def test_offscreen_does_not_need_xcb(tmp_path: Path) -> None:
    """With a broken xcb library but the offscreen platform chosen, the window still paints."""
    libs = tmp_path / "libs"
    libs.mkdir()
    (libs / "libxcb-cursor.so.0").write_bytes(b"")
    shot = tmp_path / "shot.png"
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen", "LD_LIBRARY_PATH": str(libs)}
    done = subprocess.run(
        [*LGCODER, "gui", "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(tmp_path), **env},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 1000


@pytest.mark.parametrize(
    ("env", "xcb"),
    [
        ({"DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, True),
        ({}, False),
    ],
)
def test_xcb_is_checked_only_when_qt_will_use_it(env: dict[str, str], xcb: bool) -> None:
    assert preflight.uses_xcb(env) is xcb


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux only")
def test_this_machine_passes_when_its_libraries_load() -> None:
    absent = preflight.missing(preflight.BASE + preflight.XCB)
    if absent:
        pytest.skip(f"this machine lacks {', '.join(lib.soname for lib in absent)}")
    assert preflight.check({"DISPLAY": ":0"}) is None

"""Check the system libraries Qt needs before Qt starts, and say how to install missing ones.

Qt for Python brings Qt itself but not the X11/xcb libraries of the desktop it draws on. On a
stock Debian or Ubuntu some are missing (libxcb-cursor0 most often), and Qt then aborts with
"Could not load the Qt platform plugin 'xcb'" and advice to reinstall the application, which
does not help. Here each library is loaded the way Qt's plugin would load it (dlopen by its
soname, so LD_LIBRARY_PATH and the frozen app's own folder count too); the ones that fail are
named with the package that provides them on Debian/Ubuntu and on Fedora, as one command each.

No Qt here: this runs first, so that a missing library gives advice, not a crash.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Library:
    soname: str
    debian: str  # package on Debian and Ubuntu
    fedora: str  # package on Fedora (and RHEL-alikes)


#: What QtGui and QtWidgets link against, whatever the platform plugin.
BASE: tuple[Library, ...] = (
    Library("libGL.so.1", "libgl1", "libglvnd-glx"),
    Library("libEGL.so.1", "libegl1", "libglvnd-egl"),
    Library("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    Library("libfreetype.so.6", "libfreetype6", "freetype"),
    Library("libX11.so.6", "libx11-6", "libX11"),
    Library("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    Library("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    Library("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
)

#: What the xcb platform plugin (libqxcb.so and libQt6XcbQpa) needs on an X11 desktop.
XCB: tuple[Library, ...] = (
    Library("libxcb.so.1", "libxcb1", "libxcb"),
    Library("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    Library("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    Library("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    Library("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    Library("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    Library("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    Library("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    Library("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    Library("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    Library("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    Library("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    Library("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    Library("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    Library("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    Library("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
)


def uses_xcb(environ: Mapping[str, str]) -> bool:
    """Will Qt draw through X11? Only with a display set and no other platform chosen.

    A Wayland session gets Qt's wayland plugin (the wheel ships it), so xcb is not needed there.
    """
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland":
        return False
    return bool(environ.get("DISPLAY"))


def loadable(soname: str) -> bool:
    """Can the dynamic loader find and load this library, as Qt would?"""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [soname]
    if bundle:  # the frozen app may carry a copy of its own
        candidates.insert(0, str(Path(bundle) / soname))
    for name in candidates:
        if name != soname and not Path(name).exists():
            continue
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return True
    return False


def missing(libraries: Iterable[Library]) -> list[Library]:
    return [lib for lib in libraries if not loadable(lib.soname)]


def advice(absent: list[Library]) -> str:
    """The message: what is missing, and one install line each for Debian/Ubuntu and Fedora."""
    debian = " ".join(dict.fromkeys(lib.debian for lib in absent))
    fedora = " ".join(dict.fromkeys(lib.fedora for lib in absent))
    names = ", ".join(lib.soname for lib in absent)
    return (
        f"lgcoder: the desktop app needs system libraries that are not installed ({names}).\n"
        "Install them with one of these commands, then start lgcoder again:\n"
        f"  Debian, Ubuntu:  sudo apt-get install {debian}\n"
        f"  Fedora:          sudo dnf install {fedora}\n"
        "Meanwhile everything can be done from the command line: lgcoder --help\n"
    )


def check(environ: Mapping[str, str] | None = None) -> str | None:
    """The advice to print if the GUI cannot start here for want of libraries, else None."""
    if not sys.platform.startswith("linux"):
        return None
    env = os.environ if environ is None else environ
    if env.get("LGCODER_SKIP_PREFLIGHT") == "1":
        return None
    libraries = BASE + (XCB if uses_xcb(env) else ())
    absent = missing(libraries)
    return advice(absent) if absent else None

"""Build the frozen app with PyInstaller, and on Linux the download: a .tar.gz with installer.

    .venv/bin/python packaging/build.py        (what `make package` runs)

Writes ``dist/lgcoder/`` (the one-folder app: ``dist/lgcoder/lgcoder`` is both the desktop app
and the CLI) and, on Linux, ``dist/lgcoder-VERSION-linux-x86_64.tar.gz``, which unpacks to::

    lgcoder-VERSION/
        install.sh  uninstall.sh  README.txt
        lgcoder/                          the app folder
        share/applications/  metainfo/  mime/packages/  icons/hicolor/...

Windows and macOS: run the same script there; it stops after PyInstaller (then Inno Setup
compiles packaging/windows/lgcoder.iss; on macOS the spec's BUNDLE makes lgcoder.app).
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
APP_ID = "org.lgcoder.Lgcoder"


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def run_pyinstaller() -> Path:
    work = ROOT / "build" / "pyinstaller"
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(work),
        str(PACKAGING / "lgcoder.spec"),
    ]
    subprocess.run(command, check=True, cwd=ROOT)
    return DIST / "lgcoder"


def strip_debug(app: Path) -> int:
    """Remove debug sections and local symbol tables from the app's ELF files; returns the
    bytes saved.

    libpython, cryptography's Rust core, pdfium, ICU and the extension modules ship with debug
    info and full symbol tables (``.symtab``), a third of their size and no use to users: a
    shared library is linked and loaded through its dynamic symbols (``.dynsym``), which
    ``--strip-unneeded`` keeps. Libraries that wheels vendor in ``*.libs`` folders were
    rewritten by patchelf, and strip would corrupt them (numpy's OpenBLAS stops loading), so
    they are left alone; files that are already stripped come out unchanged.
    """
    strip = shutil.which("strip")
    if strip is None:
        return 0
    saved = 0
    for path in sorted(app.rglob("*.so*")):
        if not path.is_file() or path.is_symlink() or ".libs" in path.parent.name:
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def _add(tar: tarfile.TarFile, source: Path, name: str, mode: int | None = None) -> None:
    info = tar.gettarinfo(str(source), arcname=name)
    if mode is not None:
        info.mode = mode
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if info.isfile():
        with source.open("rb") as f:
            tar.addfile(info, f)
    else:
        tar.addfile(info)


def share_files() -> list[tuple[Path, str]]:
    """(source, path under share/) for the desktop integration files."""
    linux = PACKAGING / "linux"
    icons = ROOT / "resources" / "icons"
    files = [
        (linux / f"{APP_ID}.desktop", f"applications/{APP_ID}.desktop"),
        (linux / f"{APP_ID}.metainfo.xml", f"metainfo/{APP_ID}.metainfo.xml"),
        (linux / "lgcoder-mime.xml", f"mime/packages/{APP_ID}.xml"),
        (icons / f"{APP_ID}.svg", f"icons/hicolor/scalable/apps/{APP_ID}.svg"),
    ]
    for png in sorted(icons.glob(f"hicolor/*/apps/{APP_ID}.png")):
        files.append((png, "icons/" + png.relative_to(icons).as_posix()))
    return files


def write_tarball(app: Path, ver: str) -> Path:
    machine = platform.machine() or "x86_64"
    top = f"lgcoder-{ver}"
    out = DIST / f"lgcoder-{ver}-linux-{machine}.tar.gz"
    linux = PACKAGING / "linux"
    partial = out.with_name(out.name + ".part")  # never a half-written download under its name
    with tarfile.open(partial, "w:gz", compresslevel=9) as tar:
        _add(tar, linux / "install.sh", f"{top}/install.sh", 0o755)
        _add(tar, linux / "uninstall.sh", f"{top}/uninstall.sh", 0o755)
        _add(tar, linux / "README.txt", f"{top}/README.txt", 0o644)
        for source, name in share_files():
            _add(tar, source, f"{top}/share/{name}", 0o644)
        for path in sorted(app.rglob("*")):
            _add(tar, path, f"{top}/lgcoder/{path.relative_to(app).as_posix()}")
    partial.replace(out)
    return out


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tar-only", action="store_true", help="re-pack dist/lgcoder without rebuilding"
    )
    args = parser.parse_args(argv)
    ver = version()
    started = time.monotonic()
    app = DIST / "lgcoder" if args.tar_only else run_pyinstaller()
    if not (app / "lgcoder").exists() and not (app / "lgcoder.exe").exists():
        print(f"build.py: {app} has no lgcoder executable", file=sys.stderr)
        return 1
    if sys.platform.startswith("linux"):
        saved = strip_debug(app)
        print(f"stripped debug sections and symbol tables: {saved / 1e6:.0f} MB")
    print(f"app folder: {app.relative_to(ROOT)}  {folder_size(app) / 1e6:.0f} MB")
    if sys.platform.startswith("linux"):
        tarball = write_tarball(app, ver)
        print(f"download:   {tarball.relative_to(ROOT)}  {tarball.stat().st_size / 1e6:.0f} MB")
    print(f"built lgcoder {ver} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

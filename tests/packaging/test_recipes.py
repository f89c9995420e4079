"""The build recipes stay honest: every file they name exists, and they carry one version."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import lgcoder
from lgcoder.core.db import APPLICATION_ID

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


def pyproject_version() -> str:
    with (REPO / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def test_the_version_is_the_one_in_pyproject_everywhere() -> None:
    version = pyproject_version()
    assert lgcoder.__version__ == version
    shown = subprocess.run(
        [sys.executable, "-m", "lgcoder", "--version"], capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == f"lgcoder {version}"
    metainfo = ET.parse(PACKAGING / "linux" / "org.lgcoder.Lgcoder.metainfo.xml").getroot()
    releases = [r.get("version") for r in metainfo.iter("release")]
    assert releases[0] == version  # the newest release comes first
    iss = (PACKAGING / "windows" / "lgcoder.iss").read_text()
    assert re.search(r'#define AppVersion "([^"]+)"', iss)[1] == version  # type: ignore[index]
    spec = (PACKAGING / "lgcoder.spec").read_text()
    assert 'tomllib.loads((ROOT / "pyproject.toml")' in spec  # the bundle's version is read


def test_every_file_the_inno_setup_script_names_exists() -> None:
    iss_dir = PACKAGING / "windows"
    text = (iss_dir / "lgcoder.iss").read_text()
    named = re.findall(r"^(?:SetupIconFile|LicenseFile)=(.+)$", text, re.M)
    sources = re.findall(r'Source: "([^"]+)"', text)
    assert named and sources
    for name in named:
        assert (iss_dir / name.replace("\\", "/")).is_file(), name
    for source in sources:
        path = (iss_dir / source.replace("\\", "/")).resolve()
        # The app folder is what `make package` builds; everything else must be in the repo.
        assert path.is_relative_to(REPO / "dist" / "lgcoder") or path.exists(), source
    # The association, and its removal by the uninstaller.
    assert re.search(r'Subkey: "Software\\Classes\\\.lgc".*uninsdeletevalue', text)
    assert re.search(r"shell\\open\\command.*%1", text)
    assert "{group}\\Uninstall" in text


def test_every_file_the_pyinstaller_spec_names_exists() -> None:
    spec = (PACKAGING / "lgcoder.spec").read_text()
    paths = re.findall(r'ROOT((?: / "[^"]+")+)', spec)
    assert len(paths) >= 6
    for parts in paths:
        path = REPO.joinpath(*re.findall(r'"([^"]+)"', parts))
        assert path.exists(), path
    for pattern in re.findall(r'SAMPLES\.glob\("([^"]+)"\)', spec):
        assert list((REPO / "resources" / "samples").glob(pattern)), pattern


def test_the_macos_bundle_declares_the_lgc_document_type() -> None:
    spec = (PACKAGING / "lgcoder.spec").read_text()
    for needle in (
        '"CFBundleTypeRole": "Editor"',
        '"LSItemContentTypes": ["org.lgcoder.project"]',
        '"UTTypeIdentifier": "org.lgcoder.project"',
        '"public.filename-extension": ["lgc"]',
        '"CFBundleTypeIconFile": "lgcoder.icns"',
    ):
        assert needle in spec


def test_desktop_files_name_the_same_app_type_and_icon() -> None:
    linux = PACKAGING / "linux"
    desktop = (linux / "org.lgcoder.Lgcoder.desktop").read_text()
    assert "MimeType=application/x-lgcoder-project;" in desktop
    assert "Icon=org.lgcoder.Lgcoder" in desktop
    icons = REPO / "resources" / "icons"
    assert (icons / "org.lgcoder.Lgcoder.svg").is_file()
    sizes = {p.parts[-3] for p in icons.glob("hicolor/*/apps/org.lgcoder.Lgcoder.png")}
    assert {"16x16", "32x32", "48x48", "64x64", "128x128", "256x256"} <= sizes
    mime = (linux / "lgcoder-mime.xml").read_text()
    assert f'value="0x{APPLICATION_ID:08X}" offset="68"' in mime

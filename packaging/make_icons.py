"""Render resources/icons/org.lgcoder.Lgcoder.svg into the PNG, .ico and .icns files.

Run after editing the SVG (the outputs are committed, so builds need neither Qt's SVG support
nor Pillow's writers at build time):

    .venv/bin/python packaging/make_icons.py

PNGs go to resources/icons/hicolor/SIZExSIZE/apps/ (the freedesktop icon theme layout that
install.sh copies into ~/.local/share/icons); the Windows .ico and macOS .icns go beside the
recipes that use them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "org.lgcoder.Lgcoder.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
APP_ID = "org.lgcoder.Lgcoder"


def render_pngs() -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(SVG))
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(out))
        written.append(out)
    return written


def write_ico_icns(largest: Path) -> None:
    from PIL import Image

    image = Image.open(largest)
    image.save(
        ROOT / "packaging" / "windows" / "lgcoder.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )
    image.save(ROOT / "packaging" / "macos" / "lgcoder.icns")


def main() -> int:
    pngs = render_pngs()
    write_ico_icns(pngs[-1])
    for path in pngs:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())

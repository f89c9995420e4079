"""Smoke test of the frozen app that `make package` built, run with no Python on PATH.

It runs what a new user does first: version, a new project, imports of a PDF (through the
reader's helper process, which must start inside the frozen app), a Word file and Teams
captions, a coding, a Word summary, the sample project, and the welcome screen painted into a
PNG. Skips when dist/lgcoder has not been built, except in CI (.ci/run builds it first).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.chart_fixtures import build_chart_project

REPO = Path(__file__).resolve().parents[2]
FROZEN = REPO / "dist" / "lgcoder" / "lgcoder"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def frozen() -> Path:
    if not FROZEN.is_file():
        msg = f"{FROZEN.relative_to(REPO)} is not built (run `make package`)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return FROZEN


class Frozen:
    """The frozen lgcoder, run in a bare environment: an empty PATH, a scratch HOME."""

    def __init__(self, app: Path, home: Path) -> None:
        self.app = app
        self.home = home
        empty = home / "empty-bin"
        empty.mkdir(parents=True, exist_ok=True)
        self.env = {
            "PATH": str(empty),
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
            # The PDF must be read by the helper process; no quiet fallback to in-process.
            "LGCODER_IMPORT_SANDBOX": "require",
        }

    def __call__(self, *args: str | Path) -> str:
        result = subprocess.run(
            [str(self.app), *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.env,
            cwd=self.home,
            timeout=180,
            check=False,
        )
        assert result.returncode == 0, f"lgcoder {args}: {result.stderr}"
        assert "Traceback" not in result.stderr
        return result.stdout


def test_the_frozen_app_works_without_python(frozen: Path, corpus: Path, tmp_path: Path) -> None:
    lgcoder = Frozen(frozen, tmp_path)
    with (REPO / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    assert lgcoder("--version").strip() == f"lgcoder {version}"

    project = tmp_path / "smoke.lgc"
    assert lgcoder("new", project, "--coder", "Ann").strip() == f"created {project}"
    pdf = corpus / "pdf" / "two-column-academic-paper.pdf"
    docx = corpus / "docx" / "qualcoder-interview-ID1.docx"
    vtt = corpus / "vtt" / "teams-style-fixture-synthetic.vtt"
    out = lgcoder("import", project, pdf, docx, vtt)
    assert "3 of 3 files imported" in out
    assert f"imported {pdf.name} (" in out and " pages" in out

    text = lgcoder("text", project, "--doc", docx.name)
    quote = next(line for line in text.splitlines() if len(line) > 40)[:40]
    lgcoder("code", "add", project, "barriers")
    lgcoder("code", "apply", project, "--doc", docx.name, "--code", "barriers", "--match", quote)
    assert "barriers  (1 coding in 1 document)" in lgcoder("codes", project)

    summary = tmp_path / "summary.docx"
    lgcoder("export", "docx", project, summary)
    with zipfile.ZipFile(summary) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "barriers" in body and quote.split()[0] in body
    assert lgcoder("check", project).strip() == f"{project}: ok"

    sample = tmp_path / "sample.lgc"
    assert "3 documents" in lgcoder("sample", sample)  # the sample files are in the bundle

    # charts: matplotlib is bundled with its Agg (PNG) and SVG writers, and nothing interactive
    assert "wrote" in lgcoder("chart", "speakers", sample, tmp_path / "who.png")
    assert_painted_chart(tmp_path / "who.png")
    assert "wrote" in lgcoder("chart", "prevalence", sample, tmp_path / "themes.svg")
    assert "<svg" in (tmp_path / "themes.svg").read_text(encoding="utf-8")
    # the network's layout needs networkx: two themes on the same passage make one link
    lgcoder("code", "add", project, "leadership")
    lgcoder("code", "apply", project, "--doc", docx.name, "--code", "leadership", "--match", quote)
    assert "network" in lgcoder("chart", "cooccurrence-network", project, tmp_path / "net.png")
    assert_painted_chart(tmp_path / "net.png")
    modules = bundled_modules(frozen)
    if modules is not None:
        backends = {m.rsplit(".", 1)[-1] for m in modules if m.startswith("matplotlib.backends.")}
        assert {"backend_agg", "backend_svg"} <= backends
        assert not backends & {"backend_qtagg", "backend_tkagg", "backend_gtk4agg", "backend_pdf"}

    shot = tmp_path / "welcome.png"
    lgcoder("gui", "--screenshot", shot)
    assert_painted(shot)

    # Given a project, the app opens it: it is then the first of the recent projects.
    lgcoder("gui", project, "--screenshot", tmp_path / "workbench.png")
    assert_painted(tmp_path / "workbench.png")
    settings = (tmp_path / ".config" / "lgcoder" / "lgcoder.conf").read_text()
    assert str(project) in settings


def test_every_chart_and_format_in_the_frozen_app(
    frozen: Path, corpus: Path, tmp_path: Path
) -> None:
    """What issue 16's size work must not cost: each chart kind (as the Charts window and the
    CLI draw them), the Word summary with its charts (and its PDF through LibreOffice), PDFs
    through the helper with tables, the pdfminer reader and an AES-256 password, every other
    importer, REFI-QDA out and back in, and the Excel exports. The bundle leaves out what
    packaging/bundle_rules.py lists; test_bundle_rules.py shows the same features need none of
    it in the venv, this test shows the built app carries what they do need."""
    lgcoder = Frozen(frozen, tmp_path)
    charts = build_chart_project(tmp_path / "charts.lgc")
    kinds = ("prevalence", "speakers", "cooccurrence", "cooccurrence-network", "coders")
    for kind in kinds:
        assert "wrote" in lgcoder("chart", kind, charts, tmp_path / f"{kind}.png")
        assert_painted_chart(tmp_path / f"{kind}.png")
        lgcoder("chart", kind, charts, tmp_path / f"{kind}.svg", "--dark")
        assert "<svg" in (tmp_path / f"{kind}.svg").read_text(encoding="utf-8")

    summary = tmp_path / "summary.docx"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:  # LibreOffice's launcher is a shell script: it needs the system's tools
        with_tools = Frozen(frozen, tmp_path)
        with_tools.env["PATH"] = os.pathsep.join(["/usr/bin", "/bin"])
        with_tools("export", "docx", charts, summary, "--charts", "--pdf")
        assert summary.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    else:
        lgcoder("export", "docx", charts, summary, "--charts")
    with zipfile.ZipFile(summary) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 2
    from docx import Document

    captions = [p.text for p in Document(str(summary)).paragraphs if p.text.startswith("Figure")]
    assert "Figure 1. Passages per theme" in captions
    assert "Figure 2. Passages per speaker and theme" in captions

    project = tmp_path / "formats.lgc"
    lgcoder("new", project, "--coder", "Ann")
    pdf = corpus / "pdf"
    files = [
        pdf / "two-column-latex-lorem.pdf",  # a table, read by rows through pdfplumber's finder
        pdf / "broken-xref-page-count-disagrees.pdf",  # pdfium rejects it: pdfminer reads it
        corpus / "odt" / "qualcoder-interview-ID2.odt",
        corpus / "rtf" / "striprtf-unicode-japanese.rtf",
        corpus / "html" / "russian-cp1251-no-charset.html",
        corpus / "md" / "tc39-meeting-notes-2023-07-11.md",
        corpus / "srt" / "pysrt-utf16le-bom.srt",
    ]
    assert "7 of 7 files imported" in lgcoder("import", project, *files)
    out = lgcoder("import", project, pdf / "encrypted-aes256-r6.pdf", "--password", "usersecret")
    assert "imported encrypted-aes256-r6.pdf (12 characters" in out
    assert len(lgcoder("docs", project).splitlines()) == 8
    lorem = lgcoder("text", project, "--doc", "two-column-latex-lorem.pdf")
    assert "Belgium\t11.5\t30,689\tBrussels\tDutch, French, German" in lorem.split("\n")

    lgcoder("export", "xlsx", charts, tmp_path / "rows.xlsx")
    lgcoder("export", "codebook", charts, tmp_path / "codebook.xlsx")
    for xlsx in ("rows.xlsx", "codebook.xlsx"):
        assert zipfile.is_zipfile(tmp_path / xlsx)
    lgcoder("export", "qdpx", charts, tmp_path / "charts.qdpx")
    back = tmp_path / "back.lgc"
    lgcoder("new", back, "--from", tmp_path / "charts.qdpx")
    assert lgcoder("codes", back) == lgcoder("codes", charts)
    nvivo = corpus / "qdpx" / "nvivo12-export-hungarian-youtube-comments.qdpx"
    assert "created" in lgcoder("new", tmp_path / "nvivo.lgc", "--from", nvivo)


def test_the_bundle_carries_the_keyring_backends(frozen: Path) -> None:
    """The password keyring is reached only from the desktop app's server dialog, so it is
    checked in the bundle itself: keyring finds its backends through their entry points, and
    the Secret Service one (Linux) needs secretstorage, jeepney and cryptography."""
    modules = bundled_modules(frozen)
    if modules is None:
        pytest.skip("PyInstaller (make package installs it) reads the bundle's module archive")
    assert {"keyring.backends.SecretService", "keyring.backends.chainer"} <= modules
    assert {"secretstorage", "jeepney", "cryptography"} <= modules
    metadata = frozen.parent / "_internal"
    assert list(metadata.glob("keyring-*.dist-info/entry_points.txt"))


def test_the_bundle_keeps_the_qt_plugins_a_linux_desktop_needs(frozen: Path) -> None:
    """The size work drops Qt plugins no desktop uses; these must stay: X11, Wayland (with the
    xdg-shell every desktop compositor speaks, and window decorations), offscreen (the tests
    and screenshots), SVG icons, input methods and the desktop portal's file dialogs."""
    plugins = frozen.parent / "_internal" / "PySide6" / "Qt" / "plugins"
    for plugin in (
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "platforms/libqoffscreen.so",
        "wayland-shell-integration/libxdg-shell.so",
        "wayland-decoration-client/libadwaita.so",
        "wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
        "xcbglintegrations/libqxcb-glx-integration.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
        "platforminputcontexts/libibusplatforminputcontextplugin.so",
        "platformthemes/libqxdgdesktopportal.so",
    ):
        assert (plugins / plugin).is_file(), plugin


def bundled_modules(frozen: Path) -> set[str] | None:
    """The Python modules in the app's compressed archive; None without PyInstaller to read it."""
    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        return None
    return set(CArchiveReader(str(frozen)).open_embedded_archive("PYZ.pyz").toc)


def assert_painted_chart(png: Path) -> None:
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull() and image.width() == 2100  # 7 in at 300 dpi


def assert_painted(png: Path) -> None:
    """A real window, not a blank one: the welcome screen has text, buttons, colours."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 600 and image.height() >= 400
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20, f"only {len(colours)} colours: the window looks blank"


def test_the_frozen_app_publishes_to_and_reads_a_team_server(
    frozen: Path, pg_url: str, tmp_path: Path
) -> None:
    """The download must speak to a team server too: psycopg and its libpq are bundled.

    A file project is published to a real PostgreSQL database and read back by the frozen app,
    which logs in with the password file psql would use, as a coder's machine does.
    """
    lgcoder = Frozen(frozen, tmp_path)
    lgcoder.env["PGPASSFILE"] = os.environ["PGPASSFILE"]
    sample = tmp_path / "sample.lgc"
    lgcoder("sample", sample)
    assert "created the project" in lgcoder("server", "init", pg_url)
    lgcoder("publish", sample, pg_url)
    assert lgcoder("codes", pg_url) == lgcoder("codes", sample)
    assert lgcoder("docs", pg_url) == lgcoder("docs", sample)

"""The modules the frozen app leaves out (packaging/bundle_rules.py) are never needed.

The features run in this venv's Python with every excluded module made unimportable, as in
the frozen app: a ``sitecustomize`` on PYTHONPATH puts a finder in front of the import system
that refuses those names (and logs each attempt). It reaches the PDF reader's helper process
too, which is a new Python started with the same environment. A feature that needed a left-out
module fails here, without building the app; ``test_frozen.py`` then runs the built app.

Run: every chart kind (PNG and SVG, light and dark, as the Charts window and the CLI draw
them), the Word export with charts, PDF import through the helper (tables read by pdfplumber's
finder) and through pdfminer (a file pdfium rejects), an encrypted PDF, every other importer,
REFI-QDA out and in, CSV/XLSX/codebook exports, the keyring lookup and a PostgreSQL engine.
Only the modules in TRIED_WITH_FALLBACK may even be attempted, and the fonts matplotlib is
asked for are the ones the bundle keeps.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from tests.chart_fixtures import build_chart_project

REPO = Path(__file__).resolve().parents[2]


def bundle_rules() -> ModuleType:
    """packaging/bundle_rules.py, loaded by path (``packaging`` is also a PyPI package)."""
    spec = importlib.util.spec_from_file_location(
        "lgcoder_bundle_rules", REPO / "packaging" / "bundle_rules.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SITECUSTOMIZE = '''
import os, sys

_NAMES = tuple(os.environ["LGCODER_BLOCKED"].split(","))
_LOG = os.environ["LGCODER_BLOCKED_LOG"]


class _LeftOut:
    """Refuses the modules the frozen app does not carry, and logs the attempt."""

    def find_spec(self, name, path=None, target=None):
        if any(name == n or name.startswith(n + ".") for n in _NAMES):
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(name + "\\n")
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _LeftOut())
'''

DRIVER = r"""
import contextlib, io, json, sys
from pathlib import Path

import matplotlib.font_manager as fm

asked = set()
_find = fm.FontManager.findfont


def findfont(self, prop, *args, **kwargs):
    path = _find(self, prop, *args, **kwargs)
    asked.add((fm.FontProperties._from_any(prop).get_style(), Path(path).name))
    return path


fm.FontManager.findfont = findfont

from lgcoder.cli import main

tmp, corpus, charts = (Path(a) for a in sys.argv[1:4])
outputs = {}


def run(*args):
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")  # `lgcoder text` writes to its buffer
    with contextlib.redirect_stdout(out):
        code = main([str(a) for a in args])
    assert code in (0, None), (args, code)
    out.flush()
    return raw.getvalue().decode("utf-8")


for kind in ("prevalence", "speakers", "cooccurrence", "cooccurrence-network", "coders"):
    run("chart", kind, charts, tmp / f"{kind}.png")
    run("chart", kind, charts, tmp / f"{kind}.svg", "--dark")
run("export", "docx", charts, tmp / "summary.docx", "--charts")

project = tmp / "p.lgc"
run("new", project, "--coder", "Ann")
pdf = corpus / "pdf"
files = [
    pdf / "two-column-latex-lorem.pdf",  # a table, read by rows through pdfplumber's finder
    pdf / "broken-xref-page-count-disagrees.pdf",  # pdfium rejects it: pdfminer reads it
    corpus / "docx" / "qualcoder-interview-ID1.docx",
    corpus / "odt" / "qualcoder-interview-ID2.odt",
    corpus / "rtf" / "striprtf-unicode-japanese.rtf",
    corpus / "html" / "russian-cp1251-no-charset.html",
    corpus / "md" / "tc39-meeting-notes-2023-07-11.md",
    corpus / "srt" / "pysrt-utf16le-bom.srt",
    corpus / "vtt" / "teams-style-fixture-synthetic.vtt",
]
outputs["import"] = run("import", project, *files)
outputs["encrypted"] = run("import", project, pdf / "encrypted-aes256-r6.pdf", "--password", "usersecret")
run("sample", tmp / "sample.lgc")
run("export", "xlsx", tmp / "sample.lgc", tmp / "rows.xlsx")
run("export", "codebook", tmp / "sample.lgc", tmp / "codebook.xlsx")
run("export", "qdpx", tmp / "sample.lgc", tmp / "sample.qdpx")
run("new", tmp / "back.lgc", "--from", tmp / "sample.qdpx")
outputs["docs"] = run("docs", project)
outputs["text lorem"] = run("text", project, "--doc", "two-column-latex-lorem.pdf")

from lgcoder.app.passwords import keyring_available
from lgcoder.core.pg import make_engine, parse_url

outputs["keyring"] = str(keyring_available())
make_engine(parse_url("postgresql://ann@localhost:1/team"), readonly=True).dispose()

(tmp / "outputs.json").write_text(json.dumps(outputs))
(tmp / "fonts.json").write_text(json.dumps(sorted(asked)))
"""


@pytest.mark.slow
def test_features_work_without_the_modules_the_bundle_leaves_out(
    corpus: Path, tmp_path: Path
) -> None:
    rules = bundle_rules()
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "attempts.log"
    log.touch()
    charts = build_chart_project(tmp_path / "charts.lgc")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(REPO)]),
        "LGCODER_BLOCKED": ",".join(rules.EXCLUDED_MODULES),
        "LGCODER_BLOCKED_LOG": str(log),
        "LGCODER_IMPORT_SANDBOX": "require",  # PDFs through the helper process
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(DRIVER), str(tmp_path), str(corpus), str(charts)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outputs = json.loads((tmp_path / "outputs.json").read_text())

    # the features did their work
    for kind in ("prevalence", "speakers", "cooccurrence", "cooccurrence-network", "coders"):
        assert (tmp_path / f"{kind}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<svg" in (tmp_path / f"{kind}.svg").read_text(encoding="utf-8")
    assert (tmp_path / "summary.docx").stat().st_size > 0
    assert "9 of 9 files imported" in outputs["import"], outputs["import"]
    assert "imported encrypted-aes256-r6.pdf (12 characters" in outputs["encrypted"]
    assert len(outputs["docs"].splitlines()) == 10, outputs["docs"]
    assert "Belgium\t11.5\t30,689\tBrussels\tDutch, French, German" in outputs["text lorem"]
    assert (tmp_path / "back.lgc").is_file() and (tmp_path / "rows.xlsx").is_file()
    assert outputs["keyring"] in ("True", "False")  # asked without an ImportError

    # nothing else was even tried, and only the kept fonts were asked for
    tried = set(log.read_text(encoding="utf-8").split())
    unexpected = {
        name
        for name in tried
        if not any(name == t or name.startswith(t + ".") for t in rules.TRIED_WITH_FALLBACK)
    }
    assert not unexpected, f"left out of the bundle but imported: {sorted(unexpected)}"
    fonts = {tuple(f) for f in json.loads((tmp_path / "fonts.json").read_text())}
    assert fonts and all(style == "normal" for style, _name in fonts), fonts
    bundled = [name for _style, name in fonts if "mpl-data" in name or name.startswith("DejaVu")]
    assert all(rules.wanted_matplotlib_data(rules.MPL_FONTS + name) for name in bundled), fonts


def test_the_rules_keep_what_the_app_needs() -> None:
    """A guard against a too-broad entry: these must stay importable in the frozen app."""
    rules = bundle_rules()
    for needed in (
        "lgcoder",
        "matplotlib",
        "matplotlib.backends.backend_agg",
        "matplotlib.backends.backend_svg",
        "mpl_toolkits.mplot3d",
        "networkx",
        "numpy",
        "numpy.random",
        "numpy.typing",
        "PIL.Image",
        "PIL.PngImagePlugin",
        "pdfplumber",
        "pdfminer",
        "cryptography",
        "psycopg",
        "sqlalchemy.dialects.sqlite",
        "sqlalchemy.dialects.postgresql",
        "keyring",
        "secretstorage",
        "lxml.etree",
        "docx",
        "openpyxl",
        "mako",
        "alembic",
        "hashlib",
        "asyncio",
        "PySide6.QtCore",
        "PySide6.QtGui",
        "PySide6.QtWidgets",
    ):
        assert not rules.is_excluded(needed), needed
    assert rules.wanted_matplotlib_data("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf")
    assert rules.wanted_matplotlib_data("matplotlib/mpl-data/fonts/ttf/DejaVuSans-Bold.ttf")
    assert rules.wanted_matplotlib_data("matplotlib/mpl-data/matplotlibrc")
    assert not rules.wanted_matplotlib_data("matplotlib/mpl-data/fonts/ttf/DejaVuSerif.ttf")

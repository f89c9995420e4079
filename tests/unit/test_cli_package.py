"""The command line's shape (issue 12): argparse only in lgcoder.cli, a parser that loads nothing."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import lgcoder
from lgcoder.cli import export as export_cli
from lgcoder.exporters import options

PACKAGE = Path(lgcoder.__file__).parent


def test_no_module_outside_cli_imports_argparse_or_the_cli() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "cli" or rel.name == "__main__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "argparse" or n.startswith("lgcoder.cli") for n in names):
                offenders.append(str(rel))
    assert offenders == []


def test_building_the_parser_imports_no_feature_package_and_no_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "from lgcoder.cli import build_parser\n"
        "build_parser().parse_args(['export', 'docx', 'p.lgc', 'o.docx'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'numpy', "
        "'PySide6') or m.startswith(('lgcoder.importers', 'lgcoder.exporters', 'lgcoder.team', "
        "'lgcoder.analysis', 'lgcoder.refi', 'lgcoder.gui', 'lgcoder.core.models'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_export_choices_repeat_the_exporters_options() -> None:
    assert export_cli.CITE_CODER == options.CITE_CODER
    assert export_cli.LAYOUTS == options.LAYOUTS
    assert export_cli.SHORT_SUMMARY_QUOTES == options.SHORT_SUMMARY_QUOTES

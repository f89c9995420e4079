"""``lgcoder chart KIND PROJECT OUT`` through the real command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.chart_fixtures import build_chart_project
from tests.helpers import assert_clean_error, run_cli


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_chart_project(tmp_path_factory.mktemp("chart") / "charts.lgc")


def test_chart_writes_png_and_svg_with_filters(project: Path, tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "prevalence.png"
    done = run_cli("chart", "prevalence", project, out, "--case", "North", "--split-by", "speaker")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {out} (passages per theme and speaker)"
    with Image.open(out) as image:
        assert image.format == "PNG" and image.size[0] == 2100  # 7 in at 300 dpi
    svg = tmp_path / "who.svg"
    done = run_cli("chart", "speakers", project, svg, "--coder", "Ann", "--dark")
    assert done.returncode == 0, done.stderr
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "(no speaker)" in text or "(no speaker)".replace(" ", "") in text.replace(" ", "")
    done = run_cli(
        "chart", "coders", project, tmp_path / "coders.png", "--width", "5", "--dpi", "100"
    )
    assert done.returncode == 0, done.stderr
    with Image.open(tmp_path / "coders.png") as image:
        assert image.size[0] == 500


def test_chart_draws_the_cooccurrence_network(project: Path, tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "network.png"
    done = run_cli(
        "chart",
        "cooccurrence-network",
        project,
        out,
        "--attribute",
        "Kind=interview",
        "--dpi",
        "100",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {out} (themes coded on the same passages: network)"
    with Image.open(out) as image:
        assert image.format == "PNG" and image.size[0] == 700
        low, high = image.convert("L").getextrema()
        assert low < 100 < high  # circles, lines and names on a light page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pie", "{p}", "{t}/x.png"), "unknown chart 'pie'"),
        (("prevalence", "{p}", "{t}/x.pdf"), "saved as .png or .svg"),
        (("prevalence", "{p}", "{t}/missing/x.png"), "does not exist"),
        (("prevalence", "{p}", "{t}/x.png", "--code", "Nope"), "Nope"),
        (("coders", "{p}", "{t}/x.png", "--coder", "Ann"), "at least two coders"),
        (("prevalence", "{t}/none.lgc", "{t}/x.png"), "none.lgc"),
        (("cooccurrence-network", "{p}", "{t}/x.png", "--attribute", "Kind"), "NAME=VALUE"),
    ],
)
def test_bad_input_is_one_readable_line(
    project: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_cli("chart", *(a.format(p=project, t=tmp_path) for a in args))
    assert_clean_error(result)
    assert message in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_unwritable_places_are_one_readable_line(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "chart.png"
    folder.mkdir()  # a folder where the file should go
    result = run_cli("chart", "prevalence", project, folder)
    assert_clean_error(result)
    assert "is a folder" in result.stderr
    # /proc refuses new files even to root
    result = run_cli("chart", "prevalence", project, "/proc/lgcoder-chart.png")
    assert_clean_error(result)
    assert "cannot write" in result.stderr


def test_matplotlib_stays_out_of_start_up() -> None:
    """`lgcoder --version` (and any command that draws nothing) never imports matplotlib."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "lgcoder", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "matplotlib" not in result.stderr and "networkx" not in result.stderr
    probe = (
        "import sys, lgcoder.cli, lgcoder.cli.chart, lgcoder.charts.draw, lgcoder.charts.scope;"
        "lgcoder.cli.build_parser();"
        "print(any(m.startswith(('matplotlib', 'networkx')) for m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "False"

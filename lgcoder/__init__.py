"""lgcoder: offline qualitative coding for local-government research.

The version is written once, in pyproject.toml. An install (wheel, editable, or the frozen app,
which carries lgcoder's metadata) reports it through importlib.metadata; a bare checkout on
``sys.path`` reads pyproject.toml itself.
"""

from __future__ import annotations

from pathlib import Path


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lgcoder")
    except PackageNotFoundError:
        pass
    try:
        import tomllib

        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        with pyproject.open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, ValueError):
        return "0+unknown"


__version__ = _version()


def resources_path(*parts: str) -> Path | None:
    """A folder or file of the bundled resources (samples, icons), wherever lgcoder runs from.

    A checkout has them in the top-level ``resources/``; a wheel and the frozen app carry them
    inside the package as ``lgcoder/resources/``.
    """
    here = Path(__file__).resolve().parent
    bases = [here / "resources"]
    if (here.parent / "pyproject.toml").is_file():  # a checkout, not site-packages
        bases.append(here.parent / "resources")
    for base in bases:
        candidate = base.joinpath(*parts)
        if candidate.exists():
            return candidate
    return None

"""lgcoder: offline qualitative coding for local-government research.

The version is written once, in pyproject.toml. An install (wheel, editable, or the frozen app,
which carries lgcoder's metadata) reports it through importlib.metadata; a bare checkout on
``sys.path`` reads pyproject.toml itself, only when ``__version__`` is first asked for.
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


def __getattr__(name: str) -> str:
    """``lgcoder.__version__``, looked up on first use: importlib.metadata costs ~40 ms, which
    every command would otherwise pay at start-up (issue 16)."""
    if name == "__version__":
        value = _version()
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'lgcoder' has no attribute {name!r}")


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

"""lgcoder: offline qualitative coding for local-government research."""

__version__ = "0.1.0"

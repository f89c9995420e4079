"""Exports: the Word evidence summary, passage tables (CSV/XLSX) and the codebook.

Front ends (``lgcoder export`` and the GUI's export dialogs) fill in the option dataclasses of
:mod:`lgcoder.exporters.options` and call one function each; every exporter opens its own
read-only session, so no widget ever holds one.
"""

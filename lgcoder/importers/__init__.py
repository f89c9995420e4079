"""Importers turn file bytes into an :class:`~lgcoder.core.imported.ImportedDocument`.

Each format lives in its own module and registers itself in :mod:`.registry`. Importers are pure:
bytes in, data out, no database.
"""

"""Use cases that change a project. Each takes a Session, validates, mutates, returns Changes.

Ops never commit: the caller wraps one user action in ``Project.transaction()``. The GUI wraps each
op in a QUndoCommand; the CLI calls them directly.
"""

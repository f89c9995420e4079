"""The application layer: what one open project can do, without Qt.

A :class:`~lgcoder.app.project_service.ProjectService` is created once when a project opens and
owns that project's services: the project itself (codes, codings, memos, documents, coders),
``cases`` (cases and attributes), ``analysis`` (search, autocode, code matrix), ``team``
(coder copies, merge, agreement) and the ``tally`` of live codings that keeps counts current.

The transaction rule lives here: every writing method is exactly one committed transaction
(``project.transaction()``) that calls one core op and returns its ``Changes``; every reading
method opens one read-only session and returns plain data. Nothing above this layer holds a
Session, and nothing here imports Qt, so the desktop app, its worker threads and the command
line can all use it.
"""

"""A team project on a PostgreSQL server: roles, row-level security and schema upgrades (issue 13).

Qt-free. The project itself opens like any other (:meth:`lgcoder.core.db.Project.open` with a
``postgresql://`` URL); this package holds what only a server has: who may change what.
"""

"""Alembic environment for the project file's schema (run programmatically by core.db)."""

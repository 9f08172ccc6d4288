"""Alembic migrations (run programmatically by core.storage.migrate; no alembic.ini)."""

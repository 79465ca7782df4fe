"""Alembic revision scripts, one per schema change, in order (Alembic skips this file)."""

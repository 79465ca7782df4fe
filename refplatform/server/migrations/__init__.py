"""Alembic migrations of the reference platform's database (SQLite or PostgreSQL).

``refplatform.server.database.upgrade_to_head`` runs them from this folder wherever the package is
installed. Revisions in ``versions/`` are numbered ``0001``, ``0002``, ... and never edited once
released.
"""

"""Alembic migrations of the terminal's database, shipped inside the package.

``kiosk.store.database.upgrade_to_head`` runs them from this folder wherever the package is
installed; there is no ``alembic.ini`` and nothing depends on the working directory. Revisions
in ``versions/`` are numbered ``0001``, ``0002``, ... and never edited once released.
"""

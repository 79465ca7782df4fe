"""Local persistence: SQLAlchemy models, migrations, encryption at rest. No Qt.

``Database.open(path)`` gives a migrated SQLite file; ``Database.session()`` gives a Session for
the calling thread only. The tables are declared in ``kiosk.store.models``; the modules that own
each table's data (trust list, replay cache, ...) read and write them through sessions.
"""

from kiosk.store.database import DATABASE_FILE_NAME, Database, StoreError, upgrade_to_head
from kiosk.store.models import Base, ReplayEntry, TrustListRecord

__all__ = [
    "DATABASE_FILE_NAME",
    "Base",
    "Database",
    "ReplayEntry",
    "StoreError",
    "TrustListRecord",
    "upgrade_to_head",
]

"""Local persistence: SQLAlchemy models, migrations, encryption at rest. No Qt."""

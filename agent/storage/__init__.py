"""Storage: SQLAlchemy (SQLite with WAL by default, any SQLAlchemy URL accepted), Alembic migrations."""
from .db import Database

__all__ = ["Database"]

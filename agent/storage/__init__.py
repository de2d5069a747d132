"""Storage: SQLAlchemy (SQLite with WAL by default, any SQLAlchemy URL accepted), Alembic migrations;
`sql.Sql` for plain SQL where importing SQLAlchemy would cost more than the work (rank history).
`Database` is imported on first use, so importing `agent.storage.sql` loads no SQLAlchemy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .db import Database

__all__ = ["Database"]


def __getattr__(name: str):
    if name == "Database":
        from .db import Database

        return Database
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

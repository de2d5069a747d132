"""Plain SQL through the database's own driver (DB-API), for the few hot reads and writes that should
not pay for importing SQLAlchemy: a `rank` run stores its snapshot and reads the checked keywords'
history here. SQLite goes through the standard library's `sqlite3` (with the pragmas `Database`
sets); any other database through SQLAlchemy's pooled raw connection.

Statements use `:name` parameters; a list value expands to `(:name_0, :name_1, …)` for `IN`.
Datetimes are written as `Database` writes them (UTC; on SQLite the text SQLAlchemy stores) and
read back as datetimes (naive UTC on SQLite)."""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

MIGRATIONS = Path(__file__).parent / "migrations"
_PARAM = re.compile(r"(?<!:):([A-Za-z_]\w*)")


@lru_cache(maxsize=1)
def head() -> str:
    """The newest migration's revision id (its file name's number)."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def sqlite_pragmas(conn) -> None:
    cur = conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


class Sql:
    """See the module's docstring. `engine` gives the SQLAlchemy engine of a non-SQLite database
    (Database passes its own; otherwise one is made at first use)."""

    def __init__(self, url: str, engine: Callable[[], Any] | None = None):
        self.url = url
        self.sqlite_path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None
        self._engine = engine

    @contextmanager
    def connect(self) -> Iterator[Any]:
        """A DB-API connection, committed when the block ends without an error."""
        if self.sqlite_path is not None:
            import sqlite3

            conn: Any = sqlite3.connect(self.sqlite_path, timeout=10)
            sqlite_pragmas(conn)
        else:
            if self._engine is None:
                from sqlalchemy import create_engine

                eng = create_engine(self.url, future=True)
                self._engine = lambda: eng
            conn = self._engine().raw_connection()
        try:
            yield conn
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()

    def at_head(self) -> bool:
        """The database exists and is at the newest migration (a plain query; no Alembic)."""
        if self.sqlite_path is not None and not Path(self.sqlite_path).is_file():
            return False
        try:
            got = self.rows("select version_num from alembic_version")
        except Exception:  # no version table yet, or no database: migrate
            return False
        return bool(got) and got[0].version_num == head()

    def rows(self, sql: str, params: dict | None = None, datetimes: tuple[str, ...] = ()) -> list:
        """The rows of a query, as named tuples; the columns named in `datetimes` as datetimes."""
        with self.connect() as conn:
            cur = conn.cursor()
            cur.execute(*self._bind(sql, params or {}))
            names = [d[0] for d in cur.description]
            Row = namedtuple("Row", names)  # type: ignore[misc]  # the columns of this query
            conv = [n in datetimes and self.sqlite_path is not None for n in names]
            return [
                Row(*(datetime.fromisoformat(v) if c and isinstance(v, str) else v for c, v in zip(conv, r)))
                for r in cur.fetchall()
            ]

    def insert(self, table: str, rows: list[dict]) -> int:
        """Insert rows (all with the same keys) into `table` in one transaction."""
        if not rows:
            return 0
        cols = list(rows[0])
        sql = f"insert into {table} ({', '.join(cols)}) values ({', '.join(':' + c for c in cols)})"
        stmt = self._bind(sql, rows[0])[0]
        with self.connect() as conn:
            conn.cursor().executemany(stmt, [self._params(r) for r in rows])
        return len(rows)

    # ---- parameters ----------------------------------------------------------------------------------
    def _bind(self, sql: str, params: dict) -> tuple[str, dict]:
        flat: dict = {}
        for k, v in params.items():
            if isinstance(v, (list, tuple, set)):
                names = [f"{k}_{i}" for i in range(len(v))] or [f"{k}_none"]
                sql = re.sub(rf":{k}\b", "(" + ", ".join(":" + n for n in names) + ")", sql)
                flat.update(zip(names, v) if v else {names[0]: None})
            else:
                flat[k] = v
        if self.sqlite_path is None:  # psycopg and most other drivers: pyformat
            sql = _PARAM.sub(r"%(\1)s", sql)
        return sql, self._params(flat)

    def _params(self, params: dict) -> dict:
        return {k: self._store(v) for k, v in params.items()}

    def _store(self, v):
        if isinstance(v, datetime):
            if v.tzinfo:
                v = v.astimezone(UTC)
            if self.sqlite_path is not None:
                return v.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        return v

"""Database access: engine (SQLite WAL by default), migrations to head, and the few writes and
reads the routines need. Snapshot writes replace one (store, date) slice in one transaction, so a
rerun or a crash never leaves a half or doubled snapshot."""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .._time import aware
from ..errors import StorageError
from . import models as m
from .sql import MIGRATIONS, Sql, sqlite_pragmas

if TYPE_CHECKING:
    import pandas as pd


RUNS_ON: str | None = None  # the fleet worker this process is (its runs say so from their start); None outside a fleet


def _now() -> datetime:
    return datetime.now(UTC)


def _after(seconds: float) -> datetime:
    return _now() + timedelta(seconds=seconds)


def _utc(row: dict) -> dict:
    """Aware datetimes are stored in UTC (SQLite keeps no offset; PostgreSQL would convert anyway)."""
    return {k: (v.astimezone(UTC) if isinstance(v, datetime) and v.tzinfo else v) for k, v in row.items()}


class Database:
    def __init__(self, url: str):
        self.url = url
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            if path.is_file() and path.stat().st_size == 0:  # a file cut short (a full disk, a bad copy)
                from ..errors import ConfigError

                raise ConfigError(
                    f"{path} is empty (0 bytes), not a database: restore it from a backup, or delete it to "
                    "start with an empty database"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", lambda conn, _record: sqlite_pragmas(conn))
        self.sql = Sql(url, engine=lambda: self.engine)  # plain SQL for the hot paths (rank history)
        self.migrate()

    def migrate(self) -> None:
        """Upgrade to the newest migration — unless the database is there already (the common case:
        a plain query instead of loading Alembic on every start)."""
        if self._at_head():
            return
        from alembic import command
        from alembic.config import Config as AlembicConfig

        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            if (
                self.engine.dialect.name == "postgresql"
            ):  # machines of a fleet starting together: one migrates, the others wait
                conn.execute(text("select pg_advisory_xact_lock(727001)"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def _at_head(self) -> bool:
        return self.sql.at_head()

    def dispose(self) -> None:
        self.engine.dispose()

    # ---- runs ------------------------------------------------------------------------------
    def start_run(self, store: str, routine: str) -> int:
        with self.engine.begin() as c:
            return c.execute(
                insert(m.runs).values(
                    store=store,
                    routine=routine,
                    started_at=_now(),
                    status="running",
                    counts={},
                    screenshots=[],
                    traces=[],
                    worker=RUNS_ON,
                    details={"owner": lock_owner()},  # host:pid: a run whose process died is known at once
                )
            ).inserted_primary_key[0]  # type: ignore[index]  # an insert always has its key

    def finish_run(
        self,
        run_id: int,
        status: str,
        counts: dict,
        error: str | None,
        screenshots: list,
        traces: list,
        details: dict | None = None,
    ) -> None:
        with self.engine.begin() as c:
            c.execute(
                update(m.runs)
                .where(m.runs.c.id == run_id)
                .values(
                    finished_at=_now(),
                    status=status,
                    counts=counts,
                    error=error,
                    screenshots=screenshots,
                    traces=traces,
                    details=json.loads(json.dumps(details, default=str)) if details else None,
                )
            )

    def last_run(
        self, store: str, routine: str, status: str | tuple[str, ...] | None = ("ok", "partial")
    ) -> dict | None:
        """The store's latest run of the routine in `status` (default: one that ended with what it
        read — ok, or partial: some screen could not be read, the rest was)."""
        q = select(m.runs).where((m.runs.c.store == store) & (m.runs.c.routine == routine))
        if status:
            q = q.where(m.runs.c.status.in_((status,) if isinstance(status, str) else status))
        with self.engine.connect() as c:
            row = c.execute(q.order_by(m.runs.c.id.desc()).limit(1)).mappings().first()
        return dict(row) if row else None

    def site_time(self, store: str) -> datetime | None:
        """The site's clock as the store's latest run that heard it saw it (runs keep the Date header
        of the site's last answer as details.site_time); None when no run has heard the site."""
        seen = self._site_seen(store)
        return seen[0] if seen else None

    def site_offset(self, store: str) -> timedelta | None:
        """How far the site's clock stood from this machine's at the store's latest run that heard
        it (None: no run has): the site's time now is this machine's plus that."""
        seen = self._site_seen(store)
        return seen[0] - seen[1] if seen else None

    def _site_seen(self, store: str) -> tuple[datetime, datetime] | None:
        q = (
            select(m.runs.c.details, m.runs.c.finished_at)
            .where((m.runs.c.store == store) & (m.runs.c.status != "running"))
            .order_by(m.runs.c.id.desc())
            .limit(50)
        )
        with self.engine.connect() as c:
            for details, finished in c.execute(q):
                if isinstance(details, dict) and details.get("site_time") and finished is not None:
                    t = datetime.fromisoformat(str(details["site_time"]))
                    return aware(t), aware(finished)
        return None

    # ---- snapshots ---------------------------------------------------------------------------
    def replace_snapshot(
        self, table, store: str, day: date, rows: list[dict], run_id: int | None = None, **keys
    ) -> int:
        """Replace the rows of one (store, date[, period]) slice of a metric table atomically.
        Every row must carry exactly the table's columns: an unknown or a missing one is refused
        (StorageError) rather than dropped or stored as NULL."""
        given = {"store", "date", "run_id", *keys}
        want = set(table.c.keys()) - given
        for i, r in enumerate(rows):
            extra, missing = set(r) - want - given, want - set(r)
            if extra or missing:
                raise StorageError(
                    f"{table.name}: row {i} has "
                    + "; ".join(
                        x
                        for x in (
                            f"unknown columns {sorted(extra)}" if extra else "",
                            f"missing columns {sorted(missing)}" if missing else "",
                        )
                        if x
                    )
                )
        clean = [{**r, **keys, "store": store, "date": day, "run_id": run_id} for r in rows]
        cond = (table.c.store == store) & (table.c.date == day)
        for k, v in keys.items():
            cond = cond & (table.c[k] == v)
        with self.engine.begin() as c:
            c.execute(delete(table).where(cond))
            if clean:
                c.execute(insert(table), clean)
        return len(clean)

    def upsert_inquiries(self, store: str, rows: list[dict]) -> int:
        now = _now()
        t = m.inquiries_seen
        with self.engine.begin() as c:
            old = c.execute(select(t.c.inquiry_id, t.c.first_seen, t.c.first_reply).where(t.c.store == store)).all()
            seen = {r[0]: r[1] for r in old}
            # the first reply stays the first one seen: a later read shows the latest reply instead
            replied = {r[0]: r[2] for r in old if r[2] is not None}
            ids = [r["inquiry_id"] for r in rows]
            c.execute(delete(t).where((t.c.store == store) & t.c.inquiry_id.in_(ids)))
            if rows:
                c.execute(
                    insert(t),
                    [
                        _utc(
                            {
                                **r,
                                "store": store,
                                "first_seen": seen.get(r["inquiry_id"], now),
                                "last_seen": now,
                                "first_reply": replied.get(r["inquiry_id"], r.get("first_reply")),
                            }
                        )
                        for r in rows
                    ],
                )
        return len(rows)

    def add_rows(self, table, rows: list[dict]) -> int:
        if rows:
            with self.engine.begin() as c:
                c.execute(insert(table), [_utc(r) for r in rows])
        return len(rows)

    # ---- reads (pandas) ------------------------------------------------------------------------
    def frame(self, table, **where) -> "pd.DataFrame":
        import pandas as pd

        q = select(table)
        for k, v in where.items():
            q = q.where(table.c[k] == v)
        with self.engine.connect() as c:
            return pd.read_sql(q, c)

    def previous_run(self, store: str, routine: str, before_id: int) -> dict | None:
        """The last finished run of this routine for this store before run `before_id`."""
        q = (
            select(m.runs)
            .where(
                (m.runs.c.store == store)
                & (m.runs.c.routine == routine)
                & (m.runs.c.id < before_id)
                & (m.runs.c.status != "running")
            )
            .order_by(m.runs.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as c:
            row = c.execute(q).mappings().first()
        return dict(row) if row else None

    def last_started(self, store: str, routine: str) -> datetime | None:
        """When the routine last started for the store (any outcome)."""
        run = self.last_run(store, routine, status=None)
        if run is None:
            return None
        t = run["started_at"]
        return t if t.tzinfo else t.replace(tzinfo=UTC)

    def running_elsewhere(self, store: str, routine: str, stale_after) -> bool:
        """A run of this routine for this store is still marked running (and not stale)."""
        run = self.last_run(store, routine, status="running")
        if run is None:
            return False
        t = run["started_at"] if run["started_at"].tzinfo else run["started_at"].replace(tzinfo=UTC)
        return _now() - t < stale_after

    def runs_since(self, store: str, since: datetime) -> list[dict]:
        with self.engine.connect() as c:
            rows = (
                c.execute(
                    select(m.runs)
                    .where((m.runs.c.store == store) & (m.runs.c.started_at >= since.astimezone(UTC)))
                    .order_by(m.runs.c.id)
                )
                .mappings()
                .all()
            )
        return [dict(r) for r in rows]

    def has_snapshot(self, table, store: str, day: date, **keys) -> bool:
        return self.snapshot_rows(table, store, day, limit=1, **keys) > 0

    def snapshot_rows(self, table, store: str, day: date, limit: int | None = None, **keys) -> int:
        """How many rows the store's snapshot of that day holds (at most `limit`)."""
        cond = (table.c.store == store) & (table.c.date == day)
        for k, v in keys.items():
            cond = cond & (table.c[k] == v)
        q = select(table.c.store).where(cond)
        with self.engine.connect() as c:
            return c.execute(select(func.count()).select_from((q.limit(limit) if limit else q).subquery())).scalar_one()

    # ---- locks (one holder per name, across processes and machines) ------------------------------
    def reap(self, holder: dict | None = None) -> int:
        """Locks whose process died on this machine (killed, the disk full): their runs are marked
        failed at once and the locks freed. `holder`: only that one. Returns how many."""
        now, n = _now(), 0
        with self.engine.connect() as c:
            held = [dict(r) for r in c.execute(select(m.locks)).mappings()] if holder is None else [holder]
            running = (
                []
                if holder is not None
                else c.execute(select(m.runs.c.id, m.runs.c.details).where(m.runs.c.status == "running")).all()
            )
        for rid, details in running:  # a run whose process died without a lock to say so
            owner = (details or {}).get("owner") if isinstance(details, dict) else None
            if owner and _died_here(owner):
                with self.engine.begin() as c:
                    c.execute(
                        update(m.runs)
                        .where((m.runs.c.id == rid) & (m.runs.c.status == "running"))
                        .values(status="failed", finished_at=now, error=f"the process ({owner}) died during the run")
                    )
                n += 1
        for h in held:
            if not _died_here(h["owner"]):
                continue
            with self.engine.begin() as c:
                if h["run_id"] is not None:
                    c.execute(
                        update(m.runs)
                        .where((m.runs.c.id == h["run_id"]) & (m.runs.c.status == "running"))
                        .values(
                            status="failed", finished_at=now, error=f"the process ({h['owner']}) died during the run"
                        )
                    )
                c.execute(delete(m.locks).where((m.locks.c.name == h["name"]) & (m.locks.c.owner == h["owner"])))
            n += 1
        return n

    def acquire_lock(self, name: str, owner: str, run_id: int | None, lease: float) -> bool:
        """Take the lock `name` for `lease` seconds; False when another live holder has it. A holder
        whose run has ended, or whose lease ran out, no longer holds it."""
        now = _now()
        ended = select(m.runs.c.id).where(m.runs.c.status != "running")
        holder = self.lock_holder(name)
        if holder:
            self.reap(holder)  # its process is gone: its run ended without saying so; recorded, lock freed
        with self.engine.begin() as c:
            c.execute(
                delete(m.locks).where(
                    (m.locks.c.name == name) & ((m.locks.c.lease_until < now) | m.locks.c.run_id.in_(ended))
                )
            )
        try:
            with self.engine.begin() as c:
                c.execute(insert(m.locks).values(name=name, owner=owner, run_id=run_id, lease_until=_after(lease)))
        except IntegrityError:
            return False
        return True

    def renew_lock(self, name: str, owner: str, lease: float) -> bool:
        with self.engine.begin() as c:
            return (
                c.execute(
                    update(m.locks)
                    .where((m.locks.c.name == name) & (m.locks.c.owner == owner))
                    .values(lease_until=_after(lease))
                ).rowcount
                == 1
            )

    def lock_run(self, name: str, owner: str, run_id: int) -> None:
        with self.engine.begin() as c:
            c.execute(
                update(m.locks).where((m.locks.c.name == name) & (m.locks.c.owner == owner)).values(run_id=run_id)
            )

    def release_lock(self, name: str, owner: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(m.locks).where((m.locks.c.name == name) & (m.locks.c.owner == owner)))

    def lock_holder(self, name: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(m.locks).where(m.locks.c.name == name)).mappings().first()
        return dict(row) if row else None

    def runs(self, limit: int = 50, store: str | None = None) -> list[dict]:
        """The latest runs, newest first (of one store when given)."""
        q = select(m.runs).order_by(m.runs.c.id.desc()).limit(limit)
        if store is not None:
            q = q.where(m.runs.c.store == store)
        with self.engine.connect() as c:
            rows = c.execute(q).mappings().all()
        return [dict(r) for r in rows]


def lock_owner() -> str:
    """host:pid of this process, as lock holders are named."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _died_here(owner: str) -> bool:
    """The holder ran on this machine and its process no longer exists."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False

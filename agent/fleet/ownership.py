"""Who runs a store's jobs now: its own worker while that one is alive; after its worker has been
silent for `standby_after_seconds`, its standby (when it names one and that one is alive); else
nobody — the jobs wait in the store's queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Owner:
    worker: str | None  # who runs the store's jobs now (None: they wait)
    why: str  # primary | standby | waiting


def alive(w: dict | None, at: datetime, dead_after: float) -> bool:
    return bool(w and w["heartbeat_at"] and (at - w["heartbeat_at"]).total_seconds() <= dead_after)


def silent_for(w: dict | None, at: datetime) -> float | None:
    """Seconds since the worker's last heartbeat (None: never seen)."""
    return None if not w or not w["heartbeat_at"] else (at - w["heartbeat_at"]).total_seconds()


def owner(store, workers: dict[str, dict], at: datetime, fleet) -> Owner:
    """`store`: its settings (worker, standby); `workers`: name -> row with heartbeat_at."""
    primary = workers.get(store.worker)
    if alive(primary, at, fleet.dead_after_seconds):
        return Owner(store.worker, "primary")
    silent = silent_for(primary, at)
    standby = workers.get(store.standby) if store.standby else None
    if silent is not None and silent >= fleet.standby_after_seconds and alive(standby, at, fleet.dead_after_seconds):
        return Owner(store.standby, "standby")
    return Owner(None, "waiting")

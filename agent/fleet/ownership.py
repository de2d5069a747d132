"""Who runs a store's jobs now: its own worker while that one is alive; after its worker has been
silent for `standby_after_seconds`, its standby (when it names one and that one is alive); else
nobody — the jobs wait in the store's queue.

A store whose login lives in a browser on its machine (`profile`, `cdp`) moves to its standby only
once a person has signed it in there (`storeagent login --store S --worker STANDBY` on that
machine); the standby never types a code itself. A `context` store moves as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Owner:
    worker: str | None  # who runs the store's jobs now (None: they wait)
    why: str  # primary | standby | waiting | standby_not_signed_in


def alive(w: dict | None, at: datetime, dead_after: float) -> bool:
    return bool(w and w["heartbeat_at"] and (at - w["heartbeat_at"]).total_seconds() <= dead_after)


def silent_for(w: dict | None, at: datetime) -> float | None:
    """Seconds since the worker's last heartbeat (None: never seen)."""
    return None if not w or not w["heartbeat_at"] else (at - w["heartbeat_at"]).total_seconds()


def owner(store, workers: dict[str, dict], at: datetime, fleet, signed_in_on: frozenset[str] = frozenset()) -> Owner:
    """`store`: its settings (worker, standby); `workers`: name -> row with heartbeat_at;
    `signed_in_on`: the machines a person signed the store in on (its `login` runs there)."""
    primary = workers.get(store.worker)
    if alive(primary, at, fleet.dead_after_seconds):
        return Owner(store.worker, "primary")
    silent = silent_for(primary, at)
    standby = workers.get(store.standby) if store.standby else None
    if silent is not None and silent >= fleet.standby_after_seconds and alive(standby, at, fleet.dead_after_seconds):
        if store.browser_mode != "context" and store.standby not in signed_in_on:
            return Owner(None, "standby_not_signed_in")
        return Owner(store.standby, "standby")
    return Owner(None, "waiting")

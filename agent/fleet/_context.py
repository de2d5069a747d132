"""This process's part in the fleet: its settings, and its worker name when it is a worker."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..settings import Settings
    from ..storage import Database


@dataclass
class Context:
    settings: "Settings"
    worker: str | None = None  # this machine's name in the fleet (None: beat, status, the review page)
    hostname: str | None = None  # the Celery node name (name@host), for remote control

    @cached_property
    def db(self) -> "Database":
        from ..storage import Database

        return Database(self.settings.db_url)


_CURRENT: Context | None = None


def set_context(settings: "Settings", worker: str | None = None) -> Context:
    global _CURRENT
    _CURRENT = Context(settings, worker)
    if worker:
        from ..storage import db

        db.RUNS_ON = worker  # a run started here names its worker at once: a dead worker's runs are known
    return _CURRENT


def get_context() -> Context:
    if _CURRENT is None:
        raise RuntimeError("the fleet context is not set: start it with 'storeagent fleet worker|beat'")
    return _CURRENT

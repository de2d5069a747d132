"""The day's to-do: suggestions in the order a person should look at them — a buyer waiting before
money spent without inquiries, money before tidying — each with why (the kind's own `urgency`). The
review page and `queue list` show the same order."""

from __future__ import annotations

from datetime import UTC, datetime

from .._time import aware
from ..edits import Urgency
from .record import Queued


def urgency(s: Queued, now: datetime | None = None) -> Urgency:
    """`s`'s place in the to-do: its kind's score, counting the hours since it was suggested (a buyer
    keeps waiting while the suggestion does)."""
    waited = (aware(now or datetime.now(UTC)) - aware(s.created_at)).total_seconds() / 3600 if s.created_at else 0.0
    return s.edit.urgency(max(0.0, waited))


def ranked(rows: list[Queued], now: datetime | None = None) -> list[tuple[Queued, Urgency]]:
    """Most urgent first; equal scores oldest first."""
    scored = [(s, urgency(s, now)) for s in rows]
    return sorted(scored, key=lambda x: (-x[1].score, x[0].id))

"""Times as people read them: the store's zone, to the minute (never a UTC …Z string)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import overload


@overload
def aware(t: datetime) -> datetime: ...
@overload
def aware(t: None) -> None: ...
def aware(t: datetime | None) -> datetime | None:
    """A stored time with its zone (SQLite gives the stored UTC time back without it); None stays None."""
    return t if t is None or t.tzinfo else t.replace(tzinfo=UTC)


def local_time(t: datetime | str | None, tz: tzinfo, seconds: bool = False) -> str:
    """`t` (a datetime or an ISO string, "…Z" included) in the zone `tz`, "YYYY-MM-DD HH:MM"; "" for none."""
    if t is None or t == "":
        return ""
    if isinstance(t, str):
        t = datetime.fromisoformat(t.replace("Z", "+00:00"))
    return aware(t).astimezone(tz).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")

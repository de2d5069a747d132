"""The salespeople's reply figures (seed 000, 员工管理): per owner and day — inquiries assigned, answered
within the reply rule, answered late, unanswered, and the average first-reply time — read from the
inquiry list as stored (its owner, received time, first reply). The daily and weekly reports show them;
the `inquiries` routine raises a reminder for each owner with late or missing replies the day before."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, tzinfo

COLUMNS = ["owner", "day", "assigned", "within", "late", "unreplied", "avg_first_reply_h"]


def figures(rows: list[dict], tz: tzinfo, reply_hours: float, day: date | None = None) -> list[dict]:
    """`rows`: inquiries with `owner`, `received` and `first_reply` (aware datetimes or None),
    `replied`, `kind` (TM messages are not inquiries: left out). One row per owner and day received
    (in the store's zone `tz`), that day only when `day` is given; sorted by day, then owner."""
    per: dict[tuple[str, date], dict] = defaultdict(
        lambda: {"assigned": 0, "within": 0, "late": 0, "unreplied": 0, "waits": []}
    )
    for r in rows:
        if r.get("kind", "inquiry") != "inquiry":
            continue
        received: datetime = r["received"]
        d = received.astimezone(tz).date()
        if day is not None and d != day:
            continue
        f = per[(r.get("owner") or "—", d)]
        f["assigned"] += 1
        first = r.get("first_reply")
        if not r.get("replied"):
            f["unreplied"] += 1
        elif first is not None:
            waited = (first - received).total_seconds() / 3600
            f["within" if waited <= reply_hours else "late"] += 1
            f["waits"].append(waited)
    out = []
    for (owner, d), f in sorted(per.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        waits = f.pop("waits")
        out.append(
            {"owner": owner, "day": d, **f, "avg_first_reply_h": round(sum(waits) / len(waits), 1) if waits else None}
        )
    return out


def reminders(rows: list[dict], tz: tzinfo, reply_hours: float, day: date) -> list[dict]:
    """The owners with late or missing replies on `day`, each with the buyers concerned."""
    out = []
    for f in figures(rows, tz, reply_hours, day):
        if not (f["late"] or f["unreplied"]):
            continue
        mine = [r for r in rows if (r.get("owner") or "—") == f["owner"] and r["received"].astimezone(tz).date() == day]
        buyers = [
            r["buyer"]
            for r in mine
            if r.get("kind", "inquiry") == "inquiry"
            and (
                not r.get("replied")
                or (r.get("first_reply") and (r["first_reply"] - r["received"]).total_seconds() > reply_hours * 3600)
            )
        ]
        out.append({**f, "day": day.isoformat(), "buyers": buyers})
    return out

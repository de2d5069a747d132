"""What the latest run of each routine could not read, in people's words: for the daily report and
the review page (no pandas here: the review page does not load it)."""
from __future__ import annotations

from datetime import datetime, timezone, tzinfo

from ..pages.titles import routine_title, rule_title, screen_title


def unread_rows(db, store: str, lang: str = "zh", tz: tzinfo = timezone.utc) -> list[dict]:
    """[{routine, screen, reason, skipped_rules, finished}] for each screen the latest finished run of
    each routine of the store could not read; [] when every latest run read all its screens."""
    latest: dict[str, dict] = {}
    for r in db.runs(500):                      # newest first
        if r["store"] == store and r["status"] not in ("running", "stopped"):
            latest.setdefault(r["routine"], r)
    rows = []
    for routine, r in sorted(latest.items()):
        details = r.get("details") or {}
        skipped = (details.get("report") or {}).get("skipped") or []
        for f in details.get("failed_screens") or []:
            rules = [rule_title(s["rule"], lang) for s in skipped if f["screen"] in (s.get("screens") or [])]
            rows.append({"routine": routine_title(routine, lang), "screen": screen_title(f["screen"], lang),
                         "reason": f.get("reason", ""), "skipped_rules": ("、" if lang == "zh" else ", ").join(rules),
                         "finished": _local(r.get("finished_at"), tz)})
    return rows


def _local(t: datetime | None, tz: tzinfo) -> str:
    if t is None:
        return ""
    if t.tzinfo is None:                        # SQLite gives the stored UTC time back without its zone
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(tz).strftime("%Y-%m-%d %H:%M")

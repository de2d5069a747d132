"""What the latest run of each routine could not read, in people's words: for the daily report and
the review page (no pandas here: the review page does not load it)."""

from __future__ import annotations

from datetime import UTC, tzinfo

from .._time import local_time
from ..pages.titles import routine_title, rule_title, screen_title

# why a screen could not be read, by the error's class, as people say it (the technical text follows)
REASONS = {
    "PageStructureError": ("页面结构已变化", "the page's layout changed"),
    "TransientError": ("页面的答案无法识别", "the screen's answer could not be read"),
    "Error": ("浏览器操作失败", "the browser could not do it"),
    "TimeoutError": ("页面没有按时回应", "the page did not answer in time"),
}
SHAPE = ("答案的格式已变化", "the answer's shape changed")  # KeyError, TypeError, ValueError ... while parsing


RECENT_RUNS = 500  # the latest runs looked at: each routine's latest run of a store is among them


def unread_rows(runs: list[dict], store: str, lang: str = "zh", tz: tzinfo = UTC) -> list[dict]:
    """[{routine, screen, reason, skipped_rules, finished, detail}] for each screen the latest finished run of
    each routine of the store could not read; [] when every latest run read all its screens. `runs`:
    `db.runs(RECENT_RUNS)`, newest first."""
    latest: dict[str, dict] = {}
    for r in runs:
        if r["store"] == store and r["status"] not in ("running", "stopped"):
            latest.setdefault(r["routine"], r)
    rows = []
    for routine, r in sorted(latest.items()):
        details = r.get("details") or {}
        skipped = (details.get("report") or {}).get("skipped") or []
        for f in details.get("failed_screens") or []:
            rules = [rule_title(s["rule"], lang) for s in skipped if f["screen"] in (s.get("screens") or [])]
            said = REASONS.get(f.get("error_type", ""), SHAPE)[0 if lang == "zh" else 1]
            rows.append(
                {
                    "routine": routine_title(routine, lang),
                    "screen": screen_title(f["screen"], lang),
                    "reason": said,
                    "skipped_rules": ("、" if lang == "zh" else ", ").join(rules),
                    "finished": local_time(r.get("finished_at"), tz),
                    "detail": f.get("reason", ""),
                }
            )
    return rows

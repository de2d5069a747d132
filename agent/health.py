"""Each store's login health, read from its runs: its browser mode, whether its session is good, when
the site last answered it as signed in, when its session cookies lapse (both by the site's clock),
and its last run. A session that lapses within the hour, or has lapsed, is what a person must hear
about before the night's runs meet a login page (the notification issue sends it)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from . import sites
from ._time import aware

if TYPE_CHECKING:
    from .settings import StoreSettings
    from .storage import Database

SOON = timedelta(hours=1)  # a session lapsing within this is flagged
LOOK_BACK = 50  # runs of a store read for its health

# state -> what an operator reads
STATES = {
    "ok": {"zh": "已登录", "en": "signed in"},
    "lapsing": {"zh": "1 小时内失效", "en": "lapses within the hour"},
    "lapsed": {"zh": "已失效，需重新登录", "en": "lapsed: sign in again"},
    "signed_out": {"zh": "未登录，需人工登录", "en": "signed out: a person must sign in"},
    "unknown": {"zh": "尚未验证", "en": "not proven yet"},
}
MODES = {
    "profile": {"zh": "店铺专用浏览器", "en": "store's own profile"},
    "cdp": {"zh": "接管运营的 Chrome", "en": "operator's Chrome (CDP)"},
    "context": {"zh": "共享浏览器", "en": "shared browser"},
}


COLUMNS = {
    "zh": ("店铺", "站点", "浏览器", "登录状态", "最近验证", "预计失效", "最近运行"),
    "en": ("store", "site", "browser", "login", "last proven", "expires", "last run"),
}


@dataclass
class Health:
    store: str
    site: str
    mode: str  # profile | cdp | context (as configured now)
    state: str  # ok | lapsing | lapsed | signed_out | unknown
    proven: datetime | None  # the site's clock when a screen last answered the store as signed in
    expires: datetime | None  # when its session cookies lapse, by the site's clock
    last_run: dict | None  # {id, routine, status, finished_at (the site's clock), error}
    shown: str = ""  # the store as people call it (its label)
    paused: bool = False

    @property
    def needs_person(self) -> bool:
        return self.state in ("lapsing", "lapsed", "signed_out")

    def as_dict(self) -> dict:
        return {**asdict(self), "needs_person": self.needs_person}

    def cells(self, lang: str, tz) -> tuple[str, ...]:
        """The row people read (COLUMNS): names, not ids; times in the store's zone."""
        from ._time import local_time

        return (
            self.shown or self.store,
            site_label(self.site, lang),
            MODES[self.mode][lang],
            ("⚠ " if self.needs_person else "") + STATES[self.state][lang],
            local_time(self.proven, tz) or "—",
            local_time(self.expires, tz) or "—",
            self.last_words(lang, tz),
        )

    def last_words(self, lang: str, tz) -> str:
        """The last run as people say it: 数据采集 · 完成 · 12-06 10:30 (the store's zone)."""
        from ._time import local_time
        from .pages.titles import routine_title
        from .runtime.said import STATUS

        last = self.last_run
        if not last:
            return "—"
        word = STATUS.get(last["status"], (last["status"],) * 2)[0 if lang == "zh" else 1]
        return f"{routine_title(last['routine'], lang)} · {word} · {local_time(last['finished_at'], tz)}"


def _when(v) -> datetime | None:
    return aware(datetime.fromisoformat(str(v))) if v else None


def store_health(db: Database, store: StoreSettings, now: datetime | None = None) -> Health:
    """`now`: the site's clock (default: this machine's moved by the site's offset at the last run)."""
    runs = [r for r in db.runs(LOOK_BACK, store=store.name) if r["status"] != "running"]
    offset = db.site_offset(store.name) or timedelta(0)  # the site's clock against this machine's
    if now is None:
        now = datetime.now(UTC) + offset
    proven = expires = None
    newest = ((runs[0].get("details") or {}).get("login") or {}) if runs else {}
    for r in runs:
        login = (r.get("details") or {}).get("login") or {}
        if proven is None and login.get("proven"):
            proven = _when(login["proven"])
        if expires is None and login.get("expires"):
            expires = _when(login["expires"])
        if proven is not None and expires is not None:
            break
    last = runs[0] if runs else None
    if newest.get("signed_out"):  # the latest run ended in a sign-in that did not go through
        state = "signed_out"
    elif expires is not None and expires <= now:
        state = "lapsed"
    elif expires is not None and expires <= now + SOON:
        state = "lapsing"
    elif proven is None:
        state = "unknown"
    else:
        state = "ok"
    return Health(
        store=store.name,
        site=store.site,
        mode=store.browser_mode,
        state=state,
        proven=proven,
        expires=expires,
        shown=store.shown,
        paused=store.paused,
        last_run={
            **{k: last[k] for k in ("id", "routine", "status", "error")},
            "finished_at": aware(last["finished_at"]) + offset if last["finished_at"] else None,  # the site's clock
        }
        if last
        else None,
    )


def site_label(site: str, lang: str) -> str:
    return sites.get(site).label.get(lang, site)

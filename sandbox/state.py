"""Runtime state of a sandbox: the clock, sessions, CSRF tokens, challenges, rate limiting,
activity score and the write log, around the generated store."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .capture import Capture
from .cbu.data import CbuStore, make_cbu_store
from .data import Store, make_store


@dataclass
class Config:
    port: int = 8765
    host: str = "127.0.0.1"
    seed: int = 7
    products: int = 200
    keywords: int = 24
    faults: str = "none"  # none | flaky | hostile
    state_token: str = "sandbox-state-token"
    username: str = "demo@sandbox.test"
    password: str = "demo-password"
    session_ttl: int = 3600  # seconds of sandbox clock
    totp_secret: str | None = None  # ask the e-mailed code (its TOTP) of a device the site does not know
    device_days: int = 30  # a device (its `cna` cookie) unseen this many days of sandbox clock is asked again
    rate_limit: float = 0.0  # requests per second per client before the punish page; 0 = off
    challenge_rate: float = 0.0  # probability that a login meets a slider challenge
    challenge_seconds: float = 0.0  # how long a raised challenge lasts; 0 = until cleared
    flaky_error_rate: float = 0.0
    flaky_slow_rate: float = 0.0
    slow_seconds: float = 0.8
    variant_rate: float = 0.0  # probability that a screen answers in a layout variant
    capture: Capture | None = None  # a real store's capture (its calls' answers, its pages' own data): served instead
    offers: int = 120  # the 1688 store's offers
    cbu_username: str = "xingchen1688"  # the 1688 store's login (会员名)
    cbu_password: str = "demo-password"
    mtop_token_ttl: int = 1800  # seconds of sandbox clock an _m_h5_tk token lives
    targets: str = "as_is"  # seed 002's targets and factors: as_is | missed | met (targets.py)
    dialect: str = "newer"  # the forms of the screens REAL_SITE.md shows twice: newer (2024-2026) or older

    @classmethod
    def for_profile(cls, faults: str, **kw) -> "Config":
        cfg = cls(faults=faults, **kw)
        if faults == "flaky":
            cfg.flaky_error_rate, cfg.flaky_slow_rate = 0.08, 0.08
        elif faults == "hostile":
            cfg.session_ttl = min(cfg.session_ttl, 20)
            cfg.challenge_rate, cfg.challenge_seconds = 0.25, 3.0
            cfg.variant_rate = 0.05
            cfg.flaky_error_rate, cfg.flaky_slow_rate = 0.05, 0.05
        return cfg


@dataclass
class Session:
    sid: str
    csrf: str
    created: datetime
    expires: datetime
    username: str
    mfa_pending: bool = False
    ctoken: str = ""  # carried inside the xman_us_t cookie; the 数据管家 / inquiry calls send it
    tb_token: str = ""  # _tb_token_ cookie (alicrm, old P4P)
    site: str = "alibaba"  # alibaba | 1688: a session is good on its own site's screens only


@dataclass
class Runtime:
    cfg: Config
    store: Store
    cbu: CbuStore  # the 1688 store (sandbox/cbu/)
    clock_offset: float = 0.0
    started_mono: float = field(default_factory=time.monotonic)
    sessions: dict[str, Session] = field(default_factory=dict)
    devices: dict[str, datetime] = field(default_factory=dict)  # device id (`cna`) -> last signed in from it
    challenge_until: datetime | None = None  # global challenge (raised by control or limiter)
    challenge_forever: bool = False
    hits: dict[str, deque] = field(default_factory=dict)
    writes: list[dict] = field(default_factory=list)
    visits: dict[str, set] = field(default_factory=dict)  # date -> set of activity sections seen
    activity_score: int = 60
    search: Any = None  # the buyer search index (sandbox/search.py), set by create_app
    cbu_search: Any = None  # 1688's (sandbox/cbu/search.py)
    deleted: set = field(default_factory=set)
    marketed: set = field(default_factory=set)  # visitors sent a 访客营销 message
    customers: list | None = None  # alicrm's customers (hosts/alicrm.py builds them at first use)
    pool: list | None = None  # alicrm's 公海 buyers (hosts/outreach.py builds them at first use)
    edm: list = field(default_factory=list)  # 客群营销 mailings sent
    search_embed: bool = True
    forced_variant: set = field(default_factory=set)
    login_readonly: bool = False  # a broken login form: the password box takes no input
    punish_style: str = "redirect"  # redirect | meta (a 200 page with <meta http-equiv=refresh>) | 429
    exports: dict = field(default_factory=dict)  # date -> 数据管家 exports made that day
    export_quota: int = 20
    drop_session: set = field(default_factory=set)  # path prefixes that never see a session (keep asking for login)
    lock: threading.RLock = field(default_factory=threading.RLock)
    request_count: int = 0
    blocked: bool = False  # the terminal block of this network (cloud_ip_bl): every request refused
    blocked_requests: int = 0  # requests that met the block, for tests that no one retried
    broken: dict = field(default_factory=dict)  # URL substring -> "structure" | "garbage" (a changed screen)
    dialects: dict = field(default_factory=dict)  # screen -> "newer" | "older", over the sandbox's --dialect
    broken_hits: int = 0
    login_count: int = 0  # successful password logins, for tests of the agent's login budget
    codes_asked: int = 0  # logins that had to give the e-mailed code (an unknown device)
    data_version: int = 0  # bumped on every change, for cached listings
    cbu_qr_only: bool = False  # 1688's login shows only the QR code (no password tab)
    cbu_qr_codes: list = field(default_factory=list)  # QR codes shown on 1688's login pages, newest last
    cbu_qr_scanned: str = ""  # the code a person scanned with the phone app (control: /cbu_scan)
    mtop_tokens: set = field(default_factory=set)  # _m_h5_tk tokens handed out by the mtop gateway

    def form(self, screen: str) -> str:
        """Which form a screen that the real site shows in two forms answers in: "newer" or "older"."""
        return self.dialects.get(screen, self.cfg.dialect)

    # ---- clock -------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.store.start + timedelta(seconds=time.monotonic() - self.started_mono + self.clock_offset)

    def data_date(self):
        """数据管家 shows yesterday's figures (data update at ~10:00 local time is ignored here)."""
        return (self.now() - timedelta(days=1)).date()

    def day_index(self, date) -> int:
        """Index into the generated daily series (0 = the first data date at sandbox start)."""
        base = (self.store.start - timedelta(days=1)).date()
        return (base - date).days

    # ---- sessions -------------------------------------------------------------------------
    def new_session(self, username: str, mfa_pending: bool, site: str = "alibaba") -> Session:
        now = self.now()
        s = Session(
            secrets.token_urlsafe(24),
            secrets.token_hex(16),
            now,
            now + timedelta(seconds=self.cfg.session_ttl),
            username,
            mfa_pending,
            ctoken=secrets.token_urlsafe(9),
            tb_token=secrets.token_hex(7),
            site=site,
        )
        with self.lock:
            self.sessions[s.sid] = s
        return s

    def known_device(self, device: str | None) -> bool:
        """A device signed in from within `device_days` (sandbox clock): the site does not ask it for
        the e-mailed code again."""
        seen = self.devices.get(device or "")
        return seen is not None and self.now() - seen <= timedelta(days=self.cfg.device_days)

    def remember_device(self, device: str) -> None:
        with self.lock:
            self.devices[device] = self.now()

    def session(self, sid: str | None, site: str = "alibaba") -> Session | None:
        s = self.sessions.get(sid or "")
        if s is None or s.mfa_pending or s.expires <= self.now() or s.site != site:
            return None
        return s

    def expire_sessions(self) -> int:
        with self.lock:
            n = len(self.sessions)
            self.sessions.clear()
        return n

    # ---- challenges and rate limiting ------------------------------------------------------
    def raise_challenge(self, seconds: float | None) -> None:
        with self.lock:
            if seconds:
                self.challenge_until, self.challenge_forever = self.now() + timedelta(seconds=seconds), False
            else:
                self.challenge_until, self.challenge_forever = None, True

    def clear_challenge(self) -> None:
        with self.lock:
            self.challenge_until, self.challenge_forever = None, False

    def challenged(self) -> bool:
        if self.challenge_forever:
            return True
        return self.challenge_until is not None and self.now() < self.challenge_until

    def over_rate(self, client: str) -> bool:
        if self.cfg.rate_limit <= 0:
            return False
        now = time.monotonic()
        with self.lock:
            q = self.hits.setdefault(client, deque())
            q.append(now)
            while q and q[0] < now - 1.0:
                q.popleft()
            return len(q) > self.cfg.rate_limit

    # ---- store activity -----------------------------------------------------------------
    def visit(self, section: str) -> None:
        """Visiting 数据管家, the RFQ market and P4P on a day counts for store activity."""
        day = self.now().date().isoformat()
        with self.lock:
            seen = self.visits.setdefault(day, set())
            if section not in seen:
                seen.add(section)
                self.activity_score = min(100, self.activity_score + 5)

    # ---- write log ----------------------------------------------------------------------
    def log_write(self, user: str, action: str, target: str, before, after) -> dict:
        with self.lock:
            entry = {
                "seq": len(self.writes) + 1,
                "at": self.now().isoformat(timespec="seconds"),
                "who": user,
                "action": action,
                "target": target,
                "before": before,
                "after": after,
            }
            self.writes.append(entry)
            self.data_version += 1
        return entry

    # ---- lookups --------------------------------------------------------------------------
    def live_products(self):
        return [p for p in self.store.products if p.id not in self.deleted]

    def product(self, pid: str):
        for p in self.store.products:
            if p.id == pid and pid not in self.deleted:
                return p
        return None

    def keyword(self, kid) -> object | None:
        for k in self.store.p4p_keywords:
            if str(k.id) == str(kid):
                return k
        return None

    def state_json(self) -> dict:
        s = self.store
        return {
            "company_id": s.company_id,
            "company_name": s.company_name,
            "now": self.now().isoformat(),
            "data_date": self.data_date().isoformat(),
            "activity_score": self.activity_score,
            "activity_visits": {d: sorted(v) for d, v in self.visits.items()},
            "star": s.star,
            "violations": s.violations,
            "products": [asdict(p) for p in self.live_products()],
            "p4p_keywords": [{k: v for k, v in asdict(kw).items() if k != "daily"} for kw in s.p4p_keywords],
            "budgets": s.budgets,
            "negative_keywords": s.negative_keywords,
            "rfq_quota": s.rfq_quota,
            "inquiries": s.inquiries,
            "rfqs": s.rfqs,
            "orders": s.orders,
            "reviews": s.reviews,
            "activities": s.activities,
            "brand_keywords": s.brand_keywords,
            "writes": self.writes,
            "exports": self.exports,
            "marketed": sorted(self.marketed),
            "visitors": s.visitors,
            "customers": self.customers_json(),
            "pool": self.pool_json(),
            "edm": self.edm,
            "sessions": [
                {"sid": x.sid, "csrf": x.csrf, "ctoken": x.ctoken, "tb_token": x.tb_token, "site": x.site}
                for x in self.sessions.values()
            ],
            "cbu": self.cbu_json(),
        }

    def pool_json(self) -> list:
        from .hosts.outreach import pool

        return pool(self)

    def customers_json(self) -> list:
        from .hosts.alicrm import customers

        return customers(self)

    def cbu_json(self) -> dict:
        from .cbu.views import state_view

        return state_view(self)


def build_runtime(cfg: Config) -> Runtime:
    from .targets import plant

    rt = Runtime(
        cfg=cfg, store=make_store(cfg.seed, cfg.products, cfg.keywords), cbu=make_cbu_store(cfg.seed, cfg.offers)
    )
    plant(rt, cfg.targets)
    return rt

"""Settings: config/agent.toml, then .env, then AGENT_ environment variables (nested with __).

A single store can be given entirely by environment variables (AGENT_BASE_URL, AGENT_SEARCH_URL,
AGENT_USERNAME, AGENT_PASSWORD, AGENT_COMPANY_ID). Any invalid setting becomes one ConfigError
line naming the key and what is wrong.

The settings are plain dataclasses; what pydantic checks when it reads them from their sources is
written in their annotations (`agent/_schema.py`), and what ties keys together in `__post_init__`.
A command whose sources did not change takes them from the cache without importing pydantic."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._schema import Check, Rule, Secret
from .errors import ConfigError

DEFAULT_CONFIG = Path("config/agent.toml")
KEYRING_SERVICE = "storeagent"
NAME = r"^[A-Za-z0-9_.-]{1,60}$"  # a fleet machine's name


def _screen_urls(v: dict[str, str]) -> dict[str, str]:
    bad = next((k for k, u in v.items() if not re.match(r"^https?://[^/\s]+", u)), None)
    if bad:
        raise ValueError(f"screen_urls.{bad} must be an http(s):// URL")
    return v


def _no_blank(v: list[str]) -> list[str]:
    if any(not str(x).strip() for x in v):
        raise ValueError("must not contain empty entries")
    return [str(x).strip() for x in v]


def _url(v: str) -> str:
    if not re.match(r"^https?://[^/\s]+", v):
        raise ValueError("must be an http(s):// URL, e.g. http://127.0.0.1:8765")
    return v.rstrip("/")


def _search(v: str) -> str:
    if not re.match(r"^https?://", v) or "{keyword}" not in v or "{page}" not in v:
        raise ValueError("must be an http(s):// URL containing {keyword} and {page}")
    try:
        v.format(keyword="k", page=1)
    except (KeyError, IndexError, ValueError):
        raise ValueError(
            "may hold only the placeholders {keyword} and {page} (write a literal brace as {{ or }})"
        ) from None
    return v


def _member_id(v: str, before: dict) -> str:
    from .sites import get

    site = get(before.get("site", "alibaba"))
    if not re.match(site.member_id_pattern, v):
        raise ValueError(f"must be {site.member_id} for a store on site {site.name!r}")
    return v


@dataclass(kw_only=True)
class StoreSettings:
    __pydantic_config__ = {"extra": "forbid"}
    name: Annotated[str, Rule(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
    site: Literal["alibaba", "1688"] = "alibaba"  # 国际站 or 1688 (诚信通): see agent/sites
    base_url: Annotated[str, Check(_url)]
    search_url: Annotated[str, Check(_search)]
    # alibaba.com: the company id (digits); 1688: the member id (b2b-…)
    company_id: Annotated[str, Check(_member_id, siblings=True)]
    username: Annotated[str, Rule(min_length=1)]
    password: Secret | None = None
    password_env: str | None = None  # name of an environment variable holding the password
    totp_secret_env: str | None = None  # name of an environment variable holding a TOTP secret
    min_delay: Annotated[float, Rule(ge=0, le=120)] = 0.0  # seconds between navigations
    jitter: Annotated[float, Rule(ge=0, le=120)] = 0.0  # extra random seconds
    tracked_keywords: Annotated[list[str], Check(_no_blank)] = field(default_factory=list)
    own_product_ids: Annotated[list[str], Check(_no_blank)] = field(default_factory=list)
    screen_urls: Annotated[dict[str, str], Check(_screen_urls)] = field(
        default_factory=dict
    )  # per-screen URLs of the real site's hosts
    worker: Annotated[str, Rule(pattern=NAME)] | None = None  # fleet: the machine it always acts from
    standby: Annotated[str, Rule(pattern=NAME)] | None = None  # fleet: the machine that takes over after a set time

    def secret_password(self) -> str:
        if self.password is not None and self.password.get_secret_value():
            return self.password.get_secret_value()
        if self.password_env:
            v = os.environ.get(self.password_env)
            if v:
                return v
        try:
            import keyring

            v = keyring.get_password(KEYRING_SERVICE, f"{self.name}:{self.username}")
        except Exception:  # no keyring backend on this machine
            v = None
        if v:
            return v
        where = f"environment variable {self.password_env}" if self.password_env else "AGENT_PASSWORD"
        raise ConfigError(
            f"stores.{self.name}.password: no password found; set {where} or run "
            f"'keyring set {KEYRING_SERVICE} {self.name}:{self.username}'"
        )

    def totp_secret(self) -> str | None:
        return os.environ.get(self.totp_secret_env) if self.totp_secret_env else None


EVERY = re.compile(r"^every [1-9][0-9]{0,5}(s|m|h)$")


def check_schedule(expr: str, where: str) -> None:
    """A cron expression 'minute hour day month weekday', or an interval 'every 30s|10m|2h'."""
    if not EVERY.match(expr.strip()) and len(expr.split()) != 5:
        raise ValueError(
            f"{where}: {expr!r} is not a cron expression 'minute hour day month weekday' nor 'every 30s|10m|2h'"
        )


def _broker(v: str) -> str:
    if not re.match(r"^rediss?://[^/\s]*", v):
        raise ValueError("must be a Redis URL such as redis://127.0.0.1:6379/0")
    return v


def _apply(v: list[str]) -> list[str]:
    for e in v:
        check_schedule(e, "apply")
    return v


@dataclass(kw_only=True)
class FleetSettings:
    """[fleet]: many stores across machines (agent/fleet). Each store then names its `worker`."""

    __pydantic_config__ = {"extra": "forbid"}
    broker: Annotated[str, Check(_broker)]  # redis://host:6379/0
    heartbeat_seconds: Annotated[float, Rule(ge=0.5, le=300)] = 5.0  # how often each worker says it is alive
    dead_after_seconds: Annotated[float, Rule(ge=2, le=3600)] = 30.0  # silent this long: an alert, its stores wait
    standby_after_seconds: Annotated[float, Rule(ge=0, le=7 * 86400)] = 600.0  # then a store with a standby moves to it
    window_seconds: Annotated[int, Rule(ge=5, le=86400)] = 1800  # a job not started this long after its time is skipped
    visibility_timeout_seconds: Annotated[int, Rule(ge=10, le=7 * 86400)] = (
        3600  # a message a dead machine held is delivered again after this
    )
    apply: Annotated[list[str], Check(_apply)] = field(
        default_factory=lambda: ["*/5 * * * *"]
    )  # when each store's own worker writes its approved edits

    def __post_init__(self):
        if self.dead_after_seconds < 2 * self.heartbeat_seconds:
            raise ValueError(
                f"dead_after_seconds ({self.dead_after_seconds:g}) must be at least twice heartbeat_seconds "
                f"({self.heartbeat_seconds:g}), or a busy worker looks dead"
            )


NEW_DATA_DIRS: set[Path] = set()  # data folders that did not exist when the settings were read


def _db(v: str | None) -> str | None:
    if v is None:
        return v
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        make_url(v).get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError) as e:
        raise ValueError(
            f"not a usable SQLAlchemy URL ({type(e).__name__}); e.g. sqlite:///data/agent.db or "
            "postgresql+psycopg://user@host/db"
        ) from None
    return v


def _folder(v: Path) -> Path:
    v = Path(os.path.expanduser(str(v)))
    if v.exists() and not v.is_dir():
        raise ValueError(f"{v} is a file; give a folder")
    parent = v
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK):
        raise ValueError(f"cannot write under {parent}; choose a folder you can write to")
    return v


def _data_folder(v: Path) -> Path:
    v = _folder(v)
    if not v.exists():
        NEW_DATA_DIRS.add(v)  # the CLI says where it is once the command has made it
    return v


def _proxies(v: dict[str, str]) -> dict[str, str]:
    for country, url in v.items():
        if not re.match(r"^[A-Z]{2}$", country):
            raise ValueError(f"keys must be two-letter country codes such as US, got {country!r}")
        if not re.match(r"^(https?|socks5)://[^/\s]+", url):
            raise ValueError(f"{country}: proxy must look like http://host:port or socks5://host:port")
    return v


def _cron(v: dict[str, list[str]]) -> dict[str, list[str]]:
    for key, crons in v.items():
        for c in crons:
            check_schedule(c, key)
    return v


def _tz(v: str) -> str:
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {v!r}; use an IANA name such as Asia/Shanghai") from None
    return v


def _state_home() -> Path:
    return Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "storeagent"


@dataclass(kw_only=True)
class Settings:
    """The settings themselves; `load()` reads them from their sources (`_settings_sources`)."""

    data_dir: Annotated[Path, Check(_data_folder)] = Path("data")
    # saved login states (cookies, mode 0600) live apart from the data dir, which holds nothing secret
    state_dir: Annotated[Path, Check(_folder)] = field(default_factory=_state_home)
    database_url: Annotated[str | None, Check(_db)] = None  # any SQLAlchemy URL; default sqlite:///<data_dir>/agent.db
    headless: bool = True
    concurrency: Annotated[int, Rule(ge=1, le=32)] = 4
    timezone: Annotated[str, Check(_tz)] = "Asia/Shanghai"
    recycle_after_pages: Annotated[int, Rule(ge=10, le=100000)] = 200
    nav_timeout: Annotated[float, Rule(gt=0, le=600)] = 30.0
    challenge_retries: Annotated[int, Rule(ge=0, le=20)] = 3
    challenge_backoff: Annotated[float, Rule(ge=0, le=3600)] = 5.0
    # the first wait after a transient fault (5xx, a dropped connection, an unreadable answer), doubled
    # at each retry up to 15 times itself
    retry_backoff: Annotated[float, Rule(ge=0, le=60)] = 0.2
    traces: Annotated[str, Rule(pattern="^(on-failure|on-retry|off)$")] = "on-failure"
    # DOM snapshots at every action make a trace browsable screen by screen, at ~15 % of a daily set's
    # time (BENCHMARKS.md); without them a trace holds the actions, the network with every answer and
    # the console, and a failed run keeps the last screen's page (HTML) and a screenshot beside it
    trace_snapshots: bool = False
    retention_days: Annotated[int, Rule(ge=1, le=3650)] = 14
    browser_executable: str | None = None
    block_resources: bool = True
    lang: Annotated[str, Rule(pattern="^(zh|en)$")] = "zh"
    rank_pages: Annotated[int, Rule(ge=1, le=100)] = 5  # result pages checked per keyword by `rankings`
    rank_drop_alert: Annotated[int, Rule(ge=1, le=4800)] = 5  # alert when a product drops more places than this
    buyer_proxies: Annotated[dict[str, str], Check(_proxies)] = field(
        default_factory=dict
    )  # country code -> proxy URL for incognito rank checks
    zero_effect_delete_days: Annotated[int, Rule(ge=30, le=3650)] = 180  # seeds: 180, strict operators 90
    bid_change_days: Annotated[int, Rule(ge=1, le=60)] = 7  # seeds: change a bid every 3/7/14 days
    suggestion_ttl_days: Annotated[int, Rule(ge=1, le=90)] = 3  # unapproved suggestions expire after this
    evidence_screenshots: Annotated[int, Rule(ge=0, le=1000)] = (
        60  # new suggestions per run photographed on their own row; 0: none
    )
    # routine (or report:daily|weekly|monthly) -> cron expressions; [] = off
    schedule: Annotated[dict[str, list[str]], Check(_cron)] = field(default_factory=dict)
    rank_mode: Annotated[str, Rule(pattern="^(request|browser)$")] = "request"  # see agent/pages/buyer_search.py
    stores: list[StoreSettings] = field(default_factory=list)
    fleet: FleetSettings | None = None  # [fleet]: stores spread over machines; None: this machine runs them all
    # single-store shorthand, all from the environment
    base_url: str | None = None
    search_url: str | None = None
    username: str | None = None
    password: Secret | None = None
    company_id: str | None = None

    def __post_init__(self):
        """What ties keys together: run when the settings are read and when they come from the cache."""
        single = [self.base_url, self.search_url, self.username, self.company_id]
        if any(single):
            if not all(single):
                missing = [
                    n
                    for n, v in zip(
                        ("AGENT_BASE_URL", "AGENT_SEARCH_URL", "AGENT_USERNAME", "AGENT_COMPANY_ID"), single
                    )
                    if not v
                ]
                raise ValueError(f"single-store settings are incomplete: also set {', '.join(missing)}")
            # reading the sources puts them first in `stores` as the store called "default"
        names = [s.name for s in self.stores]
        if len(set(names)) != len(names):
            raise ValueError(f"store names must be unique, got {names}")
        if self.fleet is not None:
            url = self.database_url or ""
            if not url or url.startswith("sqlite"):
                raise ValueError(
                    "fleet: database_url must name the shared database (postgresql+psycopg://user@host/db); "
                    "a SQLite file belongs to one machine"
                )
            for st in self.stores:
                if not st.worker:
                    raise ValueError(f'fleet: store {st.name!r} names no worker; give it worker = "<machine>"')
                if st.standby == st.worker:
                    raise ValueError(
                        f"fleet: store {st.name!r} has the same standby as worker ({st.worker!r}); name another machine"
                    )

    # ---- derived ------------------------------------------------------------------------------
    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'agent.db').as_posix()}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def selected(self, name: str | None) -> list[StoreSettings]:
        """The store called `name`, or every configured store."""
        return [self.store(name)] if name else [self.store(None), *self.stores[1:]]

    def store(self, name: str | None) -> StoreSettings:
        if not self.stores:
            raise ConfigError(
                "no store configured: add a [[stores]] table to config/agent.toml or set "
                "AGENT_BASE_URL, AGENT_SEARCH_URL, AGENT_USERNAME, AGENT_PASSWORD, AGENT_COMPANY_ID"
            )
        if name is None:
            return self.stores[0]
        for s in self.stores:
            if s.name == name:
                return s
        raise ConfigError(f"--store {name!r}: no such store; configured: {', '.join(s.name for s in self.stores)}")


def plain(s: Settings) -> dict:
    """The settings as JSON-ready values (what the cache keeps; a password would show masked)."""
    return json.loads(json.dumps(asdict(s), default=str))  # paths and secrets as their text


def restore(d: dict) -> Settings | None:
    """Settings from `plain()` values, their folders checked again (one may have become read-only since
    they were kept); None when they no longer hold."""
    try:
        return Settings(
            **{
                **d,
                "data_dir": _data_folder(Path(d["data_dir"])),
                "state_dir": _folder(Path(d["state_dir"])),
                "stores": [StoreSettings(**st) for st in d["stores"]],
                "fleet": FleetSettings(**d["fleet"]) if d["fleet"] else None,
            }
        )
    except (TypeError, ValueError, KeyError):
        return None


def load(path: str | Path | None = None, **overrides) -> Settings:
    """Load settings; every problem becomes a one-line ConfigError.

    Reading the sources needs pydantic and pydantic-settings (most of a short command's start-up); when
    none of them changed since the last load — the config file, .env, the AGENT_ variables, the folder
    it runs in — the settings read then are used again (`_settings_cache`)."""
    from . import _settings_cache as cache

    explicit = path or os.environ.get("AGENT_CONFIG")
    p = Path(explicit) if explicit else DEFAULT_CONFIG
    if explicit and not p.exists():
        raise ConfigError(f"config file {p} does not exist; pass an existing file with --config or AGENT_CONFIG")
    key = cache.key(p, overrides)
    known = cache.read(key)
    s = restore(known) if known is not None else None
    if s is not None:
        return s
    from ._settings_sources import read

    s = read(p, overrides)
    cache.write(key, s)
    return s

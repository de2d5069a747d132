"""Settings: config/agent.toml, then .env, then AGENT_ environment variables (nested with __).

A single store can be given entirely by environment variables (AGENT_BASE_URL, AGENT_SEARCH_URL,
AGENT_USERNAME, AGENT_PASSWORD, AGENT_COMPANY_ID). Any invalid setting becomes one ConfigError
line naming the key and what is wrong."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .errors import ConfigError

DEFAULT_CONFIG = Path("config/agent.toml")
KEYRING_SERVICE = "storeagent"


class StoreSettings(BaseModel):
    model_config = {"extra": "forbid"}
    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")
    site: Literal["alibaba", "1688"] = "alibaba"   # 国际站 or 1688 (诚信通): see agent/sites
    base_url: str
    search_url: str
    company_id: str                          # alibaba.com: the company id (digits); 1688: the member id (b2b-…)
    username: str = Field(min_length=1)
    password: SecretStr | None = None
    password_env: str | None = None          # name of an environment variable holding the password
    totp_secret_env: str | None = None       # name of an environment variable holding a TOTP secret
    min_delay: float = Field(0.0, ge=0, le=120)   # seconds between navigations
    jitter: float = Field(0.0, ge=0, le=120)      # extra random seconds
    tracked_keywords: list[str] = []
    own_product_ids: list[str] = []
    screen_urls: dict[str, str] = {}         # per-screen URL overrides for the real site's hosts
    worker: str | None = Field(None, pattern=r"^[A-Za-z0-9_.-]{1,60}$")    # fleet: the machine it always acts from
    standby: str | None = Field(None, pattern=r"^[A-Za-z0-9_.-]{1,60}$")   # fleet: the machine that takes over after a set time

    @field_validator("screen_urls")
    @classmethod
    def _screen_urls(cls, v: dict[str, str]) -> dict[str, str]:
        bad = next((k for k, u in v.items() if not re.match(r"^https?://[^/\s]+", u)), None)
        if bad:
            raise ValueError(f"screen_urls.{bad} must be an http(s):// URL")
        return v

    @field_validator("tracked_keywords", "own_product_ids")
    @classmethod
    def _no_blank(cls, v: list[str]) -> list[str]:
        if any(not str(x).strip() for x in v):
            raise ValueError("must not contain empty entries")
        return [str(x).strip() for x in v]

    @field_validator("base_url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"^https?://[^/\s]+", v):
            raise ValueError("must be an http(s):// URL, e.g. http://127.0.0.1:8765")
        return v.rstrip("/")

    @field_validator("search_url")
    @classmethod
    def _search(cls, v: str) -> str:
        if not re.match(r"^https?://", v) or "{keyword}" not in v or "{page}" not in v:
            raise ValueError("must be an http(s):// URL containing {keyword} and {page}")
        try:
            v.format(keyword="k", page=1)
        except (KeyError, IndexError, ValueError):
            raise ValueError("may hold only the placeholders {keyword} and {page} (write a literal brace as {{ or }})") from None
        return v

    @field_validator("company_id")
    @classmethod
    def _member_id(cls, v: str, info: ValidationInfo) -> str:
        site = info.data.get("site", "alibaba")
        if not re.match(r"^b2b-[0-9]{6,20}$" if site == "1688" else r"^[0-9]{3,20}$", v):
            from .sites import get
            raise ValueError(f"must be {get(site).member_id} for a store on site {site!r}")
        return v

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
        raise ConfigError(f"stores.{self.name}.password: no password found; set {where} or run "
                          f"'keyring set {KEYRING_SERVICE} {self.name}:{self.username}'")

    def totp_secret(self) -> str | None:
        return os.environ.get(self.totp_secret_env) if self.totp_secret_env else None


EVERY = re.compile(r"^every [1-9][0-9]{0,5}(s|m|h)$")


def check_schedule(expr: str, where: str) -> None:
    """A cron expression 'minute hour day month weekday', or an interval 'every 30s|10m|2h'."""
    if not EVERY.match(expr.strip()) and len(expr.split()) != 5:
        raise ValueError(f"{where}: {expr!r} is not a cron expression 'minute hour day month weekday' nor 'every 30s|10m|2h'")


class FleetSettings(BaseModel):
    """[fleet]: many stores across machines (agent/fleet). Each store then names its `worker`."""
    model_config = {"extra": "forbid"}
    broker: str                                                  # redis://host:6379/0
    heartbeat_seconds: float = Field(5.0, ge=0.5, le=300)        # how often each worker says it is alive
    dead_after_seconds: float = Field(30.0, ge=2, le=3600)       # silent this long: an alert, its stores wait
    standby_after_seconds: float = Field(600.0, ge=0, le=7 * 86400)   # then a store with a standby moves to it
    window_seconds: int = Field(1800, ge=5, le=86400)            # a job not started this long after its time is skipped
    visibility_timeout_seconds: int = Field(3600, ge=10, le=7 * 86400)   # a message a dead machine held is delivered again after this
    apply: list[str] = ["*/5 * * * *"]                           # when each store's own worker writes its approved edits

    @field_validator("broker")
    @classmethod
    def _broker(cls, v: str) -> str:
        if not re.match(r"^rediss?://[^/\s]*", v):
            raise ValueError("must be a Redis URL such as redis://127.0.0.1:6379/0")
        return v

    @field_validator("apply")
    @classmethod
    def _apply(cls, v: list[str]) -> list[str]:
        for e in v:
            check_schedule(e, "apply")
        return v

    @model_validator(mode="after")
    def _times(self):
        if self.dead_after_seconds < 2 * self.heartbeat_seconds:
            raise ValueError(f"dead_after_seconds ({self.dead_after_seconds:g}) must be at least twice heartbeat_seconds "
                             f"({self.heartbeat_seconds:g}), or a busy worker looks dead")
        return self


NEW_DATA_DIRS: set[Path] = set()     # data folders that did not exist when the settings were read


class Settings(BaseModel):
    """The settings themselves; `load()` reads them from their sources (`_settings_sources`)."""
    model_config = {"extra": "forbid"}
    data_dir: Path = Path("data")
    # saved login states (cookies, mode 0600) live apart from the data dir, which holds nothing secret
    state_dir: Path = Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "storeagent"
    database_url: str | None = None          # any SQLAlchemy URL; default sqlite:///<data_dir>/agent.db
    headless: bool = True
    concurrency: int = Field(4, ge=1, le=32)
    timezone: str = "Asia/Shanghai"
    recycle_after_pages: int = Field(200, ge=10, le=100000)
    nav_timeout: float = Field(30.0, gt=0, le=600)
    challenge_retries: int = Field(3, ge=0, le=20)
    challenge_backoff: float = Field(5.0, ge=0, le=3600)
    traces: str = Field("on-failure", pattern="^(on-failure|on-retry|off)$")
    # DOM snapshots at every action make a trace browsable screen by screen, at ~15 % of a daily set's
    # time (BENCHMARKS.md); without them a trace holds the actions, the network with every answer and
    # the console, and a failed run keeps the last screen's page (HTML) and a screenshot beside it
    trace_snapshots: bool = False
    retention_days: int = Field(14, ge=1, le=3650)
    browser_executable: str | None = None
    block_resources: bool = True
    lang: str = Field("zh", pattern="^(zh|en)$")
    rank_pages: int = Field(5, ge=1, le=100)          # result pages checked per keyword by `rankings`
    rank_drop_alert: int = Field(5, ge=1, le=4800)    # alert when a product drops more places than this
    buyer_proxies: dict[str, str] = {}               # country code -> proxy URL for incognito rank checks
    zero_effect_delete_days: int = Field(180, ge=30, le=3650)   # seeds: 180, strict operators 90
    bid_change_days: int = Field(7, ge=1, le=60)                # seeds: change a bid every 3/7/14 days
    suggestion_ttl_days: int = Field(3, ge=1, le=90)            # unapproved suggestions expire after this
    evidence_screenshots: int = Field(60, ge=0, le=1000)        # new suggestions per run photographed on their own row; 0: none
    schedule: dict[str, list[str]] = {}   # routine (or report:daily|weekly|monthly) -> cron expressions; [] = off
    rank_mode: str = Field("request", pattern="^(request|browser)$")  # see agent/pages/buyer_search.py
    stores: list[StoreSettings] = []
    fleet: FleetSettings | None = None      # [fleet]: stores spread over machines; None: this machine runs them all
    # single-store shorthand, all from the environment
    base_url: str | None = None
    search_url: str | None = None
    username: str | None = None
    password: SecretStr | None = None
    company_id: str | None = None

    @field_validator("database_url")
    @classmethod
    def _db(cls, v: str | None) -> str | None:
        if v is None:
            return v
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError
        try:
            make_url(v).get_dialect()
        except (ArgumentError, NoSuchModuleError, ValueError) as e:
            raise ValueError(f"not a usable SQLAlchemy URL ({type(e).__name__}); e.g. sqlite:///data/agent.db or "
                             "postgresql+psycopg://user@host/db") from None
        return v

    @field_validator("data_dir", "state_dir")
    @classmethod
    def _writable_dir(cls, v: Path, info: ValidationInfo) -> Path:
        v = Path(os.path.expanduser(str(v)))
        if v.exists() and not v.is_dir():
            raise ValueError(f"{v} is a file; give a folder")
        if info.field_name == "data_dir" and not v.exists():
            NEW_DATA_DIRS.add(v)      # the CLI says where it is once the command has made it
        parent = v
        while not parent.exists():
            parent = parent.parent
        if not os.access(parent, os.W_OK):
            raise ValueError(f"cannot write under {parent}; choose a folder you can write to")
        return v

    @field_validator("buyer_proxies")
    @classmethod
    def _proxies(cls, v: dict[str, str]) -> dict[str, str]:
        for country, url in v.items():
            if not re.match(r"^[A-Z]{2}$", country):
                raise ValueError(f"keys must be two-letter country codes such as US, got {country!r}")
            if not re.match(r"^(https?|socks5)://[^/\s]+", url):
                raise ValueError(f"{country}: proxy must look like http://host:port or socks5://host:port")
        return v

    @field_validator("schedule")
    @classmethod
    def _cron(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, crons in v.items():
            for c in crons:
                check_schedule(c, key)
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r}; use an IANA name such as Asia/Shanghai") from None
        return v

    @model_validator(mode="after")
    def _single_store(self):
        single = [self.base_url, self.search_url, self.username, self.company_id]
        if any(single):
            if not all(single):
                missing = [n for n, v in zip(("AGENT_BASE_URL", "AGENT_SEARCH_URL", "AGENT_USERNAME", "AGENT_COMPANY_ID"), single) if not v]
                raise ValueError(f"single-store settings are incomplete: also set {', '.join(missing)}")
            self.stores = [StoreSettings(name="default", base_url=self.base_url, search_url=self.search_url,
                                         username=self.username, password=self.password, company_id=self.company_id),
                           *[s for s in self.stores if s.name != "default"]]
        names = [s.name for s in self.stores]
        if len(set(names)) != len(names):
            raise ValueError(f"store names must be unique, got {names}")
        if self.fleet is not None:
            url = self.database_url or ""
            if not url or url.startswith("sqlite"):
                raise ValueError("fleet: database_url must name the shared database (postgresql+psycopg://user@host/db); "
                                 "a SQLite file belongs to one machine")
            for st in self.stores:
                if not st.worker:
                    raise ValueError(f"fleet: store {st.name!r} names no worker; give it worker = \"<machine>\"")
                if st.standby == st.worker:
                    raise ValueError(f"fleet: store {st.name!r} has the same standby as worker ({st.worker!r}); name another machine")
        return self

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
            raise ConfigError("no store configured: add a [[stores]] table to config/agent.toml or set "
                              "AGENT_BASE_URL, AGENT_SEARCH_URL, AGENT_USERNAME, AGENT_PASSWORD, AGENT_COMPANY_ID")
        if name is None:
            return self.stores[0]
        for s in self.stores:
            if s.name == name:
                return s
        raise ConfigError(f"--store {name!r}: no such store; configured: {', '.join(s.name for s in self.stores)}")


def _describe(err: ValidationError) -> str:
    e = err.errors()[0]
    loc = ".".join(str(p) for p in e["loc"]) or "settings"
    msg = e["msg"].removeprefix("Value error, ")
    if e["type"] == "extra_forbidden":
        msg = "unknown setting (check the spelling)"
    val = e.get("input")
    secretish = any(w in loc.lower() for w in ("pass", "secret", "token", "key", "cookie"))
    # an unknown key's value is never echoed: a misspelt secret key would print the secret
    shown = (f" (got {val!r})" if isinstance(val, (str, int, float, bool)) and not secretish
             and e["type"] != "extra_forbidden" else "")
    return f"config error: {loc}: {msg}{shown}; fix it in the config file or AGENT_ environment variables"


def load(path: str | Path | None = None, **overrides) -> Settings:
    """Load settings; every problem becomes a one-line ConfigError.

    Reading the sources needs pydantic-settings (most of a short command's start-up); when none of
    them changed since the last load — the config file, .env, the AGENT_ variables, the folder it
    runs in — the settings read then are validated again instead (`_settings_cache`)."""
    from . import _settings_cache as cache
    explicit = path or os.environ.get("AGENT_CONFIG")
    p = Path(explicit) if explicit else DEFAULT_CONFIG
    if explicit and not p.exists():
        raise ConfigError(f"config file {p} does not exist; pass an existing file with --config or AGENT_CONFIG")
    key = cache.key(p, overrides)
    known = cache.read(key)
    if known is not None:
        try:
            return Settings.model_validate(known)
        except ValidationError:
            pass     # e.g. a folder became read-only since: read the sources, which say what is wrong
    from ._settings_sources import read
    try:
        s = read(p, overrides)
    except ValidationError as e:
        raise ConfigError(_describe(e)) from None
    cache.write(key, s)
    return s

"""Settings: config/agent.toml, then .env, then AGENT_ environment variables (nested with __).

A single store can be given entirely by environment variables (AGENT_BASE_URL, AGENT_SEARCH_URL,
AGENT_USERNAME, AGENT_PASSWORD, AGENT_COMPANY_ID). Any invalid setting becomes one ConfigError
line naming the key and what is wrong.

The settings are pydantic models: what each key must be is written in its annotation (`Field` limits,
an `AfterValidator`), what ties keys together in a model validator; `load()` reads them with
pydantic-settings from their sources (the arguments given, then AGENT_ environment variables, then
.env, then config/agent.toml)."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from . import sites
from .errors import ConfigError
from .notify.config import NotifySettings

DEFAULT_CONFIG = Path("config/agent.toml")
KEYRING_SERVICE = "storeagent"
NAME = r"^[A-Za-z0-9_.-]{1,60}$"  # a fleet machine's name
MOVED_TO_STORES = ("zero_effect_delete_days", "bid_change_days")  # thresholds now, one store's each


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


def _cdp_url(v: str) -> str:
    if not re.match(r"^(https?|wss?)://[^/\s]+", v):
        raise ValueError("must be the browser's debugging address, e.g. http://127.0.0.1:9222")
    return v


def _public(v: str) -> str:
    if not re.match(r"^https?://[^/\s]+", v):
        raise ValueError("must be the review page's address as people open it, e.g. https://agent.example.com")
    return v.rstrip("/")


def _site(v: str) -> str:
    if v not in sites.SITES:
        raise ValueError(f"must be one of {', '.join(sites.SITES)} (the sites in agent/sites), got {v!r}")
    return v


def _member_id(v: str, before: dict) -> str:
    if "site" not in before:  # the site itself is wrong: said once, for `site`
        return v
    site = sites.get(before["site"])
    if not re.match(site.member_id_pattern, v):
        raise ValueError(f"must be {site.member_id} for a store on site {site.name!r}")
    return v


STORE_NAME = r"^[A-Za-z0-9_-]{1,40}$"


def _store_name(v: str) -> str:
    if not re.match(STORE_NAME, v):
        raise ValueError(
            f"{v!r}: the store's key takes letters, digits, _ and - (up to 40); its name in any language goes in "
            'label (店铺的中文名写在 label，例如 label = "国际站主店"; name 可省略，会自动生成)'
        )
    return v


class StoreSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # the store's internal key (files, logs, --store): derived from its label when not given
    name: Annotated[str, AfterValidator(_store_name)]
    label: Annotated[str, Field(min_length=1, max_length=60)] | None = None  # the store as people call it (messages)
    site: Annotated[str, AfterValidator(_site)] = sites.DEFAULT  # 国际站 or 1688 (诚信通): see agent/sites
    base_url: Annotated[str, AfterValidator(_url)]
    search_url: Annotated[str, AfterValidator(_search)]
    company_id: str  # as the store's site writes it (its `member_id`: digits, b2b-…)
    username: Annotated[str, Field(min_length=1)]
    password: SecretStr | None = None
    password_env: str | None = None  # name of an environment variable holding the password
    totp_secret_env: str | None = None  # name of an environment variable holding a TOTP secret
    min_delay: Annotated[float, Field(ge=0, le=120)] = 0.0  # seconds between navigations
    jitter: Annotated[float, Field(ge=0, le=120)] = 0.0  # extra random seconds
    tracked_keywords: Annotated[list[str], AfterValidator(_no_blank)] = Field(default_factory=list)
    own_product_ids: Annotated[list[str], AfterValidator(_no_blank)] = Field(default_factory=list)
    # per-screen URLs of the real site's hosts
    screen_urls: Annotated[dict[str, str], AfterValidator(_screen_urls)] = Field(default_factory=dict)
    # the store's browser: its own persistent profile (headed), the operator's Chrome attached over CDP,
    # or a context of a shared browser with a saved login state; unset: profile on the real site, else context
    browser: Literal["profile", "cdp", "context"] | None = None
    cdp_url: Annotated[str, AfterValidator(_cdp_url)] | None = None  # browser = "cdp": http://127.0.0.1:9222
    worker: Annotated[str, Field(pattern=NAME)] | None = None  # fleet: the machine it always acts from
    standby: Annotated[str, Field(pattern=NAME)] | None = None  # fleet: the machine that takes over after a set time
    paused: bool = False  # paused: no scheduled run, not in "every store"; `--store` still runs it
    # this store's own times for some routines ([stores.schedule]), over the settings' [schedule]
    schedule: dict[str, list[str]] = Field(default_factory=dict)
    # [stores.thresholds]: this store's own numbers; read back as the site's Thresholds object
    # (agent/sites/<site>/thresholds.py), every key and value checked against it
    thresholds: Any = Field(default=None, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _derived(cls, data: Any) -> Any:
        """A store given by its label alone gets its key from it; a company id written as a number is
        the same id."""
        if isinstance(data, dict):
            data = dict(data)
            if not data.get("name") and isinstance(data.get("label"), str) and data["label"].strip():
                from .store_file import derive_name

                data["name"] = derive_name(data["label"], ())
            if isinstance(data.get("company_id"), int) and not isinstance(data.get("company_id"), bool):
                data["company_id"] = str(data["company_id"])
        return data

    @field_validator("company_id")
    @classmethod
    def _company(cls, v: str, info) -> str:
        return _member_id(v, info.data)

    @field_validator("schedule")
    @classmethod
    def _own_schedule(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, exprs in v.items():
            for e in exprs:
                check_schedule(e, f"schedule.{key}")
        return v

    @field_validator("thresholds", mode="before")
    @classmethod
    def _thresholds(cls, v: Any, info) -> Any:
        from .sites._site import ref

        if "site" not in info.data:  # the site itself is wrong: said once, for `site`
            return None
        kind = ref(sites.get(info.data["site"]).thresholds)
        if isinstance(v, kind):
            return v
        if v is not None and not isinstance(v, dict):
            raise ValueError("must be a table of thresholds, e.g. [stores.thresholds] reply_hours = 4")
        try:
            return kind(**(v or {}))
        except ValidationError as e:
            err = e.errors()[0]
            key = ".".join(str(p) for p in err["loc"])
            if err["type"] == "extra_forbidden":
                raise ValueError(f"{key}: no such threshold; known: {', '.join(kind.model_fields)}") from None
            raise ValueError(f"{key}: {err['msg']} (got {err.get('input')!r})") from None

    @model_validator(mode="after")
    def _known_screens(self) -> StoreSettings:
        known = ("login", *sites.get(self.site).screens)
        bad = next((k for k in self.screen_urls if k not in known), None)
        if bad:
            raise ValueError(f"screen_urls.{bad}: no such screen on site {self.site!r}; known: {', '.join(known)}")
        return self

    @model_validator(mode="after")
    def _login_at_home(self) -> StoreSettings:
        """The password goes only to the store's own site: a login page moved elsewhere
        (`screen_urls.login`) must be on the base_url's host, or on the real site's own hosts."""
        where = self.screen_urls.get("login")
        if where:
            from urllib.parse import urlsplit

            host, home = urlsplit(where).hostname or "", urlsplit(self.base_url).hostname or ""
            if host != home and not (sites.live(self.base_url) and sites.live(where)):
                raise ValueError(
                    f"screen_urls.login is on {host!r}, not the store's own site ({home!r}): the password "
                    "is only ever sent to the store's site; point it at a page of base_url's host"
                )
        return self

    @model_validator(mode="after")
    def _cdp(self) -> StoreSettings:
        if self.browser == "cdp" and not self.cdp_url:
            raise ValueError(
                'browser = "cdp" needs cdp_url, the address of the Chrome started with '
                '--remote-debugging-port, e.g. cdp_url = "http://127.0.0.1:9222"'
            )
        if self.cdp_url and self.browser != "cdp":
            raise ValueError('cdp_url is only for browser = "cdp"; set browser = "cdp" or remove cdp_url')
        return self

    @property
    def shown(self) -> str:
        """The store as people call it: its label, else its name."""
        return self.label or self.name

    @property
    def browser_mode(self) -> str:
        """profile | cdp | context: as set, else a profile for a store on the real site."""
        return self.browser or ("profile" if sites.live(self.base_url) else "context")

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


class FleetSettings(BaseModel):
    """[fleet]: many stores across machines (agent/fleet). Each store then names its `worker`."""

    model_config = ConfigDict(extra="forbid")
    broker: Annotated[str, AfterValidator(_broker)]  # redis://host:6379/0
    heartbeat_seconds: Annotated[float, Field(ge=0.5, le=300)] = 5.0  # how often each worker says it is alive
    dead_after_seconds: Annotated[float, Field(ge=2, le=3600)] = 30.0  # silent this long: an alert, its stores wait
    standby_after_seconds: Annotated[float, Field(ge=0, le=7 * 86400)] = 600.0  # then a store with a standby moves
    window_seconds: Annotated[int, Field(ge=5, le=86400)] = 1800  # a job not started this long after its time: skipped
    # a message a dead machine held is delivered again after this
    visibility_timeout_seconds: Annotated[int, Field(ge=10, le=7 * 86400)] = 3600
    # when each store's own worker writes its approved edits
    apply: Annotated[list[str], AfterValidator(_apply)] = Field(default_factory=lambda: ["*/5 * * * *"])

    @model_validator(mode="after")
    def _alive(self) -> FleetSettings:
        if self.dead_after_seconds < 2 * self.heartbeat_seconds:
            raise ValueError(
                f"dead_after_seconds ({self.dead_after_seconds:g}) must be at least twice heartbeat_seconds "
                f"({self.heartbeat_seconds:g}), or a busy worker looks dead"
            )
        return self


NEW_DATA_DIRS: set[Path] = set()  # data folders that did not exist when the settings were read


def _db(v: str | None) -> str | None:
    if v is None:
        return v
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        url = make_url(v)
        url.get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError) as e:
        raise ValueError(
            f"not a usable SQLAlchemy URL ({type(e).__name__}); e.g. sqlite:///data/agent.db or "
            "postgresql+psycopg://user@host/db"
        ) from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(
            f"the agent keeps its data in SQLite or PostgreSQL, not {url.get_backend_name()}; "
            "e.g. sqlite:///data/agent.db or postgresql+psycopg://user@host/db"
        )
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


class Settings(BaseModel):
    """The settings themselves; `load()` reads them from their sources."""

    model_config = ConfigDict(extra="forbid")
    data_dir: Annotated[Path, AfterValidator(_data_folder)] = Path("data")
    # saved login states (cookies, mode 0600) live apart from the data dir, which holds nothing secret
    state_dir: Annotated[Path, AfterValidator(_folder)] = Field(default_factory=_state_home)
    database_url: Annotated[str | None, AfterValidator(_db)] = (
        None  # any SQLAlchemy URL; default sqlite:///<data_dir>/agent.db
    )
    headless: bool = True
    concurrency: Annotated[int, Field(ge=1, le=32)] = 4
    timezone: Annotated[str, AfterValidator(_tz)] = "Asia/Shanghai"
    recycle_after_pages: Annotated[int, Field(ge=10, le=100000)] = 200
    nav_timeout: Annotated[float, Field(gt=0, le=600)] = 30.0
    # seconds a screen whose data call never came is given, once its page is quiet, to show its own table
    dom_wait: Annotated[float, Field(gt=0, le=60)] = 2.0
    challenge_retries: Annotated[int, Field(ge=0, le=20)] = 3
    challenge_backoff: Annotated[float, Field(ge=0, le=3600)] = 5.0
    # the first wait after a transient fault (5xx, a dropped connection, an unreadable answer), doubled
    # at each retry up to 15 times itself
    retry_backoff: Annotated[float, Field(ge=0, le=60)] = 0.2
    traces: Annotated[str, Field(pattern="^(on-failure|on-retry|off)$")] = "on-failure"
    # DOM snapshots at every action make a trace browsable screen by screen, at ~15 % of a daily set's
    # time (BENCHMARKS.md); without them a trace holds the actions, the network with every answer and
    # the console, and a failed run keeps the last screen's page (HTML) and a screenshot beside it
    trace_snapshots: bool = False
    retention_days: Annotated[int, Field(ge=1, le=3650)] = 14
    browser_executable: str | None = None
    block_resources: bool = True
    lang: Annotated[str, Field(pattern="^(zh|en)$")] = "zh"
    rank_pages: Annotated[int, Field(ge=1, le=100)] = 5  # result pages checked per keyword by `rankings`
    rank_drop_alert: Annotated[int, Field(ge=1, le=4800)] = 5  # alert when a product drops more places than this
    # country code -> proxy URL for incognito rank checks
    buyer_proxies: Annotated[dict[str, str], AfterValidator(_proxies)] = Field(default_factory=dict)
    suggestion_ttl_days: Annotated[int, Field(ge=1, le=90)] = 3  # unapproved suggestions expire after this
    # new suggestions per run photographed on their own row; 0: none
    evidence_screenshots: Annotated[int, Field(ge=0, le=1000)] = 60
    # routine (or report:daily|weekly|monthly) -> cron expressions; [] = off
    schedule: Annotated[dict[str, list[str]], AfterValidator(_cron)] = Field(default_factory=dict)
    rank_mode: Annotated[str, Field(pattern="^(request|browser)$")] = "request"  # agent/pages/buyer_search.py
    stores: list[StoreSettings] = Field(default_factory=list)
    fleet: FleetSettings | None = None  # [fleet]: stores spread over machines; None: this machine runs them all
    # a headless run asked for the e-mailed code waits this long for a person to type it on the review page
    # (when [[notify]] channels can tell someone); 0: stop at once (needs_human)
    code_wait_minutes: Annotated[int, Field(ge=0, le=120)] = 10
    # sign-ins per store per site day; beyond it runs stop for a person (a session that keeps ending is
    # how an account meets the slider); 0 = no limit
    logins_a_day: Annotated[int, Field(ge=0, le=1000)] = 20
    # the review page keeps a person signed in on a device they ask it to remember this many days; 0: never
    ui_device_days: Annotated[int, Field(ge=0, le=90)] = 30
    notify: list[NotifySettings] = Field(default_factory=list)  # [[notify]]: channels that tell a person (agent/notify)
    public_url: Annotated[str, AfterValidator(_public)] | None = None  # the review page as people reach it, for links
    # single-store shorthand, all from the environment
    base_url: str | None = None
    search_url: str | None = None
    username: str | None = None
    password: SecretStr | None = None
    company_id: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _moved(cls, data: Any) -> Any:
        for key in MOVED_TO_STORES:
            if isinstance(data, dict) and key in data:
                raise ValueError(
                    f"{key} is set per store now: put it under [stores.thresholds] ({key} = {data[key]!r})"
                )
        return data

    @model_validator(mode="after")
    def _together(self) -> Settings:
        """What ties keys together."""
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
        return self

    # ---- derived ------------------------------------------------------------------------------
    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'agent.db').as_posix()}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def selected(self, name: str | None) -> list[StoreSettings]:
        """The store called `name` (paused or not), or every configured store that is not paused."""
        if name:
            return [self.store(name)]
        self.store(None)  # none configured: said
        active = [s for s in self.stores if not s.paused]
        if not active:
            raise ConfigError("every store is paused: resume one on the review page (店铺) or run it with --store NAME")
        return active

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


_CONFIG_PATH: dict[str, Path | None] = {}
_STORES_READ: list[dict] = []  # the config file's [[stores]] as read: a refusal names the store it is about
SINGLE = ("base_url", "search_url", "username", "password", "company_id")


class _Toml(PydanticBaseSettingsSource):
    def __init__(self, settings_cls, path: Path | None):
        super().__init__(settings_cls)
        self.path = path

    def get_field_value(self, field, field_name):  # pragma: no cover - unused, __call__ does the work
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{self.path}: invalid TOML ({e}); fix the file and retry") from None
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"{self.path}: cannot read ({e})") from None
        places = [("password", data)] + [
            (f"stores.{i}.password", st) for i, st in enumerate(data.get("stores") or []) if isinstance(st, dict)
        ]
        for where, table in places:
            if "password" in table:
                raise ConfigError(
                    f"{self.path}: {where}: a password is not kept in the config file; name an environment "
                    "variable with password_env, or use the keyring ('keyring set storeagent STORE:USERNAME')"
                )
        _STORES_READ[:] = [st for st in data.get("stores") or [] if isinstance(st, dict)]
        return data


class _Sourced(BaseSettings, Settings):
    """The settings as pydantic-settings reads them from their sources."""

    model_config = SettingsConfigDict(
        env_prefix="AGENT_", env_nested_delimiter="__", env_file=".env", extra="forbid", env_ignore_empty=True
    )

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        return (
            init_settings,
            env_settings,
            dotenv_settings,
            _Toml(settings_cls, _CONFIG_PATH.get("path")),
            file_secret_settings,
        )


def load(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Load settings; every problem becomes a one-line ConfigError."""
    explicit = path or os.environ.get("AGENT_CONFIG")
    p = Path(explicit) if explicit else DEFAULT_CONFIG
    if explicit and not p.exists():
        raise ConfigError(f"config file {p} does not exist; pass an existing file with --config or AGENT_CONFIG")
    for key in MOVED_TO_STORES:
        if os.environ.get(f"AGENT_{key.upper()}"):
            raise ConfigError(
                line(f"AGENT_{key.upper()}", f"{key} is set per store now: put it under [stores.thresholds]")
            )
    _CONFIG_PATH["path"] = p
    _STORES_READ.clear()
    try:
        got = _Sourced(**overrides)
    except ValidationError as e:
        raise ConfigError(describe(e)) from None
    finally:
        _CONFIG_PATH.pop("path", None)
    values = {k: getattr(got, k) for k in SINGLE}
    if all(values[k] for k in SINGLE if k != "password"):  # the single store given by AGENT_BASE_URL …: "default"
        try:
            default = StoreSettings(name="default", **values)
        except ValidationError as e:
            raise ConfigError(describe(e)) from None
        got.stores = [default, *[s for s in got.stores if s.name != "default"]]
    from .store_file import page_stores

    got.stores = [*got.stores, *page_stores(got.data_dir, [s.name for s in got.stores])]
    _register_secrets(got)
    return got


def _register_secrets(s: Settings) -> None:
    """Every secret the settings hold is masked wherever the agent writes, from the start — not only
    once it is used: passwords, TOTP secrets, and the userinfo of every URL setting."""
    from . import _redact

    for st in s.stores:
        if st.password is not None:
            _redact.register(st.password.get_secret_value())
        for env in (st.password_env, st.totp_secret_env):
            if env and os.environ.get(env):
                _redact.register(os.environ[env])
        _redact.register_url(st.cdp_url)
    for url in (s.database_url, *s.buyer_proxies.values(), s.fleet.broker if s.fleet else None):
        _redact.register_url(url)


def line(where: str, msg: str) -> str:
    return f"config error: {where}: {msg}; fix it in the config file or AGENT_ environment variables"


def describe(err: ValidationError) -> str:
    e = err.errors()[0]
    loc = ".".join(str(p) for p in e["loc"]) or "settings"
    at, store = e["loc"], ""
    if len(at) > 1 and at[0] == "stores" and isinstance(at[1], int) and at[1] < len(_STORES_READ):
        st = _STORES_READ[at[1]]  # which store, as people call it: stores.0 says nothing to them
        who = st.get("label") or st.get("name")
        store = f"（第 {at[1] + 1} 个店铺" + (f"「{who}」" if isinstance(who, str) and who else "") + "）"
    msg = e["msg"].removeprefix("Value error, ")
    unknown = e["type"] in ("extra_forbidden", "unexpected_keyword_argument")
    if unknown:
        msg = "unknown setting (check the spelling)"
    val = e.get("input")
    secretish = any(w in loc.lower() for w in ("pass", "secret", "token", "key", "cookie"))
    # an unknown key's value is never echoed: a misspelt secret key would print the secret
    shown = f" (got {val!r})" if isinstance(val, (str, int, float, bool)) and not secretish and not unknown else ""
    return line(loc, msg + shown + store)

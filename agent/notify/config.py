"""`[[notify]]`: where a person is told they are needed. Each channel's URL (DingTalk, WeCom, Feishu,
e-mail, a JSON webhook — any URL Apprise knows) holds a token: it is a secret, read from an environment
variable (`url_env`) or the keyring (service `storeagent`, user `notify:<name>`), masked like a
password, and never written to the config."""

from __future__ import annotations

import os
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

KEYRING_SERVICE = "storeagent"
# event -> what it is about; `urgent` ones are sent in quiet hours too
EVENTS: dict[str, bool] = {
    "needs_person": True,  # a run stopped for a person: a code, a QR scan, a slider, a block, a lost login
    "login": True,  # a store's session lapses within the hour, has lapsed, or nobody is signed in
    "run_failed": False,  # a run that could not read some screens (partial) or failed
    "suggestions": False,  # suggestions waiting for approval
    "inquiry": False,  # an inquiry nearing the reply rule (three quarters of it) or past it
    "reply_reminder": False,  # a salesperson's late or missing replies yesterday (seed 000), once a day
    "report": False,  # a daily / weekly / monthly report was written: its summary, the Excel attached
    "rank_drop": False,  # a product dropped more places than rank_drop_alert, or fell off the pages checked
    "fleet": True,  # a fleet worker gone silent (its stores wait), or a standby nobody has signed in on
    "test": True,  # `storeagent notify test`
}
HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


def _owners(v: list[str]) -> list[str]:
    if any(not str(x).strip() for x in v):
        raise ValueError('owners: a salesperson\'s name as the inquiry list shows it (负责人), e.g. owners = ["王芳"]')
    return [str(x).strip() for x in v]


def _events(v: list[str]) -> list[str]:
    bad = [e for e in v if e not in EVENTS or e == "test"]
    if bad:
        raise ValueError(f"unknown event {bad[0]!r}; choose from {', '.join(e for e in EVENTS if e != 'test')}")
    return v


def _hours(v: str | None) -> str | None:
    if v is not None and not HOURS.match(v):
        raise ValueError(f'{v!r} is not a time range like "22:00-08:00" (store time zone)')
    return v


class NotifySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
    url_env: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")] | None = None  # env var with the URL
    stores: list[str] = Field(default_factory=list)  # [] = every store
    # a salesperson's own channel: only the inquiry events and reply reminders of these owners (as the
    # inquiry list names them, ownerName); [] = every event, whoever owns it
    owners: Annotated[list[str], AfterValidator(_owners)] = Field(default_factory=list)
    events: Annotated[list[str], AfterValidator(_events)] = Field(default_factory=list)  # [] = every event
    quiet_hours: Annotated[str | None, AfterValidator(_hours)] = None  # "22:00-08:00": only urgent events
    lang: Annotated[str, Field(pattern="^(zh|en)$")] = "zh"

    @field_validator("url_env")
    @classmethod
    def _url_now(cls, v: str | None) -> str | None:
        """A URL already in the environment is checked now: a bad one is a configuration error."""
        if v and os.environ.get(v):
            check_url(os.environ[v], f"the URL in {v}")
        return v

    def url(self) -> str | None:
        """The channel's URL: its environment variable, else the keyring; None when neither has it.
        A bot's webhook address as DingTalk or Feishu shows it is taken as it is (`apprise_url`)."""
        if self.url_env and os.environ.get(self.url_env):
            return apprise_url(os.environ[self.url_env])
        try:
            import keyring

            got = keyring.get_password(KEYRING_SERVICE, f"notify:{self.name}")
        except Exception:  # no keyring backend on this machine
            return None
        return apprise_url(got) if got else None

    def wants(self, event: str, store: str | None, owner: str | None = None) -> bool:
        if self.owners and event != "test" and owner not in self.owners:
            return False  # a salesperson hears about their own inquiries only
        return (event == "test" or not self.events or event in self.events) and (
            store is None or not self.stores or store in self.stores
        )


def apprise_url(url: str) -> str:
    """The webhook address a group bot's settings show, as Apprise names it: DingTalk's
    `https://oapi.dingtalk.com/robot/send?access_token=T` (with `&secret=SEC…` for a signed bot) is
    `dingtalk://[SEC…@]T/`, Feishu's / Lark's `https://open.feishu.cn/open-apis/bot/v2/hook/T` is
    `feishu://T` / `lark://T`. (WeCom's own address Apprise reads as it is.) Anything else: unchanged."""
    from urllib.parse import parse_qs, urlsplit

    u = urlsplit(url.strip())
    if u.scheme != "https":
        return url.strip()
    if u.hostname == "oapi.dingtalk.com" and u.path == "/robot/send":
        q = parse_qs(u.query)
        token, secret = q.get("access_token", [""])[0], q.get("secret", [""])[0]
        return f"dingtalk://{secret + '@' if secret else ''}{token}/" if token else url
    for host, scheme in (("open.feishu.cn", "feishu"), ("open.larksuite.com", "lark")):
        if u.hostname == host and u.path.startswith("/open-apis/bot/v2/hook/"):
            return f"{scheme}://{u.path.rsplit('/', 1)[-1]}"
    return url.strip()


def check_url(url: str, where: str) -> None:
    """Apprise knows the URL's kind and can read it; the URL itself is never quoted (it holds a token)."""
    import apprise

    url = apprise_url(url)
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if not scheme or not apprise.Apprise().add(url):
        raise ValueError(
            f"{where} is not a notification URL Apprise can use (scheme {scheme or 'missing'!r}); "
            "e.g. dingtalk://TOKEN, wecombot://KEY, feishu://TOKEN, mailtos://user:pass@host?to=…, json://host/path"
        )

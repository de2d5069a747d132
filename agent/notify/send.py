"""Sending events to the `[[notify]]` channels through Apprise: each event once per channel (its key),
a digest when more than DIGEST_AT come at once, non-urgent ones held back in a channel's quiet hours
(kept whole, status `quiet`, and sent by the first dispatch after them), transient failures retried, every
message recorded in `notifications` (sent / failed / quiet). URLs are secrets: masked in everything the
agent writes. Nothing here raises into a routine: a channel that fails is recorded and the run goes on."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

from loguru import logger
from sqlalchemy import insert, select, update
from tenacity import Retrying, retry_if_result, stop_after_attempt, wait_exponential

from .. import _redact
from ..storage import models as m
from .events import Event

if TYPE_CHECKING:
    from ..settings import Settings
    from ..storage import Database
    from .config import NotifySettings

DIGEST_AT = 3  # more events than this for one channel at once: one message listing them
TRIES = 3


def _quiet(hours: str | None, now: datetime) -> bool:
    if not hours:
        return False
    a, b = (time.fromisoformat(x) for x in hours.split("-"))
    t = now.time()
    return (a <= t < b) if a < b else (t >= a or t < b)


def _sent(db: Database, channel: str, key: str) -> str | None:
    with db.engine.connect() as c:
        return c.execute(
            select(m.notifications.c.status).where(
                (m.notifications.c.channel == channel) & (m.notifications.c.key == key)
            )
        ).scalar()


def _record(db: Database, channel: str, e: Event, status: str, title: str, error: str | None) -> None:
    payload = json.dumps(asdict(e), ensure_ascii=False) if status == "quiet" else None
    row = {
        "payload": payload,
        "at": datetime.now(UTC),
        "channel": channel,
        "event": e.kind,
        "store": e.store,
        "key": e.key,
        "status": status,
        "title": title,
        "error": _redact.redact(error)[:1000] if error else None,
    }
    with db.engine.begin() as c:
        done = c.execute(
            update(m.notifications)
            .where((m.notifications.c.channel == channel) & (m.notifications.c.key == e.key))
            .values(**row)
        ).rowcount
        if not done:
            c.execute(insert(m.notifications).values(**row))


def _held(db: Database, channel: str) -> list[Event]:
    """What this channel's quiet hours held back, to send now."""
    with db.engine.connect() as c:
        rows = c.execute(
            select(m.notifications.c.payload).where(
                (m.notifications.c.channel == channel) & (m.notifications.c.status == "quiet")
            )
        ).scalars()
        return [Event(**json.loads(p)) for p in rows if p]


def secrets_of(url: str) -> list[str]:
    """What in a channel URL is a secret: the whole URL, its password, and each part long enough to be
    a token or key (a bot's token in the host or path, a query value) — not words like a path's `hook`."""
    from urllib.parse import parse_qsl, urlsplit

    u = urlsplit(url)
    parts = [*(u.netloc.rsplit("@", 1)[-1].split(":")[:1]), *u.path.split("/"), *(v for _, v in parse_qsl(u.query))]
    password = [u.password] if u.password and len(u.password) >= 4 else []
    return [url, *password, *(p for p in parts if len(p) >= 12)]


def deliver(url: str, title: str, body: str, attach: str | None = None) -> tuple[bool, str | None]:
    """One message to one channel URL, retried on failure; (arrived, why not)."""
    import apprise

    _redact.register(*secrets_of(url))
    a = apprise.Apprise()
    if not a.add(url):
        return False, "the channel URL cannot be used (see its scheme)"
    with apprise.LogCapture(level=apprise.logging.WARNING) as logs:
        ok = Retrying(
            stop=stop_after_attempt(TRIES),
            wait=wait_exponential(multiplier=0.3, max=2),
            retry=retry_if_result(lambda r: not r),
            retry_error_callback=lambda state: False,  # tried TRIES times: not delivered
        )(lambda: bool(a.notify(title=title, body=body, attach=attach, body_format=apprise.NotifyFormat.TEXT)))
        said = logs.getvalue().strip() if hasattr(logs, "getvalue") else ""
    last = said.splitlines()[-1].split(" - ")[-1] if said else "the channel refused the message"  # without its stamp
    return ok, (None if ok else _redact.redact(last))


def _text(e: Event, lang: str, public_url: str | None) -> tuple[str, str]:
    body = e.body.get(lang, "") or e.title[lang]  # a channel takes no message without a body
    if public_url and e.link:
        body += "\n" + public_url + e.link
    return e.title[lang], body


def dispatch(settings: Settings, db: Database, events: list[Event], now: datetime | None = None) -> list[dict]:
    """Send what each channel wants and has not had; returns what was done, per message."""
    done: list[dict] = []
    now = (now or datetime.now(UTC)).astimezone(settings.tz)
    for ch in settings.notify:
        try:
            done += _channel(settings, db, ch, events, now)
        except Exception as e:  # the database or the library failed: the routine goes on
            logger.warning("notification channel {} failed: {}", ch.name, _redact.redact(str(e)))
    return done


def _channel(settings: Settings, db: Database, ch: NotifySettings, events: list[Event], now: datetime) -> list[dict]:
    quiet = _quiet(ch.quiet_hours, now)
    waited = [] if quiet else _held(db, ch.name)  # quiet hours are over: what they held goes first
    keys = {e.key for e in waited}
    fresh = waited + [
        e
        for e in events
        if e.key not in keys and ch.wants(e.kind, e.store, e.owner) and _sent(db, ch.name, e.key) != "sent"
    ]
    if not fresh:
        return []
    held = [e for e in fresh if quiet and not e.urgent]
    go = [e for e in fresh if e not in held]
    for e in held:
        logger.info("notification {} held back: quiet hours of {}", e.key, ch.name)
        _record(db, ch.name, e, "quiet", e.title[ch.lang], None)
    url = ch.url()
    if not go:
        return []
    if url is None:
        nothing = f"no URL: set {ch.url_env or 'url_env'} or the keyring entry notify:{ch.name}"
        for e in go:
            _record(db, ch.name, e, "failed", e.title[ch.lang], nothing)
        return [{"channel": ch.name, "key": e.key, "status": "failed", "error": nothing} for e in go]
    if len(go) > DIGEST_AT:
        title = f"【摘要】{len(go)} 件事需要处理" if ch.lang == "zh" else f"[Digest] {len(go)} things need you"
        urgent = [e for e in go if e.urgent]
        lines = [_text(e, ch.lang, None)[0] for e in urgent + [e for e in go if not e.urgent]]
        body = "\n".join(lines) + (f"\n{settings.public_url}/" if settings.public_url else "")
        ok, why = deliver(url, title, body)
        for e in go:
            _record(db, ch.name, e, "sent" if ok else "failed", title, why)
        return [{"channel": ch.name, "key": e.key, "status": "sent" if ok else "failed", "error": why} for e in go]
    out = []
    for e in go:
        title, body = _text(e, ch.lang, settings.public_url)
        ok, why = deliver(url, title, body, e.attach)
        _record(db, ch.name, e, "sent" if ok else "failed", title, why)
        (logger.info if ok else logger.warning)("notification {} to {}: {}", e.kind, ch.name, "sent" if ok else why)
        out.append({"channel": ch.name, "key": e.key, "status": "sent" if ok else "failed", "error": why})
    return out


def recent(db: Database, limit: int = 20) -> list[dict]:
    with db.engine.connect() as c:
        rows = c.execute(select(m.notifications).order_by(m.notifications.c.id.desc()).limit(limit)).mappings()
        return [dict(r) for r in rows]

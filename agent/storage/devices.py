"""Devices kept signed in to the review page: a random secret in the device's cookie, only its SHA-256
here; each lasts `ui_device_days`, ends at sign-out (revoked) and can be listed."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from .._time import aware
from . import Database
from . import models as m


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def remember(db: Database, name: str, days: int) -> str:
    """A new device for `name`: the secret its cookie carries."""
    secret = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with db.engine.begin() as c:
        c.execute(
            insert(m.ui_devices).values(
                secret_hash=_hash(secret), name=name, created_at=now, expires_at=now + timedelta(days=days)
            )
        )
    return secret


def who(db: Database, secret: str) -> str | None:
    """The person a device's secret belongs to, while it lasts; its use is noted."""
    if not secret:
        return None
    now = datetime.now(UTC)
    with db.engine.begin() as c:
        row = c.execute(
            select(m.ui_devices.c.id, m.ui_devices.c.name, m.ui_devices.c.expires_at).where(
                (m.ui_devices.c.secret_hash == _hash(secret)) & (m.ui_devices.c.revoked.is_(False))
            )
        ).first()
        if row is None or aware(row.expires_at) <= now:
            return None
        c.execute(update(m.ui_devices).where(m.ui_devices.c.id == row.id).values(last_used_at=now))
        return str(row.name)


def forget(db: Database, secret: str) -> None:
    with db.engine.begin() as c:
        c.execute(update(m.ui_devices).where(m.ui_devices.c.secret_hash == _hash(secret)).values(revoked=True))

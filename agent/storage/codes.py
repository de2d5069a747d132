"""Codes a person types for a waiting run: the run asks (`ask`), the review page answers (`answer`),
the run takes the code once (`take`) — the code is cleared as it is taken, never kept."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from . import Database
from . import models as m

CODE = re.compile(r"^\d{6}$")


def ask(db: Database, store: str, run_id: int | None, kind: str = "code", picture: str | None = None) -> int:
    with db.engine.begin() as c:
        c.execute(  # an older request of the store is over: only the newest code can work
            update(m.code_requests)
            .where((m.code_requests.c.store == store) & (m.code_requests.c.status.in_(("waiting", "answered"))))
            .values(status="expired", code=None)
        )
        made = c.execute(
            insert(m.code_requests).values(
                store=store, run_id=run_id, asked_at=datetime.now(UTC), status="waiting", kind=kind, picture=picture
            )
        )
        return int(made.inserted_primary_key[0])  # type: ignore[index]  # an insert of one row has its key


def waiting(db: Database) -> list[dict]:
    with db.engine.connect() as c:
        rows = c.execute(
            select(
                m.code_requests.c.id,
                m.code_requests.c.store,
                m.code_requests.c.asked_at,
                m.code_requests.c.kind,
                m.code_requests.c.picture,
            ).where(m.code_requests.c.status == "waiting")
        ).mappings()
        return [dict(r) for r in rows]


def answer(db: Database, request_id: int, code: str, who: str) -> bool:
    """The person's code for a waiting request; False when it waits no more."""
    if not CODE.match(code):
        raise ValueError("the code is 6 digits")
    with db.engine.begin() as c:
        return bool(
            c.execute(
                update(m.code_requests)
                .where(
                    (m.code_requests.c.id == request_id)
                    & (m.code_requests.c.status == "waiting")
                    & (m.code_requests.c.kind == "code")
                )
                .values(status="answered", code=code, answered_by=who[:80], answered_at=datetime.now(UTC))
            ).rowcount
        )


def take(db: Database, request_id: int) -> str | None:
    """The answered code, once; the row keeps that it was used, not the code."""
    with db.engine.begin() as c:
        code = c.execute(
            select(m.code_requests.c.code).where(
                (m.code_requests.c.id == request_id) & (m.code_requests.c.status == "answered")
            )
        ).scalar()
        if code:
            c.execute(
                update(m.code_requests).where(m.code_requests.c.id == request_id).values(status="used", code=None)
            )
        return code


def expire(db: Database, request_id: int, status: str = "expired") -> None:
    """The request waits no more: `expired` (nobody answered in time) or `used` (a scan went through)."""
    with db.engine.begin() as c:
        c.execute(
            update(m.code_requests)
            .where((m.code_requests.c.id == request_id) & (m.code_requests.c.status.in_(("waiting", "answered"))))
            .values(status=status, code=None)
        )

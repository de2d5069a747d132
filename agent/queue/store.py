"""The suggestion queue in the database: proposed -> approved | rejected -> applied | failed |
conflict, or expired. `applying` marks an edit claimed by an apply run; one found in that state on
restart is re-checked on the screen, never re-sent blindly. Every step goes to the audit log."""
from __future__ import annotations

import getpass
import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select, update

from ..errors import ConfigError
from ..storage import Database
from ..storage import models as m

STATES = ("proposed", "approved", "rejected", "applying", "applied", "failed", "conflict", "expired")
OPEN = ("proposed", "approved", "applying")
MAIN_FIELD = {"set_bid": "bid", "set_budget": "daily_budget", "edit_title": "title", "inquiry_reply": "text",
              "add_negative_keyword": "keyword"}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def who(name: str | None = None) -> str:
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "unknown"


class Queue:
    def __init__(self, db: Database):
        self.db = db
        self.t = m.suggestions

    # ---- audit ---------------------------------------------------------------------------------
    def audit(self, conn, sid: int | None, store: str | None, actor: str, action: str, before=None, after=None,
              screenshot: str | None = None, note: str | None = None) -> None:
        conn.execute(insert(m.audit_log).values(at=_now(), store=store, suggestion_id=sid, actor=actor, action=action,
                                                before=before, after=after, screenshot=screenshot, note=note))

    def audit_for(self, sid: int) -> list[dict]:
        with self.db.engine.connect() as c:
            return [dict(r) for r in c.execute(select(m.audit_log).where(m.audit_log.c.suggestion_id == sid)
                                               .order_by(m.audit_log.c.id)).mappings()]

    # ---- reading -------------------------------------------------------------------------------
    def get(self, sid: int) -> dict:
        with self.db.engine.connect() as c:
            row = c.execute(select(self.t).where(self.t.c.id == sid)).mappings().first()
        if row is None:
            raise ConfigError(f"no suggestion #{sid}; see 'python -m agent queue list'")
        return dict(row)

    def list(self, state: str | None = None, store: str | None = None, kind: str | None = None) -> list[dict]:
        if state and state not in STATES:
            raise ConfigError(f"--state must be one of {', '.join(STATES)}, got {state!r}")
        q = select(self.t).order_by(self.t.c.id)
        for col, v in (("state", state), ("store", store), ("kind", kind)):
            if v:
                q = q.where(self.t.c[col] == v)
        with self.db.engine.connect() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    # ---- proposing -----------------------------------------------------------------------------
    def propose(self, store: str, suggestions, screenshot: str | None = None) -> list[int]:
        """Queue new suggestions; one open suggestion per store, kind and target."""
        ids = []
        with self.db.engine.begin() as c:
            open_keys = {(r.kind, r.target) for r in c.execute(
                select(self.t.c.kind, self.t.c.target).where((self.t.c.store == store) & self.t.c.state.in_(OPEN)))}
            for s in suggestions:
                if (s.kind, s.target) in open_keys:
                    continue
                ev = dict(s.evidence)
                if screenshot:
                    ev["screenshot"] = screenshot
                sid = c.execute(insert(self.t).values(
                    store=store, kind=s.kind, target=s.target, rationale=s.rationale, evidence=json.loads(json.dumps(ev, default=str)),
                    precondition=s.precondition, value=s.value, state="proposed", created_at=_now(), updated_at=_now())).inserted_primary_key[0]
                self.audit(c, sid, store, "agent", "proposed", after=s.value, note=s.rationale)
                open_keys.add((s.kind, s.target))
                ids.append(sid)
        return ids

    # ---- decisions -----------------------------------------------------------------------------
    def _transition(self, ids: list[int], frm: tuple[str, ...], to: str, actor: str, action: str) -> list[int]:
        done = []
        with self.db.engine.begin() as c:
            for sid in ids:
                row = c.execute(select(self.t).where(self.t.c.id == sid)).mappings().first()
                if row is None:
                    raise ConfigError(f"no suggestion #{sid}; see 'python -m agent queue list'")
                if row["state"] not in frm:
                    raise ConfigError(f"suggestion #{sid} is {row['state']}; only {'/'.join(frm)} ones can be {action}")
                vals = {"state": to, "updated_at": _now()}
                if to == "approved":
                    vals.update(approved_by=actor, approved_at=_now())
                c.execute(update(self.t).where(self.t.c.id == sid).values(**vals))
                self.audit(c, sid, row["store"], actor, action, before={"state": row["state"]}, after={"state": to})
                done.append(sid)
        return done

    def approve(self, ids: list[int], actor: str) -> list[int]:
        return self._transition(ids, ("proposed",), "approved", actor, "approved")

    def reject(self, ids: list[int], actor: str) -> list[int]:
        return self._transition(ids, ("proposed", "approved"), "rejected", actor, "rejected")

    def edit(self, sid: int, raw: str, actor: str) -> dict:
        """Change the value an approver will approve; checked as the site would check it."""
        row = self.get(sid)
        if row["state"] != "proposed":
            raise ConfigError(f"suggestion #{sid} is {row['state']}; only proposed ones can be edited")
        value = dict(row["value"])
        field = MAIN_FIELD.get(row["kind"])
        if field is None:
            try:
                new = json.loads(raw)
            except json.JSONDecodeError:
                raise ConfigError(f"--value for a {row['kind']} must be a JSON object, e.g. '{json.dumps(value)[:60]}'") from None
            if not isinstance(new, dict):
                raise ConfigError(f"--value for a {row['kind']} must be a JSON object")
            value.update(new)
        elif field in ("bid", "daily_budget"):
            try:
                x = float(raw)
            except ValueError:
                raise ConfigError(f"--value must be a number for {row['kind']}, got {raw!r}") from None
            if field == "bid":
                floor = float(value.get("base_price", 0))
                if x < floor or abs(round(x * 10) - x * 10) > 1e-6:
                    raise ConfigError(f"--value {raw}: a bid must be a multiple of 0.1 and at least the floor bid {floor}")
                x = round(x, 1)
            elif x < 30:
                raise ConfigError(f"--value {raw}: a daily budget must be at least 30")
            value[field] = x
        else:
            if not raw.strip():
                raise ConfigError("--value must not be empty")
            if field == "title" and len(raw) > 128:
                raise ConfigError(f"--value: a title has at most 128 characters, got {len(raw)}")
            value[field] = raw.strip()
        with self.db.engine.begin() as c:
            c.execute(update(self.t).where(self.t.c.id == sid).values(value=value, updated_at=_now()))
            self.audit(c, sid, row["store"], actor, "edited", before=row["value"], after=value)
        return value

    def expire(self, older_than_days: int) -> list[int]:
        cutoff = _now() - timedelta(days=older_than_days)
        stale = [r["id"] for r in self.list("proposed") + self.list("approved")
                 if r["created_at"] and r["created_at"].replace(tzinfo=r["created_at"].tzinfo or timezone.utc) < cutoff]
        return self._transition(stale, ("proposed", "approved"), "expired", "agent", "expired") if stale else []

    # ---- applying --------------------------------------------------------------------------------
    def claim(self, sid: int, actor: str) -> bool:
        """Atomically move an approved edit to `applying`; False when someone else has it."""
        with self.db.engine.begin() as c:
            n = c.execute(update(self.t).where((self.t.c.id == sid) & (self.t.c.state == "approved"))
                          .values(state="applying", updated_at=_now())).rowcount
            if n:
                self.audit(c, sid, None, actor, "apply_started")
        return n == 1

    def release(self, sid: int, actor: str, note: str) -> None:
        with self.db.engine.begin() as c:
            c.execute(update(self.t).where(self.t.c.id == sid).values(state="approved", updated_at=_now()))
            self.audit(c, sid, None, actor, "skipped", note=note)

    def finish(self, sid: int, state: str, actor: str, before=None, after=None, screenshot: str | None = None,
               note: str | None = None) -> None:
        with self.db.engine.begin() as c:
            c.execute(update(self.t).where(self.t.c.id == sid).values(state=state, updated_at=_now()))
            self.audit(c, sid, None, actor, state, before=before, after=after, screenshot=screenshot, note=note)

"""The suggestion queue in the database: proposed -> approved | rejected -> applying -> applied |
failed | conflict, or expired; a failed edit can be retried (back to approved).

The database keeps the rules, not read-then-write code:
- one open suggestion per store, kind and target: `dedupe_key` (unique) is `store|kind|target`
  while a suggestion is open (proposed, approved, applying, failed) and NULL once it is closed;
- an approval is bound to what the approver saw: every change of value or precondition (an edit, a
  new diagnosis) bumps `version` and sends an approved suggestion back to `proposed`; an approval
  records `approved_version`, and only an edit whose version is still the approved one is applied;
- a claim has an owner: `applying` records the apply run (`claim_run`) and a lease; only a claim
  whose run has ended or whose lease ran out is recovered by another run (and then re-checked on
  the screen, never re-sent blindly);
- every step goes to the audit log, with actor, time, before and after."""

from __future__ import annotations

import builtins
import getpass
import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from loguru import logger
from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from .._time import aware
from ..edits import Edit
from ..errors import InvalidTransition, InvalidValue, NotFound, Stale
from ..storage import Database
from ..storage import models as m
from .record import Queued

if TYPE_CHECKING:  # the queue commands load no pandas (diagnosis.model does)
    from ..diagnosis.model import Suggestion

STATES = ("proposed", "approved", "rejected", "applying", "applied", "failed", "conflict", "expired", "paused")
OPEN = ("proposed", "approved", "applying", "failed", "paused")


def _now() -> datetime:
    return datetime.now(UTC)


def digest(row) -> str:
    """What an approval is bound to: the kind, target, precondition and value, canonically written."""
    import hashlib

    what = {k: row[k] for k in ("kind", "target", "precondition", "value")}
    return hashlib.sha256(json.dumps(what, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def dedupe_key(store: str, kind: str, target: str) -> str:
    return f"{store}|{kind}|{target}"


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
    def audit(
        self,
        conn,
        sid: int | None,
        store: str | None,
        actor: str,
        action: str,
        before=None,
        after=None,
        screenshot: str | None = None,
        note: str | None = None,
    ) -> None:
        conn.execute(
            insert(m.audit_log).values(
                at=_now(),
                store=store,
                suggestion_id=sid,
                actor=actor,
                action=action,
                before=before,
                after=after,
                screenshot=screenshot,
                note=note,
            )
        )

    def audit_for(self, sid: int) -> builtins.list[dict]:
        with self.db.engine.connect() as c:
            return [
                dict(r)
                for r in c.execute(
                    select(m.audit_log).where(m.audit_log.c.suggestion_id == sid).order_by(m.audit_log.c.id)
                ).mappings()
            ]

    # ---- reading -------------------------------------------------------------------------------
    def get(self, sid: int) -> Queued:
        with self.db.engine.connect() as c:
            row = c.execute(select(self.t).where(self.t.c.id == sid)).mappings().first()
        if row is None:
            raise NotFound(f"no suggestion #{sid}", sid)
        return Queued.of(row)

    def list(
        self, state: str | None = None, store: str | None = None, kind: str | None = None
    ) -> builtins.list[Queued]:
        if state and state not in STATES:
            raise InvalidValue(f"state must be one of {', '.join(STATES)}, got {state!r}")
        q = select(self.t).order_by(self.t.c.id)
        for col, v in (("state", state), ("store", store), ("kind", kind)):
            if v:
                q = q.where(self.t.c[col] == v)
        with self.db.engine.connect() as c:
            return [Queued.of(r) for r in c.execute(q).mappings()]

    # ---- proposing -----------------------------------------------------------------------------
    def propose(
        self, store: str, suggestions: Iterable[Suggestion], screenshot: str | None = None
    ) -> builtins.list[int]:
        """Queue new suggestions. One already open for the same store, kind and target is kept (the
        database's unique key decides, also between processes); when the new diagnosis wants another
        value or sees another precondition, the open one takes them, and an approval of the old
        value is withdrawn (back to `proposed`)."""
        ids = []
        with self.db.engine.begin() as c:
            for s in suggestions:
                edit = s.edit
                if edit is None:  # a value the site would refuse: never queued (the diagnosis said so)
                    continue
                if edit.changes_nothing():  # its value is already there: nothing a person should approve
                    logger.info("not proposed: {} {} would write what is already there", s.kind, s.target)
                    continue
                # the kind's edit, checked when the suggestion was made
                pre, value = edit.pre.model_dump(mode="json"), edit.value.model_dump(mode="json")
                ev = dict(s.evidence)
                if screenshot:
                    ev["screenshot"] = screenshot
                try:
                    with c.begin_nested():
                        sid = c.execute(
                            insert(self.t).values(
                                store=store,
                                kind=s.kind,
                                target=s.target,
                                rationale=s.rationale,
                                rationale_en=s.rationale_en or None,
                                evidence=json.loads(json.dumps(ev, default=str)),
                                precondition=pre,
                                value=value,
                                state="proposed",
                                created_at=_now(),
                                updated_at=_now(),
                                dedupe_key=dedupe_key(store, s.kind, s.target),
                            )
                        ).inserted_primary_key[0]  # type: ignore[index]  # an insert always has its key
                except IntegrityError:  # already open
                    self._renew_open(c, store, s, pre, value)
                    continue
                self.audit(c, sid, store, "agent", "proposed", after=value, note=s.rationale)
                ids.append(sid)
        return ids

    def set_evidence_shot(self, sid: int, path: str, row: str | None) -> None:
        """The suggestion's own screenshot: its row or field on the screen, outlined (`row`: that
        row's text; None when the screen did not show it and the picture is of the whole screen)."""
        with self.db.engine.begin() as c:
            old = self._row(c, sid)
            c.execute(
                update(self.t)
                .where(self.t.c.id == sid)
                .values(
                    evidence={**(old["evidence"] or {}), "screenshot": path, "highlighted": row is not None, "row": row}
                )
            )

    def _renew_open(self, c, store: str, s, pre: dict, value: dict) -> None:
        row = (
            c.execute(select(self.t).where(self.t.c.dedupe_key == dedupe_key(store, s.kind, s.target)))
            .mappings()
            .first()
        )
        if (
            row is None
            or row["state"] not in ("proposed", "approved")
            or (row["precondition"], row["value"]) == (pre, value)
        ):
            return
        n = c.execute(
            update(self.t)
            .where(
                (self.t.c.id == row["id"])
                & (self.t.c.version == row["version"])
                & self.t.c.state.in_(("proposed", "approved"))
            )
            .values(
                precondition=pre,
                value=value,
                rationale=s.rationale,
                rationale_en=s.rationale_en or None,
                version=row["version"] + 1,
                state="proposed",
                approved_by=None,
                approved_at=None,
                approved_version=None,
                approved_digest=None,
                updated_at=_now(),
            )
        ).rowcount
        if n:
            note = "a new diagnosis changed it" + ("; the approval is withdrawn" if row["state"] == "approved" else "")
            self.audit(
                c,
                row["id"],
                store,
                "agent",
                "changed",
                before={"value": row["value"], "precondition": row["precondition"]},
                after={"value": value, "precondition": pre, "version": row["version"] + 1},
                note=note,
            )

    # ---- decisions -----------------------------------------------------------------------------
    def _row(self, c, sid: int):
        row = c.execute(select(self.t).where(self.t.c.id == sid)).mappings().first()
        if row is None:
            raise NotFound(f"no suggestion #{sid}", sid)
        return row

    def _transition(
        self, ids: builtins.list[int], frm: tuple[str, ...], to: str, actor: str, action: str, note: str | None = None
    ) -> builtins.list[int]:
        done = []
        with self.db.engine.begin() as c:
            for sid in ids:
                row = self._row(c, sid)
                vals = {"state": to, "updated_at": _now()}
                if to == "approved":
                    vals.update(approved_by=actor, approved_at=_now())
                if to not in OPEN:
                    vals["dedupe_key"] = None
                n = c.execute(
                    update(self.t).where((self.t.c.id == sid) & self.t.c.state.in_(frm)).values(**vals)
                ).rowcount
                if n != 1:  # someone else moved it meanwhile, or it was never in a state that allows this
                    current = c.execute(select(self.t.c.state).where(self.t.c.id == sid)).scalar_one()
                    raise InvalidTransition(sid, current, frm, action)
                self.audit(
                    c, sid, row["store"], actor, action, before={"state": row["state"]}, after={"state": to}, note=note
                )
                done.append(sid)
        return done

    def approve(
        self, ids: builtins.list[int], actor: str, versions: dict[int, int] | None = None
    ) -> builtins.list[int]:
        """Approve proposed suggestions at the version the approver saw (`versions`: id -> version;
        without it, the version shown now). A suggestion changed meanwhile is refused (Stale)."""
        done = []
        with self.db.engine.begin() as c:
            for sid in ids:
                row = self._row(c, sid)
                seen = (versions or {}).get(sid, row["version"])
                n = c.execute(
                    update(self.t)
                    .where((self.t.c.id == sid) & (self.t.c.state == "proposed") & (self.t.c.version == seen))
                    .values(
                        state="approved",
                        approved_by=actor,
                        approved_at=_now(),
                        approved_version=seen,
                        approved_digest=digest(row),
                        updated_at=_now(),
                    )
                ).rowcount
                if n != 1:
                    now = c.execute(select(self.t.c.state, self.t.c.version).where(self.t.c.id == sid)).one()
                    if now.state == "proposed":
                        raise Stale(
                            f"suggestion #{sid} changed after you looked at it (version {seen}, now {now.version}); "
                            "look at it again before approving",
                            sid,
                        )
                    raise InvalidTransition(sid, now.state, ("proposed",), "approved")
                self.audit(
                    c,
                    sid,
                    row["store"],
                    actor,
                    "approved",
                    before={"state": row["state"]},
                    after={"state": "approved", "version": seen, "value": row["value"]},
                )
                done.append(sid)
        return done

    def reject(self, ids: builtins.list[int], actor: str) -> builtins.list[int]:
        return self._transition(ids, ("proposed", "approved", "failed"), "rejected", actor, "rejected")

    def retry(self, ids: builtins.list[int], actor: str) -> builtins.list[int]:
        """Failed edits back to approved (the value approved before): the next apply tries them
        again, precondition first."""
        return self._transition(ids, ("failed",), "approved", actor, "retried")

    def edit(self, sid: int, raw: str | dict[str, str], actor: str) -> Edit:
        """Change the value of a proposed or approved suggestion (checked as the site would check
        it). The version moves on; an approval of the old value is withdrawn (back to proposed)."""
        row = self.get(sid)
        if row.state not in ("proposed", "approved"):
            raise InvalidTransition(sid, row.state, ("proposed", "approved"), "edited")
        edited = row.edit.with_fields(raw) if isinstance(raw, dict) else row.edit.with_value(raw)
        value, old = edited.value.model_dump(mode="json"), row.edit.value.model_dump(mode="json")
        with self.db.engine.begin() as c:
            n = c.execute(
                update(self.t)
                .where(
                    (self.t.c.id == sid)
                    & (self.t.c.version == row.version)
                    & self.t.c.state.in_(("proposed", "approved"))
                )
                .values(
                    value=value,
                    version=row.version + 1,
                    state="proposed",
                    approved_by=None,
                    approved_at=None,
                    approved_version=None,
                    approved_digest=None,
                    updated_at=_now(),
                )
            ).rowcount
            if n != 1:
                now = self.get(sid)
                if now.state in ("proposed", "approved"):
                    raise Stale(f"suggestion #{sid} changed while you edited it; look at it again", sid)
                raise InvalidTransition(sid, now.state, ("proposed", "approved"), "edited")
            note = "the approval is withdrawn: approve the new value" if row.state == "approved" else None
            self.audit(c, sid, row.store, actor, "edited", before=old, after=value, note=note)
        return edited

    # ---- standing orders (a plan approved once, carried out by scheduled runs) ---------------------
    def _standing(self, sid: int) -> None:
        row = self.get(sid)
        if not row.standing:
            raise InvalidValue(
                f"suggestion #{sid} is a single edit ({row.kind}), not a standing plan; approve or reject it"
            )

    def pause(self, ids: builtins.list[int], actor: str) -> builtins.list[int]:
        """A standing plan stops being carried out until resumed; nothing is written meanwhile."""
        for sid in ids:
            self._standing(sid)
        return self._transition(ids, ("approved",), "paused", actor, "paused")

    def resume(self, ids: builtins.list[int], actor: str) -> builtins.list[int]:
        for sid in ids:
            self._standing(sid)
        return self._transition(ids, ("paused",), "approved", actor, "resumed")

    def revoke(self, ids: builtins.list[int], actor: str) -> builtins.list[int]:
        """End a standing plan for good (a new one must be proposed and approved)."""
        for sid in ids:
            self._standing(sid)
        return self._transition(ids, ("approved", "paused"), "rejected", actor, "revoked")

    def record(self, sid: int, store: str, actor: str, action: str, after, screenshot: str | None, note: str) -> None:
        """One step of carrying out a standing plan, in the audit log under the plan."""
        with self.db.engine.begin() as c:
            self.audit(c, sid, store, actor, action, after=after, screenshot=screenshot, note=note)

    def plan_in_force(self, store: str, kind: str) -> Queued | None:
        """The store's approved standing plan of this kind, at the version the person approved."""
        for r in self.list("approved", store=store, kind=kind):
            if r.version == r.approved_version:
                return r
        return None

    def expire(self, older_than_days: int) -> builtins.list[int]:
        """Unapproved suggestions (and failed edits) older than the limit; an approved standing plan
        stays in force until paused or revoked."""
        cutoff = _now() - timedelta(days=older_than_days)
        stale = [
            r.id
            for r in self.list("proposed") + self.list("approved") + self.list("failed")
            if r.created_at and aware(r.created_at) < cutoff and not (r.state == "approved" and r.standing)
        ]
        out = []
        for sid in stale:  # one by one: an approval racing the expiry wins or loses cleanly
            try:
                out += self._transition([sid], ("proposed", "approved", "failed"), "expired", "agent", "expired")
            except InvalidTransition:
                pass
        return out

    # ---- applying: claims with an owner and a lease -------------------------------------------------
    def claim(self, sid: int, run_id: int, actor: str, lease: float) -> bool:
        """Atomically move an approved edit to `applying` for this run; False when it is not
        approved any more (another run has it, or a person rejected it). An edit whose value is not
        the one approved (changed in the database without a new version) is never written: it ends
        `conflict`, saying so."""
        with self.db.engine.begin() as c:
            row = self._row(c, sid)
            if row["state"] == "approved" and row["approved_digest"] and row["approved_digest"] != digest(row):
                c.execute(update(self.t).where(self.t.c.id == sid).values(state="conflict", updated_at=_now()))
                self.audit(
                    c,
                    sid,
                    row["store"],
                    actor,
                    "conflict",
                    note="the value is not the one approved (changed after the approval); nothing written — look at it again",
                )
                return False
        with self.db.engine.begin() as c:
            n = c.execute(
                update(self.t)
                .where(
                    (self.t.c.id == sid)
                    & (self.t.c.state == "approved")
                    & (self.t.c.version == self.t.c.approved_version)
                )
                .values(
                    state="applying", claim_run=run_id, lease_until=_now() + timedelta(seconds=lease), updated_at=_now()
                )
            ).rowcount
            if n:
                self.audit(c, sid, None, actor, "apply_started", note=f"run {run_id}")
        return n == 1

    def recover(self, sid: int, run_id: int, actor: str, lease: float) -> bool:
        """Take over an `applying` edit whose run has ended or whose lease ran out."""
        ended = select(m.runs.c.id).where(m.runs.c.status != "running")
        with self.db.engine.begin() as c:
            row = c.execute(select(self.t.c.claim_run).where(self.t.c.id == sid)).first()
            n = c.execute(
                update(self.t)
                .where(
                    (self.t.c.id == sid)
                    & (self.t.c.state == "applying")
                    & or_(self.t.c.claim_run.is_(None), self.t.c.claim_run.in_(ended), self.t.c.lease_until < _now())
                )
                .values(claim_run=run_id, lease_until=_now() + timedelta(seconds=lease), updated_at=_now())
            ).rowcount
            if n:
                self.audit(
                    c,
                    sid,
                    None,
                    actor,
                    "apply_recovered",
                    note=f"claimed by run {row[0] if row else None}, taken over by run {run_id}",
                )
        return n == 1

    def renew(self, sid: int, run_id: int, lease: float) -> bool:
        """Extend this run's claim (the run is alive and still working on it)."""
        with self.db.engine.begin() as c:
            return (
                c.execute(
                    update(self.t)
                    .where((self.t.c.id == sid) & (self.t.c.claim_run == run_id) & (self.t.c.state == "applying"))
                    .values(lease_until=_now() + timedelta(seconds=lease))
                ).rowcount
                == 1
            )

    def stranded(self, store: str) -> builtins.list[Queued]:
        """`applying` edits of this store whose run has ended or whose lease ran out."""
        ended = select(m.runs.c.id).where(m.runs.c.status != "running")
        q = (
            select(self.t)
            .where(
                (self.t.c.store == store)
                & (self.t.c.state == "applying")
                & or_(self.t.c.claim_run.is_(None), self.t.c.claim_run.in_(ended), self.t.c.lease_until < _now())
            )
            .order_by(self.t.c.id)
        )
        with self.db.engine.connect() as c:
            return [Queued.of(r).but(recovered=True) for r in c.execute(q).mappings()]

    def release(self, sid: int, run_id: int, actor: str, note: str) -> None:
        """Give a claimed edit back (the person skipped it): approved again, nothing written."""
        with self.db.engine.begin() as c:
            c.execute(
                update(self.t)
                .where((self.t.c.id == sid) & (self.t.c.claim_run == run_id))
                .values(state="approved", claim_run=None, lease_until=None, updated_at=_now())
            )
            self.audit(c, sid, None, actor, "skipped", note=note)

    def finish(
        self,
        sid: int,
        run_id: int,
        state: str,
        actor: str,
        before=None,
        after=None,
        screenshot: str | None = None,
        note: str | None = None,
    ) -> None:
        vals = {"state": state, "claim_run": None, "lease_until": None, "updated_at": _now()}
        if state not in OPEN:
            vals["dedupe_key"] = None
        with self.db.engine.begin() as c:
            c.execute(update(self.t).where((self.t.c.id == sid) & (self.t.c.claim_run == run_id)).values(**vals))
            self.audit(c, sid, None, actor, state, before=before, after=after, screenshot=screenshot, note=note)

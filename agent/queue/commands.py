"""`python -m agent queue list|show|approve|reject|edit|apply`."""
from __future__ import annotations

from ..browser import BrowserManager
from ..cli import EXIT, emit
from ..routines._run import run_routine, worst
from ..stepper import Stepper
from ..storage import Database
from .apply import apply_store
from .store import Queue, who


def _line(s: dict) -> str:
    v = ", ".join(f"{k}={str(x)[:40]}" for k, x in s["value"].items() if k not in ("keywords", "ladder", "base_price"))
    return f"#{s['id']:<4} {s['state']:<9} {s['store']:<10} {s['kind']:<20} {s['target']:<16} {v}  — {s['rationale'][:70]}"


async def cmd_queue(args, settings) -> int:
    db = Database(settings.db_url)
    q = Queue(db)
    if args.qcmd == "list":
        rows = q.list(args.state, args.store, args.kind)
        emit({"suggestions": rows}, args.json)
        if not args.json:
            for s in rows:
                print(_line(s))
            print(f"{len(rows)} suggestions")
        return 0
    if args.qcmd == "show":
        s = q.get(args.id)
        s["audit"] = q.audit_for(args.id)
        emit(s, args.json)
        if not args.json:
            print(_line(s))
            for k in ("rationale", "evidence", "precondition", "value", "approved_by", "approved_at"):
                print(f"  {k}: {s[k]}")
            for a in s["audit"]:
                print(f"  {a['at']:%Y-%m-%d %H:%M:%S} {a['actor']} {a['action']} {a['note'] or ''}")
        return 0
    if args.qcmd in ("approve", "reject"):
        done = getattr(q, args.qcmd)(args.ids, who(args.by))
        print(f"{args.qcmd}d: {', '.join('#%d' % i for i in done)}")
        return 0
    if args.qcmd == "edit":
        value = q.edit(args.id, args.value, who(args.by))
        print(f"#{args.id} value is now {value}")
        return 0
    return await _apply(args, settings, db, q)


async def _apply(args, settings, db: Database, q: Queue) -> int:
    actor = who(args.by)
    q.expire(settings.suggestion_ttl_days)
    names = {s["store"] for s in q.list("approved") + q.list("applying")}
    stores = [settings.store(args.store)] if args.store else [s for s in settings.stores if s.name in names]
    stepper = Stepper(enabled=args.step)
    results = []
    async with BrowserManager(settings, headless=not args.headed) as mgr:
        for st in stores:  # one store at a time: writes are few, and a person may be stepping through
            async def body(run, st=st):
                out = await apply_store(run.ctx, q, actor)
                for state, ids in out.items():
                    run.count(state, len(ids))
                run.details["suggestions"] = out
            results.append(await run_routine("apply", body, settings, st, mgr, db, supervised=args.headed, stepper=stepper))
            if results[-1].status == "stopped":
                break
    status = worst(r.status for r in results)
    emit({"status": status, "results": [r.model_dump() for r in results]}, args.json)
    if not args.json:
        for r in results:
            print(f"{r.store}: apply {r.status} {r.counts}" + (f" — {r.error}" if r.error else ""))
        if not results:
            print("nothing approved to apply")
    return EXIT[status]

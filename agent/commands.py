"""The work behind each CLI command."""
from __future__ import annotations

import asyncio
from pathlib import Path

from . import _logging, settings as settings_mod
from .browser import BrowserManager
from .cli import EXIT, emit
from .errors import ConfigError
from .routines import ROUTINES
from .routines._run import RunResult, run_routine, worst
from .stepper import Stepper
from .storage import Database


def _load(args, **overrides):
    s = settings_mod.load(getattr(args, "config", None), **overrides)
    _logging.setup(s.data_dir, quiet=getattr(args, "quiet", False), json_console=getattr(args, "json", False))
    return s


async def run_many(settings, stores, routine: str, headed: bool = False, manager: BrowserManager | None = None,
                   db: Database | None = None, stepper: Stepper | None = None) -> list[RunResult]:
    """Run one routine for several stores side by side in one browser; one store's failure does
    not stop the others."""
    for st in stores:
        st.secret_password()  # a missing password is a configuration error, before any browser starts
    db = db or Database(settings.db_url)
    sem = asyncio.Semaphore(1 if stepper and stepper.enabled else settings.concurrency)

    async def one(mgr, st):
        async with sem:
            return await run_routine(routine, ROUTINES[routine], settings, st, mgr, db, supervised=headed, stepper=stepper)

    if manager is not None:
        return list(await asyncio.gather(*(one(manager, st) for st in stores)))
    async with BrowserManager(settings, headless=not headed) as mgr:
        return list(await asyncio.gather(*(one(mgr, st) for st in stores)))


async def cmd_run(args) -> int:
    s = _load(args)
    results = await run_many(s, s.selected(args.store), args.routine, headed=args.headed, stepper=Stepper(enabled=args.step))
    status = worst(r.status for r in results)
    if len(results) == 1:
        emit(results[0].model_dump(), args.json)
    else:
        emit({"status": status, "results": [r.model_dump() for r in results]}, args.json)
    if not args.json:
        for r in results:
            print(f"{r.store}: {r.routine} {r.status} {r.counts}" + (f" — {r.error}" if r.error else ""))
    return EXIT[status]


async def cmd_runs(args) -> int:
    s = _load(args)
    if args.limit < 1:
        raise ConfigError("--limit must be 1 or more")
    runs = Database(s.db_url).runs(args.limit)
    for r in runs:
        if r["finished_at"] and r["started_at"]:
            r["duration_s"] = round((r["finished_at"] - r["started_at"]).total_seconds(), 2)
    if args.json:
        emit({"runs": runs}, True)
    else:
        for r in runs:
            print(f"#{r['id']} {r['started_at']:%Y-%m-%d %H:%M:%S} {r['store']} {r['routine']} {r['status']} "
                  f"{r.get('duration_s', '-')}s {r['counts']}" + (f" — {r['error']}" if r["error"] else ""))
    return 0


async def cmd_report(args) -> int:
    from .reports.render import build
    s = _load(args)
    stores = s.selected(args.store)
    out_dir = Path(args.out) if args.out else s.data_dir / "reports"
    if args.out and out_dir.exists() and not out_dir.is_dir():
        raise ConfigError(f"--out {args.out} is a file; give a folder")
    db = Database(s.db_url)
    results = []
    for st in stores:
        try:
            r = build(args.kind, db, st.name, s.lang, out_dir)
        except LookupError as e:
            raise ConfigError(str(e)) from None
        results.append({"store": st.name, "html": r["html"], "xlsx": r["xlsx"]})
        if not args.json:
            print(f"{st.name}: {r['html']}\n{' ' * len(st.name)}  {r['xlsx']}")
    emit({"reports": results}, args.json)
    return 0


async def cmd_schedule(args) -> int:
    from .scheduler import run_schedule
    return await run_schedule(_load(args), once=args.once)


async def cmd_queue(args) -> int:
    from .queue.commands import cmd_queue as queue
    return await queue(args, _load(args))


async def cmd_ui(args) -> int:
    from .ui.server import serve
    if not 1 <= args.port <= 65535:
        raise ConfigError(f"--port must be between 1 and 65535, got {args.port}")
    import socket
    try:
        socket.getaddrinfo(args.host, args.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ConfigError(f"--host {args.host!r} is not an address of this machine; leave it at 127.0.0.1") from None
    if args.token is not None and len(args.token) < 16:
        raise ConfigError("--token must be at least 16 characters (or leave it out to get a random one)")
    return await serve(_load(args), args.host, args.port, args.token)


async def cmd_rank(args) -> int:
    from .routines.rankings import cmd_rank as rank
    return await rank(args, _load)


async def cmd_demo(args) -> int:
    from .demo import run_demo
    if not 0 <= args.port <= 65535:
        raise ConfigError(f"--port must be between 0 and 65535, got {args.port}")
    if not 10 <= args.products <= 50000:
        raise ConfigError(f"--products must be between 10 and 50000, got {args.products}")
    return await run_demo(args)


"""`storeagent schedule`: routines on cron expressions from the config (defaults follow the
seeds), in the configured time zone. APScheduler keeps the timing (persistent job store, coalesced
misfires within a grace time); the Runner runs a job for each store, at most one run per routine and
store at a time, and stops cleanly on SIGTERM. `--once` runs what is due now and exits."""

from __future__ import annotations

import asyncio
import re
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from loguru import logger

from . import sites
from .errors import ConfigError

EVERY = re.compile(r"^every ([1-9][0-9]{0,5})(s|m|h)$")  # an interval instead of a cron expression

DEFAULT_SCHEDULE: dict[str, list[str]] = sites.get(sites.DEFAULT).schedule  # each site's own: agent/sites
REPORTS = ("report:daily", "report:weekly", "report:monthly")
MISFIRE_GRACE = timedelta(minutes=30)
STALE_RUNNING = timedelta(hours=2)


@dataclass
class Job:
    key: str
    crons: list[str]
    trigger: OrTrigger
    site: str = sites.DEFAULT
    stores: list[str] | None = None  # the stores it runs for (None: every store of the runner)
    group: str = ""  # stores with their own times: their names (the job's id tells them apart)

    @property
    def id(self) -> str:
        return f"{self.key}@{self.site}" + (f"@{self.group}" if self.group else "")

    def last_fire(self, now: datetime, grace: timedelta) -> datetime | None:
        """The latest scheduled time in (now - grace, now], if any."""
        t, last = now - grace, None
        prev = None
        while True:
            nxt = self.trigger.get_next_fire_time(prev, t)
            if nxt is None or nxt > now:
                return last
            last, prev, t = nxt, nxt, nxt + timedelta(seconds=1)


def build_jobs(
    schedule: dict[str, list[str]], tz, known: set[str], site: str = sites.DEFAULT, stores: list[str] | None = None
) -> list[Job]:
    """The jobs of one site's stores: the site's default schedule, overridden by the config's
    [schedule] for the routines that site has."""
    for key in schedule:
        if key not in known and key not in REPORTS:
            raise ConfigError(f"schedule.{key}: unknown routine; choose from {', '.join(sorted(known | set(REPORTS)))}")
    own = sites.get(site)
    merged = {**own.schedule, **{k: v for k, v in schedule.items() if k in own.routines or k in REPORTS}}
    jobs = []
    for key, crons in merged.items():
        if not crons:
            continue  # an empty list switches the job off
        triggers = []
        for c in crons:
            every = EVERY.match(c.strip())
            if every:  # 'every 30s|10m|2h'
                from apscheduler.triggers.interval import IntervalTrigger

                n = int(every.group(1)) * {"s": 1, "m": 60, "h": 3600}[every.group(2)]
                triggers.append(IntervalTrigger(seconds=n, timezone=tz))
                continue
            try:
                triggers.append(CronTrigger.from_crontab(c, timezone=tz))
            except ValueError as e:
                raise ConfigError(
                    f"schedule.{key}: bad cron expression {c!r} ({e}); use 'minute hour day month weekday'"
                ) from None
        jobs.append(Job(key, list(crons), OrTrigger(triggers), site, stores))
    return jobs


def site_jobs(settings, known: set[str]) -> list[Job]:
    """Every site's jobs, each for the stores on that site that share a schedule (the settings'
    [schedule] under a store's own [stores.schedule]); a paused store has none."""
    import json

    groups: dict[tuple[str, str], list[str]] = {}
    for st in settings.stores:
        if not st.paused:
            groups.setdefault((st.site, json.dumps(st.schedule, sort_keys=True)), []).append(st.name)
    jobs = []
    for (site, own), names in groups.items():
        for j in build_jobs({**settings.schedule, **json.loads(own)}, settings.tz, known, site, names):
            j.group = ",".join(names) if own != "{}" else ""
            jobs.append(j)
    return jobs


@dataclass
class Runner:
    """Runs due jobs for every store; skips a job whose previous run for that store still runs."""

    execute: Callable[[str, str], Awaitable[str]]  # (job key, store) -> status
    stores: list[str]
    running: set[tuple[str, str]] = field(default_factory=set)
    last: dict[tuple[str, str], datetime] = field(default_factory=dict)
    log: list[tuple[str, str, str]] = field(default_factory=list)  # (job, store, status or 'skipped')
    tasks: set[asyncio.Task] = field(default_factory=set)

    def fire(self, key: str, at: datetime, stores: list[str] | None = None) -> list[asyncio.Task]:
        started = []
        for store in stores if stores is not None else self.stores:
            if (key, store) in self.running:
                logger.warning("{} for {} is still running; this run is skipped", key, store)
                self.log.append((key, store, "skipped"))
                continue
            self.running.add((key, store))
            self.last[(key, store)] = at
            task = asyncio.create_task(self._run(key, store))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
            started.append(task)
        return started

    async def _run(self, key: str, store: str) -> None:
        try:
            status = await self.execute(key, store)
        except Exception as e:  # one job's failure never stops the scheduler
            logger.error("{} for {} failed: {}", key, store, e)
            status = "failed"
        finally:
            self.running.discard((key, store))
        self.log.append((key, store, status))

    def due(
        self,
        jobs: list[Job],
        now: datetime,
        last_run: Callable[[str, str], datetime | None] | None = None,
        grace: timedelta = MISFIRE_GRACE,
    ) -> list[tuple[Job, datetime]]:
        """Jobs with a scheduled time in the grace window that has not run since (any store)."""
        out = []
        for job in jobs:
            t = job.last_fire(now, grace)
            if t is None:
                continue
            for store in job.stores if job.stores is not None else self.stores:
                prev = self.last.get((job.key, store)) or (last_run(job.key, store) if last_run else None)
                if prev is None or prev < t:
                    out.append((job, t))
                    break
        return out

    async def drain(self) -> None:
        if self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)


def job_title(key: str, lang: str) -> str:
    from .pages.titles import routine_title
    from .reports.labels import label

    return label(key.split(":")[1], lang) if key in REPORTS else routine_title(key, lang)


def upcoming(jobs: list[Job], now: datetime, stores: list[str], n: int = 4) -> dict[str, list[tuple[datetime, str]]]:
    """Each store's next `n` runs after `now` (time, job key), soonest first."""
    out: dict[str, list[tuple[datetime, str]]] = {s: [] for s in stores}
    for job in jobs:
        t, prev = now, None
        for _ in range(n):
            nxt = job.trigger.get_next_fire_time(prev, t)
            if nxt is None:
                break
            for store in job.stores if job.stores is not None else stores:
                out.setdefault(store, []).append((nxt, job.key))
            prev, t = nxt, nxt + timedelta(seconds=1)
    return {s: sorted(v)[:n] for s, v in out.items()}


def plan_lines(settings, jobs: list[Job], now: datetime) -> list[str]:
    """What runs next for each store, in the store's time zone, in plain words."""
    zh = settings.lang == "zh"
    lines = [f"接下来（{settings.timezone} 时间）：" if zh else f"Next runs ({settings.timezone} time):"]
    for st in settings.stores:
        runs = upcoming([j for j in jobs if j.stores is None or st.name in j.stores], now, [st.name])[st.name]
        said = (" · " if zh else " · ").join(f"{t:%m-%d %H:%M} {job_title(k, settings.lang)}" for t, k in runs)
        lines.append(f"  {st.shown}{'：' if zh else ': '}{said or ('无' if zh else 'none')}")
    return lines


def ran_lines(settings, log: list[tuple[str, str, str]]) -> list[str]:
    """What `--once` ran, store by store, with how each ended."""
    from .runtime.said import STATUS

    zh = settings.lang == "zh"
    if not log:
        return ["现在没有到时的任务。" if zh else "Nothing is due now."]
    shown = {st.name: st.shown for st in settings.stores}
    lines = ["已运行：" if zh else "Ran:"]
    for key, store, status in log:
        word = STATUS.get(status, (status, status))[0 if zh else 1]
        lines.append(f"  {shown.get(store, store)} · {job_title(key, settings.lang)}{'：' if zh else ': '}{word}")
    return lines


async def run_schedule(app, once: bool = False, say: Callable[[list[str]], None] = lambda lines: None) -> str:
    """Run the schedule through the application API `app`; with `once`, what is due now, then
    return `ok` or `failed` (any due job failed). `say` is given the plain lines a person reads:
    what ran (`--once`) and what runs next for each store."""
    from .routines import ROUTINES

    settings = app.settings
    jobs = site_jobs(settings, set(ROUTINES))
    for st in settings.stores:
        st.secret_password()
    db = app.db
    stores = {s.name: s for s in settings.stores}
    if not stores:
        settings.store(None)  # raises the clear 'no store configured' error

    async with app.browser():

        async def execute(key: str, store: str) -> str:
            # a routine's own lock keeps it from running twice (run_routine); a report is checked here
            if key in REPORTS and await asyncio.to_thread(db.running_elsewhere, store, key, STALE_RUNNING):
                logger.warning("{} for {} is running in another process; skipped", key, store)
                return "skipped"
            if key in REPORTS:
                run_id = await asyncio.to_thread(db.start_run, store, key)
                try:
                    [r] = await app.report(key.split(":")[1], store)
                    await asyncio.to_thread(
                        db.finish_run, run_id, "ok", {}, None, [], [], {"html": r["html"], "xlsx": r["xlsx"]}
                    )
                    return "ok"
                except ConfigError as e:
                    await asyncio.to_thread(db.finish_run, run_id, "failed", {}, str(e), [], [])
                    return "failed"
            [res] = await app.run(key, store)
            return res.status

        runner = Runner(execute, list(stores))
        prune_artifacts(settings)
        if once:
            now = datetime.now(settings.tz)
            for job, at in runner.due(jobs, now, lambda k, s: db.last_started(s, k)):
                runner.fire(job.key, at, job.stores)
            await runner.drain()
            say(ran_lines(settings, runner.log) + plan_lines(settings, jobs, datetime.now(settings.tz)))
            return "ok" if all(st in ("ok", "skipped") for _, _, st in runner.log) else "failed"
        say(plan_lines(settings, jobs, datetime.now(settings.tz)))
        await _serve(settings, jobs, runner)
        return "ok"


async def _serve(settings, jobs: list[Job], runner: Runner) -> int:
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    sched = AsyncIOScheduler(
        timezone=settings.tz,
        jobstores={"default": SQLAlchemyJobStore(url=settings.db_url, tablename="apscheduler_jobs")},
        job_defaults={"coalesce": True, "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()), "max_instances": 1},
    )
    _RUNNERS["current"] = runner
    for job in jobs:
        _JOBS[job.id] = job
        sched.add_job(fire_job, trigger=job.trigger, id=job.id, args=[job.id], replace_existing=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    sched.start()
    for old in sched.get_jobs():  # jobs a former configuration left in the persistent store
        if old.id not in _JOBS:
            sched.remove_job(old.id)
    logger.info("scheduler started: {} jobs for {} stores ({})", len(jobs), len(runner.stores), settings.timezone)
    await stop.wait()
    logger.info("stopping: no new runs; waiting for {} running", len(runner.tasks))
    sched.shutdown(wait=False)
    await runner.drain()
    return 0


_RUNNERS: dict[str, Runner] = {}
_JOBS: dict[str, Job] = {}


def fire_job(job_id: str) -> None:
    """APScheduler's entry point (a module-level function, so the persistent job store can name it)."""
    job = _JOBS.get(job_id)
    if job is None:  # a job kept in the store from an older configuration
        logger.warning("job {} is no longer configured; skipped", job_id)
        return
    _RUNNERS["current"].fire(job.key, datetime.now().astimezone(), job.stores)


def prune_artifacts(settings) -> int:
    """Delete screenshots and traces older than `retention_days`."""
    cutoff = datetime.now().timestamp() - settings.retention_days * 86400
    n = 0
    for kind in ("screenshots", "traces"):
        d = settings.data_dir / kind
        if not d.is_dir():
            continue
        for p in d.iterdir():
            if p.is_file() and p.stat().st_mtime < cutoff:
                p.unlink()
                n += 1
    if n:
        logger.info("pruned {} screenshots/traces older than {} days", n, settings.retention_days)
    return n

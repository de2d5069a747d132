"""The one application API. The CLI, the scheduler, the demo, the review page and the tests all
come through here: run routines for one or many stores, apply approved edits, check rankings,
write reports, read the run history and the queue.

Nothing here prints or knows about exit codes (that is the CLI's business), and heavy libraries
(pandas, SQLAlchemy, matplotlib, Playwright) are imported only by the call that needs them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from .queue.store import Queue
    from .runtime.browser import BrowserManager
    from .runtime.run import RunResult
    from .runtime.stepper import Stepper
    from .settings import Settings, StoreSettings
    from .storage import Database
    from .storage.sql import Sql


class App:
    def __init__(self, settings: "Settings"):
        self.settings = settings
        self._db: "Database | None" = None
        self._browser: "BrowserManager | None" = None
        self.config: str | None = None

    @classmethod
    def load(cls, config: str | None = None, quiet: bool = False, json_console: bool = False, **overrides) -> "App":
        """Settings from the config file, .env and AGENT_ variables; logging set up."""
        from . import _files, _logging
        from .settings import load

        s = load(config, **overrides)
        _files.keep_private(s.data_dir, s.state_dir)
        _logging.setup(s.data_dir, quiet=quiet, json_console=json_console, tz=s.tz)
        app = cls(s)
        app.config = config  # the file read, so a store saved on the review page can be read again with it
        return app

    # ---- resources --------------------------------------------------------------------------------
    def rank_history(self) -> "Sql":
        """Plain SQL on the database for rank snapshots: when it is at the newest migration already,
        neither SQLAlchemy nor Alembic is loaded (a `rank` run's start-up)."""
        if self._db is None:
            from .storage.sql import Sql

            sql = Sql(self.settings.db_url)
            if sql.at_head():
                return sql
        return self.db.sql

    @property
    def db(self) -> "Database":
        if self._db is None:
            from .storage import Database

            self._db = Database(self.settings.db_url)
        return self._db

    @property
    def queue(self) -> "Queue":
        from .queue.store import Queue

        return Queue(self.db)

    @asynccontextmanager
    async def browser(self, headed: bool = False) -> AsyncIterator["BrowserManager"]:
        """One browser for everything run inside the block (several routines, several stores)."""
        if self._browser is not None:
            yield self._browser
            return
        from .runtime.browser import BrowserManager

        async with BrowserManager(self.settings, headed=headed) as mgr:
            self._browser = mgr
            try:
                yield mgr
            finally:
                self._browser = None

    def stores(self, name: str | None = None) -> list["StoreSettings"]:
        """One store by name, or every configured store."""
        return self.settings.selected(name)

    # ---- routines --------------------------------------------------------------------------------
    async def run(
        self, routine: str, store: str | None = None, headed: bool = False, stepper: "Stepper | None" = None
    ) -> list["RunResult"]:
        """Run one routine for one store or all of them, side by side in one browser; one store's
        failure does not stop the others."""
        from . import sites
        from .routines import ROUTINES
        from .runtime.runner import run_routine

        if routine not in ROUTINES:
            raise ConfigError(f"unknown routine {routine!r}; choose from {', '.join(sorted(ROUTINES))}")
        stores = [st for st in self.stores(store) if routine in sites.get(st.site).routines]
        if not stores:  # a routine of the other site: one line naming who has it
            have = " and ".join(sites.get(s).label["en"] for s in ROUTINES[routine])
            who = f"store {store!r} is not" if store else "none of the configured stores is"
            raise ConfigError(f"routine {routine!r} is only for {have} stores and {who}; see 'storeagent run --help'")
        for st in stores:
            st.secret_password()  # a missing password is a configuration error, before any browser starts
        db = self.db
        sem = asyncio.Semaphore(1 if stepper and stepper.enabled else self.settings.concurrency)
        async with self.browser(headed) as mgr:

            async def one(st):
                async with sem:
                    return await run_routine(
                        routine,
                        sites.get(st.site).routine(routine),
                        self.settings,
                        st,
                        mgr,
                        db,
                        stepper=stepper,
                        on_wait=self.code_awaited,
                    )

            results = list(await asyncio.gather(*(one(st) for st in stores)))
        await self.tell(results)
        return results

    async def apply(
        self,
        store: str | None = None,
        actor: str | None = None,
        headed: bool = False,
        stepper: "Stepper | None" = None,
        wait: float = 300.0,
    ) -> list["RunResult"]:
        """Apply the approved edits of one store or of every store that has some, one store at a
        time (a person may be stepping through). Failed edits make that store's run `failed`."""
        from .queue.apply import apply_body
        from .queue.store import who
        from .runtime.runner import run_routine

        actor, queue = who(actor), self.queue
        await asyncio.to_thread(queue.expire, self.settings.suggestion_ttl_days)
        if store:
            stores = self.stores(store)
        else:
            waiting = {
                s.store
                for s in await asyncio.to_thread(lambda: queue.list("approved") + queue.list("applying"))
                if not s.standing
            }
            stores = [s for s in self.settings.stores if s.name in waiting]
        results: list = []
        if not stores:
            return results
        async with self.browser(headed) as mgr:
            for st in stores:
                results.append(
                    await run_routine(
                        "apply",
                        lambda run: apply_body(run, queue, actor, wait),
                        self.settings,
                        st,
                        mgr,
                        self.db,
                        stepper=stepper,
                        on_wait=self.code_awaited,
                    )
                )
                if results[-1].status == "stopped":
                    break
        await self.tell(results)
        return results

    async def login(self, store: str | None = None) -> "RunResult":
        """Sign one store in, in its own browser with a person at the window (the password, then the
        e-mailed code or a QR scan), and prove it on its home screen; the run records until when the
        session is expected to last. Scheduled runs then reuse the login and never type a code."""
        from .routines.login import login
        from .runtime.runner import run_routine

        if store is None and len(self.settings.stores) > 1:
            names = ", ".join(s.name for s in self.settings.stores)
            raise ConfigError(f"login signs in one store at a time: give --store (one of {names})")
        st = self.settings.store(store)
        st.secret_password()  # a missing password is a configuration error, before any browser starts
        async with self.browser(headed=True) as mgr:
            result = await run_routine("login", login, self.settings, st, mgr, self.db)
        await self.tell([result])
        return result

    async def code_awaited(self, run, kind: str = "code", picture: str | None = None) -> None:
        """A run waits for a person — the e-mailed code, or a QR scan (its picture attached): tell the
        channels at once, with the review page's link."""
        from .notify.events import Event
        from .notify.send import dispatch

        st, minutes = run.store, self.settings.code_wait_minutes
        words = {
            "code": (
                f"【等待验证码】{st.shown}：请输入邮件验证码",
                f"站点把 6 位验证码发到了店铺邮箱；{minutes} 分钟内在审核页输入，任务会接着运行",
                f"[Code] {st.shown}: type the e-mailed code",
                f"the site e-mailed a 6-digit code; type it on the review page within {minutes} min",
            ),
            "scan": (
                f"【等待扫码】{st.shown}：请用千牛或手机阿里扫码登录",
                f"二维码见附件和审核页；{minutes} 分钟内扫码，任务会接着运行（二维码约 120 秒有效，过期请在审核页看新的）",
                f"[Scan] {st.shown}: scan the QR code with the phone app",
                f"the QR code is attached and on the review page; scan it within {minutes} min",
            ),
        }[kind]
        e = Event(
            "needs_person",
            st.name,
            f"{kind}:{st.name}:{run.run_id}:{run.site_now().isoformat(timespec='minutes')}",
            {"zh": words[0], "en": words[2]},
            {"zh": words[1], "en": words[3]},
            "/#codes",
            picture,
        )
        await asyncio.to_thread(dispatch, self.settings, self.db, [e])

    async def tell(self, results: list) -> list[dict]:
        """Tell the `[[notify]]` channels what these runs are worth a message for (agent/notify);
        off the event loop, never failing the runs."""
        if not self.settings.notify or not results:
            return []
        from .notify import tell

        return await asyncio.to_thread(tell, self.settings, self.db, results)

    async def notify_test(self, channel: str | None = None) -> list[dict]:
        """A test message to each channel (or one): whether it arrived, in one line each."""
        from .notify.events import Event
        from .notify.send import deliver

        chans = [c for c in self.settings.notify if channel in (None, c.name)]
        if not chans:
            known = ", ".join(c.name for c in self.settings.notify) or "none: add a [[notify]] table"
            raise ConfigError(f"--channel {channel!r}: no such channel; configured: {known}")
        out = []
        for ch in chans:
            url = ch.url()
            if url is None:
                raise ConfigError(
                    f"notify.{ch.name}: no URL; set the environment variable {ch.url_env or '(url_env)'} "
                    f"or run 'keyring set storeagent notify:{ch.name}'"
                )
            e = Event("test", None, "test", {"zh": "【测试】店铺助手通知", "en": "[Test] store agent notification"})
            title = e.title[ch.lang]
            body = "收到这条消息，说明通知渠道已接通。" if ch.lang == "zh" else "This channel works."
            ok, why = await asyncio.to_thread(deliver, url, title, body)
            out.append({"channel": ch.name, "arrived": ok, "error": why})
        return out

    def health(self, store: str | None = None) -> list:
        """Each store's login health (agent/health.py): mode, signed in or not, last proven, expiry,
        last run."""
        from .health import store_health

        return [store_health(self.db, st) for st in self.stores(store)]

    # ---- rankings, reports, history ----------------------------------------------------------------
    async def rank(self, keywords: list[str], pages: int, store: str | None = None, country: str = "") -> dict:
        """A ranking snapshot of the store's own products for these keywords (or its tracked ones)."""
        from .routines.rankings import collect, distinct_keywords

        st = self.settings.store(store)
        keywords = distinct_keywords(keywords or st.tracked_keywords)
        if not keywords:
            raise ConfigError("no keywords: give --keyword, --keywords-file, or tracked_keywords in the store's config")
        history = self.rank_history()
        async with self.browser() as mgr:
            return await collect(self.settings, st, mgr, history, keywords, pages, country, pacer=mgr.pacer(st))

    async def report(self, kind: str, store: str | None = None, out: Path | None = None) -> list[dict]:
        """Write the report (HTML and Excel) for one store or each store; built off the event loop."""
        from .reports.render import build

        if out is not None and out.exists() and not out.is_dir():
            raise ConfigError(f"--out {out} is a file; give a folder")
        out_dir = out or self.settings.data_dir / "reports"
        results = []
        for st in self.stores(store):
            try:
                r = await asyncio.to_thread(
                    build,
                    kind,
                    self.db,
                    st.name,
                    self.settings.lang,
                    out_dir,
                    st.site,
                    self.settings.timezone,
                    st.thresholds,
                    st.shown,
                )
            except LookupError as e:
                raise ConfigError(str(e)) from None
            results.append({"store": st.name, "html": r["html"], "xlsx": r["xlsx"]})
            if self.settings.notify:  # its summary to the channels that want reports, the Excel attached
                from .notify.events import report_written
                from .notify.send import dispatch

                await asyncio.to_thread(dispatch, self.settings, self.db, report_written(st, kind, r))
        return results

    def runs(self, limit: int = 20) -> list[dict]:
        if limit < 1:
            raise ConfigError("--limit must be 1 or more")
        runs = self.db.runs(limit)
        for r in runs:
            if r["finished_at"] and r["started_at"]:
                r["duration_s"] = round((r["finished_at"] - r["started_at"]).total_seconds(), 2)
        return runs

"""What every worker does besides running jobs, every `heartbeat_seconds`: say it is alive; raise
an alert for a worker gone silent (its stores wait, named) and for one back again; and, as a
standby, start consuming a silent worker's stores' queues once `standby_after_seconds` have
passed — and stop once that worker is back."""

from __future__ import annotations

import os
import socket
import threading

from loguru import logger

from .._time import local_time
from . import _store
from ._celery import queue_of
from .ownership import alive, owner, silent_for


class Watch:
    def __init__(self, ctx, app, hostname: str, concurrency: int):
        self.ctx, self.app, self.hostname, self.concurrency = ctx, app, hostname, concurrency
        self.adopted: set[str] = set()  # stores whose queues this worker consumes as their standby
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="fleet-watch", daemon=True)

    @property
    def own_stores(self) -> list[str]:
        return [s.name for s in self.ctx.settings.stores if s.worker == self.ctx.worker]

    def start(self) -> None:
        self.beat()
        _store.started(self.ctx.db, self.ctx.worker)
        self.thread.start()

    def beat(self) -> None:
        _store.heartbeat(
            self.ctx.db, self.ctx.worker, socket.gethostname(), os.getpid(), self.concurrency, self.own_stores
        )

    def _loop(self) -> None:
        every = self.ctx.settings.fleet.heartbeat_seconds
        while not self.stop.wait(every):
            try:
                self.beat()
                self.look()
            except Exception as e:  # the database or the broker is away for a moment: the next round tries again
                logger.warning("fleet watch: {}", e)

    def alert(
        self, kind: str, title: dict, body: dict, key: str, store: str | None = None, worker: str | None = None
    ) -> None:
        """Record a fleet alert once (its key) and, the first time, tell the channels that want `fleet`."""
        ctx = self.ctx
        if not _store.event(ctx.db, kind, f"{title['zh']}：{body['zh']} · {body['en']}", store, worker, key):
            return
        from ..notify.events import fleet_alert
        from ..notify.send import dispatch

        dispatch(ctx.settings, ctx.db, [fleet_alert(key, title, body, store)])  # never raises

    def look(self) -> None:
        ctx, f = self.ctx, self.ctx.settings.fleet
        db, now = ctx.db, _store.now()
        workers = _store.workers(db)
        for name, w in workers.items():
            if name == ctx.worker:
                continue
            stores = [s.name for s in ctx.settings.stores if s.worker == name]
            if not alive(w, now, f.dead_after_seconds):
                since = local_time(w["heartbeat_at"], ctx.settings.tz, seconds=True)
                shown = [ctx.settings.store(x).shown for x in stores]
                self.alert(
                    "worker_silent",
                    {"zh": f"【机器无心跳】{name}", "en": f"[Fleet] worker {name} is silent"},
                    {
                        "zh": f"机器 {name} 自 {since} 起无心跳，其店铺（{'、'.join(shown) or '无'}）"
                        "等待它恢复或由备用机器接管；请检查这台机器",
                        "en": f"worker {name} silent since {since}: its stores ({', '.join(shown) or 'none'}) wait "
                        "for it or its standby; check the machine",
                    },
                    worker=name,
                    key=f"silent:{name}:{w['heartbeat_at'].isoformat()}",
                )
        for st in ctx.settings.stores:
            if st.standby != ctx.worker:
                continue
            who = owner(st, workers, now, f, _store.signed_in_on(db, st.name))
            q = queue_of(st.name)
            if who.why == "standby_not_signed_in":
                self.alert(
                    "standby_needs_login",
                    {
                        "zh": f"【备用机器需要登录】{st.shown}：机器 {st.worker} 无心跳",
                        "en": f"[Fleet] {st.shown}: worker {st.worker} is silent and its standby is not signed in",
                    },
                    {
                        "zh": f"它的登录在那台机器的浏览器里，备用机器 {ctx.worker} 上还没有人登录过，不会自行输入验证码。"
                        f"请在 {ctx.worker} 上运行 storeagent login --store {st.name} --worker {ctx.worker}",
                        "en": f"its login lives in that machine's browser; nobody has signed it in on standby "
                        f"{ctx.worker}, which never types a code itself: run storeagent login --store {st.name} "
                        f"--worker {ctx.worker} there",
                    },
                    store=st.name,
                    worker=ctx.worker,
                    key=f"needs-login:{st.name}:{workers[st.worker]['heartbeat_at'].isoformat()}",
                )
            if who.worker == ctx.worker and st.name not in self.adopted:
                self.app.control.add_consumer(q, destination=[self.hostname], reply=True, timeout=5)
                self.adopted.add(st.name)
                silent = silent_for(workers.get(st.worker), now)
                _store.event(
                    db,
                    "standby_took_over",
                    f"店铺 {st.name}：机器 {st.worker} 已 {silent:.0f} 秒无心跳，由备用机器 {ctx.worker} 接管 · "
                    f"store {st.name}: worker {st.worker} silent for {silent:.0f} s; its standby {ctx.worker} runs it now",
                    store=st.name,
                    worker=ctx.worker,
                    key=f"standby:{st.name}:{workers[st.worker]['heartbeat_at'].isoformat()}",
                )
            elif who.worker != ctx.worker and st.name in self.adopted:
                self.app.control.cancel_consumer(q, destination=[self.hostname], reply=True, timeout=5)
                self.adopted.discard(st.name)
                _store.event(
                    db,
                    "worker_back",
                    f"店铺 {st.name}：机器 {st.worker} 已恢复，店铺回到原机器 · "
                    f"store {st.name}: worker {st.worker} is back; it runs the store again",
                    store=st.name,
                    worker=st.worker,
                    key=f"back:{st.name}:{_store.now().isoformat()}",
                )

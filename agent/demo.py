"""`make demo`: start the sandbox in a child process and run two stores side by side against it —
an Alibaba.com store and a 1688 store — each with its site's daily set (keepalive, inquiries,
metrics, rankings, diagnose), write each one's daily report, fill the queue, and print a short
summary of both. The agent reaches the sandbox only over HTTP, as it would the real sites."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from . import _logging
from .app import App
from .queue.store import Queue
from .settings import Settings, StoreSettings

READY = re.compile(r"sandbox ready at (\S+) .*company (\d+); 1688 login (\S+), member (\S+),")
DAILY = ("keepalive", "inquiries", "customers", "metrics", "rankings", "diagnose")  # customers: Alibaba.com stores only


def sandbox_command(port: int, products: int, password: str, token: str) -> tuple[list[str], dict]:
    """The sandbox's command line and environment. Secrets go in the environment (a command line
    is visible to every user in `ps`); values on the command line go as --name=value."""
    argv = [sys.executable, "-m", "sandbox", "serve", f"--port={port}", f"--products={products}"]
    return argv, dict(os.environ, PYTHONUNBUFFERED="1", SANDBOX_PASSWORD=password, SANDBOX_STATE_TOKEN=token)


async def start_sandbox(
    port: int, products: int, password: str
) -> tuple[asyncio.subprocess.Process, str, str, str, str]:
    argv, env = sandbox_command(port, products, password, secrets.token_urlsafe(16))
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=env
    )
    lines: list[str] = []
    assert proc.stdout is not None  # piped above
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        if not line:
            raise RuntimeError("sandbox did not start: " + "".join(lines[-10:]))
        lines.append(line)
        m = READY.search(line)
        if m:
            return proc, m.group(1), m.group(2), m.group(3), m.group(4)


def demo_settings(url: str, company: str, data_dir: Path, cbu_login: str = "", member: str = "") -> Settings:
    stores = [
        StoreSettings(
            name="demo",
            base_url=url,
            search_url=url + "/trade/search?SearchText={keyword}&page={page}",
            company_id=company,
            username="demo@sandbox.test",
            password_env="AGENT_DEMO_PASSWORD",
            tracked_keywords=["bluetooth speaker", "power bank", "smart watch"],
        )
    ]
    if member:
        stores.append(
            StoreSettings(
                name="demo1688",
                site="1688",
                base_url=url,
                company_id=member,
                username=cbu_login,
                password_env="AGENT_DEMO_PASSWORD",
                search_url=url + "/selloffer/offer_search.htm?keywords={keyword}&beginPage={page}",
                tracked_keywords=["蓝牙音箱", "跨境灯具", "充电宝"],
            )
        )
    return Settings(data_dir=data_dir, state_dir=data_dir / "state", rank_pages=3, stores=stores)


async def run_demo(port: int, products: int, quiet: bool = False) -> str:
    """Returns `ok` when every routine of the daily set ended ok, else `failed`."""
    password = secrets.token_urlsafe(12)
    console = Console(stderr=False, quiet=quiet, soft_wrap=True)  # paths stay whole, copyable
    proc, url, company, cbu_login, member = await start_sandbox(port, products, password)
    try:
        os.environ["AGENT_DEMO_PASSWORD"] = password
        settings = demo_settings(url, company, Path(os.environ.get("AGENT_DATA_DIR", "data/demo")), cbu_login, member)
        _logging.setup(settings.data_dir, quiet=True)
        console.print(
            f"sandbox running at {url}: Alibaba.com store (login demo@sandbox.test, company {company}, "
            f"{products} products) and 1688 store (login {cbu_login}, member {member})"
        )
        app = App(settings)
        results: dict[str, dict] = {st.name: {} for st in settings.stores}
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            disable=quiet,
        ) as bar:
            task = bar.add_task("daily routines", total=len(DAILY) + 1)
            async with app.browser():
                for routine in DAILY:  # both stores side by side in one browser
                    bar.update(task, description=f"running {routine} (both stores)")
                    for res in await app.run(routine):
                        results[res.store][routine] = res
                    bar.advance(task)
            bar.update(task, description="writing the daily reports")
            reports = {r["store"]: r for r in await app.report("daily")}
            bar.advance(task)
            bar.update(task, description="done")
        summarise(console, results["demo"], reports["demo"], app.queue, settings)
        summarise_1688(console, results["demo1688"], reports["demo1688"], app.queue)
        console.print(
            f"\nreview page (both stores): AGENT_DATA_DIR={settings.data_dir} python -m agent ui   (then open the printed link)"
        )
        console.print(
            f"queue on the command line: AGENT_DATA_DIR={settings.data_dir} python -m agent queue list --state proposed"
        )
        return "ok" if all(r.status == "ok" for st in results.values() for r in st.values()) else "failed"
    finally:
        proc.terminate()
        await proc.wait()


def waiting(console: Console, queue: Queue, store: str) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for s in queue.list("proposed", store=store):
        kinds[s.kind] = kinds.get(s.kind, 0) + 1
    console.print(
        f"\n[bold]{sum(kinds.values())} suggestions wait for approval[/bold]: "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    )
    return kinds


def metrics_line(res) -> str:
    """What the metrics run read — or, on a second demo the same day, what an earlier run stored."""
    md = res.details
    m = {**res.counts, **md.get("stored", {})}
    again = " (already read today: stored by an earlier run, not read again)" if md.get("resumed") else ""
    return (
        f"  数据管家 {md.get('date')}: overview, {m.get('products', 0)} products, {m.get('p4p_keywords', 0)} P4P keywords, "
        f"{m.get('traffic_keywords', 0)} traffic keywords, {m.get('traffic_sources', 0)} traffic sources{again}"
    )


def summarise(console: Console, results: dict, report: dict, queue: Queue, settings: Settings) -> None:
    c = {k: r.counts for k, r in results.items()}
    console.print("\n[bold]Alibaba.com store 'demo' — what it read[/bold]")
    console.print(metrics_line(results["metrics"]))
    i = c.get("inquiries", {})
    console.print(
        f"  {i.get('inquiries', 0)} inquiries and {i.get('tm_messages', 0)} TM messages; {i.get('unreplied', 0)} unreplied, "
        f"{i.get('over_2h', 0)} of them over {settings.stores[0].thresholds.reply_hours:g} hours"
    )
    r = c.get("rankings", {})
    console.print(
        f"  rankings: {r.get('keywords', 0)} keywords, {r.get('pages', 0)} result pages, {r.get('found', 0)} own placements, "
        f"{r.get('double_ranking', 0)} double rankings, {r.get('alerts', 0)} alerts"
    )
    console.print(f"  keepalive visited {c.get('keepalive', {}).get('pages_visited', 0)} activity pages")
    cu = results["customers"]
    console.print(
        f"  客户管理: {cu.counts.get('customers', 0)} customers, {cu.counts.get('name_cards_yesterday', 0)} business cards "
        f"yesterday, {cu.counts.get('queued', 0)} new buyers to add, {len(cu.details.get('revisit', []))} to revisit, "
        f"{len(cu.details.get('follow_up', []))} inquiries to follow up"
    )
    dd = results["diagnose"].details
    for p in dd.get("shop_visits", []):
        if p["page_type"] == "all":
            console.print(
                f"  店铺访问详情 (7 days): {p['visitors']} visitors, {p['avg_stay_s']:.0f} s average stay, "
                f"{p['pages_per_visit']} pages a visit"
            )
    for t in dd.get("top_display", []):
        console.print(escape(f"  顶级展位 '{t['keyword']}': {t['clicks']} clicks, {t['inquiries']} inquiries"))
    console.print("\n[bold]what it found[/bold]")
    rep = results["diagnose"].details.get("report", {})
    for f in rep.get("findings", [])[:8]:
        console.print(escape(f"  [{f['severity']}] {f['message']}"))
    waiting(console, queue, "demo")
    for k, res in results.items():
        if res.status != "ok":
            console.print("  [red]" + escape(f"{k}: {res.status} — {res.error}") + "[/red]")
    console.print(f"\nreport: {report['html']}\n        {report['xlsx']}")


def summarise_1688(console: Console, results: dict, report: dict, queue: Queue) -> None:
    c = {k: r.counts for k, r in results.items()}
    d = results["metrics"].details
    console.print("\n[bold]1688 store 'demo1688' — what it read[/bold]")
    console.print(
        f"  生意参谋 {d.get('date')}: {c['metrics'].get('sycm_days', 0)} days stored, free visitors {d.get('free_uv')}, "
        f"paid visitors {d.get('paid_uv')}; 网销宝 {c['metrics'].get('wxb_keywords', 0)} keywords"
    )
    if d.get("resumed"):
        console.print(f"  (already stored for that day, not read again: {', '.join(d['resumed'])})")
    i = c.get("inquiries", {})
    console.print(f"  {i.get('inquiries', 0)} 询价, {i.get('unreplied', 0)} unreplied")
    r = c.get("rankings", {})
    console.print(
        f"  rankings: {r.get('keywords', 0)} keywords, {r.get('pages', 0)} result pages, {r.get('found', 0)} own placements "
        "(organic and 网销宝)"
    )
    k = results["keepalive"].details
    console.print(f"  工作台: 旺铺评分 {k.get('shop_score')}, {k.get('unread')} unread messages")
    console.print("\n[bold]what it found[/bold]")
    for f in results["diagnose"].details.get("report", {}).get("findings", [])[:10]:
        console.print(escape(f"  [{f['severity']}] {f['message']}"))
    kinds = waiting(console, queue, "demo1688")
    if "republish_plan" in kinds:
        console.print(
            "  approve the re-publish plan once; `python -m agent schedule` then re-publishes every offer on sale once a day "
            "in four rounds (pause or revoke it in the queue)"
        )
    for name, res in results.items():
        if res.status != "ok":
            console.print("  [red]" + escape(f"{name}: {res.status} — {res.error}") + "[/red]")
    console.print(f"\nreport: {report['html']}\n        {report['xlsx']}")

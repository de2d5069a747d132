"""`make demo`: start the sandbox in a child process, run the daily routine set headless against it
(keepalive, inquiries, metrics, rankings, diagnose), write the daily report, fill the queue, and
print a short summary. The agent reaches the sandbox only over HTTP, as it would the real site."""
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

READY = re.compile(r"sandbox ready at (\S+) .*company (\d+)")
DAILY = ("keepalive", "inquiries", "metrics", "rankings", "diagnose")


def sandbox_command(port: int, products: int, password: str, token: str) -> tuple[list[str], dict]:
    """The sandbox's command line and environment. Secrets go in the environment (a command line
    is visible to every user in `ps`); values on the command line go as --name=value."""
    argv = [sys.executable, "-m", "sandbox", "serve", f"--port={port}", f"--products={products}"]
    return argv, dict(os.environ, PYTHONUNBUFFERED="1", SANDBOX_PASSWORD=password, SANDBOX_STATE_TOKEN=token)


async def start_sandbox(port: int, products: int, password: str) -> tuple[asyncio.subprocess.Process, str, str]:
    argv, env = sandbox_command(port, products, password, secrets.token_urlsafe(16))
    proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=env)
    lines = []
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        if not line:
            raise RuntimeError("sandbox did not start: " + "".join(lines[-10:]))
        lines.append(line)
        m = READY.search(line)
        if m:
            return proc, m.group(1), m.group(2)


def demo_settings(url: str, company: str, data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, state_dir=data_dir / "state", rank_pages=3, stores=[StoreSettings(
        name="demo", base_url=url, search_url=url + "/trade/search?SearchText={keyword}&page={page}", company_id=company,
        username="demo@sandbox.test", password_env="AGENT_DEMO_PASSWORD",
        tracked_keywords=["bluetooth speaker", "power bank", "smart watch"])])


async def run_demo(port: int, products: int, quiet: bool = False) -> str:
    """Returns `ok` when every routine of the daily set ended ok, else `failed`."""
    password = secrets.token_urlsafe(12)
    console = Console(stderr=False, quiet=quiet, soft_wrap=True)  # paths stay whole, copyable
    proc, url, company = await start_sandbox(port, products, password)
    try:
        os.environ["AGENT_DEMO_PASSWORD"] = password
        settings = demo_settings(url, company, Path(os.environ.get("AGENT_DATA_DIR", "data/demo")))
        _logging.setup(settings.data_dir, quiet=True)
        console.print(f"sandbox running at {url} (login demo@sandbox.test, company {company}, {products} products)")
        app = App(settings)
        results = {}
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=console, transient=False, disable=quiet) as bar:
            task = bar.add_task("daily routines", total=len(DAILY) + 1)
            async with app.browser():
                for routine in DAILY:
                    bar.update(task, description=f"running {routine}")
                    [results[routine]] = await app.run(routine)
                    bar.advance(task)
            bar.update(task, description="writing the daily report")
            [report] = await app.report("daily", "demo")
            bar.advance(task)
            bar.update(task, description="done")
        summarise(console, results, report, app.queue, settings)
        return "ok" if all(r.status == "ok" for r in results.values()) else "failed"
    finally:
        proc.terminate()
        await proc.wait()


def summarise(console: Console, results: dict, report: dict, queue: Queue, settings: Settings) -> None:
    c = {k: r.counts for k, r in results.items()}
    console.print("\n[bold]what it read[/bold]")
    m = c.get("metrics", {})
    console.print(f"  数据管家 {results['metrics'].details.get('date')}: overview, {m.get('products', 0)} products, "
                  f"{m.get('p4p_keywords', 0)} P4P keywords, {m.get('traffic_keywords', 0)} traffic keywords, {m.get('traffic_sources', 0)} traffic sources")
    if results["metrics"].details.get("resumed"):   # a second demo the same day: those tables were read by the first
        console.print(f"  (already stored for that day, not read again: {', '.join(results['metrics'].details['resumed'])})")
    i = c.get("inquiries", {})
    console.print(f"  {i.get('inquiries', 0)} inquiries and {i.get('tm_messages', 0)} TM messages; {i.get('unreplied', 0)} unreplied, "
                  f"{i.get('over_2h', 0)} of them over 2 hours")
    r = c.get("rankings", {})
    console.print(f"  rankings: {r.get('keywords', 0)} keywords, {r.get('pages', 0)} result pages, {r.get('found', 0)} own placements, "
                  f"{r.get('double_ranking', 0)} double rankings, {r.get('alerts', 0)} alerts")
    console.print(f"  keepalive visited {c.get('keepalive', {}).get('pages_visited', 0)} activity pages")
    console.print("\n[bold]what it found[/bold]")
    rep = results["diagnose"].details.get("report", {})
    for f in rep.get("findings", [])[:8]:
        console.print(escape(f"  [{f['severity']}] {f['message']}"))
    waiting = queue.list("proposed", store="demo")
    kinds: dict[str, int] = {}
    for s in waiting:
        kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
    console.print(f"\n[bold]{len(waiting)} suggestions wait for approval[/bold]: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    for k, res in results.items():
        if res.status != "ok":
            console.print("  [red]" + escape(f"{k}: {res.status} — {res.error}") + "[/red]")
    console.print(f"\nreport: {report['html']}\n        {report['xlsx']}")
    console.print(f"review page: AGENT_DATA_DIR={settings.data_dir} python -m agent ui   (then open the printed link)")
    console.print(f"queue on the command line: AGENT_DATA_DIR={settings.data_dir} python -m agent queue list --state proposed")

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
from importlib import import_module
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from . import _logging, sites
from .app import App
from .queue.store import Queue
from .settings import Settings

READY = re.compile(r"sandbox ready at (\S+) ")
DAILY = ("keepalive", "inquiries", "customers", "metrics", "rankings", "diagnose")  # a store runs those its site has


def sandbox_command(port: int, products: int, password: str, token: str) -> tuple[list[str], dict]:
    """The sandbox's command line and environment. Secrets go in the environment (a command line
    is visible to every user in `ps`); values on the command line go as --name=value."""
    argv = [sys.executable, "-m", "sandbox", "serve", f"--port={port}", f"--products={products}"]
    return argv, dict(os.environ, PYTHONUNBUFFERED="1", SANDBOX_PASSWORD=password, SANDBOX_STATE_TOKEN=token)


async def start_sandbox(port: int, products: int, password: str) -> tuple[asyncio.subprocess.Process, str, str]:
    """The sandbox process, its URL and its ready line (what each site's demo store reads its login from)."""
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
            return proc, m.group(1), line


def demo_settings(url: str, ready: str, data_dir: Path) -> Settings:
    """One demo store per site, each made by its site from the sandbox's ready line (logins, ids)."""
    stores = [s for name in sites.SITES if (s := _demo(name).store(url, ready)) is not None]
    return Settings(data_dir=data_dir, state_dir=data_dir / "state", rank_pages=3, stores=stores)


def _demo(site: str):
    return import_module(sites.get(site).demo)


async def run_demo(port: int, products: int, quiet: bool = False) -> str:
    """Returns `ok` when every routine of the daily set ended ok, else `failed`."""
    password = secrets.token_urlsafe(12)
    console = Console(stderr=False, quiet=quiet, soft_wrap=True)  # paths stay whole, copyable
    proc, url, ready = await start_sandbox(port, products, password)
    try:
        os.environ["AGENT_DEMO_PASSWORD"] = password
        settings = demo_settings(url, ready, Path(os.environ.get("AGENT_DATA_DIR", "data/demo")))
        _logging.setup(settings.data_dir, quiet=True)
        console.print(
            f"sandbox running at {url} ({products} products): "
            + ", ".join(
                f"{sites.get(s.site).label['en']} store '{s.name}' (login {s.username}, id {s.company_id})"
                for s in settings.stores
            )
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
        for st in settings.stores:  # each in its site's words
            _demo(st.site).summarise(console, results[st.name], reports[st.name], app.queue, st)
        console.print(
            f"\nreview page (both stores): AGENT_DATA_DIR={settings.data_dir} storeagent ui   (then open the printed link)"
        )
        console.print(
            f"queue on the command line: AGENT_DATA_DIR={settings.data_dir} storeagent queue list --state proposed"
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

"""`make demo`: start the sandbox in a child process, run the daily routines headless against it,
print a short summary. The agent reaches the sandbox only over HTTP, as it would the real site."""
from __future__ import annotations

import asyncio
import os
import re
import secrets
import sys
from pathlib import Path

from . import _logging
from .browser import BrowserManager
from .commands import run_many
from .settings import Settings, StoreSettings
from .storage import Database

READY = re.compile(r"sandbox ready at (\S+) .*company (\d+)")
DAILY = ("keepalive", "inquiries", "metrics")


async def start_sandbox(port: int, products: int, password: str) -> tuple[asyncio.subprocess.Process, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "sandbox", "serve", "--port", str(port), "--products", str(products),
        "--password", password, "--state-token", secrets.token_urlsafe(16),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    lines = []
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        if not line:
            raise RuntimeError("sandbox did not start: " + "".join(lines[-10:]))
        lines.append(line)
        m = READY.search(line)
        if m:
            return proc, m.group(1), m.group(2)


async def run_demo(args) -> int:
    password = secrets.token_urlsafe(12)
    proc, url, company = await start_sandbox(args.port, args.products, password)
    try:
        os.environ["AGENT_DEMO_PASSWORD"] = password
        data_dir = Path(os.environ.get("AGENT_DATA_DIR", "data/demo"))
        settings = Settings(data_dir=data_dir, stores=[StoreSettings(
            name="demo", base_url=url, search_url=url + "/trade/search?SearchText={keyword}&page={page}",
            company_id=company, username="demo@sandbox.test", password_env="AGENT_DEMO_PASSWORD",
            tracked_keywords=["bluetooth speaker", "power bank", "smart watch"])])
        _logging.setup(settings.data_dir, quiet=args.quiet)
        print(f"sandbox running at {url} (login demo@sandbox.test; company {company})")
        db = Database(settings.db_url)
        results = []
        async with BrowserManager(settings) as mgr:
            for routine in DAILY:
                results += await run_many(settings, settings.stores, routine, manager=mgr, db=db)
        print("\nsummary")
        for r in results:
            line = f"  {r.routine:<10} {r.status:<12} " + ", ".join(f"{k} {v}" for k, v in r.counts.items())
            print(line + (f"  ({r.error})" if r.error else ""))
        inq = next((r for r in results if r.routine == "inquiries"), None)
        if inq and inq.details.get("over_2h"):
            print(f"  {len(inq.details['over_2h'])} inquiries wait for a reply for more than 2 hours, oldest:")
            for o in inq.details["over_2h"][:3]:
                print(f"    #{o['id']} {o['buyer']} ({o['country']}) {o['age_hours']} h, buyer local time {o['buyer_local_time']}")
        print(f"\ndata in {settings.data_dir} (database {settings.db_url})")
        return 0 if all(r.status == "ok" for r in results) else 1
    finally:
        proc.terminate()
        await proc.wait()

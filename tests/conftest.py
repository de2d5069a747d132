"""Fixtures: a sandbox started on a free port in a child process, and real headless Chromium."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import threading
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller
from playwright.async_api import async_playwright

from agent.runtime.chromium import launch_options
from sandbox.launcher import SandboxProcess


@pytest.fixture(scope="session")
def sandbox():
    """Shared read-mostly sandbox with 2,000 products. Tests that write use `fresh_sandbox`."""
    with SandboxProcess(products=2000, seed=11) as sb:
        yield sb


@pytest.fixture
def fresh_sandbox():
    with SandboxProcess(products=120, seed=5) as sb:
        yield sb


@pytest.fixture
def make_sandbox():
    started = []

    def make(**kw) -> SandboxProcess:
        sb = SandboxProcess(**kw).start()
        started.append(sb)
        return sb

    yield make
    for sb in started:
        sb.stop()


@pytest.fixture(scope="session")
async def browser():
    async with async_playwright() as pw:
        b = await pw.chromium.launch(**launch_options(pw))
        yield b
        await b.close()


@pytest.fixture
async def page(browser):
    ctx = await browser.new_context()
    p = await ctx.new_page()
    yield p
    await ctx.close()


async def login(page, sb) -> None:
    await page.goto(sb.url + "/index.htm")
    await page.fill("#fm-login-id", sb.username)
    await page.fill("#fm-login-password", sb.password)
    await page.click("#fm-login-submit")
    await page.wait_for_url("**/index.htm")


RETRY_BACKOFF = (
    0.02  # seconds after a transient fault (the default is 0.2): the sandbox's faults are not a real site's load
)
DOM_WAIT = 0.6  # the sandbox draws a page's own table at once; a real page gets the default 2 s
EVIDENCE = 4  # evidence pictures per run in most tests (the default is 60; the evidence tests ask for more)


def agent_settings(sb, tmp_path, name: str = "shop", **kw):
    """Agent settings pointing at a sandbox, with data and login state in the test's own folders."""
    from pydantic import SecretStr as Secret

    from agent.settings import Settings, StoreSettings

    store_kw = {k: kw.pop(k) for k in list(kw) if k in set(StoreSettings.model_fields)}
    store = StoreSettings(
        name=name,
        base_url=sb.url,
        search_url=sb.url + "/trade/search?SearchText={keyword}&page={page}",
        company_id=sb.state()["company_id"],
        username=sb.username,
        password=Secret(sb.password),
        **store_kw,
    )
    base = {
        "data_dir": tmp_path / "data",
        "state_dir": tmp_path / "state",
        "challenge_backoff": 0.05,
        "challenge_retries": 1,
        "retry_backoff": RETRY_BACKOFF,
        "dom_wait": DOM_WAIT,
        "evidence_screenshots": EVIDENCE,
    }
    return Settings(stores=[store], **{**base, **kw})


async def run_agent(settings, routine: str, body=None, store=None):
    """Run one routine (or a custom body) for the settings' first store; returns the RunResult."""
    from agent.routines import load
    from agent.runtime.browser import BrowserManager
    from agent.runtime.runner import run_routine
    from agent.storage import Database

    db = Database(settings.db_url)
    store = store or settings.stores[0]
    async with BrowserManager(settings) as mgr:
        return await run_routine(routine, body or load(routine, store.site), settings, store, mgr, db)


def cbu_settings(sb, tmp_path, name: str = "cbu", **kw):
    """Agent settings for the sandbox's 1688 store."""
    from pydantic import SecretStr as Secret

    from agent.settings import Settings, StoreSettings

    store_kw = {k: kw.pop(k) for k in list(kw) if k in set(StoreSettings.model_fields)}
    store = StoreSettings(
        name=name,
        site="1688",
        base_url=sb.url,
        search_url=sb.url + "/selloffer/offer_search.htm?keywords={keyword}&beginPage={page}",
        company_id=sb.state()["cbu"]["member_id"],
        username=sb.cbu_username,
        password=Secret(sb.password),
        **store_kw,
    )
    base = {
        "data_dir": tmp_path / "data",
        "state_dir": tmp_path / "state",
        "challenge_backoff": 0.05,
        "challenge_retries": 1,
        "retry_backoff": RETRY_BACKOFF,
        "dom_wait": DOM_WAIT,
        "evidence_screenshots": EVIDENCE,
    }
    return Settings(stores=[store], **{**base, **kw})


def driver(settings, mgr, store=None):
    """A driver for page objects outside any recorded run (tests that call screens directly)."""
    from agent.runtime.run import Run

    return Run.standalone(settings, store or settings.stores[0], mgr, "test").driver


def config_toml(sb, **extra) -> str:
    """A config file for the CLI pointing at a sandbox; the password comes from SHOP_PASSWORD."""
    lines = [
        f"{k} = {v!r}".replace("'", '"') if not isinstance(v, bool) else f"{k} = {str(v).lower()}"
        for k, v in extra.items()
    ]
    return (
        "\n".join(
            lines
            + [
                "challenge_retries = 1",
                "challenge_backoff = 0.05",
                f"retry_backoff = {RETRY_BACKOFF}",
                f"dom_wait = {DOM_WAIT}",
                "[[stores]]",
                'name = "shop"',
                f'base_url = "{sb.url}"',
                f'search_url = "{sb.url}/trade/search?SearchText={{keyword}}&page={{page}}"',
                f'company_id = "{sb.state()["company_id"]}"',
                f'username = "{sb.username}"',
                'password_env = "SHOP_PASSWORD"',
            ]
        )
        + "\n"
    )


def watched_browser(settings):
    """A browser for a run a person watches (`headed`: challenges handed over, elements outlined),
    rendered headless because test machines have no display."""
    from contextlib import asynccontextmanager

    import agent.runtime.browser as browser_mod

    @asynccontextmanager
    async def cm():
        real = browser_mod.launch_options
        browser_mod.launch_options = lambda pw, exe=None, headless=True: real(pw, exe, True)
        try:
            async with browser_mod.BrowserManager(settings, headed=True) as mgr:
                yield mgr
        finally:
            browser_mod.launch_options = real

    return cm()


@contextlib.contextmanager
def review_page(tmp_path, env: dict):
    """`python -m agent ui` on a free port with the test's data folder; yields its base URL once it answers."""
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    e = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    e.update(
        {
            "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
            "AGENT_DATA_DIR": str(tmp_path / "data"),
            "AGENT_STATE_DIR": str(tmp_path / "state"),
            **env,
        }
    )
    ui = subprocess.Popen(
        [sys.executable, "-m", "agent", "ui", "--port", str(port)],
        cwd=tmp_path,
        env=e,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.HTTPError:
                if ui.poll() is not None:  # it ended: say why
                    said = ui.stderr.read()[-1500:] if ui.stderr else ""
                    raise AssertionError(f"the review page did not start: {said}") from None
                time.sleep(0.1)
        yield base
    finally:
        ui.terminate()
        ui.wait(10)


async def signed_in(browser, base: str, token: str, height: int = 900, name: str = "王经理", width: int = 1280):
    """A review page session in Chromium: the token link opened, the approver's name given."""
    ctx = await browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = await ctx.new_page()
    await page.goto(f"{base}/?token={token}")
    await page.fill("input[name=name]", name)
    async with page.expect_navigation():
        await page.click("text=继续")
    await page.wait_for_selector("form#bulk")  # the list (tables above it may be folded away)
    return ctx, page


@pytest.fixture
def pg_url():
    base = os.environ.get("AGENT_TEST_PG_URL")
    if not base:
        pytest.skip("AGENT_TEST_PG_URL not set (.ci/run sets it when it can start PostgreSQL)")
    name = "agent_" + secrets.token_hex(4)
    from sqlalchemy import create_engine, text

    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    yield base.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


TOKEN = "hook-token-5f2a9c"  # what a real webhook URL carries: must never show in anything written


class Hooks:
    """JSON webhooks on a free port: /ok records the message, /refuse answers 500, /hang never answers."""

    def __init__(self) -> None:
        self.got: list[dict] = []
        hooks = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path.startswith("/hang"):
                    threading.Event().wait(3)
                    return
                if self.path.startswith("/refuse"):
                    self.send_response(500)
                    self.end_headers()
                    return
                hooks.got.append(json.loads(body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), H)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"json://127.0.0.1:{self.port}/{path}/{TOKEN}?cto=1&rto=1"


@pytest.fixture
def hooks():
    h = Hooks()
    yield h
    h.server.shutdown()


def publish_screenshot(src, name: str) -> None:
    """A test's screenshot kept for the docs (docs/<name>) when AGENT_UPDATE_SCREENSHOTS=1."""
    import shutil
    from pathlib import Path

    if os.environ.get("AGENT_UPDATE_SCREENSHOTS") == "1":
        shutil.copy(src, Path(__file__).resolve().parents[1] / "docs" / name)


class Mailbox:
    """A real SMTP server (aiosmtpd) on a free port; the mails it was given."""

    def __init__(self) -> None:
        self.mails: list = []
        box = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                box.mails.append(message_from_bytes(envelope.content))
                return "250 OK"

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.ctl = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.ctl.start()

    def url(self) -> str:
        return f"mailto://127.0.0.1:{self.port}?from=agent@shop.test&to=ops@shop.test"

    def subjects(self) -> list[str]:
        return [str(make_header(decode_header(m["Subject"]))) for m in self.mails]


@pytest.fixture
def mailbox():
    b = Mailbox()
    yield b
    b.ctl.stop()

"""What an attacker, a typo or a full disk can do: approvals bound to what the approver saw, values
checked as the site checks them, the review page's defences, secrets kept off command lines and
out of errors, infrastructure failures in one line, private files."""

from __future__ import annotations

import json
import threading

import pytest

from agent.diagnosis.model import Suggestion
from agent.errors import InvalidTransition, InvalidValue, Stale
from agent.queue.store import Queue
from agent.storage import Database

from .test_agent_config import GOOD_STORE, agent


def _bid(target="3000", bid=1.5, new=1.2) -> Suggestion:
    return Suggestion(
        kind="set_bid",
        target=target,
        rationale="test",
        evidence={},
        precondition={"bid": bid, "keyword": "power bank"},
        value={"bid": new, "base_price": 0.9},
    )


def _queue(tmp_path) -> Queue:
    return Queue(Database(f"sqlite:///{tmp_path / 'data' / 'agent.db'}"))


# ---- approvals bound to the version the approver saw ---------------------------------------------------
def test_an_approval_never_applies_a_value_the_approver_did_not_see(tmp_path):
    """400 races between a person approving what the page shows and a colleague editing the value:
    whatever order they land in, an approved suggestion carries exactly the value that was shown."""
    q = _queue(tmp_path)
    ids = q.propose("shop", [_bid(target=str(3000 + i)) for i in range(400)])
    outcomes = {"approved": 0, "stale_or_moved": 0}
    for sid in ids:
        shown = q.get(sid)  # what the review page rendered
        barrier = threading.Barrier(2)

        def approve():
            barrier.wait()
            try:
                q.approve([sid], "alice@ui", {sid: shown["version"]})
                outcomes["approved"] += 1
            except (Stale, InvalidTransition):
                outcomes["stale_or_moved"] += 1

        def edit():
            barrier.wait()
            try:
                q.edit(sid, "9.9", "bob")
            except (Stale, InvalidTransition):
                pass

        threads = [threading.Thread(target=approve), threading.Thread(target=edit)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        now = q.get(sid)
        if now["state"] == "approved":
            assert now["value"] == shown["value"] and now["approved_version"] == now["version"] == shown["version"]
        else:
            assert now["state"] == "proposed" and now["value"]["bid"] == 9.9 and now["approved_version"] is None
        claimable = q.claim(sid, run_id=1, actor="apply", lease=60)
        assert claimable == (now["state"] == "approved")
        if claimable:
            assert q.get(sid)["value"] == shown["value"]
    assert outcomes["approved"] + outcomes["stale_or_moved"] == 400
    assert min(outcomes.values()) > 0, outcomes  # both orders really happened


def test_a_change_after_approval_sends_the_suggestion_back_to_proposed(tmp_path):
    q = _queue(tmp_path)
    [sid] = q.propose("shop", [_bid()])
    q.approve([sid], "alice")
    q.edit(sid, "1.1", "bob")  # an edit withdraws the approval
    s = q.get(sid)
    assert (s["state"], s["version"], s["approved_version"]) == ("proposed", 2, None)
    q.approve([sid], "alice")
    assert q.propose("shop", [_bid(new=1.3)]) == []  # a new diagnosis wants another value
    s = q.get(sid)
    assert (s["state"], s["value"]["bid"], s["version"]) == ("proposed", 1.3, 3)
    assert [a["action"] for a in q.audit_for(sid)][-2:] == ["approved", "changed"]
    with pytest.raises(Stale):
        q.approve([sid], "alice", {sid: 2})  # approving what was shown before the change
    assert q.propose("shop", [_bid(new=1.3)]) == [] and q.get(sid)["version"] == 3  # the same value changes nothing


# ---- values checked as the site checks them ------------------------------------------------------------
BAD_VALUES = [
    ("set_bid", "1e9", "at most"),
    ("set_bid", "1_000", "must be a number"),
    ("set_bid", "nan", "must be a number"),
    ("set_bid", "inf", "must be a number"),
    ("set_bid", "0.05", "multiple of 0.1"),
    ("set_bid", "0.5", "floor bid"),
    ("set_budget", "inf", "must be a number"),
    ("set_budget", "10", "between 30"),
    ("set_budget", "1e12", "between 30"),
    ("edit_title", "<b>Speaker</b>", "plain text"),
    ("edit_title", "Speaker\x1b[2J", "control characters"),
    ("edit_title", "x" * 129, "at most 128"),
    ("edit_title", "   ", "must not be empty"),
    ("inquiry_reply", "", "must not be empty"),
    ("delete_product", "{}", "no value to edit"),
    ("activity_signup", '{"signed_up": true, "admin": 1}', "no value to edit"),
]


def _propose_kind(q: Queue, kind: str) -> int:
    made = {
        "set_bid": _bid(),
        "set_budget": Suggestion(
            kind="set_budget",
            target="smart",
            rationale="r",
            evidence={},
            precondition={"daily_budget": 50},
            value={"daily_budget": 60},
        ),
        "edit_title": Suggestion(
            kind="edit_title",
            target="16001",
            rationale="r",
            evidence={},
            precondition={"title": "Old"},
            value={"title": "New Speaker", "keywords": ["speaker"]},
        ),
        "inquiry_reply": Suggestion(
            kind="inquiry_reply",
            target="IQ1",
            rationale="r",
            evidence={},
            precondition={"replied": False},
            value={"text": "Dear buyer"},
        ),
        "delete_product": Suggestion(
            kind="delete_product",
            target="16002",
            rationale="r",
            evidence={},
            precondition={"exists": True, "zero_days": 400},
            value={},
        ),
        "activity_signup": Suggestion(
            kind="activity_signup",
            target="A1",
            rationale="r",
            evidence={},
            precondition={"signed_up": False},
            value={"signed_up": True},
        ),
    }[kind]
    [sid] = q.propose("shop", [made])
    return sid


@pytest.mark.parametrize("kind,raw,expect", BAD_VALUES, ids=[f"{k}:{r[:12]!r}" for k, r, _ in BAD_VALUES])
def test_each_bad_value_is_refused_with_one_line(tmp_path, kind, raw, expect):
    q = _queue(tmp_path)
    sid = _propose_kind(q, kind)
    before = json.dumps(q.get(sid)["value"])
    r = agent(tmp_path, "queue", "edit", str(sid), "--value", raw, env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and expect in r.stderr, r.stderr
    assert "\x1b" not in r.stderr and "Traceback" not in r.stderr
    assert json.dumps(q.get(sid)["value"]) == before


def test_suggestions_with_unknown_keys_or_unsafe_values_are_refused():
    with pytest.raises(InvalidValue, match="(?i)extra"):
        Suggestion(
            kind="activity_signup",
            target="A1",
            rationale="r",
            evidence={},
            precondition={"signed_up": False},
            value={"signed_up": True, "admin": 1},
        )
    with pytest.raises(InvalidValue, match="at most"):
        _bid(new=5000.0)


def test_queue_list_shows_control_characters_escaped(tmp_path):
    q = _queue(tmp_path)
    q.propose(
        "shop",
        [
            Suggestion(
                kind="inquiry_reply",
                target="IQ9",
                rationale="buyer wrote \x1b]0;pwned\x07",
                evidence={},
                precondition={"replied": False},
                value={"text": "Hi there"},
            )
        ],
    )
    r = agent(tmp_path, "queue", "list", env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    assert r.returncode == 0 and "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "\\x1b]0;pwned\\x07" in r.stdout


# ---- the review page ----------------------------------------------------------------------------------
TOKEN = "review-page-token-0123456789"


def _ui(tmp_path, monkeypatch=None):
    import re

    from fastapi.testclient import TestClient

    from agent.app import App
    from agent.settings import Settings
    from agent.ui.server import create_app

    app = App(Settings(data_dir=tmp_path / "data", state_dir=tmp_path / "state"))
    client = TestClient(create_app(app, TOKEN), follow_redirects=False)

    def sign_in(name="李雷"):
        r = client.get(f"/?token={TOKEN}")
        assert r.status_code == 303 and r.headers["location"] == "/whoami"
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/whoami").text).group(1)
        assert client.post("/whoami", data={"name": name, "csrf": csrf}).status_code == 303
        return csrf

    return app, client, sign_in


def test_review_page_names_the_approver_and_can_sign_out(tmp_path):
    app, client, sign_in = _ui(tmp_path)
    [sid] = app.queue.propose("shop", [_bid()])
    r = client.get(f"/?token={TOKEN}")
    client.cookies = r.cookies
    assert client.get("/").headers["location"] == "/whoami"  # no decision before a name is given
    csrf = sign_in("韩梅梅")
    version = app.queue.get(sid)["version"]
    r = client.post("/decide", data={"action": "approve", "ids": f"{sid}:{version}", "csrf": csrf})
    assert r.status_code == 303 and app.queue.get(sid)["approved_by"] == "韩梅梅@ui"
    assert client.post("/logout", data={"csrf": csrf}).status_code == 200
    assert client.get("/").status_code == 403  # the session is gone


def test_review_page_sessions_expire(tmp_path, monkeypatch):
    import agent.ui.server as server

    app, client, sign_in = _ui(tmp_path)
    sign_in()
    assert client.get("/").status_code == 200
    monkeypatch.setattr(server, "SESSION_IDLE", -1)
    assert client.get("/").status_code == 403


@pytest.mark.parametrize(
    "url", ["/?token=%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9", "/?token=%00", "/screenshot?path=%00"]
)
def test_review_page_bad_tokens_and_paths_are_4xx(tmp_path, url):
    app, client, sign_in = _ui(tmp_path)
    assert 400 <= client.get(url).status_code < 500
    sign_in()
    for path in (
        "/screenshot?path=%00x.png",
        "/screenshot?path=../../etc/passwd",
        "/screenshot?path=" + "a" * 5000 + ".png",
    ):
        assert client.get(path).status_code == 404


def test_review_page_sends_anti_framing_headers(tmp_path):
    app, client, sign_in = _ui(tmp_path)
    for r in (client.get("/"), client.get(f"/?token={TOKEN}")):
        assert r.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


async def test_another_local_port_cannot_frame_the_review_page(tmp_path, browser):
    """A page on another local port frames the review page to trick a click on 'approve': the
    browser refuses to render it inside the frame."""
    import http.server
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from .test_agent_config import ROOT

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    e = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    e.update(
        {
            "PYTHONPATH": str(ROOT),
            "AGENT_DATA_DIR": str(tmp_path / "data"),
            "AGENT_UI_TOKEN": TOKEN,
            "SHOP_PASSWORD": "x",
        }
    )
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(GOOD_STORE)
    ui = subprocess.Popen(
        [sys.executable, "-m", "agent", "ui", f"--port={port}"],
        cwd=tmp_path,
        env=e,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    evil_page = f"<html><body><iframe id=f src='http://127.0.0.1:{port}/?token={TOKEN}' width=800 height=600></iframe></body></html>"

    class Evil(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(evil_page.encode())

        def log_message(self, *a):
            pass

    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Evil)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        ctx = await browser.new_context()
        page = await ctx.new_page()
        await page.goto(f"http://127.0.0.1:{evil.server_address[1]}/")
        await page.wait_for_timeout(1500)
        framed = [f for f in page.frames if f is not page.main_frame]
        assert framed
        for f in framed:
            assert await f.locator("button, input, form").count() == 0, f.url  # nothing of the page to click
        await ctx.close()
    finally:
        evil.shutdown()
        ui.terminate()
        ui.wait(10)


# ---- secrets kept off command lines and out of errors ----------------------------------------------------
CONFIG_SECRETS = [
    (
        "password in the config",
        GOOD_STORE.replace('password_env = "SHOP_PASSWORD"', 'password = "hunter2-secret-value"'),
        "password_env",
    ),
    ("misspelt secret key", "pasword = 'hunter2-secret-value'\n" + GOOD_STORE, "pasword: unknown setting"),
    (
        "misspelt store secret",
        GOOD_STORE.replace('password_env = "SHOP_PASSWORD"', 'password_evn = "hunter2-secret-value"'),
        "password_evn: unknown setting",
    ),
    (
        "bad placeholder",
        GOOD_STORE.replace("SearchText={keyword}", "SearchText={keyword}&x={kw}"),
        "only the placeholders",
    ),
]


@pytest.mark.parametrize("name,config,expect", CONFIG_SECRETS, ids=[c[0] for c in CONFIG_SECRETS])
def test_config_mistakes_never_echo_a_secret(tmp_path, name, config, expect):
    r = agent(tmp_path, "run", "metrics", "--json", env={"SHOP_PASSWORD": "x"}, config=config)
    assert r.returncode == 2 and expect in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "hunter2" not in r.stderr + r.stdout


# ---- infrastructure failures, transient faults during apply ----------------------------------------------
def test_a_locked_database_is_one_line_and_exit_5(tmp_path):
    import sqlite3

    q = _queue(tmp_path)  # the database exists
    q.propose("shop", [_bid()])
    holder = sqlite3.connect(tmp_path / "data" / "agent.db")
    holder.execute("BEGIN EXCLUSIVE")  # another program holds it
    try:
        r = agent(tmp_path, "queue", "approve", "1", env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    finally:
        holder.rollback()
        holder.close()
    assert r.returncode == 5 and len(r.stderr.strip().splitlines()) == 1 and "database is locked" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and q.get(1)["state"] == "proposed"


def test_a_full_disk_is_one_line_and_exit_5(tmp_path, monkeypatch, capsys):
    import errno

    from agent.app import App
    from agent.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(GOOD_STORE)
    monkeypatch.setenv("AGENT_DATA_DIR", str(tmp_path / "data"))

    def full(self, limit=20):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "data" / "agent.db"))

    monkeypatch.setattr(App, "runs", full)
    assert main(["runs", "--json"]) == 5
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "the disk is full" in err and json.loads(out)["status"] == "failed"


async def test_transient_faults_during_apply_are_retried_and_each_edit_written_once(make_sandbox, tmp_path):
    from agent.browser import BrowserManager
    from agent.queue.apply import apply_body
    from agent.routines._run import run_routine

    from .conftest import agent_settings, run_agent

    sb = make_sandbox(products=120, seed=5, faults="flaky")
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "diagnose")).status == "ok"
    q = Queue(Database(s.db_url))
    ids = [
        r["id"]
        for r in q.list("proposed")
        if r["kind"] in ("set_bid", "inquiry_reply", "activity_signup", "delete_product")
    ][:16]
    q.approve(ids, "tester")
    async with BrowserManager(s) as mgr:
        res = await run_routine("apply", lambda run: apply_body(run, q, "tester", wait=5), s, s.stores[0], mgr, q.db)
    assert res.status == "ok", (res.error, res.counts)
    assert {q.get(i)["state"] for i in ids} == {"applied"}
    writes = sb.state()["writes"]
    assert len(writes) == len(ids) == len({(w["action"], str(w["target"])) for w in writes})


def test_agent_files_are_private(tmp_path):
    q = _queue(tmp_path)
    q.propose("shop", [_bid()])
    r = agent(tmp_path, "queue", "list", env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    assert r.returncode == 0
    for p in (tmp_path / "data").rglob("*"):
        if p.name.startswith("agent.db"):
            continue  # created by the test itself, before the CLI ran (SQLite gives -wal and -shm the db file's mode)
        want = 0o700 if p.is_dir() else 0o600
        assert p.stat().st_mode & 0o777 == want, (p, oct(p.stat().st_mode & 0o777))


def test_report_cells_that_look_like_formulas_stay_text(tmp_path):
    from datetime import date

    import openpyxl

    from agent.reports.render import build
    from agent.storage import models as m

    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    evil = ['=HYPERLINK("http://x.test","click")', "+1+1", "-2+3", "@SUM(A1)", "bluetooth speaker"]
    db.replace_snapshot(
        m.metric_traffic_keyword,
        "shop",
        date(2026, 11, 19),
        [
            {"keyword": k, "impressions": 100 - i, "clicks": 1, "visitors": 1, "inquiries": 0, "ctr": 0.01}
            for i, k in enumerate(evil)
        ],
    )
    out = build("weekly", db, "shop", "zh", tmp_path / "reports")
    wb = openpyxl.load_workbook(out["xlsx"])
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value in evil]
    assert sorted(c.value for c in cells) == sorted(evil)
    assert all(c.data_type == "s" for c in cells)


def test_sandbox_control_wants_its_token_in_a_header_json_bodies_and_typed_values(fresh_sandbox):
    import httpx

    sb = fresh_sandbox
    base, hdr = sb.url + "/__sandbox__", {"X-Sandbox-Token": sb.token}
    assert httpx.get(f"{base}/state?token={sb.token}").status_code == 403  # header only
    assert httpx.get(f"{base}/state", headers={"X-Sandbox-Token": ("é" * 20).encode()}).status_code == 403
    pid = sb.state()["products"][0]["id"]
    body = {"entity": "product", "id": pid, "field": "zero_days", "value": 5}
    assert httpx.post(f"{base}/set", headers=hdr, data={"entity": "product"}).status_code == 415  # a form, not JSON
    assert httpx.post(f"{base}/set", headers=hdr, json={**body, "value": "five"}).status_code == 400
    assert httpx.post(f"{base}/set", headers=hdr, json={**body, "field": "showcase", "value": 1}).status_code == 400
    assert httpx.post(f"{base}/set", headers=hdr, json=body).status_code == 200
    assert next(p for p in sb.state()["products"] if p["id"] == pid)["zero_days"] == 5


def test_sandbox_picks_a_random_control_token_when_given_none():
    import os
    import subprocess
    import sys

    from .test_agent_config import ROOT

    e = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
    e.update({"PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"})
    tokens = []
    for _ in range(2):
        p = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "serve", "--port=0", "--products=10"],
            env=e,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            line = p.stdout.readline()
            assert "control token" in line, line
            tokens.append(line.rsplit(" ", 1)[1].strip())
        finally:
            p.terminate()
            p.wait(10)
    assert tokens[0] != tokens[1] and len(tokens[0]) >= 24


@pytest.mark.parametrize(
    "raw, words",
    [
        ("nan", "出价格式不正确"),
        ("inf", "出价格式不正确"),
        ("1e9", "出价不能高于 999 元"),
        ("1_000", "格式不正确，请填写数字"),
        ("-1", "出价不能低于底价"),
    ],
)
def test_review_page_refuses_bad_values_in_the_sites_words(tmp_path, raw, words):
    from urllib.parse import parse_qs, unquote, urlsplit

    app, client, sign_in = _ui(tmp_path)
    [sid] = app.queue.propose("shop", [_bid()])
    csrf = sign_in()
    r = client.post("/edit", data={"id": sid, "value": raw, "csrf": csrf})
    back = parse_qs(urlsplit(unquote(r.headers["location"])).query)
    assert r.status_code == 303 and words in back["msg"][0] and back["err"] == [str(sid)] and back["tried"] == [raw]
    assert app.queue.get(sid)["value"]["bid"] == 1.2


@pytest.mark.parametrize("token", ["short", "non-ascii-token-é-0123456789"])
def test_a_bad_review_page_token_is_one_line_and_exit_2(tmp_path, token):
    (tmp_path / "tok").write_text(token)
    for args, env in ((["ui"], {"AGENT_UI_TOKEN": token}), (["ui", "--token-file", str(tmp_path / "tok")], {})):
        r = agent(tmp_path, *args, env={"SHOP_PASSWORD": "x", **env}, config=GOOD_STORE)
        assert (
            r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "at least 16 printable ASCII" in r.stderr
        )
        assert token not in r.stderr


def test_apply_now_needs_the_csrf_token_and_says_when_nothing_waits(tmp_path):
    from urllib.parse import parse_qs, urlsplit

    app, client, sign_in = _ui(tmp_path)
    [sid] = app.queue.propose("shop", [_bid()])
    csrf = sign_in()
    assert client.post("/apply", data={}).status_code == 403  # no CSRF token: refused
    assert client.post("/apply", data={"csrf": "forged"}).status_code == 403
    r = client.post("/apply", data={"csrf": csrf})  # nothing approved: said, nothing started
    assert r.status_code == 303 and parse_qs(urlsplit(r.headers["location"]).query)["msg"] == [
        "没有等待写入的已批准修改"
    ]
    p = client.get("/progress").json()
    assert p["running"] is False and p["items"] == [] and app.queue.get(sid)["state"] == "proposed"
    client.cookies.clear()
    assert client.get("/progress").status_code == 403  # no session: no progress either

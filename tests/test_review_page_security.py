"""The review page's defences: who approved, signing out, sessions that expire, bad tokens and paths,
no framing by other pages or ports, bad values refused in the site's words, a bad token is one line,
"apply now" wants its CSRF token."""

from __future__ import annotations

import threading

import pytest

from .test_agent_config import GOOD_STORE, agent
from .test_queue_values import _bid

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
    version = app.queue.get(sid).version
    r = client.post("/decide", data={"action": "approve", "ids": f"{sid}:{version}", "csrf": csrf})
    assert r.status_code == 303 and app.queue.get(sid).approved_by == "韩梅梅@ui"
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
    assert app.queue.get(sid).value.bid == 1.2


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
    assert p["running"] is False and p["items"] == [] and app.queue.get(sid).state == "proposed"
    client.cookies.clear()
    assert client.get("/progress").status_code == 403  # no session: no progress either


def test_a_post_from_another_site_is_refused_even_with_the_session_and_token(tmp_path):
    app, client, sign_in = _ui(tmp_path)
    [sid] = app.queue.propose("shop", [_bid()])
    csrf = sign_in()
    version = app.queue.get(sid).version
    form = {"action": "approve", "ids": f"{sid}:{version}", "csrf": csrf}
    r = client.post("/decide", data=form, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "another site" in r.text and app.queue.get(sid).state == "proposed"
    r = client.post("/decide", data=form, headers={"Referer": "http://evil.example/page"})
    assert r.status_code == 403 and app.queue.get(sid).state == "proposed"
    r = client.post("/decide", data=form, headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"})
    assert r.status_code == 403 and app.queue.get(sid).state == "proposed"
    r = client.post("/decide", data=form, headers={"Origin": "http://testserver"})  # the page itself
    assert r.status_code == 303 and app.queue.get(sid).state == "approved"

"""The sandbox remembers devices, as the real site does: the e-mailed code is asked only of a device it
has not seen (its `cna` cookie, set at the first login and kept by the browser that keeps its profile),
or has not seen for `--device-days`. A browser that brings the same session cookies but not the device
is a new device."""

from __future__ import annotations

import json

import httpx
import pyotp

from .conftest import agent_settings, run_agent


def _sign_in(c: httpx.Client, sb) -> str:
    """Password step; returns where the site sends the browser next (the code step or the page)."""
    r = c.post(
        "/newlogin/login.do",
        data={"loginId": sb.username, "password": sb.password, "return_url": "/index.htm"},
    )
    assert r.status_code == 302, r.text[:200]
    return r.headers["location"]


def test_the_code_is_asked_of_a_new_device_only(make_sandbox):
    secret = pyotp.random_base32()
    sb = make_sandbox(products=20, extra=["--totp-secret", secret, "--device-days", "30"])
    with httpx.Client(base_url=sb.url, follow_redirects=False) as first:
        assert "step=verify" in _sign_in(first, sb)  # a device the site has never seen
        r = first.post("/newlogin/verify.do", data={"code": pyotp.TOTP(secret).now(), "return_url": "/index.htm"})
        assert r.status_code == 302 and r.headers["location"] == "/index.htm"
        device = first.cookies.get("cna")
        session = dict(first.cookies)
    assert device and sb.stats()["devices"] == 1 and sb.stats()["codes_asked"] == 1

    with httpx.Client(base_url=sb.url, follow_redirects=False, cookies={"cna": device}) as profile:
        assert _sign_in(profile, sb) == "/index.htm"  # the same device: no code
        assert profile.get("/index.htm").status_code == 200
    with httpx.Client(
        base_url=sb.url, follow_redirects=False, cookies={k: v for k, v in session.items() if k != "cna"}
    ) as fresh:
        assert "step=verify" in _sign_in(fresh, sb)  # the session's cookies without the device: asked again
    assert sb.stats()["codes_asked"] == 2

    sb.advance_clock(31 * 86400)  # a device unseen for more than 30 days
    with httpx.Client(base_url=sb.url, follow_redirects=False, cookies={"cna": device}) as profile:
        assert "step=verify" in _sign_in(profile, sb)
    assert sb.stats()["codes_asked"] == 3


async def test_a_store_that_keeps_its_device_signs_in_again_without_a_code(make_sandbox, tmp_path, monkeypatch):
    """The agent types the code once; when its session lapses it signs in again from the same device
    without one. Its saved state without the device cookie is a new device, asked again."""
    secret = pyotp.random_base32()
    sb = make_sandbox(products=20, extra=["--totp-secret", secret])
    monkeypatch.setenv("SHOP_TOTP", secret)
    s = agent_settings(sb, tmp_path, totp_secret_env="SHOP_TOTP")
    assert (await run_agent(s, "keepalive")).status == "ok"
    assert (sb.stats()["logins"], sb.stats()["codes_asked"]) == (1, 1)

    sb.expire_sessions()  # the session lapses overnight
    r = await run_agent(s, "keepalive")
    assert r.status == "ok", r.error
    assert (sb.stats()["logins"], sb.stats()["codes_asked"]) == (2, 1)  # signed in again, no code

    state_file = s.state_dir / "shop.json"
    state = json.loads(state_file.read_text())
    state["cookies"] = [c for c in state["cookies"] if c["name"] != "cna"]  # the same cookies, another device
    state_file.write_text(json.dumps(state))
    sb.expire_sessions()
    assert (await run_agent(s, "keepalive")).status == "ok"
    assert (sb.stats()["logins"], sb.stats()["codes_asked"]) == (3, 2)

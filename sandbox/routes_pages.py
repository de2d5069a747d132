"""HTML screens: login (with the slider challenge and the e-mailed code step), home, the table
screens and the P4P campaign page. Host-specific pages and calls live in hosts/."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pyotp
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from .guard import LOGIN_PATH, PUNISH_PATH, SESSION_COOKIE, set_session_cookies
from .screens import NAV, SCREENS

DEVICE_COOKIE = "cna"  # Alibaba's device id cookie: what a browser that keeps its profile brings back

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def _safe_return(url: str | None) -> str:
    return url if url and url.startswith("/") and not url.startswith("//") else "/index.htm"


def render(request: Request, name: str, title: str, **ctx) -> HTMLResponse:
    """A back-office page; its script carries _csrf_token_ and dmtrack_pageid as the real pages do."""
    rt = request.app.state.rt
    sess = getattr(request.state, "session", None)
    base = {
        "request": request,
        "title": title,
        "nav": NAV,
        "path": request.url.path,
        "csrf": sess.csrf if sess else "",
        "page_id": f"{secrets.token_hex(8)}{int(rt.now().timestamp() * 1000)}",
        "company_name": rt.store.company_name,
    }
    return templates.TemplateResponse(request, name, {**base, **ctx})


# ---- login (login.alibaba.com) -----------------------------------------------------------------
def _login(request: Request, return_url: str, **ctx) -> HTMLResponse:
    base = {
        "return_url": _safe_return(return_url),
        "expired": False,
        "error": None,
        "readonly": request.app.state.rt.login_readonly,
    }
    return templates.TemplateResponse(request, "login.html", {**base, **ctx})


@router.get("/newlogin/icbuLogin.htm")
async def login_page(request: Request, return_url: str = "/index.htm", expired: int = 0, step: str = ""):
    if step == "verify":
        return _verify(request, return_url)
    return _login(request, return_url, expired=bool(expired))


@router.post("/newlogin/login.do")
async def login(
    request: Request, loginId: str = Form(""), password: str = Form(""), return_url: str = Form("/index.htm")
):
    rt = request.app.state.rt
    ret = _safe_return(return_url)
    if loginId != rt.cfg.username or password != rt.cfg.password:
        return _login(request, ret, error="账号名或登录密码不正确")
    if rt.cfg.challenge_rate and request.app.state.rt.guard.rng.random() < rt.cfg.challenge_rate:
        rt.raise_challenge(rt.cfg.challenge_seconds)
    if rt.challenged():
        return request.app.state.rt.guard.punish(request)
    rt.login_count += 1
    device = request.cookies.get(DEVICE_COOKIE)
    # the e-mailed code is asked of a device the site does not know (or has not seen for device_days)
    ask = bool(rt.cfg.totp_secret) and not rt.known_device(device)
    if ask:
        rt.codes_asked += 1
    elif device:
        rt.remember_device(device)
    sess = rt.new_session(loginId, mfa_pending=ask)
    resp = RedirectResponse(
        f"/newlogin/icbuLogin.htm?step=verify&return_url={quote(ret, safe='')}" if ask else ret,
        status_code=302,
    )
    set_session_cookies(resp, sess, rt.now())
    return resp


def _verify(request: Request, return_url: str, error: str | None = None) -> HTMLResponse:
    """The second step: a 6-digit code "sent by e-mail", typed into six boxes (the sandbox's code is
    the TOTP of its secret, so tests can compute it; the screen says it was e-mailed)."""
    user = request.app.state.rt.cfg.username
    masked = user[:1] + "***" + user[user.find("@") :] if "@" in user else user[:1] + "***"
    return templates.TemplateResponse(
        request, "verify.html", {"return_url": _safe_return(return_url), "error": error, "masked": masked}
    )


@router.post("/newlogin/verify.do")
async def verify(request: Request, code: str = Form(""), return_url: str = Form("/index.htm")):
    rt = request.app.state.rt
    sess = rt.sessions.get(request.cookies.get(SESSION_COOKIE) or "")
    if sess is None:
        return RedirectResponse(LOGIN_PATH, status_code=302)
    if not rt.cfg.totp_secret or not pyotp.TOTP(rt.cfg.totp_secret).verify(code, valid_window=1):
        return _verify(request, return_url, "验证码错误，请重新输入")
    sess.mfa_pending = False
    device = request.cookies.get(DEVICE_COOKIE) or secrets.token_urlsafe(18)
    rt.remember_device(device)
    resp = RedirectResponse(_safe_return(return_url), status_code=302)
    # the device is remembered for a year in the browser that keeps it (a profile); a fresh context loses it
    resp.set_cookie(DEVICE_COOKIE, device, max_age=365 * 86400, httponly=False, samesite="lax")
    return resp


@router.get("/newlogin/logout.do")
async def logout(request: Request):
    request.app.state.rt.sessions.pop(request.cookies.get(SESSION_COOKIE) or "", None)
    return RedirectResponse(LOGIN_PATH, status_code=302)


@router.get(PUNISH_PATH)
async def punish_page(request: Request, redirect: str = "/index.htm"):
    return templates.TemplateResponse(request, "punish.html", {"redirect": _safe_return(redirect)})


@router.post("/_____tmd_____/slide")
async def slide(request: Request):
    """A person dragged the slider in a headed browser."""
    request.app.state.rt.clear_challenge()
    return {"success": True}


# ---- screens ------------------------------------------------------------------------------
@router.get("/")
async def root():
    return RedirectResponse("/index.htm", status_code=302)


@router.get("/index.htm")
async def home(request: Request):
    """i.alibaba.com's home: server-rendered (unreplied count, activity, violations are guesses of
    its blocks); the star level comes from supplier.alibaba.com's fetchFinalStar.json call."""
    rt = request.app.state.rt
    unreplied = sum(1 for m in rt.store.inquiries if not m["replied"])
    return render(
        request,
        "home.html",
        "首页",
        unreplied=unreplied,
        activity_score=rt.activity_score,
        violations=rt.store.violations,
    )


@router.get("/traffic/overview")
async def overview(request: Request):
    return render(
        request, "overview.html", "数据管家 · 数据概览", default_end=request.app.state.rt.data_date().isoformat()
    )


@router.get("/ads/campaign_list.htm")
async def campaigns(request: Request):
    return render(request, "campaigns.html", "外贸直通车 · 推广计划", newer=request.app.state.rt.form("p4p") == "newer")


async def table_page(request: Request, name: str, screen: dict):
    rt = request.app.state.rt
    if screen.get("newer") and rt.form(name) == "newer":  # the screen's newer form (REAL_SITE.md, newer evidence)
        screen = {**screen, **screen["newer"]}
    cfg = {
        k: screen.get(k)
        for k in (
            "dialect",
            "api",
            "iName",
            "params",
            "columns",
            "actions",
            "id_key",
            "sizes",
            "hash",
            "export",
            "rows",
        )
    }
    cfg["params"] = dict(cfg["params"] or {})
    cfg["form"] = rt.form(name)
    filters = list(screen["filters"])
    if name == "p4p":  # the campaign picker lists the store's campaigns; the first is shown first
        from .hosts.www2 import CAMPAIGNS

        options = [(str(cid), label) for cid, label in CAMPAIGNS.values()]
        filters = [("campaignId", "推广计划", options)]
        cfg["campaignId"] = request.query_params.get("campaignId") or options[0][0]
    # a redesigned screen (layout variant): a div grid filled by another call, unknown to the agent
    variant = name in rt.forced_variant or bool(rt.cfg.variant_rate and rt.guard.rng.random() < rt.cfg.variant_rate)
    if variant:
        cfg.update(variant=True, api=f"/v2/redesign/{name}.json")
    dd = rt.data_date()
    return render(
        request,
        "table.html",
        screen["title"],
        screen=screen,
        filters=filters,
        query=dict(request.query_params),
        variant=variant,
        screen_json=json.dumps(cfg, ensure_ascii=False),
        default_end=dd.isoformat(),
        default_start=(dd - timedelta(days=6)).isoformat(),
    )


def _table_route(name: str, screen: dict):
    async def page(request: Request):
        return await table_page(request, name, screen)

    return page


for _name, _screen in SCREENS.items():
    if _name == "inquiries":
        continue  # /message/default.htm also shows an inquiry's detail (hosts/message.py)
    for _path in _screen["paths"]:
        router.add_api_route(_path, _table_route(_name, _screen), methods=["GET"], response_class=HTMLResponse)

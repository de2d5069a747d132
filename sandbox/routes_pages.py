"""HTML screens: login (with slider challenge and optional TOTP), home, the table screens, and the
forms (inquiry reply, RFQ quote, product editor, P4P campaigns)."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pyotp
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from . import metrics
from .guard import LOGIN_PATH, PUNISH_PATH, SESSION_COOKIE
from .screens import NAV, SCREENS

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def _safe_return(url: str | None) -> str:
    return url if url and url.startswith("/") and not url.startswith("//") else "/home.htm"


def render(request: Request, name: str, title: str, **ctx) -> HTMLResponse:
    rt = request.app.state.rt
    sess = getattr(request.state, "session", None)
    base = {"request": request, "title": title, "nav": NAV, "path": request.url.path, "csrf": sess.csrf if sess else "",
            "company_name": rt.store.company_name}
    return templates.TemplateResponse(request, name, {**base, **ctx})


# ---- login --------------------------------------------------------------------------------
@router.get("/newlogin/login.htm")
async def login_page(request: Request, return_url: str = "/home.htm", expired: int = 0):
    return templates.TemplateResponse(request, "login.html", {"return_url": _safe_return(return_url), "expired": bool(expired), "error": None,
                                                              "readonly": request.app.state.rt.login_readonly})


@router.post("/newlogin/login.do")
async def login(request: Request, loginId: str = Form(""), password: str = Form(""), return_url: str = Form("/home.htm")):
    rt = request.app.state.rt
    ret = _safe_return(return_url)
    if loginId != rt.cfg.username or password != rt.cfg.password:
        return templates.TemplateResponse(request, "login.html", {"return_url": ret, "expired": False, "error": "账号名或登录密码不正确"})
    if rt.cfg.challenge_rate and request.app.state.rt.guard.rng.random() < rt.cfg.challenge_rate:
        rt.raise_challenge(rt.cfg.challenge_seconds)
    if rt.challenged():
        return request.app.state.rt.guard.punish(request)
    rt.login_count += 1
    sess = rt.new_session(loginId, mfa_pending=bool(rt.cfg.totp_secret))
    resp = RedirectResponse(f"/newlogin/mfa.htm?return_url={ret}" if rt.cfg.totp_secret else ret, status_code=302)
    resp.set_cookie(SESSION_COOKIE, sess.sid, httponly=True, samesite="lax")
    return resp


@router.get("/newlogin/mfa.htm")
async def mfa_page(request: Request, return_url: str = "/home.htm"):
    return templates.TemplateResponse(request, "mfa.html", {"return_url": _safe_return(return_url), "error": None})


@router.post("/newlogin/mfa.do")
async def mfa(request: Request, code: str = Form(""), return_url: str = Form("/home.htm")):
    rt = request.app.state.rt
    sess = rt.sessions.get(request.cookies.get(SESSION_COOKIE) or "")
    if sess is None:
        return RedirectResponse(LOGIN_PATH, status_code=302)
    if not rt.cfg.totp_secret or not pyotp.TOTP(rt.cfg.totp_secret).verify(code, valid_window=1):
        return templates.TemplateResponse(request, "mfa.html", {"return_url": _safe_return(return_url), "error": "动态码错误"})
    sess.mfa_pending = False
    return RedirectResponse(_safe_return(return_url), status_code=302)


@router.get("/newlogin/logout.do")
async def logout(request: Request):
    request.app.state.rt.sessions.pop(request.cookies.get(SESSION_COOKIE) or "", None)
    return RedirectResponse(LOGIN_PATH, status_code=302)


@router.get(PUNISH_PATH)
async def punish_page(request: Request, redirect: str = "/home.htm"):
    return templates.TemplateResponse(request, "punish.html", {"redirect": _safe_return(redirect)})


@router.post("/_____tmd_____/slide")
async def slide(request: Request):
    """A person dragged the slider in a headed browser."""
    request.app.state.rt.clear_challenge()
    return {"success": True}


# ---- screens ------------------------------------------------------------------------------
@router.get("/")
async def root():
    return RedirectResponse("/home.htm", status_code=302)


@router.get("/home.htm")
async def home(request: Request):
    return render(request, "home.html", "首页")


@router.get("/mydata/overview.htm")
async def overview(request: Request):
    rt = request.app.state.rt
    return render(request, "overview.html", "数据管家 · 数据概览", default_end=rt.data_date().isoformat())


def _table_page(name: str):
    screen = SCREENS[name]

    async def page(request: Request):
        rt = request.app.state.rt
        variant = name in rt.forced_variant or (rt.cfg.variant_rate and request.app.state.rt.guard.rng.random() < rt.cfg.variant_rate)
        cfg = {k: screen.get(k) for k in ("params", "sort", "desc", "columns", "actions", "id_key")}
        cfg.update(api=screen["variant_api"] if variant else screen["api"], variant=bool(variant), quota=name == "rfq")
        dd = rt.data_date()
        return render(request, "table.html", screen["title"], screen=screen, variant=variant, query=dict(request.query_params),
                      screen_json=json.dumps(cfg, ensure_ascii=False), default_end=dd.isoformat(),
                      default_start=(dd - timedelta(days=6)).isoformat())
    return page


for _name, _screen in SCREENS.items():
    router.add_api_route(_screen["path"], _table_page(_name), methods=["GET"], response_class=HTMLResponse)


@router.get("/message/detail.htm")
async def inquiry_detail(request: Request, id: str = ""):
    m = next((m for m in request.app.state.rt.store.inquiries if m["id"] == id), None)
    if m is None:
        return HTMLResponse("<h1>询盘不存在</h1>", status_code=404)
    return render(request, "inquiry_detail.html", "询盘详情", m=m)


def _rfq(request: Request, rid: str):
    return next((r for r in request.app.state.rt.store.rfqs if r["id"] == rid), None)


@router.get("/rfq/detail.htm")
async def rfq_detail(request: Request, id: str = ""):
    r = _rfq(request, id)
    return render(request, "rfq_detail.html", "RFQ详情", r=r) if r else HTMLResponse("<h1>RFQ不存在</h1>", status_code=404)


@router.get("/rfq/quote.htm")
async def rfq_quote(request: Request, rfqId: str = ""):
    r = _rfq(request, rfqId)
    if r is None:
        return HTMLResponse("<h1>RFQ不存在</h1>", status_code=404)
    return render(request, "rfq_quote.html", "报价", r=r, quota=metrics.rfq_quota(request.app.state.rt))


@router.get("/product/publish.htm")
async def product_editor(request: Request, itemId: str = ""):
    p = request.app.state.rt.product(itemId)
    return render(request, "product_edit.html", "编辑产品", p=p) if p else HTMLResponse("<h1>产品不存在</h1>", status_code=404)


@router.get("/p4p/campaigns.htm")
async def p4p_campaigns(request: Request):
    return render(request, "p4p_campaigns.html", "外贸直通车 · 推广计划")

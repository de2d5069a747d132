"""1688's seller screens: login.1688.com (password or QR code), 工作台 on work.1688.com, the offer
list on offer.1688.com with its manage_mini.vm call, and the guessed 重发, editor and showcase
calls (guesses.py)."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from ..guard import CBU_SESSION_COOKIE, session_seconds
from . import REPOST_DAILY_LIMIT, REPOST_LAST_HOUR, TITLE_MAX, csrf_ok, rt_of
from .data import SHOWCASE_SLOTS
from .views import offer_item

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))
NAV = [
    ("/home/index.htm", "工作台"),
    ("/offer/manage.htm?show_type=valid", "供应产品"),
    ("/inquiry/manage.htm", "询价管理"),
    ("/ms/home/index.htm", "生意参谋"),
    ("/wxb/keyword.htm", "网销宝"),
    ("/experience/index.htm", "商品体验中心"),
    ("/showcase/manage.htm", "橱窗"),
]
LIFE_TABS = [("all", "全部"), ("valid", "上架中"), ("sellOut", "库存售罄"), ("expired", "已过期"), ("draft", "待上架")]


def render(request: Request, name: str, title: str, **ctx) -> HTMLResponse:
    rt = rt_of(request)
    sess = getattr(request.state, "session", None)
    base = {
        "request": request,
        "title": title,
        "nav": NAV,
        "path": request.url.path,
        "csrf": sess.csrf if sess else "",
        "company_name": rt.cbu.company_name,
    }
    return templates.TemplateResponse(request, name, {**base, **ctx})


def _done(url: str | None) -> str:
    return url if url and url.startswith("/") and not url.startswith("//") else "/home/index.htm"


# ---- login.1688.com ----------------------------------------------------------------------------
@router.get("/member/signin.htm")
async def signin(request: Request, Done: str = "/home/index.htm"):
    rt = rt_of(request)
    code = secrets.token_hex(8)  # each page shows its own QR code
    rt.cbu_qr_codes = [*rt.cbu_qr_codes[-20:], code]
    return templates.TemplateResponse(
        request, "cbu_signin.html", {"done": _done(Done), "error": None, "qr": code, "qr_only": rt.cbu_qr_only}
    )


@router.post("/member/signin.do")
async def signin_post(
    request: Request, loginId: str = Form(""), password2: str = Form(""), Done: str = Form("/home/index.htm")
):
    rt = rt_of(request)
    if rt.cbu_qr_only:
        return JSONResponse({"success": False, "message": "请使用手机扫码登录"}, status_code=403)
    ok = secrets.compare_digest(loginId.encode(), rt.cfg.cbu_username.encode()) and secrets.compare_digest(
        password2.encode(), rt.cfg.cbu_password.encode()
    )
    if not ok:
        return templates.TemplateResponse(
            request,
            "cbu_signin.html",
            {"done": _done(Done), "qr_only": False, "qr": "", "error": "账号名或登录密码不正确"},
        )
    sess = rt.new_session(loginId, False, site="1688")
    rt.login_count += 1
    return _signed_in(RedirectResponse(_done(Done), status_code=302), rt, sess, loginId)


def _signed_in(resp, rt, sess, login_id: str):
    left = session_seconds(sess, rt.now())  # the session's cookies lapse with it
    resp.set_cookie(CBU_SESSION_COOKIE, sess.sid, max_age=left, httponly=True, samesite="lax")
    resp.set_cookie("_tb_token_", sess.tb_token, max_age=left, samesite="lax")
    resp.set_cookie("__cn_logon__", "true", max_age=left, samesite="lax")
    resp.set_cookie("__cn_logon_id__", login_id, max_age=left, samesite="lax")
    return resp


@router.get("/member/qrcode/query.do")
async def qr_poll(request: Request, lgToken: str = "", Done: str = "/home/index.htm"):
    """The QR panel asks whether its code was scanned; only a person with the phone app can (the
    sandbox's control /__sandbox__/cbu_scan stands in for the phone: it scans the newest code shown)."""
    rt = rt_of(request)
    if not lgToken or lgToken != rt.cbu_qr_scanned:
        return {"success": True, "status": "NEW"}
    rt.cbu_qr_scanned = ""
    sess = rt.new_session(rt.cfg.cbu_username, False, site="1688")
    rt.login_count += 1
    return _signed_in(
        JSONResponse({"success": True, "status": "CONFIRMED", "redirect": _done(Done)}), rt, sess, rt.cfg.cbu_username
    )


# ---- work.1688.com -----------------------------------------------------------------------------
@router.get("/home/index.htm")
async def workbench(request: Request):
    return render(
        request,
        "cbu_work.html",
        "工作台",
        service=rt_of(request).cbu.service,
        newer=rt_of(request).form("workbench") == "newer",
    )


@router.get("/h5/mtop.alibaba.cbu.workdiordatareaderservice.getvaluesfromgateway/1.0/")
async def work_gateway(request: Request, appKey: str = "", t: str = "", sign: str = "", data: str = ""):
    """The newer 工作台's signed gateway: 新灯塔 as moduleServiceScoreModelList[{code, score}] under
    CDT_7nkFnu (REAL_SITE.md), the service rates as indexSet items; 旺铺评分 under CDT_shopScore (a guess)."""
    from .search import mtop_envelope, mtop_refusal

    api = "mtop.alibaba.cbu.WorkDiorDataReaderService.getValuesFromGateway"
    if rt_of(request).session(request.cookies.get(CBU_SESSION_COOKIE), "1688") is None:  # the seller's own data
        return mtop_envelope(api, "1.0", "FAIL_SYS_SESSION_EXPIRED::Session过期")
    refused = mtop_refusal(request, appKey, t, sign, data, api, "1.0")
    if refused is not None:
        return refused
    st = rt_of(request).cbu
    svc = st.service
    return mtop_envelope(
        api,
        "1.0",
        "SUCCESS::调用成功",
        {
            "CDT_7nkFnu": {
                "values": {
                    "queryNlhScoreAndBenefitsData": {
                        "value": {
                            "returnValue": {
                                "moduleServiceScoreModelList": [{"code": k, "score": v} for k, v in st.nlh.items()]
                            }
                        }
                    }
                }
            },
            "CDT_shopScore": {"values": {"queryShopScore": {"value": {"returnValue": {"shopScore": st.shop_score}}}}},
            "indexSet": [
                {"code": "wwResponseRate3min", "value": svc["wwResponseRate3min"]},
                {"code": "dispatch48hRate", "value": svc["dispatch48hRate"]},
            ],
        },
    )


@router.get("/home/unReadMsgCount.htm")
async def unread(request: Request):
    rt = rt_of(request)
    return {"success": True, "data": {"unReadMsgCount": sum(1 for i in rt.cbu.inquiries if not i["replied"])}}


@router.get("/home/ajax/shopScore.json")
async def shop_score(request: Request):
    st = rt_of(request).cbu
    return {"success": True, "data": {"shopScore": st.shop_score, "nlhScore": st.nlh}}


# ---- offer.1688.com ----------------------------------------------------------------------------
SPA = "/app/pages-group/manage-home/index.html"  # the newer offer list (REAL_SITE.md, newer evidence)


@router.get("/offer/manage.htm")
async def offers_page(request: Request, show_type: str = "valid"):
    if rt_of(request).form("offers") == "newer":  # the old address leads to the SPA
        return RedirectResponse(f"{SPA}?show_type={show_type}", status_code=302)
    cfg = {
        "api": "/offer/manage_mini.vm",
        "life": show_type if show_type in dict(LIFE_TABS) else "valid",
        "sizes": [20, 50],
    }
    return render(request, "cbu_offers.html", "供应产品管理", tabs=LIFE_TABS, cfg_json=json.dumps(cfg))


@router.get(SPA)
async def offers_spa(request: Request, show_type: str = "valid"):
    """The newer offer list: an SPA, 20 a page, its manage_mini.vm call carrying the page's csrf."""
    sess = getattr(request.state, "session", None)
    cfg = {
        "api": "/offer/manage_mini.vm",
        "life": show_type if show_type in dict(LIFE_TABS) else "valid",
        "sizes": [20],
        "csrf": sess.csrf if sess else "",
    }
    return render(request, "cbu_offers.html", "供应产品管理", tabs=LIFE_TABS, cfg_json=json.dumps(cfg))


def newer_item(i: dict) -> dict:
    """An item of the newer list: rows may lack statusName (not those taken down for a violation, in
    the sandbox) and pictureURL may be {} (REAL_SITE.md, newer evidence)."""
    i = dict(i)
    if i["offerId"] % 3 == 0 and i["statusName"] != "违规下架":
        del i["statusName"]
    if i["offerId"] % 4 == 0:
        i["pictureURL"] = {}
    return i


@router.get("/offer/manage_mini.vm")
async def manage_mini(
    request: Request, lifePeriod: str = "all", currentPage: int = 1, pageSize: int = 20, keywords: str = ""
):
    rt = rt_of(request)
    if lifePeriod not in dict(LIFE_TABS):
        return {"msgType": "error", "msg": "参数错误"}
    newer = rt.form("offers") == "newer"
    if newer and not csrf_ok(request, request.query_params.get("csrf")):
        return {"msgType": "error", "msg": "非法请求，请刷新页面后重试"}
    page, size = max(1, currentPage), min(20 if newer else 50, max(1, pageSize))
    items = [offer_item(o) for o in rt.cbu.offers]
    if newer:  # lifePeriod is ignored: the whole catalogue comes back, whatever the tab
        items = [newer_item(i) for i in items]
    else:
        items = [i for i in items if lifePeriod == "all" or i["lifePeriod"] == lifePeriod]
    if keywords:
        items = [i for i in items if keywords in i["subject"] or keywords == str(i["offerId"])]
    return {
        "msgType": "success",
        "totalCount": len(items),
        "currentPage": page,
        "pageSize": size,
        "items": items[(page - 1) * size : page * size],
    }


@router.post("/offer/ajax/repost.json")
async def repost(request: Request):
    """重发 (guess): the offers move to the top of their day's ordering; each offer once a day, only
    offers on sale, not after 18:00, and at most REPOST_DAILY_LIMIT a day."""
    rt, f = rt_of(request), await request.form()
    if not csrf_ok(request, f.get("_csrf_token")):
        return {"success": False, "message": "非法请求，请刷新页面后重试"}
    now = rt.now()
    today = now.date()
    done_today = sum(1 for w in rt.writes if w["action"] == "republish_offer" and w["at"][:10] == today.isoformat())
    ok, fails = [], []
    for oid in [x for x in str(f.get("offerIds") or "").split(",") if x]:
        o = rt.cbu.offer(oid)
        reason = (
            "产品不存在"
            if o is None
            else "仅上架中的产品可以重发"
            if not o.on_sale
            else "今日已重发，请明天再试"
            if o.refreshed_at.date() == today
            else f"{REPOST_LAST_HOUR}:00 后重发不再更新，请明天再试"
            if now.hour >= REPOST_LAST_HOUR
            else "今日重发次数已用完"
            if done_today >= REPOST_DAILY_LIMIT
            else None
        )
        if reason:
            fails.append({"offerId": oid, "reason": reason})
            continue
        before = o.refreshed_at.isoformat()
        o.refreshed_at = now.replace(microsecond=0)
        rt.log_write(request.state.session.username, "republish_offer", oid, before, o.refreshed_at.isoformat())
        done_today += 1
        ok.append(oid)
    rt.cbu_search.invalidate()
    return {"success": True, "data": {"successIds": ok, "failList": fails}}


@router.get("/offer/post/edit.htm")
async def edit_page(request: Request, offerId: str = ""):
    o = rt_of(request).cbu.offer(offerId)
    if o is None:
        return HTMLResponse("<html><body><div class='error-msg'>产品不存在</div></body></html>", status_code=404)
    return render(request, "cbu_offer_edit.html", "修改产品信息", offer=o, error=None, saved=False)


@router.post("/offer/post/edit.htm")
async def edit_post(request: Request, offerId: str = Form(""), subject: str = Form("")):
    rt = rt_of(request)
    token = (await request.form()).get("_csrf_token")
    o = rt.cbu.offer(offerId)
    if o is None:
        return HTMLResponse("<html><body><div class='error-msg'>产品不存在</div></body></html>", status_code=404)
    subject = subject.strip()
    error = (
        "非法请求，请刷新页面后重试"
        if not csrf_ok(request, token)
        else "请填写产品标题"
        if not subject
        else f"产品标题最多{TITLE_MAX}个字"
        if len(subject) > TITLE_MAX
        else None
    )
    if error is None and subject != o.subject:
        rt.log_write(request.state.session.username, "offer_title", offerId, o.subject, subject)
        o.subject = subject
        rt.cbu_search.invalidate()
    return render(request, "cbu_offer_edit.html", "修改产品信息", offer=o, error=error, saved=error is None)


# ---- showcase (guess) ----------------------------------------------------------------------------
@router.get("/showcase/manage.htm")
async def showcase_page(request: Request):
    return render(request, "cbu_showcase.html", "橱窗产品")


@router.get("/showcase/ajax/list.json")
async def showcase_list(request: Request):
    st = rt_of(request).cbu
    rows = [
        {"offerId": int(o.id), "subject": o.subject, "since": o.showcase_since.isoformat()}
        for o in st.offers
        if o.showcase_since is not None
    ]
    return {"success": True, "data": {"total": SHOWCASE_SLOTS, "used": len(rows), "list": rows}}


@router.post("/showcase/ajax/replace.json")
async def showcase_replace(request: Request):
    rt, f = rt_of(request), await request.form()
    if not csrf_ok(request, f.get("_csrf_token")):
        return {"success": False, "message": "非法请求，请刷新页面后重试"}
    old, new = rt.cbu.offer(str(f.get("oldOfferId"))), rt.cbu.offer(str(f.get("newOfferId")))
    if old is None or old.showcase_since is None:
        return {"success": False, "message": "该产品不在橱窗中"}
    if new is None or not new.on_sale or new.showcase_since is not None:
        return {"success": False, "message": "只能放入上架中且不在橱窗的产品"}
    new.showcase_since, old.showcase_since = rt.now().date(), None
    rt.log_write(request.state.session.username, "showcase_swap", old.id, old.id, new.id)
    return {"success": True}

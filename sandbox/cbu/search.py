"""Buyer search on 1688: s.1688.com/selloffer/offer_search.htm?keywords=<GBK>&beginPage=N is an
empty shell whose script asks h5api.m.1688.com's mtop call for the offers, signed
md5(token&t&appKey&data) with the token of the `_m_h5_tk` cookie that a first unsigned call sets.
Own offers rank by relevance x information quality x weight, lifted on the day they were
re-published (重发) and for the logged-in seller; 网销宝 ads (`isP4P`) are interleaved."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from bisect import bisect_left
from urllib.parse import unquote_to_bytes

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..guard import CBU_SESSION_COOKIE
from ..search import _h, interleave, place
from . import rt_of
from .seller import templates

router = APIRouter()
APP_KEY = "12574478"
MTOP = "/h5/mtop.relationrecommend.wirelessrecommend.recommend/2.0/"
PAGE_SIZE = 40  # organic offers a page
MAX_PAGES = 50
TOTAL = PAGE_SIZE * MAX_PAGES
FRESH_BOOST = 1.25  # re-published today
PERSONAL_BOOST = 1.8
PAGE1_AD_SLOTS = (0, 5, 10, 15)
LATER_AD_SLOTS = (7, 20)
N_COMP_ADS = 30
SHOPS = ["永康市", "义乌市", "深圳市", "东莞市", "中山市", "宁波市"]


def relevance(keyword: str, offer) -> float:
    parts = keyword.split()
    if not parts:
        return 0.0
    hay = offer.subject + " " + " ".join(offer.keywords)
    frac = sum(1 for p in parts if p in hay) / len(parts)
    return frac if frac >= 0.5 else 0.0


class CbuSearch:
    def __init__(self, rt):
        self.rt, self.version, self._cache = rt, 0, {}

    def invalidate(self) -> None:
        self.version += 1
        self._cache.clear()

    def _own(self, keyword: str, personal: bool):
        key = (keyword, personal, self.version)
        if key in self._cache:
            return self._cache[key]
        today = self.rt.now().date()
        cands = []
        for o in self.rt.cbu.offers:
            rel = relevance(keyword, o) if o.on_sale else 0.0
            if rel > 0:
                s = rel * o.info_stars / 5 * o.weight * (FRESH_BOOST if o.refreshed_at.date() == today else 1.0)
                cands.append((s * (PERSONAL_BOOST if personal else 1.0), o))
        cands.sort(key=lambda t: (-t[0], t[1].id))
        positions, placed = place(cands, TOTAL)
        ads = [
            {"bid": 0.5 + _h(self.rt.cfg.seed, "cbu-ad", keyword, i) % 300 / 100, "own": None, "i": i}
            for i in range(N_COMP_ADS)
        ]
        for k in self.rt.cbu.wxb_keywords:
            if k.keyword == keyword and k.status == "推广中" and cands:
                ads.append({"bid": k.bid, "own": cands[0][1], "i": -1})
        ads.sort(key=lambda a: (-(a["bid"] or 0), a["i"]))
        self._cache[key] = (positions, placed, ads)
        return self._cache[key]

    def page(self, keyword: str, page: int, personal: bool = False) -> list[dict]:
        keyword = " ".join(keyword.split())
        if not keyword or not 1 <= page <= MAX_PAGES:
            return []
        positions, placed, ads = self._own(keyword, personal)
        organic = []
        for g in range((page - 1) * PAGE_SIZE, page * PAGE_SIZE):
            k = bisect_left(positions, g)
            organic.append(
                self._own_offer(placed[k], "organic")
                if k < len(positions) and positions[k] == g
                else self._comp(keyword, g - k, "organic")
            )
        slots_at = PAGE1_AD_SLOTS if page == 1 else LATER_AD_SLOTS
        start = 0 if page == 1 else len(PAGE1_AD_SLOTS) + (page - 2) * len(LATER_AD_SLOTS)
        page_ads = [
            self._own_offer(a["own"], "p4p") if a["own"] is not None else self._comp(keyword, a["i"], "p4p")
            for a in ads[start : start + len(slots_at)]
        ]
        return interleave(organic, page_ads, slots_at)

    def _own_offer(self, o, kind: str) -> dict:
        st = self.rt.cbu
        return {
            "kind": kind,
            "offerId": o.id,
            "memberId": st.member_id,
            "companyName": st.company_name,
            "title": o.subject,
            "price": f"{o.unit_price:.2f}",
        }

    def _comp(self, keyword: str, i: int, kind: str) -> dict:
        h = _h(self.rt.cfg.seed, "cbu", kind, keyword, i)
        member = f"b2b-{2200000000 + h % 900000 * 13}"
        return {
            "kind": kind,
            "offerId": str(700000000000 + h % 90000000000),
            "memberId": member,
            "companyName": f"{SHOPS[h % len(SHOPS)]}{h % 997}号商行",
            "title": f"{keyword} 厂家批发 {h % 9973}款",
            "price": f"{1 + (h >> 20) % 9000 / 100:.2f}",
        }


def truth(slots: list[dict]) -> list[dict]:
    return [{"product_id": s["offerId"], "company_id": s["memberId"], "kind": s["kind"]} for s in slots]


def gbk_keyword(request: Request) -> tuple[str, int]:
    """keywords= is GBK percent-encoded, as s.1688.com's own links are (UTF-8 is accepted too)."""
    pairs = (p.partition("=") for p in request.scope.get("query_string", b"").decode("latin-1").split("&") if p)
    raw = {k: v for k, _, v in pairs}
    b = unquote_to_bytes(raw.get("keywords", "").replace("+", " "))
    try:
        kw = b.decode("gbk")
    except UnicodeDecodeError:
        kw = b.decode("utf-8", "replace")
    try:
        page = int(raw.get("beginPage") or 1)
    except ValueError:
        page = 1
    return kw, page


@router.get("/selloffer/offer_search.htm")
async def search_page(request: Request):
    kw, page = gbk_keyword(request)
    return templates.TemplateResponse(
        request,
        "cbu_search.html",
        {
            "keyword_json": json.dumps(kw, ensure_ascii=False),
            "page": page,
            "keyword": kw,
            "newer": rt_of(request).form("cbu_search") == "newer",
        },
    )


def _tk_cookie(resp, rt) -> None:
    token = secrets.token_hex(16)
    expires = int((rt.now().timestamp() + rt.cfg.mtop_token_ttl) * 1000)
    rt.mtop_tokens.add(token)
    resp.set_cookie("_m_h5_tk", f"{token}_{expires}", samesite="lax")
    resp.set_cookie("_m_h5_tk_enc", secrets.token_hex(16), samesite="lax")


def _mtop(ret: str, data=None) -> dict:
    return mtop_envelope("mtop.relationrecommend.wirelessrecommend.recommend", "2.0", ret, data)


def mtop_envelope(api: str, v: str, ret: str, data=None) -> dict:
    return {"api": api, "data": data or {}, "ret": [ret], "v": v}


def mtop_refusal(request: Request, appKey: str, t: str, sign: str, data: str, api: str, v: str) -> JSONResponse | None:
    """The mtop gateway's answer to a call without a fresh token (a new _m_h5_tk cookie comes with it)
    or with a bad sign; None for a good call."""
    rt = rt_of(request)
    tk = request.cookies.get("_m_h5_tk", "")
    token, _, exp = tk.partition("_")
    if not token or token not in rt.mtop_tokens or not exp.isdigit() or int(exp) < rt.now().timestamp() * 1000:
        empty = not token or token not in rt.mtop_tokens
        resp = JSONResponse(
            mtop_envelope(api, v, "FAIL_SYS_TOKEN_EMPTY::令牌为空" if empty else "FAIL_SYS_TOKEN_EXPIRED::令牌过期")
        )
        _tk_cookie(resp, rt)
        return resp
    want = hashlib.md5(f"{token}&{t}&{appKey}&{data}".encode()).hexdigest()
    if appKey != APP_KEY or not secrets.compare_digest(sign, want):
        return JSONResponse(mtop_envelope(api, v, "FAIL_SYS_ILLEGAL_ACCESS::非法请求"))
    return None


@router.get(MTOP)
async def mtop(
    request: Request, appKey: str = "", t: str = "", sign: str = "", data: str = "", type: str = "", callback: str = ""
):
    """The search's mtop call. `type=jsonp` (the newer page) answers `callback(…)`; the newer form's
    offers come as data.data.offerList[] + totalCount, the older as data.data.OFFER.items[]."""
    resp = await _mtop_answer(request, appKey, t, sign, data)
    if type == "jsonp" and re.fullmatch(r"[A-Za-z_$][\w$]{0,80}", callback or ""):
        out = Response(f"{callback}({bytes(resp.body).decode()})", media_type="application/javascript; charset=utf-8")
        for k, v in resp.headers.items():
            if k.lower() == "set-cookie":
                out.headers.append("set-cookie", v)
        return out
    return resp


async def _mtop_answer(request: Request, appKey: str, t: str, sign: str, data: str) -> JSONResponse:
    rt = rt_of(request)
    refused = mtop_refusal(request, appKey, t, sign, data, "mtop.relationrecommend.wirelessrecommend.recommend", "2.0")
    if refused is not None:
        return refused
    try:
        q = json.loads(data)
        kw, page = str(q.get("keywords") or ""), int(q.get("beginPage") or 1)
    except (ValueError, TypeError, AttributeError):
        return JSONResponse(_mtop("FAIL_SYS_PARAMPARSE_ERROR::参数解析错误"))
    personal = rt.session(request.cookies.get(CBU_SESSION_COOKIE), "1688") is not None
    slots = rt.cbu_search.page(kw, page, personal=personal)
    items = [
        {
            "cellType": "offer",
            "data": {
                "offerId": s["offerId"],
                "title": s["title"],
                "priceInfo": {"price": s["price"]},
                "isP4P": "true" if s["kind"] == "p4p" else "false",
                "memberId": s["memberId"],
                "shop": {"companyName": s["companyName"], "loginId": s["memberId"]},
            },
        }
        for s in slots
    ]
    if rt.form("cbu_search") == "newer":  # the second shape (REAL_SITE.md, newer evidence)
        return JSONResponse(
            _mtop(
                "SUCCESS::调用成功",
                {"data": {"offerList": [i["data"] for i in items], "totalCount": TOTAL if slots else 0}},
            )
        )
    return JSONResponse(
        _mtop(
            "SUCCESS::调用成功",
            {
                "data": {
                    "OFFER": {
                        "found": TOTAL if slots else 0,
                        "hasMore": bool(slots) and page < MAX_PAGES,
                        "items": items,
                    }
                }
            },
        )
    )

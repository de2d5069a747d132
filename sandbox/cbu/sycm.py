"""生意参谋 on sycm.1688.com (/ms/): the home page asks its calls for one day (flow, sources,
inquiries, trade, keywords of the last 7 days, and an 8-day trend) — in the newer form on the real
paths (ovralShopFlowSource/overview, customer/inquiry/coreIndex, transaction/getTradeCoreIndex,
strategy/shopInFlowTreeWithGoodV2, getShopKeyWordWithWeb) with every figure {value}; 网销宝's keyword report,
商品体验中心 and 询价 — screens no public source shows (guesses.py). sycm answers
{code: 0, message, data}; the guessed screens {success, data}."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request

from . import data_date, rt_of
from .seller import render

router = APIRouter()
TREND_DAYS = 8


def _day(request: Request, value: str | None) -> date | None:
    """The day asked for (default: yesterday); None when it has no data yet."""
    last = data_date(rt_of(request))
    try:
        d = date.fromisoformat((value or "").split("|")[-1]) if value else last
    except ValueError:
        return None
    return d if d <= last else None


def _sycm(data) -> dict:
    if data is None:
        return {"code": 1, "message": "数据尚未产出，请稍后查看", "data": None}
    return {"code": 0, "message": "操作成功", "data": data}


def _figures(data: dict | None, keys: tuple[str, ...]) -> dict | None:
    """The newer answers' figures: each an object {value} (REAL_SITE.md, newer evidence)."""
    return data and {k: {"value": data[k]} for k in keys}


@router.get("/ms/home/index.htm")
async def sycm_home(request: Request, date: str = ""):
    d = _day(request, date) or data_date(rt_of(request))
    return render(
        request, "cbu_sycm.html", "生意参谋 · 首页", day=d.isoformat(), newer=rt_of(request).form("sycm") == "newer"
    )


@router.get("/ms/flow/overview.json")
async def flow(request: Request, dateRange: str = ""):
    d = _day(request, dateRange)
    day = rt_of(request).cbu.day(d) if d else None
    return _sycm(day and {k: day[k] for k in ("revealCnt", "pv", "uv", "clickRate", "bounceRate")})


@router.get("/ms/flow/source.json")
async def sources(request: Request, dateRange: str = ""):
    d = _day(request, dateRange)
    return _sycm(d and {"list": rt_of(request).cbu.sources(d)})


@router.get("/ms/inquiry/overview.json")
async def inquiry(request: Request, dateRange: str = ""):
    d = _day(request, dateRange)
    day = rt_of(request).cbu.day(d) if d else None
    return _sycm(day and {k: day[k] for k in ("effectiveInQUsers", "wangInQCnt")})


@router.get("/ms/trade/overview.json")
async def trade(request: Request, dateRange: str = ""):
    d = _day(request, dateRange)
    day = rt_of(request).cbu.day(d) if d else None
    return _sycm(day and {k: day[k] for k in ("payAmt", "payByrCnt", "payOrdCnt")})


@router.get("/ms/flow/keyword.json")
async def keywords(request: Request, dateRange: str = ""):
    """The last 7 days' search keywords up to the day asked for, summed."""
    d = _day(request, dateRange)
    if d is None:
        return _sycm(None)
    st, total = rt_of(request).cbu, dict[str, dict[str, Any]]()
    for back in range(7):
        for r in st.keywords(d - timedelta(days=back)):
            t = total.setdefault(r["keyword"], {"keyword": r["keyword"], "uv": 0, "pv": 0, "payByrCnt": 0})
            for k in ("uv", "pv", "payByrCnt"):
                t[k] += r[k]
    return _sycm({"list": sorted(total.values(), key=lambda r: (-r["uv"], r["keyword"]))})


@router.get("/ms/flow/hourly.json")
async def hourly(request: Request, dateRange: str = ""):
    """Visitors by hour of the day (生意参谋's 时段分布)."""
    d = _day(request, dateRange)
    return _sycm(d and {"list": [{"hour": h, "uv": n} for h, n in enumerate(rt_of(request).cbu.hourly(d))]})


@router.get("/ms/flow/trend.json")
async def trend(request: Request, dateRange: str = ""):
    d = _day(request, dateRange)
    st = rt_of(request).cbu
    return _sycm(d and {"list": [st.day(d - timedelta(days=back)) for back in range(TREND_DAYS)]})


# ---- the newer form (the default; `--dialect older` for the paths above): 生意参谋's real paths, {code: 0,
# data} with every figure {value}; the trend and the hourly calls stay as above (guesses) ----------------
FLOW_KEYS, INQUIRY_KEYS = ("revealCnt", "pv", "uv", "clickRate", "bounceRate"), ("effectiveInQUsers", "wangInQCnt")
TRADE_KEYS = ("payAmt", "payByrCnt", "payOrdCnt")


@router.get("/ms/flow/ovralShopFlowSource/overview.json")
async def flow_v2(request: Request, dateRange: str = "", indexCode: str = ""):
    d = _day(request, dateRange)
    return _sycm(_figures(rt_of(request).cbu.day(d) if d else None, FLOW_KEYS))


@router.get("/ms/customer/inquiry/coreIndex.json")
async def inquiry_v2(request: Request, dateRange: str = ""):
    d = _day(request, dateRange)
    return _sycm(_figures(rt_of(request).cbu.day(d) if d else None, INQUIRY_KEYS))


@router.get("/ms/transaction/getTradeCoreIndex.json")
async def trade_v2(request: Request, dateRange: str = ""):
    d = _day(request, dateRange)
    return _sycm(_figures(rt_of(request).cbu.day(d) if d else None, TRADE_KEYS))


@router.get("/ms/flow/strategy/shopInFlowTreeWithGoodV2.json")
async def sources_v2(request: Request, dateRange: str = ""):
    d = _day(request, dateRange)
    return _sycm(d and {"list": [dict(s, uv={"value": s["uv"]}) for s in rt_of(request).cbu.sources(d)]})


@router.get("/ms/flow/getShopKeyWordWithWeb.json")
async def keywords_v2(request: Request, dateRange: str = ""):
    got = await keywords(request, dateRange)
    if got["data"] is None:
        return got
    return _sycm(
        {"list": [dict(r, **{k: {"value": r[k]} for k in ("uv", "pv", "payByrCnt")}) for r in got["data"]["list"]]}
    )


# ---- 网销宝 (guess) ------------------------------------------------------------------------------
@router.get("/wxb/keyword.htm")
async def wxb_page(request: Request):
    d = data_date(rt_of(request))
    return render(
        request,
        "cbu_table.html",
        "网销宝 · 关键词报表",
        screen="wxb",
        cfg_json=json.dumps(
            {"screen": "wxb", "api": "/wxb/ajax/keywordReport.json", "start": d.isoformat(), "end": d.isoformat()}
        ),
        dates=True,
    )


@router.get("/wxb/ajax/keywordReport.json")
async def wxb_report(request: Request, startDate: str = "", endDate: str = "", pageNo: int = 1, pageSize: int = 20):
    rt = rt_of(request)
    last = data_date(rt)
    try:
        start, end = date.fromisoformat(startDate or last.isoformat()), date.fromisoformat(endDate or last.isoformat())
    except ValueError:
        return {"success": False, "message": "日期格式不正确"}
    if end > last or start > end or (end - start).days > 89:
        return {"success": False, "message": "请选择昨天及以前、90天以内的日期"}
    rows = []
    for k in rt.cbu.wxb_keywords:
        tot = {"impressions": 0, "clicks": 0, "spend": 0.0, "sales": 0.0, "orders": 0}
        d = start
        while d <= end:
            for f, v in rt.cbu.wxb_day(k, d).items():
                tot[f] += v
            d += timedelta(days=1)
        rows.append(
            {
                "keywordId": k.id,
                "keyword": k.keyword,
                "bid": k.bid,
                "status": k.status,
                "impressions": tot["impressions"],
                "clicks": tot["clicks"],
                "ctr": round(tot["clicks"] / tot["impressions"], 4) if tot["impressions"] else 0.0,
                "cost": round(tot["spend"], 2),
                "orders": tot["orders"],
                "gmv": round(tot["sales"], 2),
                "roi": round(tot["sales"] / tot["spend"], 2) if tot["spend"] else 0.0,
            }
        )
    page, size = max(1, pageNo), min(50, max(1, pageSize))
    return {"success": True, "data": {"total": len(rows), "list": rows[(page - 1) * size : page * size]}}


# ---- 商品体验中心 (guess) ---------------------------------------------------------------------------
@router.get("/experience/index.htm")
async def experience_page(request: Request):
    return render(
        request,
        "cbu_table.html",
        "商品体验中心",
        screen="experience",
        cfg_json=json.dumps({"screen": "experience", "api": "/experience/ajax/problems.json"}),
        dates=False,
    )


@router.get("/experience/ajax/problems.json")
async def problems(request: Request):
    st = rt_of(request).cbu
    return {
        "success": True,
        "data": {
            "violations": [
                {"offerId": int(o.id), "subject": o.subject, "reason": o.violation, "status": "已下架"}
                for o in st.offers
                if o.violation
            ],
            "lowQuality": [
                {"offerId": int(o.id), "subject": o.subject, "problem": o.low_quality}
                for o in st.offers
                if o.low_quality and o.on_sale
            ],
        },
    }


# ---- 询价 (guess) --------------------------------------------------------------------------------
@router.get("/inquiry/manage.htm")
async def inquiry_page(request: Request):
    return render(
        request,
        "cbu_table.html",
        "询价管理",
        screen="inquiry",
        cfg_json=json.dumps({"screen": "inquiry", "api": "/inquiry/ajax/list.json"}),
        dates=False,
    )


@router.get("/inquiry/ajax/list.json")
async def inquiry_list(request: Request, page: int = 1, pageSize: int = 20):
    rows = rt_of(request).cbu.inquiries
    page, size = max(1, page), min(50, max(1, pageSize))
    return {"success": True, "data": {"total": len(rows), "list": rows[(page - 1) * size : page * size]}}

"""data.alibaba.com (数据管家; hz-mydata.alibaba.com redirects here). Its pages ask the old gateway
`/self/.json?action=CommonAction&iName=<name>&ctoken=…&dmtrack_pageid=…` and get {successed, value}.
Real names: getVisitors, vip/traffic/keyword/getKeywords; the overview, product effect, zero-effect
and traffic-source names and every row's keys are guesses (sandbox/guesses.py), written in the
naming of the product list (showNum, clickNum, fbNum, visitorCnt)."""
from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .. import metrics
from ..answers import ms
from . import paging, rt_of, token_ok

router = APIRouter()
PERIODS = {"day": 1, "week": 7, "month": 30}


def _day(q, default: date) -> date:
    try:
        return date.fromisoformat(q["statDate"]) if q.get("statDate") else default
    except ValueError:
        return default


KEYS = (("showNum", "impressions"), ("clickNum", "clicks"), ("visitorCnt", "visitors"), ("fbNum", "inquiries"))


def _stats(r: dict, prefix: str = "") -> dict:
    return {key: r[prefix + name] for key, name in KEYS}


def overview(rt, q) -> dict:
    r = metrics.overview(rt, _day(q, rt.data_date()))
    return {"statDate": r["date"], **_stats(r), "searchClickNum": r["search_clicks"], "clickRate": r["ctr"],
            "fbRate": r["conversion"], "searchRate": r["search_share"], "peer": _stats(r, "peer_"),
            "excellent": _stats(r, "excellent_"), "lastMonthAvg": _stats(r, "last_month_")}


def product_effect(rt, q) -> list[dict]:
    period = PERIODS.get(q.get("statisticsType") or "day", 1)
    rows = metrics.product_analysis(rt, _day(q, rt.data_date()), period)
    rows.sort(key=lambda r: (-r["feedback"], -r["clicks"], r["product_id"]))
    return [{"productId": int(r["product_id"]), "subject": r["title"], "showNum": r["impressions"], "clickNum": r["clicks"],
             "clickRate": r["ctr"], "visitorCnt": r["visitors"], "fbNum": r["feedback"]} for r in rows]


def ineffective(rt, q) -> list[dict]:
    try:
        least = int(q.get("minDays") or 1)
    except ValueError:
        least = 1
    rows = [p for p in rt.live_products() if p.status == "approved" and p.zero_days >= max(1, least)]   # only live products can lack effect
    rows.sort(key=lambda p: (-p.zero_days, p.id))
    return [{"productId": int(p.id), "subject": p.title, "ineffectiveDays": p.zero_days, "finalScore": p.quality_score,
             "isWindowProduct": p.showcase, "displayStatus": "y" if p.display == "on" else "n"} for p in rows]


def keywords(rt, q) -> list[dict]:
    rows = sorted(metrics.traffic_keywords(rt, _day(q, rt.data_date())), key=lambda r: -r["impressions"])
    return [{"keyword": r["keyword"], **_stats(r), "clickRate": r["ctr"]} for r in rows]


def sources(rt, q) -> list[dict]:
    rows = sorted(metrics.traffic_sources(rt, _day(q, rt.data_date())), key=lambda r: -r["visits"])
    return [{"sourceName": r["source"], "visitorCnt": r["visits"], "rate": r["share"]} for r in rows]


def visitors(rt, q) -> list[dict]:
    rows = sorted(rt.store.visitors, key=lambda v: v["time"], reverse=True)
    return [{"visitorId": v["visitor_id"], "countryCode": v["country"], "pv": v["pages"], "productId": int(v["product_id"]),
             "source": v["source"], "visitTime": ms(datetime.fromisoformat(v["time"])), "hasInquiry": v["inquired"]} for v in rows]


TABLES = {"getProductEffect": product_effect, "getIneffectiveProducts": ineffective,
          "vip/traffic/keyword/getKeywords": keywords, "getTrafficSource": sources, "getVisitors": visitors}


@router.get("/self/.json")
async def gateway(request: Request):
    rt, q = rt_of(request), dict(request.query_params)
    if q.get("action") != "CommonAction" or not token_ok(request, q.get("ctoken"), "ctoken") or not q.get("dmtrack_pageid"):
        return {"successed": False, "errorMsg": "illegal request", "value": None}
    name = q.get("iName", "")
    try:
        if name == "getOverview":
            return {"successed": True, "value": overview(rt, q)}
        rows = TABLES[name](rt, q)
    except KeyError:
        return {"successed": False, "errorMsg": "暂无数据", "value": None}
    page, size = paging(q, "pageNO", "pageSize", 50)
    return JSONResponse({"successed": True, "value": {"total": len(rows), "pageNO": page, "pageSize": size,
                                                      "data": rows[(page - 1) * size: page * size]}})


# ---- exports (.xls, BIFF8, the header on the 6th row; about 20 a day) — the path is a guess ----------
EXPORT_LABELS = (("产品名称", "subject"), ("产品ID", "productId"), ("曝光量", "showNum"), ("点击量", "clickNum"),
                 ("点击率", "clickRate"), ("访客数", "visitorCnt"), ("反馈数", "fbNum"))
PERIOD_WORDS = {"day": "日", "week": "周", "month": "月"}


def product_effect_xls(rows: list[dict], day: str, period: str) -> bytes:
    import io

    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("产品分析")
    for r, text in enumerate(("数据管家 · 产品分析", f"统计时间：{day}", f"统计周期：{PERIOD_WORDS.get(period, period)}",
                              "说明：数据每日更新", "")):
        sheet.write(r, 0, text)
    for c, (label, _) in enumerate(EXPORT_LABELS):
        sheet.write(5, c, label)
    for i, row in enumerate(rows, start=6):
        for c, (_, key) in enumerate(EXPORT_LABELS):
            v = row[key]
            sheet.write(i, c, f"{v * 100:.2f}%" if key == "clickRate" else (str(v) if key == "productId" else v))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@router.get("/product/overview/export.xls")
async def export_product_effect(request: Request):
    from fastapi.responses import Response
    rt, q = rt_of(request), dict(request.query_params)
    if not token_ok(request, q.get("ctoken"), "ctoken"):
        return {"successed": False, "errorMsg": "illegal request"}
    today = rt.now().date().isoformat()
    with rt.lock:
        used = rt.exports.get(today, 0)
        if used >= rt.export_quota:
            return {"successed": False, "errorMsg": f"今日导出次数已达上限（{rt.export_quota}次），请明天再试"}
        rt.exports[today] = used + 1
    day = _day(q, rt.data_date())
    body = product_effect_xls(product_effect(rt, q), day.isoformat(), q.get("statisticsType") or "day")
    name = f"product_effect_{day:%Y%m%d}.xls"
    return Response(body, media_type="application/vnd.ms-excel", headers={"content-disposition": f'attachment; filename="{name}"'})

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
    return {
        "statDate": r["date"],
        **_stats(r),
        "searchClickNum": r["search_clicks"],
        "clickRate": r["ctr"],
        "fbRate": r["conversion"],
        "searchRate": r["search_share"],
        "peer": _stats(r, "peer_"),
        "excellent": _stats(r, "excellent_"),
        "lastMonthAvg": _stats(r, "last_month_"),
        # a guess: 买家分析's L1+ buyer share with its benchmarks (targets.py plants it)
        "buyerLevel": {
            "l1Rate": rt.store.l1.get("value"),
            "peerL1Rate": rt.store.l1.get("peer"),
            "excellentL1Rate": rt.store.l1.get("excellent"),
            "lastMonthL1Rate": rt.store.l1.get("last_month"),
        },
    }


def product_effect(rt, q) -> list[dict]:
    period = PERIODS.get(q.get("statisticsType") or "day", 1)
    rows = metrics.product_analysis(rt, _day(q, rt.data_date()), period)
    rows.sort(key=lambda r: (-r["feedback"], -r["clicks"], r["product_id"]))
    return [
        {
            "productId": int(r["product_id"]),
            "subject": r["title"],
            "showNum": r["impressions"],
            "clickNum": r["clicks"],
            "clickRate": r["ctr"],
            "visitorCnt": r["visitors"],
            "fbNum": r["feedback"],
        }
        for r in rows
    ]


def ineffective(rt, q) -> list[dict]:
    try:
        least = int(q.get("minDays") or 1)
    except ValueError:
        least = 1
    rows = [
        p for p in rt.live_products() if p.status == "approved" and p.zero_days >= max(1, least)
    ]  # only live products can lack effect
    rows.sort(key=lambda p: (-p.zero_days, p.id))
    return [
        {
            "productId": int(p.id),
            "subject": p.title,
            "ineffectiveDays": p.zero_days,
            "finalScore": p.quality_score,
            "isWindowProduct": p.showcase,
            "displayStatus": "y" if p.display == "on" else "n",
        }
        for p in rows
    ]


def keywords(rt, q) -> list[dict]:
    rows = sorted(metrics.traffic_keywords(rt, _day(q, rt.data_date())), key=lambda r: -r["impressions"])
    return [{"keyword": r["keyword"], **_stats(r), "clickRate": r["ctr"]} for r in rows]


# 数据管家 · 关键词指数 (a guess: name and keys): each word's search heat month by month (12 months, the
# oldest first) and its seller competition (0-100). Planted: words the store's families sell that no
# title carries, some rising, some with little competition; words the store does not sell at all.
INDEX_WORDS = (
    # word, heat now, growth over the last 3 months against the 3 before, seller competition
    ("bluetooth speaker for shower", 4100, 0.45, 22),
    ("wireless earbuds for sleeping", 3600, 0.38, 41),
    ("smart watch for elderly", 2900, 0.05, 18),
    ("phone case with card holder", 5200, -0.08, 67),
    ("power bank with built in cable", 3300, 0.31, 74),
    ("led strip light for tv", 2100, -0.12, 58),
    ("drone camera", 9800, 0.52, 12),
    ("solar generator", 7600, 0.27, 25),
    ("portable bluetooth speaker", 12800, 0.04, 88),
    ("fast charging power bank", 10400, 0.02, 91),
)


def keyword_index(rt, q) -> list[dict]:
    from ..data import FAMILIES

    day = _day(q, rt.data_date())
    months = [(day.year * 12 + day.month - 1 - i) for i in range(11, -1, -1)]
    rows = []
    for word, heat, growth, comp in INDEX_WORDS + tuple(
        (f, 8000 + 900 * i, 0.0, 80) for i, (f, _) in enumerate(FAMILIES)
    ):
        before = heat / (1 + growth)
        trend = [round(before * (0.97 + 0.01 * (k % 3))) for k in range(9)] + [
            round(heat * f) for f in (0.98, 1.0, 1.02)
        ]
        rows.append(
            {
                "keyword": word,
                "searchIndex": trend[-1],
                "heatTrend": [{"month": f"{m // 12}-{m % 12 + 1:02d}", "value": v} for m, v in zip(months, trend)],
                "sellerCompetition": comp,
            }
        )
    return sorted(rows, key=lambda r: -r["searchIndex"])


def sources(rt, q) -> list[dict]:
    rows = sorted(metrics.traffic_sources(rt, _day(q, rt.data_date())), key=lambda r: -r["visits"])
    return [{"sourceName": r["source"], "visitorCnt": r["visits"], "rate": r["share"]} for r in rows]


def visitors(rt, q) -> list[dict]:
    rows = sorted(rt.store.visitors, key=lambda v: v["time"], reverse=True)
    return [
        {
            "visitorId": v["visitor_id"],
            "countryCode": v["country"],
            "pv": v["pages"],
            "productId": int(v["product_id"]),
            "source": v["source"],
            "visitTime": ms(datetime.fromisoformat(v["time"])),
            "hasInquiry": v["inquired"],
        }
        for v in rows
    ]


# 数据管家 · 我的店铺 · 店铺访问详情 (a guess: name and keys): the last 7 days per page type. Planted: the
# product detail pages' visitors leave without a click (their recommended-products module is stale).
SHOP_PAGES = (
    ("all", "全店", 820, 74, 2.3, 31, 1210),
    ("home", "首页", 240, 48, 1.9, 3, 380),
    ("group", "产品分组页", 130, 41, 1.6, 2, 210),
    ("detail", "产品详情页", 610, 35, 1.2, 26, 9),
)


def shop_visits(rt, q) -> list[dict]:
    return [
        {
            "pageType": t,
            "pageName": name,
            "visitorCnt": v,
            "avgStayTime": stay,
            "pvPerVisitor": pv,
            "fbNum": fb,
            "clickNum": clicks,
        }
        for t, name, v, stay, pv, fb, clicks in SHOP_PAGES
    ]


def top_display(rt, q) -> list[dict]:
    """顶级展位 (a guess: name and keys): the promoted product per bought keyword, last 7 days. Planted:
    one converts, the other has clicks and no inquiry."""
    live = [p for p in rt.live_products() if p.status == "approved" and p.display == "on"]
    rows = []
    for i, (kw, clicks, fb) in enumerate((("bluetooth speaker", 150, 9), ("power bank", 120, 0))):
        p = next((x for x in live if x.family == kw), live[i])
        rows.append(
            {
                "keyword": kw,
                "productId": int(p.id),
                "subject": p.title,
                "showNum": clicks * 38,
                "clickNum": clicks,
                "fbNum": fb,
            }
        )
    return rows


MARKETING_QUOTA = 20  # 访客营销 messages a day (a guess)


def marketing_visitors(rt, q) -> list[dict]:
    """访客营销 (a guess): visitors of the last days who sent no inquiry, with what they looked at."""
    rows = [v for v in rt.store.visitors if not v["inquired"]][:30]
    return [
        {
            "visitorId": v["visitor_id"],
            "countryCode": v["country"],
            "productIds": str(v["product_id"]),
            "visitCnt": v["pages"],
            "lastVisitTime": ms(datetime.fromisoformat(v["time"])),
            "marketed": v["visitor_id"] in rt.marketed,
        }
        for v in rows
    ]


def marketing_quota(rt) -> dict:
    used = sum(1 for w in rt.writes if w["action"] == "visitor_message" and w["at"][:10] == rt.now().date().isoformat())
    return {"total": MARKETING_QUOTA, "used": used}


@router.post("/visitor/ajax/marketing.json")
async def market(request: Request):
    rt, f = rt_of(request), await request.form()
    if not token_ok(request, f.get("ctoken"), "ctoken") or not f.get("dmtrack_pageid"):
        return {"successed": False, "errorMsg": "illegal request"}
    vid, text = str(f.get("visitorId") or ""), str(f.get("content") or "").strip()
    known = {v["visitorId"] for v in marketing_visitors(rt, {})}
    quota = marketing_quota(rt)
    error = (
        "访客不存在"
        if vid not in known
        else "该访客已营销过"
        if vid in rt.marketed
        else "请填写营销内容"
        if not text
        else "营销内容不能超过2000字"
        if len(text) > 2000
        else "今日营销次数已用完"
        if quota["used"] >= quota["total"]
        else None
    )
    if error:
        return {"successed": False, "errorMsg": error}
    rt.marketed.add(vid)
    rt.log_write(request.state.session.username, "visitor_message", vid, None, text)
    return {"successed": True, "value": {"quota": marketing_quota(rt)}}


FIGURES = ("showNum", "clickNum", "clickRate", "visitorCnt", "fbNum")


def vip_products(rt, q) -> dict:
    """产品分析's newer answer (REAL_SITE.md, newer evidence): value.products{data, recordCount} and
    value.statistics, every figure an object {value, ...}; the keys inside a row are those of the
    older answer (a guess)."""
    rows = product_effect(rt, q)
    page, size = paging(q, "pageNO", "pageSize", 50)
    part = [
        {k: {"value": v} if k in FIGURES else v for k, v in r.items()} for r in rows[(page - 1) * size : page * size]
    ]
    stats = {
        k: {"value": sum(r[k] for r in rows), "cycleCrc": None, "rivalAvg": None} for k in FIGURES if k != "clickRate"
    }
    return {"products": {"data": part, "recordCount": len(rows), "pageNO": page, "pageSize": size}, "statistics": stats}


TABLES = {
    "getMarketingVisitors": marketing_visitors,
    "getShopVisitDetail": shop_visits,
    "getTopDisplay": top_display,
    "getProductEffect": product_effect,
    "getIneffectiveProducts": ineffective,
    "vip/traffic/keyword/getKeywords": keywords,
    "getTrafficSource": sources,
    "getKeywordIndex": keyword_index,
    "getVisitors": visitors,
}


@router.get("/self/.json")
async def gateway(request: Request):
    rt, q = rt_of(request), dict(request.query_params)
    if (
        q.get("action") != "CommonAction"
        or not token_ok(request, q.get("ctoken"), "ctoken")
        or not q.get("dmtrack_pageid")
    ):
        return {"successed": False, "errorMsg": "illegal request", "value": None}
    name = q.get("iName", "")
    try:
        if name == "getOverview":
            return {"successed": True, "value": overview(rt, q)}
        if name == "getVipEffectiveProductsAndStats":
            return JSONResponse({"successed": True, "value": vip_products(rt, q)})
        rows = TABLES[name](rt, q)
    except KeyError:
        return {"successed": False, "errorMsg": "暂无数据", "value": None}
    page, size = paging(q, "pageNO", "pageSize", 50)
    value = {"total": len(rows), "pageNO": page, "pageSize": size, "data": rows[(page - 1) * size : page * size]}
    if name == "getMarketingVisitors":
        value["marketingQuota"] = marketing_quota(rt)
    return JSONResponse({"successed": True, "value": value})


# ---- exports (.xls, BIFF8, the header on the 6th row; about 20 a day) — the path is a guess ----------
EXPORT_LABELS = (
    ("产品名称", "subject"),
    ("产品ID", "productId"),
    ("曝光量", "showNum"),
    ("点击量", "clickNum"),
    ("点击率", "clickRate"),
    ("访客数", "visitorCnt"),
    ("反馈数", "fbNum"),
)
PERIOD_WORDS = {"day": "日", "week": "周", "month": "月"}


def product_effect_xls(rows: list[dict], day: str, period: str) -> bytes:
    import io

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("产品分析")
    for r, text in enumerate(
        (
            "数据管家 · 产品分析",
            f"统计时间：{day}",
            f"统计周期：{PERIOD_WORDS.get(period, period)}",
            "说明：数据每日更新",
            "",
        )
    ):
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
    return Response(
        body, media_type="application/vnd.ms-excel", headers={"content-disposition": f'attachment; filename="{name}"'}
    )

"""JSON calls of the back office: the paged, sortable reads that fill each table, and the writes
(each CSRF-checked by the guard and recorded in the write log)."""
from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from . import metrics
from .screens import SCREENS

router = APIRouter()
MAX_PAGE_SIZE = 100


def rt_of(request: Request):
    return request.app.state.rt


def _date(q, key: str, default: date) -> date:
    try:
        return date.fromisoformat(q.get(key)) if q.get(key) else default
    except ValueError:
        return default


def _buyer_local(rt, tz: int) -> str:
    """The buyer's wall-clock time now; the sandbox clock runs in China time (UTC+8)."""
    return (rt.now().replace(tzinfo=None) + timedelta(hours=tz - 8)).strftime("%Y-%m-%d %H:%M")


def rows_for(name: str, rt, q) -> list[dict]:
    s = rt.store
    dd = rt.data_date()
    if name in ("inquiries", "tm"):
        kind = "tm" if q.get("type") == "tm" else "inquiry"
        rows = [dict({k: v for k, v in m.items() if k not in ("message", "replies")}, buyer_local_time=_buyer_local(rt, m["tz_offset"]))
                for m in s.inquiries if m["type"] == kind]
        if q.get("replied") in ("true", "false"):
            rows = [r for r in rows if r["replied"] == (q["replied"] == "true")]
        return rows
    if name == "rfq":
        text = (q.get("SearchText") or "").lower().split()
        return [r for r in s.rfqs if all(t in r["title"].lower() for t in text)]
    if name == "p4p":
        rows = metrics.p4p_report(rt, _date(q, "startDate", dd - timedelta(days=6)), _date(q, "endDate", dd))
        return [r for r in rows if not q.get("campaign") or r["campaign"] == q["campaign"]]
    if name == "products":
        rows = []
        for p in rt.live_products():
            if q.get("status") and p.status != q["status"]:
                continue
            if q.get("displayStatus") and p.display != q["displayStatus"]:
                continue
            if q.get("tier") and p.tier != q["tier"]:
                continue
            if q.get("zeroEffect") and p.zero_days < int(q["zeroEffect"]):
                continue
            if q.get("maxScore") and p.quality_score >= float(q["maxScore"]):
                continue
            rows.append({"id": p.id, "title": p.title, "keywords": p.keywords, "quality_score": p.quality_score,
                         "tier": p.tier, "status": p.status, "display": p.display, "showcase": p.showcase,
                         "zero_days": p.zero_days, "created": (rt.store.start - timedelta(days=p.created_days)).date().isoformat()})
        return rows
    if name == "analysis":
        return metrics.product_analysis(rt, _date(q, "date", dd), int(q.get("period") or 1))
    if name == "keywords":
        return metrics.traffic_keywords(rt, _date(q, "date", dd))
    if name == "sources":
        return metrics.traffic_sources(rt, _date(q, "date", dd))
    if name == "visitors":
        return list(s.visitors)
    if name == "orders":
        today = rt.now().date().isoformat()
        rows = [dict(o, overdue=o["status"] == "waiting_shipment" and o["ship_by"] < today) for o in s.orders]
        return [r for r in rows if not q.get("status") or r["status"] == q["status"]]
    if name == "reviews":
        return list(s.reviews)
    if name == "activities":
        today = rt.now().date().isoformat()
        return [dict(a, open=a["deadline"] >= today) for a in s.activities]
    raise KeyError(name)


def search_filter(rows: list[dict], text: str | None) -> list[dict]:
    """The search box of a screen: an exact id, or words contained in a text column."""
    if not text:
        return rows
    t = text.strip().lower()
    return [r for r in rows if any(str(v).lower() == t or (isinstance(v, str) and t in v.lower()) for v in r.values())]


def ordered(rows: list[dict], q, default_sort: str, default_desc: bool) -> list[dict]:
    key = q.get("orderBy") or default_sort
    desc = q.get("desc", "1" if default_desc else "0") == "1"
    if rows and key in rows[0]:
        rows = sorted(rows, key=lambda r: (r[key] is None, r[key]), reverse=desc)
    return rows


def paged(rows: list[dict], q) -> tuple[list[dict], int, int, int]:
    try:
        page = max(1, int(q.get("page") or 1))
        size = min(MAX_PAGE_SIZE, max(1, int(q.get("size") or 20)))
    except ValueError:
        page, size = 1, 20
    return rows[(page - 1) * size: page * size], len(rows), page, size


CACHED = ("products", "analysis")   # big listings that depend on data only, not on the clock
_cache: dict = {}


def _list_endpoint(name: str, variant: bool):
    screen = SCREENS[name]

    async def endpoint(request: Request):
        q = dict(request.query_params)
        rt = rt_of(request)
        key = (id(rt), name, rt.data_version, rt.data_date(), tuple(sorted((k, v) for k, v in q.items() if k not in ("page", "size"))))
        rows = _cache.get(key) if name in CACHED else None
        if rows is None:
            rows = rows_for(name, rt, q)
            if screen.get("search") == "q":
                rows = search_filter(rows, q.get("q"))
            rows = ordered(rows, q, screen["sort"], screen["desc"])
            if name in CACHED:
                if len(_cache) > 64:
                    _cache.clear()
                _cache[key] = rows
        rows, total, page, size = paged(rows, q)
        if variant:
            return {"ok": 1, "result": {"items": [{f"f{i}": v for i, v in enumerate(r.values())} for r in rows], "count": total}}
        return {"success": True, "data": {"list": rows, "total": total, "page": page, "size": size}}
    return endpoint


for _name, _s in SCREENS.items():
    if _name == "tm":
        continue  # shares the inquiries call, told apart by type=
    router.add_api_route(_s["api"], _list_endpoint(_name, False), methods=["GET"])
    router.add_api_route(_s["variant_api"], _list_endpoint(_name, True), methods=["GET"])


@router.get("/home/ajax/summary.json")
async def home_summary(request: Request):
    rt = rt_of(request)
    s = rt.store
    return {"success": True, "data": {"star_level": int(min(s.star.values())), "dimensions": s.star,
                                      "unreplied_inquiries": sum(1 for m in s.inquiries if not m["replied"]),
                                      "violations": s.violations, "activity_score": rt.activity_score}}


@router.get("/mydata/ajax/overview.json")
async def overview(request: Request):
    rt = rt_of(request)
    try:
        return {"success": True, "data": metrics.overview(rt, _date(request.query_params, "date", rt.data_date()))}
    except KeyError as e:
        return {"success": False, "message": f"暂无数据 {e}"}


@router.get("/rfq/ajax/quota.json")
async def quota(request: Request):
    return {"success": True, "data": metrics.rfq_quota(rt_of(request))}


@router.get("/p4p/ajax/campaigns.json")
async def campaigns(request: Request):
    rt = rt_of(request)
    s = rt.store
    return {"success": True, "data": {"campaigns": [dict(v, campaign=k) for k, v in s.budgets.items()],
                                      "negative_keywords": s.negative_keywords, "history": list(reversed(s.p4p_history))}}


def _fail(msg: str, status: int = 200):
    return JSONResponse({"success": False, "message": msg}, status_code=status)


def _who(request: Request) -> str:
    return request.state.session.username


@router.post("/message/ajax/reply.json")
async def reply(request: Request):
    rt, body = rt_of(request), await request.json()
    m = next((m for m in rt.store.inquiries if m["id"] == str(body.get("id"))), None)
    content = (body.get("content") or "").strip()
    if m is None:
        return _fail("询盘不存在")
    if not content:
        return _fail("回复内容不能为空")
    before = m["replied"]
    m["replies"].append({"at": rt.now().isoformat(timespec="seconds"), "content": content})
    m["replied"], m["status"] = True, "replied"
    rt.log_write(_who(request), "reply_inquiry", m["id"], {"replied": before}, {"replied": True, "content": content})
    return {"success": True}


@router.post("/rfq/ajax/quote.json")
async def quote(request: Request):
    rt, body = rt_of(request), await request.json()
    r = next((r for r in rt.store.rfqs if r["id"] == str(body.get("rfqId"))), None)
    if r is None:
        return _fail("RFQ不存在")
    required = ["productName", "tradeTerm", "currency", "unit", "payment", "ladderQty1", "ladderPrice1", "message"]
    missing = [k for k in required if not str(body.get(k) or "").strip()]
    if missing:
        return _fail("请填写必填项: " + ", ".join(missing))
    q = metrics.rfq_quota(rt)
    if q["left"] <= 0:
        return _fail("本月报价权益已用完")
    if r["quotes_left"] <= 0:
        return _fail("该RFQ报价名额已满")
    before = {"quotes_left": r["quotes_left"], "quota_used": rt.store.rfq_quota["used"]}
    if r.get("quoted"):
        return _fail("您已报价，如需修改请编辑报价")
    r["quotes_left"] -= 1
    r["quoted"] = True
    rt.store.rfq_quota["used"] += 1
    r.setdefault("quotes", []).append({k: v for k, v in body.items() if k != "rfqId"})
    rt.log_write(_who(request), "rfq_quote", r["id"], before, {"quotes_left": r["quotes_left"], "quote": body})
    return {"success": True}


@router.post("/p4p/ajax/updateBid.json")
async def update_bid(request: Request):
    rt, body = rt_of(request), await request.json()
    k = rt.keyword(body.get("keywordId"))
    try:
        bid = float(body.get("bid"))
    except (TypeError, ValueError):
        return _fail("出价格式不正确")
    if k is None:
        return _fail("关键词不存在")
    if bid < k.base_price - 1e-9:
        return _fail(f"出价不能低于底价 {k.base_price}")
    if abs(round(bid * 10) - bid * 10) > 1e-6:
        return _fail("出价须为0.1元的整数倍")
    before, k.bid, k.last_changed_days = k.bid, round(bid, 1), 0
    entry = rt.log_write(_who(request), "set_bid", str(k.id), before, k.bid)
    rt.store.p4p_history.append(dict(entry, target=k.keyword))
    rt.search.invalidate()
    return {"success": True, "data": {"bid": k.bid}}


@router.post("/p4p/ajax/budget.json")
async def set_budget(request: Request):
    rt, body = rt_of(request), await request.json()
    c = rt.store.budgets.get(body.get("campaign"))
    try:
        budget = float(body.get("budget"))
    except (TypeError, ValueError):
        return _fail("预算格式不正确")
    if c is None:
        return _fail("推广计划不存在")
    if budget < 30:
        return _fail("每日预算不能低于30元")
    before, c["daily_budget"] = c["daily_budget"], budget
    entry = rt.log_write(_who(request), "set_budget", body["campaign"], before, budget)
    rt.store.p4p_history.append(dict(entry, target=body["campaign"]))
    return {"success": True}


@router.post("/p4p/ajax/negative.json")
async def add_negative(request: Request):
    rt, body = rt_of(request), await request.json()
    kw, camp = (body.get("keyword") or "").strip().lower(), body.get("campaign")
    if not kw or camp not in rt.store.budgets:
        return _fail("请输入屏蔽词并选择推广计划")
    if any(n["campaign"] == camp and n["keyword"] == kw for n in rt.store.negative_keywords):
        return _fail("屏蔽词已存在")
    rt.store.negative_keywords.append({"campaign": camp, "keyword": kw})
    entry = rt.log_write(_who(request), "add_negative_keyword", camp, None, kw)
    rt.store.p4p_history.append(dict(entry, target=camp))
    return {"success": True}


@router.post("/product/ajax/republish.json")
async def republish(request: Request):
    rt, body = rt_of(request), await request.json()
    p = rt.product(str(body.get("id")))
    if p is None:
        return _fail("产品不存在")
    before = {"created_days": p.created_days, "zero_days": p.zero_days}
    p.created_days, p.zero_days = 0, 0
    rt.log_write(_who(request), "republish_product", p.id, before, {"created_days": 0, "zero_days": 0})
    return {"success": True}


@router.post("/product/ajax/delete.json")
async def delete(request: Request):
    rt, body = rt_of(request), await request.json()
    ids = [str(i) for i in body.get("ids") or []]
    prods = [rt.product(i) for i in ids]
    if not ids or any(p is None for p in prods):
        return _fail("产品不存在")
    for p in prods:
        rt.deleted.add(p.id)
        rt.log_write(_who(request), "delete_product", p.id, {"title": p.title}, None)
    rt.search.invalidate()
    return {"success": True}


@router.post("/product/ajax/update.json")
async def update_product(request: Request):
    rt, body = rt_of(request), await request.json()
    p = rt.product(str(body.get("id")))
    title = (body.get("title") or "").strip()
    kws = [k.strip() for k in body.get("keywords") or [] if k and k.strip()]
    if p is None:
        return _fail("产品不存在")
    if not title or len(title) > 128:
        return _fail("产品名称须为1-128个字符")
    if not kws:
        return _fail("请至少填写一个关键词")
    before = {"title": p.title, "keywords": p.keywords}
    p.title, p.keywords = title, kws[:3]
    rt.log_write(_who(request), "edit_product", p.id, before, {"title": p.title, "keywords": p.keywords})
    rt.search.invalidate()
    return {"success": True}


@router.post("/product/ajax/showcase.json")
async def showcase(request: Request):
    rt, body = rt_of(request), await request.json()
    p = rt.product(str(body.get("id")))
    if p is None:
        return _fail("产品不存在")
    on = bool(body.get("on"))
    if on and not p.showcase and sum(1 for x in rt.live_products() if x.showcase) >= max(20, len(rt.store.products) // 10):
        return _fail("橱窗数量已满")
    before, p.showcase = p.showcase, on
    rt.log_write(_who(request), "set_showcase", p.id, before, on)
    return {"success": True}


@router.post("/activity/ajax/signup.json")
async def signup(request: Request):
    rt, body = rt_of(request), await request.json()
    a = next((a for a in rt.store.activities if a["id"] == str(body.get("id"))), None)
    if a is None:
        return _fail("活动不存在")
    if not a["eligible"]:
        return _fail("不符合报名条件")
    if a["deadline"] < rt.now().date().isoformat():
        return _fail("报名已截止")
    if a["signed_up"]:
        return _fail("已报名")
    a["signed_up"] = True
    rt.log_write(_who(request), "activity_signup", a["id"], False, True)
    return {"success": True}

"""www2.alibaba.com: P4P (外贸直通车). The pages' own calls are POSTs under /api/ with form-encoded
`ads`, `type`, `data` (JSON) and `_csrf` (= the XSRF-TOKEN cookie); answers {ok, status: 1000,
data, ...}, writes answer {ok: true}. Real calls: campaign/type/allList, campaign/{id}/bidword/query,
campaign/{id}/bidword/update ({"updateType": "add_price", "keywordList": [{"id", "price"}]}),
recommend/bidword/keywordInfo/v2. Budgets, negative words and the operation log are guesses
(sandbox/guesses.py). Prices in CNY.

Newer form (public tools 2024-2026; the default, `--dialect older` for the above): allList answers
`data` keyed by campaign type ({"1": [{id, title}], "4": [...]}), bidword/query a flat list with
prices as strings (`sugPrice`), the bid dialog asks recommend/bid/keyword/bid (`suggestPriceStr`,
`topPosPriceStr`, `minPriceStr`), negative words live under campaign/{id}/forbidden/keyword
(/create, /delete) and budgets go through campaign/update {"id", "budget"}. The budget and spend
keys of an allList item and the row keys of forbidden/keyword beyond `word` are guesses."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

from fastapi import APIRouter, Request

from .. import answers, metrics
from . import rt_of, token_ok, who

router = APIRouter()
CAMPAIGNS = {"standard": (1001, "标准推广"), "smart": (1002, "智能推广")}
TYPE_KEYS = {"standard": "1", "smart": "4"}  # the newer allList's campaign-type keys
BY_ID = {cid: name for name, (cid, _) in CAMPAIGNS.items()}
MAX_SIZE = 50


def _ok(data=None, **extra) -> dict:
    return {"ok": True, "status": 1000, "error": None, "errorVO": None, "data": data, **extra}


def _refuse(message: str, status: int = 1001) -> dict:
    return {
        "ok": False,
        "status": status,
        "error": message,
        "errorVO": {"code": str(status), "message": message},
        "data": None,
    }


async def _data(request: Request) -> dict | None:
    """The call's `data` when its form carries the page's _csrf; None otherwise."""
    form = await request.form()
    if not token_ok(request, form.get("_csrf")):
        return None
    try:
        d = json.loads(str(form.get("data") or "{}"))
    except ValueError:
        return None
    return d if isinstance(d, dict) else None


def p4p_call(path: str):
    """A P4P call: POST form with `data` and the page's `_csrf`; the body gets (request, rt, data,
    campaign id from the path or None). Without the page's token: refused, nothing done."""

    def wrap(fn):
        async def endpoint(request: Request):
            d = await _data(request)
            cid = request.path_params.get("cid")
            if d is None or (cid is not None and not str(cid).isdigit()):
                return _refuse("illegal request", 403)
            return fn(request, rt_of(request), d, int(cid) if cid is not None else None)

        router.add_api_route(path, endpoint, methods=["POST"])
        return fn

    return wrap


def _logged(request: Request, action: str, target: str | None, before, after, shown: str | None) -> None:
    """A P4P write in the sandbox's write log and in the P4P operation log (shown by `shown`)."""
    rt = rt_of(request)
    entry = rt.log_write(who(request), action, target, before, after)
    rt.store.p4p_history.append(dict(entry, target=shown))


def _day(v, default: date) -> date:
    try:
        return date.fromisoformat(v) if v else default
    except (TypeError, ValueError):
        return default


def newer(rt) -> bool:
    return rt.form("p4p") == "newer"


@p4p_call("/api/campaign/type/allList")
def all_list(request: Request, rt, d: dict, cid: int | None):
    if newer(rt):
        return _ok(
            {
                TYPE_KEYS[name]: [
                    {
                        "id": cid,
                        "title": label,
                        "status": "online",
                        "budget": rt.store.budgets[name]["daily_budget"],
                        "todayCost": rt.store.budgets[name]["spent_today"],
                        "budgetExhaustTime": rt.store.budgets[name]["exhausted_at"],
                    }
                ]
                for name, (cid, label) in CAMPAIGNS.items()
            }
        )
    out = []
    for name, (cid, label) in CAMPAIGNS.items():
        b = rt.store.budgets[name]
        out.append(
            {
                "campaignId": cid,
                "campaignName": label,
                "campaignType": name,
                "status": "online",
                "dayBudget": b["daily_budget"],
                "todayCost": b["spent_today"],
                "budgetExhaustTime": b["exhausted_at"],
            }
        )
    return _ok(out)


def keyword_row(rt, r: dict) -> dict:
    cid, label = CAMPAIGNS[r["campaign"]]
    k = rt.keyword(r["keyword_id"])
    suggest = round(k.base_price * 2.2, 1)
    return {
        "id": r["keyword_id"],
        "word": r["keyword"],
        "bidword": r["keyword"],
        "campaignId": cid,
        "campaignName": label,
        "price": r["bid"],
        "basePrice": r["base_price"],
        "suggestPrice": suggest,
        "avgPrice": round((suggest + k.base_price) / 2, 1),
        "qsStar": r["qs_star"],
        "star": r["qs_star"],
        "status": "online" if r["status"] == "active" else "offline",
        "rank": r["est_rank"],
        "imprCnt": r["impressions"],
        "clkCnt": r["clicks"],
        "ctr": r["ctr"],
        "cpc": r["cpc"],
        "cost": r["spend"],
        "fbCnt": r["inquiries"],
        "currency": "CNY",
    }


@p4p_call("/api/campaign/{cid}/bidword/query")
def bidword_query(request: Request, rt, d: dict, cid: int):
    if cid not in BY_ID:
        return _refuse("推广计划不存在")
    dd = rt.data_date()
    rows = [
        r
        for r in metrics.p4p_report(rt, _day(d.get("startDate"), dd - timedelta(days=6)), _day(d.get("endDate"), dd))
        if r["campaign"] == BY_ID[cid]
    ]
    if d.get("keyword"):
        text = str(d["keyword"]).strip().lower()
        rows = [r for r in rows if text in r["keyword"].lower() or text == str(r["keyword_id"])]
    rows.sort(key=lambda r: -r["spend"])
    try:
        page, size = max(1, int(d.get("page") or 1)), min(MAX_SIZE, max(1, int(d.get("size") or 20)))
    except (TypeError, ValueError):
        return _refuse("参数错误")
    part = [keyword_row(rt, r) for r in rows[(page - 1) * size : page * size]]
    if newer(rt):  # a flat list, prices as strings, paging in the envelope
        flat = [
            dict(r, price=f"{r['price']:.1f}", basePrice=f"{r['basePrice']:.1f}", sugPrice=f"{r['suggestPrice']:.1f}")
            for r in part
        ]
        for r in flat:
            del r["suggestPrice"]
        return _ok(flat, page=page, size=size, totalCount=len(rows), totalPages=math.ceil(len(rows) / size))
    return _ok(
        {"list": part, "totalCount": len(rows), "totalPages": math.ceil(len(rows) / size), "page": page, "size": size}
    )


@p4p_call("/api/campaign/{cid}/bidword/update")
def bidword_update(request: Request, rt, d: dict, cid: int):
    if d.get("updateType") != "add_price" or not isinstance(d.get("keywordList"), list) or not d["keywordList"]:
        return _refuse("参数错误")
    changes = []
    for item in d["keywordList"]:
        k = rt.keyword(item.get("id")) if isinstance(item, dict) else None
        if k is None or CAMPAIGNS[k.campaign][0] != cid:
            return _refuse("关键词不存在")
        try:
            price = float(item.get("price"))
        except (TypeError, ValueError):
            return _refuse("出价格式不正确")
        if not math.isfinite(price) or price < k.base_price - 1e-9:
            return _refuse(f"出价不能低于底价 {k.base_price}")
        if abs(round(price * 10) - price * 10) > 1e-6:
            return _refuse("出价须为0.1元的整数倍")
        changes.append((k, round(price, 1)))
    for k, price in changes:
        before, k.bid, k.last_changed_days = k.bid, price, 0
        _logged(request, "set_bid", str(k.id), before, k.bid, k.keyword)
    rt.search.invalidate()
    return _ok(None)


NEW_WORD_FLOOR = 2.0  # a guess: a newly added word's floor bid


@p4p_call("/api/campaign/{cid}/bidword/create")
def bidword_create(request: Request, rt, d: dict, cid: int):
    """Add words to a campaign (a guess, sandbox/guesses.py): {"keywordList": [{"word", "price"}]}."""
    from ..data import P4PKeyword

    items = d.get("keywordList")
    if cid not in BY_ID or not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        return _refuse("参数错误")
    added = []
    for item in items:
        word = str(item.get("word") or "").strip().lower()
        try:
            price = float(item.get("price"))
        except (TypeError, ValueError):
            return _refuse("出价格式不正确")
        if not word or len(word) > 50:
            return _refuse("关键词须为1-50个字符")
        if any(k.keyword == word and k.campaign == BY_ID[cid] for k in rt.store.p4p_keywords):
            return _refuse("关键词已存在")
        if not math.isfinite(price) or price < NEW_WORD_FLOOR - 1e-9:
            return _refuse(f"出价不能低于底价 {NEW_WORD_FLOOR}")
        if abs(round(price * 10) - price * 10) > 1e-6:
            return _refuse("出价须为0.1元的整数倍")
        added.append((word, round(price, 1)))
    for word, price in added:
        k = P4PKeyword(
            id=max(x.id for x in rt.store.p4p_keywords) + 1,
            keyword=word,
            campaign=BY_ID[cid],
            bid=price,
            base_price=NEW_WORD_FLOOR,
            qs_star=3,
            status="active",
            last_changed_days=0,
        )
        rt.store.p4p_keywords.append(k)
        _logged(request, "add_p4p_keyword", str(k.id), None, {"word": word, "price": price}, word)
    rt.search.invalidate()
    return _ok(None)


@p4p_call("/api/recommend/bidword/keywordInfo/v2")
def keyword_info(request: Request, rt, d: dict, cid: int | None):
    words = [str(w).lower() for w in d.get("keywords") or []]
    rows = []
    for k in rt.store.p4p_keywords:
        if k.keyword in words:
            best = next((p for p in rt.live_products() if p.family in k.keyword), None)
            row = answers.keyword_info(k, best)
            day = k.daily[0] if k.daily else {"impressions": 0, "clicks": 0, "inquiries": 0}
            s = row["effectData"]["totalSummary"]
            s.update(
                seKwNorm=k.keyword.upper(),
                top1SeKw=k.keyword,
                p4pImpsCnt=day["impressions"],
                p4pClkCnt=day["clicks"],
                fbMcCnt=day["inquiries"],
                reservePrice=round(k.base_price * 100),
                avgPrice=round(row["avgPrice"] * 100),
                statDate=f"{rt.data_date():%Y%m%d}~{rt.data_date():%Y%m%d}",
            )
            rows.append(row)
    return {
        "status": 1000,
        "error": None,
        "errorVO": None,
        "page": None,
        "size": None,
        "totalCount": None,
        "totalPages": None,
        "eagleEyeId": f"sandbox{rt.data_version}",
        "ok": True,
        "data": rows,
    }


@p4p_call("/api/recommend/bid/keyword/bid")
def keyword_bid(request: Request, rt, d: dict, cid: int | None):
    """The newer bid dialog's price advice: strings, CNY."""
    out = []
    for w in d.get("keywords") or []:
        k = next((k for k in rt.store.p4p_keywords if k.keyword == str(w).lower()), None)
        if k is not None:
            suggest = round(k.base_price * 2.2, 1)
            out.append(
                {
                    "keyword": k.keyword,
                    "suggestPriceStr": f"{suggest:.1f}",
                    "topPosPriceStr": f"{suggest * 1.5:.1f}",
                    "minPriceStr": f"{k.base_price:.1f}",
                }
            )
    return _ok(out)


@p4p_call("/api/campaign/update")
def campaign_update(request: Request, rt, d: dict, cid: int | None):
    """The newer budget write: {"id": campaign id, "budget": yuan}."""
    cid = d.get("id")
    return _set_budget(request, rt, BY_ID.get(cid) if isinstance(cid, int) else None, d.get("budget"))


@p4p_call("/api/campaign/{cid}/forbidden/keyword")
def forbidden_query(request: Request, rt, d: dict, cid: int):
    name = BY_ID.get(cid)
    return _ok(
        [
            {"id": i, "word": n["keyword"], "campaignId": cid}
            for i, n in enumerate(rt.store.negative_keywords, start=1)
            if n["campaign"] == name
        ]
    )


@p4p_call("/api/campaign/{cid}/forbidden/keyword/create")
def forbidden_create(request: Request, rt, d: dict, cid: int):
    words = d.get("words") if isinstance(d.get("words"), list) else [d.get("word")]
    return _add_negative(request, rt, BY_ID.get(cid), str((words or [""])[0] or ""))


@p4p_call("/api/campaign/{cid}/forbidden/keyword/delete")
def forbidden_delete(request: Request, rt, d: dict, cid: int):
    name, word = BY_ID.get(cid), str(d.get("word") or "").strip().lower()
    hit = next((n for n in rt.store.negative_keywords if n["campaign"] == name and n["keyword"] == word), None)
    if hit is None:
        return _refuse("屏蔽词不存在")
    rt.store.negative_keywords.remove(hit)
    _logged(request, "remove_negative_keyword", name, word, None, name)
    return _ok(None)


def _set_budget(request: Request, rt, name: str | None, value):
    try:
        budget = float(value)
    except (TypeError, ValueError):
        return _refuse("预算格式不正确")
    if name is None:
        return _refuse("推广计划不存在")
    if not math.isfinite(budget) or budget < 30:
        return _refuse("每日预算不能低于30元")
    c = rt.store.budgets[name]
    before, c["daily_budget"] = c["daily_budget"], budget
    _logged(request, "set_budget", name, before, budget, name)
    return _ok(None)


def _add_negative(request: Request, rt, name: str | None, word: str):
    word = word.strip().lower()
    if not word or name is None:
        return _refuse("请输入屏蔽词并选择推广计划")
    if any(n["campaign"] == name and n["keyword"] == word for n in rt.store.negative_keywords):
        return _refuse("屏蔽词已存在")
    rt.store.negative_keywords.append({"campaign": name, "keyword": word})
    _logged(request, "add_negative_keyword", name, None, word, name)
    return _ok(None)


# ---- guesses (sandbox/guesses.py): budgets, negative words, operation log --------------------------
@p4p_call("/api/campaign/{cid}/budget/update")
def budget_update(request: Request, rt, d: dict, cid: int):
    return _set_budget(request, rt, BY_ID.get(cid), d.get("dayBudget"))


@p4p_call("/api/negativeword/query")
def negative_query(request: Request, rt, d: dict, cid: int | None):
    return _ok(
        [
            {
                "campaignId": CAMPAIGNS[n["campaign"]][0],
                "campaignName": CAMPAIGNS[n["campaign"]][1],
                "word": n["keyword"],
            }
            for n in rt.store.negative_keywords
        ]
    )


@p4p_call("/api/negativeword/add")
def negative_add(request: Request, rt, d: dict, cid: int | None):
    given = d.get("campaignId")
    name = BY_ID.get(given) if isinstance(given, int) else None
    return _add_negative(request, rt, name, str(d.get("word") or ""))


@p4p_call("/api/operation/log/query")
def operation_log(request: Request, rt, d: dict, cid: int | None):
    return _ok(
        [
            {
                "gmtCreate": h["at"],
                "operateType": h["action"],
                "target": h["target"],
                "targetId": h["target"],
                "beforeValue": h["before"],
                "afterValue": h["after"],
            }
            for h in reversed(rt.store.p4p_history)
        ]
    )

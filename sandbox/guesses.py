"""Every part of the sandbox that no public source shows, in one place, each built in the spirit of
its host (its own page, its own call, its own dialect). When a real capture shows one of these,
change it here and in the page object that reads it.

- session expiry of a call: the call is redirected (302) to the login page, like a page
  (guard.py); the page's script follows the redirect to the login page.
- alicrm (客户管理): the older paths /jsonp/customer/queryCustomerList.json and queryBuyerCard.json
  (the newer list POST, querySummary.htm and the JSONP card are public evidence), the page
  /crm/customer_list.htm, addCustomer.json, the card's secTradeId and which buyers are customers; the
  answers have the real shapes (hosts/alicrm.py).
- alicrm's outreach (hosts/outreach.py): 公海客户 (/crm/public_pool.htm; jsonp/publicPool/queryList.json
  with data.quota {total, used}, develop.json; 20 first messages a day), 客群营销 (/crm/edm.htm;
  jsonp/edm/queryCampaigns.json: the groups as rows, data.campaigns and data.quota {total, used, period:
  week}; send.json; 2 a week), a message to a customer (jsonp/customer/sendMessage.json; 30 a day),
  shown in the customer row's recentNote, with lastContactTime.
- 数据管家's 访客营销 (/visitor/marketing, iName getMarketingVisitors with value.marketingQuota
  {total, used}; a message is POST /visitor/ajax/marketing.json with visitorId, content, ctoken;
  20 a day) (hosts/data.py).
- 数据管家's 店铺访问详情 (/shop/visit, iName getShopVisitDetail) and 顶级展位's report
  (/marketing/top_display, iName getTopDisplay): names, paths and row keys (hosts/data.py).
- 数据管家's 关键词指数 (/industry/keyword_index, iName getKeywordIndex): each word's searchIndex,
  heatTrend [{month, value}] over 12 months and sellerCompetition 0-100 (hosts/data.py).
- 数据管家: the gateway names getOverview, getProductEffect (the older 产品分析; the newer
  getVipEffectiveProductsAndStats is public evidence, its row keys are not), getIneffectiveProducts,
  getTrafficSource and the keys of every row (hosts/data.py).
- 数据管家's export link of the product analysis (/product/overview/export.xls) and its answer when
  the day's quota (20) is used up: {successed: false, errorMsg} (hosts/data.py); the file itself is
  the real kind: .xls (BIFF8) with the header on the 6th row.
- product manager: deleteProducts.do, setWindowProduct.do ({result, errorMsg}) and the editor's
  submit.do (hosts/productposting.py).
- inquiries: the reply call ajax/feedback/reply.htm and the answer to a call without its tokens
  (hosts/message.py).
- P4P: the older budget and negative-word calls (campaign/{id}/budget/update, negativeword/*; the
  newer campaign/update and forbidden/keyword are public evidence), the operation log, the budget and
  spend keys of a newer allList item, and the campaign and keyword row keys other than those
  REAL_SITE.md names (hosts/www2.py).
- RFQ: the quota block (window.PAGE_DATA["quota"]) and a card's quoteLeft / hasQuoted (hosts/sourcing.py).
- P4P: adding words to a campaign (campaign/{id}/bidword/create {"keywordList": [{word, price}]}, a
  new word's floor bid 2.0) and the campaign page's form for it (hosts/www2.py).
- the calls below: home (star dimensions, violations, unreplied count), the older orders list,
  reviews and the activity centre, answering {success, data: {total, list}} (the newer orders list,
  biz.alibaba.com mainv2.json, is public evidence: hosts/biz.py).
- the product editor's quality panel (.quality-score and the .quality-tips list of what is missing)
  and the score a new product gets (hosts/productposting.py listing_quality); the list row's
  newer row's gmtCreate (REAL_SITE.md shows only gmtModified): the day a product was published.
- 粉丝通's posts (/fans/posts.htm, /fans/ajax/posts.json: id, type video|image, title, publishDate); an
  order's source and day (baseInfo.orderSource, gmtCreate; the older rows' source, created); 买家分析's
  L1+ buyer share in the overview answer (buyerLevel {l1Rate, peerL1Rate, excellentL1Rate,
  lastMonthL1Rate}); a 公海 buyer's developedTime. targets.py plants them.
- the product manager's newer rows: which carry tradeType sourcingProduct and what finalScore (the
  old score) is beside ggsNewScore (hosts/productposting.py).
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request

from .hosts import paging, rt_of, token_ok, who

router = APIRouter()


def _rows(rt, name: str, q) -> list[dict]:
    s, today = rt.store, rt.now().date().isoformat()
    if name == "orders":
        rows = [dict(o, overdue=o["status"] == "waiting_shipment" and o["ship_by"] < today) for o in s.orders]
        rows = [r for r in rows if not q.get("status") or r["status"] == q["status"]]
        return sorted(rows, key=lambda r: r["ship_by"])
    if name == "reviews":
        return sorted(s.reviews, key=lambda r: r["date"], reverse=True)
    if name == "fans_posts":
        return [
            {
                "id": p["id"],
                "type": p["type"],
                "title": p["title"],
                "publishDate": (rt.now() - timedelta(days=p["days_ago"])).date().isoformat(),
            }
            for p in sorted(s.fans_posts, key=lambda p: p["days_ago"])
        ]
    rows = sorted((dict(a, open=a["deadline"] >= today) for a in s.activities), key=lambda a: a["deadline"])
    text = (q.get("q") or "").strip().lower()
    return [r for r in rows if not text or text == r["id"] or text in r["name"].lower()]


def _list(name: str):
    async def endpoint(request: Request):
        q = dict(request.query_params)
        rows = _rows(rt_of(request), name, q)
        page, size = paging(q, "page", "size", 50)
        return {
            "success": True,
            "data": {"list": rows[(page - 1) * size : page * size], "total": len(rows), "page": page, "size": size},
        }

    return endpoint


for _name, _path in (
    ("orders", "/order/ajax/list.json"),
    ("reviews", "/order/ajax/reviews.json"),
    ("activities", "/activity/ajax/list.json"),
    ("fans_posts", "/fans/ajax/posts.json"),
):
    router.add_api_route(_path, _list(_name), methods=["GET"])


@router.post("/activity/ajax/signup.json")
async def signup(request: Request):
    rt, f = rt_of(request), await request.form()
    if not token_ok(request, f.get("_csrf_token_")):
        return {"success": False, "message": "非法请求"}
    a = next((a for a in rt.store.activities if a["id"] == str(f.get("id"))), None)
    if a is None:
        return {"success": False, "message": "活动不存在"}
    if not a["eligible"]:
        return {"success": False, "message": "不符合报名条件"}
    if a["deadline"] < rt.now().date().isoformat():
        return {"success": False, "message": "报名已截止"}
    if a["signed_up"]:
        return {"success": False, "message": "已报名"}
    a["signed_up"] = True
    rt.log_write(who(request), "activity_signup", a["id"], False, True)
    return {"success": True}


@router.get("/v2/{path:path}")
async def redesigned(request: Request, path: str):
    """The call of a redesigned (layout variant) screen: another path, another shape."""
    return {"ok": 1, "items": [{"f0": "n/a"}], "count": 1}


@router.get("/capability/fetchFinalStar.json")
async def final_star(request: Request):
    """supplier.alibaba.com's star call (real path; data.values.star)."""
    s = rt_of(request).store
    return {"success": True, "data": {"values": {"star": int(min(s.star.values())), "dimensions": s.star}}}

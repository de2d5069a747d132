"""sourcing.alibaba.com: the RFQ market and its quote form. The list is server-rendered: the page
carries `window.PAGE_DATA["index"].data.push({...})` blocks, 20 a page, and a
`pageView{totalItems, currentPage, totalPages}`; cards use the `.brh-rfq-item__*` classes. The quote
form (`rfq_quotation_post`) is a plain form that answers 报价成功. The quota block and the
`quoteLeft`/`hasQuoted` keys of a card are guesses (sandbox/guesses.py)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .. import metrics
from . import rt_of, token_ok, who

router = APIRouter()
PAGE_SIZE = 20


def open_time_str(now: datetime, posted: datetime) -> str:
    """How the market says when an RFQ was posted: "2 hours ago", "3 days ago"."""
    hours = max(0, int((now - posted).total_seconds() // 3600))
    if hours < 1:
        return "just now"
    if hours < 24:
        return f"{hours} hour{'s' if hours > 1 else ''} ago"
    days = hours // 24
    return f"{days} day{'s' if days > 1 else ''} ago"


def card(rt, r: dict) -> dict:
    return {
        "rfqId": int(r["id"]),
        "subject": r["title"],
        "description": r["description"],
        "buyerName": r["buyer"],
        "country": r["country"],
        "quantity": r["quantity"],
        "quantityUnit": r["unit"],
        "openTimeStr": open_time_str(rt.now(), datetime.fromisoformat(r["posted"])),
        "url": f"//sourcing.alibaba.com/rfq/rfq_detail.htm?rfqId={r['id']}",
        "rfqStarLevel": r["star"],
        "quoteLeft": r["quotes_left"],
        "hasQuoted": bool(r.get("quoted")),
    }


def _page(request: Request, searchText: str = "", page: int = 1):
    from ..routes_pages import render

    rt = rt_of(request)
    words = searchText.lower().split()
    rows = [
        r
        for r in sorted(rt.store.rfqs, key=lambda r: r["posted"], reverse=True)
        if all(w in r["title"].lower() for w in words)
    ]
    total = len(rows)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    cards = [card(rt, r) for r in rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
    q = metrics.rfq_quota(rt)
    shown = {"totalItems": total, "currentPage": page, "totalPages": pages}
    captured = rt.cfg.capture.pages.get(request.url.path) if rt.cfg.capture else None
    if captured and isinstance(captured.get("rows"), list):  # a real store's capture: its page as it rendered
        cards, shown, q = captured["rows"], captured.get("view") or shown, captured.get("quota") or q
        total, page, pages = (
            shown.get("totalItems", len(cards)),
            shown.get("currentPage", 1),
            shown.get("totalPages", 1),
        )
    blocks = "\n".join(f'window.PAGE_DATA["index"].data.push({json.dumps(c, ensure_ascii=False)});' for c in cards)
    view = json.dumps(shown)
    return render(
        request,
        "rfq_list.html",
        "RFQ商机",
        cards=cards,
        blocks=blocks,
        page_view=view,
        page=page,
        pages=pages,
        total=total,
        search=searchText,
        quota=q,
        quota_json=json.dumps(q),
    )


router.add_api_route("/rfq/rfq_search_list.htm", _page, methods=["GET"], response_class=HTMLResponse)
router.add_api_route("/rfq_search_list.htm", _page, methods=["GET"], response_class=HTMLResponse)


def _rfq(rt, rid: str):
    return next((r for r in rt.store.rfqs if r["id"] == rid), None)


@router.get("/rfq/rfq_quotation_post.htm")
async def quote_form(request: Request, rfqId: str = ""):
    from ..routes_pages import render

    rt = rt_of(request)
    r = _rfq(rt, rfqId)
    if r is None:
        return HTMLResponse("<h1>RFQ不存在</h1>", status_code=404)
    return render(request, "rfq_quote.html", "报价", r=r, quota=metrics.rfq_quota(rt), result=None)


@router.post("/rfq/rfq_quotation_post.htm")
async def quote(request: Request, rfqId: str = ""):
    from ..routes_pages import render

    rt, f = rt_of(request), await request.form()
    r = _rfq(rt, rfqId)
    if r is None:
        return HTMLResponse("<h1>RFQ不存在</h1>", status_code=404)

    def answer(error: str | None):
        return render(
            request,
            "rfq_quote.html",
            "报价",
            r=r,
            quota=metrics.rfq_quota(rt),
            result=error or "报价成功",
            ok=error is None,
        )

    if not token_ok(request, f.get("_csrf_token_")):
        return answer("非法请求，请刷新页面后重试")
    body: dict[str, Any] = {k: v for k, v in f.items() if isinstance(v, str) and k != "_csrf_token_"}
    body["ladder"] = [[q, p] for q, p in zip(f.getlist("ladderQuantity"), f.getlist("ladderPrice")) if q and p]
    missing = [
        k for k in ("productName", "tradeTerm", "currency", "unit", "payment", "message") if not body.get(k, "").strip()
    ]
    if missing or not body["ladder"]:
        return answer("请填写必填项: " + ", ".join(missing or ["ladderPrice"]))
    try:
        prices = [float(p) for _, p in body["ladder"]]
    except ValueError:
        return answer("价格格式不正确")
    if any(p <= 0 for p in prices):
        return answer("价格必须大于0")
    if metrics.rfq_quota(rt)["left"] <= 0:
        return answer("本月报价权益已用完")
    if r["quotes_left"] <= 0:
        return answer("该RFQ报价名额已满")
    if r.get("quoted"):
        return answer("您已报价，如需修改请编辑报价")
    before = {"quotes_left": r["quotes_left"], "quota_used": rt.store.rfq_quota["used"]}
    r["quotes_left"] -= 1
    r["quoted"] = True
    rt.store.rfq_quota["used"] += 1
    r.setdefault("quotes", []).append(body)
    rt.log_write(who(request), "rfq_quote", r["id"], before, {"quotes_left": r["quotes_left"], "quote": body})
    return answer(None)

"""message.alibaba.com: the inquiry app (`/message/default.htm#feedback/all`, a hash SPA) and its
own list call, POST `ajax/feedback/subjectList.htm?ctoken=…&dmtrack_pageid=…` with form
`_csrf_token_` (the XSRF-TOKEN cookie), `postId` (ms) and `params={"pagination": {"nextPage": N,
"pageSize": 20}}`; answer {code: 200, data: {list: [[row]], pagination, toBeConfirmedItems}}.
TM 商机 are rows with feedbackType 6. The newer form (the default; `--dialect older` for the above)
sends the full params {system, listType, pagination{nextPage, pageSize ≤ 100}, filter{isShowAtm,
queryType: "history"}, order{orderBy}, search} and, without queryType "history", gets only the last
year's inquiries. The detail view and its reply box follow the chat UI's
selectors; the reply call itself is a guess (sandbox/guesses.py)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .. import answers
from . import rt_of, token_ok, who

router = APIRouter()
PAGE_SIZE = 20
NEWER_PAGE_SIZE = 100  # the newer call accepts pageSize 100
REFUSED = {"code": 400, "msg": "illegal request", "data": None}  # guess: the answer to a call without its tokens


def _authentic(request: Request, form) -> bool:
    return (
        token_ok(request, request.query_params.get("ctoken"), "ctoken")
        and token_ok(request, form.get("_csrf_token_"))
        and bool(request.query_params.get("dmtrack_pageid"))
    )


@router.post("/message/ajax/feedback/subjectList.htm")
async def subject_list(request: Request):
    rt, form = rt_of(request), await request.form()
    if not _authentic(request, form):
        return REFUSED
    newer = rt.form("inquiries") == "newer"
    try:
        params = json.loads(str(form.get("params") or "{}"))
        page = max(1, int(params.get("pagination", {}).get("nextPage") or 1))
        size = min(
            NEWER_PAGE_SIZE if newer else PAGE_SIZE,
            max(1, int(params.get("pagination", {}).get("pageSize") or PAGE_SIZE)),
        )
        history = (params.get("filter") or {}).get("queryType") == "history"
    except (ValueError, TypeError, AttributeError):
        return REFUSED
    rows = sorted(rt.store.inquiries, key=lambda m: m["received"], reverse=True)
    if newer and not history:  # the newer call: without queryType "history" only the last year comes back
        year_ago = rt.now() - timedelta(days=365)
        rows = [m for m in rows if datetime.fromisoformat(m["received"]) >= year_ago]
    if params.get("replyStatus") in (0, 1):
        rows = [m for m in rows if int(m["replied"]) == params["replyStatus"]]
    if params.get("feedbackType") in (1, 6):
        rows = [m for m in rows if (m["type"] == "tm") == (params["feedbackType"] == 6)]
    products = {p.id: p for p in rt.live_products()}
    part = [[answers.inquiry(rt, m, products)] for m in rows[(page - 1) * size : page * size]]
    pages = max(1, -(-len(rows) // size))
    window = range(max(1, min(page - 2, pages - 4)), min(pages, max(page - 2, 1) + 4) + 1)
    return {
        "code": 200,
        "data": {
            "list": part,
            "toBeConfirmedItems": 0,
            "hasSubAccount": 2,
            "pagination": {"nextPage": page, "totalCount": len(rows), "pageSize": size, "currentPage": page},
            "pages": {
                "pages": [{"value": n, "isCurr": n == page} for n in window],
                "isPrev": page > 1,
                "isNext": page < pages,
                "prev": page - 1,
                "next": min(page + 1, pages),
                "isFirst": page == 1,
                "isLast": page == pages,
                "pageSize": size,
                "totalPage": pages,
                "curr": page,
            },
        },
    }


def _inquiry(rt, fid: str):
    return next((m for m in rt.store.inquiries if m["id"] == fid), None)


def _captured_thread(rt, fid: str) -> dict | None:
    """A real store's captured inquiry detail, drawn as the page drew it (`python -m agent capture`)."""
    t = rt.cfg.capture.pages.get("/message/default.htm") if rt.cfg.capture else None
    if not t or str(t.get("id")) != fid:
        return None
    said = [x for x in t.get("messages") or [] if isinstance(x, dict)]
    return {
        "id": fid,
        "buyer": t.get("buyer", ""),
        "country": t.get("country", ""),
        "subject": t.get("subject", ""),
        "received": t.get("received", ""),
        "product_title": t.get("product_title", ""),
        "message": "\n".join(x.get("content", "") for x in said if x.get("side") == "buyer"),
        "replies": [
            {"at": x.get("at", ""), "content": x.get("content", "")} for x in said if x.get("side") == "seller"
        ],
    }


async def app_page(request: Request, imInquiryId: str = ""):
    from ..routes_pages import render
    from ..screens import SCREENS

    rt = rt_of(request)
    if imInquiryId:
        m = _inquiry(rt, imInquiryId) or _captured_thread(rt, imInquiryId)
        if m is None:
            return HTMLResponse("<h1>询盘不存在</h1>", status_code=404)
        m.setdefault(
            "read_at", rt.now().isoformat(timespec="seconds")
        )  # opening an inquiry marks it read, as the real inbox does
        from .alicrm import kht_token

        return render(
            request,
            "inquiry_detail.html",
            "询盘详情",
            m=m,
            newer=rt.form("customers") == "newer",
            kht=kht_token(request.state.session),
        )
    from ..routes_pages import table_page

    return await table_page(request, "inquiries", SCREENS["inquiries"])


router.add_api_route("/message/default.htm", app_page, methods=["GET"], response_class=HTMLResponse)


@router.post("/message/ajax/feedback/reply.htm")
async def reply(request: Request):
    rt, form = rt_of(request), await request.form()
    if not _authentic(request, form):
        return REFUSED
    m = _inquiry(rt, str(form.get("feedbackId")))
    content = str(form.get("content") or "").strip()
    if m is None:
        return {"code": 404, "msg": "询盘不存在"}
    if not content:
        return {"code": 400, "msg": "回复内容不能为空"}
    before = m["replied"]
    m["replies"].append({"at": rt.now().isoformat(timespec="seconds"), "content": content})
    m["replied"], m["status"] = True, "replied"
    rt.log_write(who(request), "reply_inquiry", m["id"], {"replied": before}, {"replied": True, "content": content})
    return {"code": 200, "data": {"success": True}}

"""Buyer-side search pages in the real page format: the offer list embedded as
`window.__page__data_sse10._offer_list` and rendered as `fy23-search-card` cards."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .guard import SESSION_COOKIE
from .routes_pages import templates
from .search import MAX_PAGES, PAGE_SIZE, offer_json

router = APIRouter()


def _page(request: Request, keyword: str, page: int) -> HTMLResponse:
    rt = request.app.state.rt
    personal = rt.session(request.cookies.get(SESSION_COOKIE)) is not None
    slots = rt.search.page(keyword, page, personal=personal)
    offers = [offer_json(s, keyword, page, i) for i, s in enumerate(slots)]
    data = {
        "activeViewType": "G",
        "offerResultData": {
            "adCount": sum(1 for s in slots if s["kind"] != "organic"),
            "firstScreen": page == 1,
            "page": page,
            "pageSize": PAGE_SIZE,
            "totalCount": PAGE_SIZE * MAX_PAGES if slots else 0,
            "offers": offers,
        },
    }
    html = templates.get_template("search.html").render(
        keyword=keyword,
        page=page,
        offers=offers,
        embed=rt.search_embed,
        data_json=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
        has_next=bool(slots) and page < MAX_PAGES,
    )
    return HTMLResponse(html)


@router.get("/trade/search")
async def trade_search(request: Request, SearchText: str = "", page: int = 1):
    return _page(request, SearchText, page)


@router.get("/catalog/{slug}")
async def catalog(request: Request, slug: str, SearchText: str = "", page: int = 1):
    return _page(request, SearchText or slug.rsplit("_", 1)[0].replace("-", " "), page)

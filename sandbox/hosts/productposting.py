"""hz-productposting.alibaba.com (product manager) and post.alibaba.com (product editor).

The list call is the real one: asyQueryProductsList.do, GET or POST, page/size (at most 50),
status, displayStatus (all|y|n), statisticsType=month, _csrf_token_ (written into the page's
script); answer {result, count, searchflag, currentPage, products[]}. The newer form (the default; `--dialect
older` for the above): a GET with ctoken, _tb_token_, _csrf_token_ and lang in the URL, rows with
ggsNewScore (finalScore is the old score), productTagList, currencyCode, some tradeType sourcingProduct,
drawn as div.list-item rows (REAL_SITE.md, newer evidence). Delete, showcase and the
editor's submit are guesses of the real calls (see sandbox/guesses.py)."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from .. import answers, metrics
from . import paging, rt_of, token_ok, who

router = APIRouter()
MAX_SIZE = 50
_cache: dict = {}


def _listing(rt, status: str, display: str) -> list[dict]:
    key = (id(rt), rt.data_version, rt.data_date(), status, display)
    rows = _cache.get(key)
    if rows is None:
        month = {r["product_id"]: r for r in metrics.product_analysis(rt, rt.data_date(), 30)}
        rows = [
            answers.product(rt, p, month.get(p.id))
            for p in rt.live_products()
            if (not status or p.status == status) and display in ("all", "", "y" if p.display == "on" else "n")
        ]
        if len(_cache) > 16:
            _cache.clear()
        _cache[key] = rows
    return rows


async def _params(request: Request) -> dict:
    q = dict(request.query_params)
    if request.method == "POST":
        q.update({k: v for k, v in (await request.form()).items() if isinstance(v, str)})
    return q


def newer_row(r: dict) -> dict:
    """A product of the newer list: ggsNewScore (the score the page shows; finalScore is the old one),
    productTagList[].descMcmsKey, currencyCode, and tradeType sourcingProduct for some."""
    r = dict(
        r,
        ggsNewScore=r["finalScore"],
        finalScore=round(max(0.0, r["finalScore"] - 0.4), 1),
        currencyCode="USD",
        gmtCreate=r["gmtModified"],  # a guess (guesses.py): the day it was published (here never edited since)
        productTagList=[{"descMcmsKey": "ProductManage.tag.window"}] if r["isWindowProduct"] else [],
    )
    if r["id"] % 5 == 0:
        r["tradeType"] = "sourcingProduct"
    return r


async def product_list(request: Request):
    rt, q = rt_of(request), await _params(request)
    if not token_ok(request, q.get("_csrf_token_")):
        return {
            "result": False,
            "count": 0,
            "searchflag": False,
            "currentPage": 1,
            "products": [],
            "errorMsg": "csrf token invalid",
        }
    newer = rt.form("products") == "newer"
    if newer and not (token_ok(request, q.get("ctoken"), "ctoken") and q.get("_tb_token_") and q.get("lang")):
        return {
            "result": False,
            "count": 0,
            "searchflag": False,
            "currentPage": 1,
            "products": [],
            "errorMsg": "illegal request",
        }
    display = {"on": "y", "off": "n"}.get(
        q.get("displayStatus") or "", q.get("displayStatus") or "all"
    )  # newer: on | off
    rows = _listing(rt, q.get("status", "approved"), display)
    if q.get("subject"):
        text = q["subject"].strip().lower()
        rows = [r for r in rows if text in r["subject"].lower() or text == str(r["id"])]
    page, size = paging(q, "page", "size", MAX_SIZE)
    part = rows[(page - 1) * size : page * size]
    return JSONResponse(
        {
            "result": True,
            "count": len(rows),
            "searchflag": True,
            "currentPage": page,  # as is: no re-encoding
            "products": [newer_row(r) for r in part] if newer else part,
        }
    )


router.add_api_route("/product/managementproducts/asyQueryProductsList.do", product_list, methods=["GET", "POST"])


def _refuse(msg: str) -> dict:
    return {"result": False, "errorMsg": msg}


@router.post("/product/managementproducts/deleteProducts.do")
async def delete(request: Request):
    rt, f = rt_of(request), await request.form()
    if not token_ok(request, f.get("_csrf_token_")):
        return _refuse("csrf token invalid")
    ids = [i for i in str(f.get("ids") or "").split(",") if i]
    prods = [rt.product(i) for i in ids]
    if not ids or any(p is None for p in prods):
        return _refuse("产品不存在")
    for p in prods:
        rt.deleted.add(p.id)
        rt.log_write(who(request), "delete_product", p.id, {"title": p.title}, None)
    rt.search.invalidate()
    return {"result": True}


@router.post("/product/managementproducts/setWindowProduct.do")
async def showcase(request: Request):
    rt, f = rt_of(request), await request.form()
    if not token_ok(request, f.get("_csrf_token_")):
        return _refuse("csrf token invalid")
    p = rt.product(str(f.get("id")))
    if p is None:
        return _refuse("产品不存在")
    on = f.get("isWindow") == "y"
    if on and not p.showcase and (p.display != "on" or p.status != "approved"):
        return _refuse("产品未上架或未审核通过，不能设为橱窗产品")
    if (
        on
        and not p.showcase
        and sum(1 for x in rt.live_products() if x.showcase) >= max(20, len(rt.store.products) // 10)
    ):
        return _refuse("橱窗数量已满")
    before, p.showcase = p.showcase, on
    rt.log_write(who(request), "set_showcase", p.id, before, on)
    rt.data_version += 1
    return {"result": True}


@router.get("/product/publish.htm")
async def editor(request: Request, itemId: str = "", pubType: str = ""):
    from ..routes_pages import render

    p = rt_of(request).product(itemId)
    if p is None:
        return HTMLResponse("<h1>产品不存在</h1>", status_code=404)
    similar = pubType == "similarPost"
    return render(request, "product_edit.html", "发布类似产品" if similar else "编辑产品", p=p, similar=similar)


def listing_quality(base: float, title: str, keywords: list[str]) -> tuple[float, list[str]]:
    """A new product's 产品质量分 and what the editor's quality panel says is missing (a guess in the
    spirit of the real panel: the copied images and attributes keep the source's score; a short title,
    unfilled keywords and a word stuffed into the title cost points)."""
    score, tips = base, []
    if len(title) < 50:
        score -= 0.6
        tips.append(f"产品名称过短（{len(title)} 个字符），建议 50 个字符以上")
    if len(keywords) < 3:
        score -= 0.3 * (3 - len(keywords))
        tips.append(f"关键词只填了 {len(keywords)} 个，请填满 3 个")
    words = title.lower().split()
    stuffed = sorted({w for w in words if len(w) > 2 and words.count(w) > 2})
    if stuffed:
        score -= 0.5
        tips.append("产品名称重复堆砌：" + "、".join(stuffed))
    return round(min(5.0, max(0.0, score)), 1), tips


@router.post("/product/publish/submit.do")
async def submit(request: Request):
    """The editor's submit: an edit of the product, or (pubType=similarPost) a NEW product copied
    from it, which the seller then deletes the old one for."""
    rt, f = rt_of(request), await request.form()
    if not token_ok(request, f.get("_csrf_token_")):
        return {"success": False, "message": "csrf token invalid"}
    p = rt.product(str(f.get("itemId")))
    title = str(f.get("subject") or "").strip()
    kws = [k.strip() for k in f.getlist("keywords") if isinstance(k, str) and k.strip()]
    if p is None:
        return {"success": False, "message": "产品不存在"}
    if not title or len(title) > 128:
        return {"success": False, "message": "产品名称须为1-128个字符"}
    if not kws:
        return {"success": False, "message": "请至少填写一个关键词"}
    if f.get("pubType") == "similarPost":
        new_id = str(max(int(x.id) for x in rt.store.products) + 7919)
        score, tips = listing_quality(p.quality_score, title, kws[:3])
        copy = dataclasses.replace(
            p,
            id=new_id,
            title=title,
            keywords=kws[:3],
            quality_score=score,
            tips=tips,
            tier="new",
            created_days=(rt.store.start.date() - rt.now().date()).days,  # published today (the site's day)
            zero_days=0,
            showcase=False,
            status="approved",
            display="on",
        )
        rt.store.products.append(copy)
        rt.log_write(who(request), "similar_post", p.id, None, {"id": new_id, "title": title})
        rt.search.invalidate()
        return {"success": True, "data": {"productId": int(new_id)}}
    before = {"title": p.title, "keywords": p.keywords}
    p.title, p.keywords = title, kws[:3]
    rt.log_write(who(request), "edit_product", p.id, before, {"title": p.title, "keywords": p.keywords})
    rt.search.invalidate()
    return {"success": True, "data": {"productId": int(p.id)}}

"""Ground truth and control for tests only (token-protected; the agent never calls these)."""
from __future__ import annotations

import secrets
from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from . import metrics
from .search import truth

router = APIRouter(prefix="/__sandbox__")
EDITABLE = {
    "product": ("title", "keywords", "quality_score", "status", "display", "showcase", "zero_days", "tier"),
    "p4p_keyword": ("bid", "status", "qs_star", "last_changed_days"),
    "budget": ("daily_budget", "spent_today", "exhausted_at"),
    "inquiry": ("replied", "status", "owner"),
    "rfq": ("quotes_left",),
    "rfq_quota": ("used", "base", "reward"),
}


def check_token(request: Request):
    token = request.headers.get("x-sandbox-token") or request.query_params.get("token") or ""
    if not secrets.compare_digest(token, request.app.state.rt.cfg.state_token):
        raise HTTPException(status_code=403, detail="bad or missing sandbox state token")


guarded = [Depends(check_token)]


@router.get("/state", dependencies=guarded)
async def state(request: Request):
    return request.app.state.rt.state_json()


@router.get("/search_truth", dependencies=guarded)
async def search_truth(request: Request, keyword: str, page: int = 1):
    rt = request.app.state.rt
    return {"keyword": keyword, "page": page, "slots": truth(rt.search.page(keyword, page, personal=False))}


@router.get("/metrics", dependencies=guarded)
async def metrics_truth(request: Request, date_: str | None = Query(None, alias="date"), period: int = 1):
    rt = request.app.state.rt
    day = date.fromisoformat(date_) if date_ else rt.data_date()
    return {"date": day.isoformat(), "overview": metrics.overview(rt, day),
            "products": metrics.product_analysis(rt, day, period),
            "p4p": metrics.p4p_report(rt, day, day),
            "traffic_keywords": metrics.traffic_keywords(rt, day), "traffic_sources": metrics.traffic_sources(rt, day),
            "rfq_quota": metrics.rfq_quota(rt)}


@router.post("/set", dependencies=guarded)
async def set_value(request: Request):
    """Change a value as a colleague would: {"entity", "id", "field", "value"}. Not a logged agent write."""
    rt, body = request.app.state.rt, await request.json()
    entity, field, value, key = body.get("entity"), body.get("field"), body.get("value"), str(body.get("id", ""))
    if field not in EDITABLE.get(entity, ()):
        raise HTTPException(400, f"cannot set {entity}.{field}")
    s = rt.store
    if entity == "product":
        obj = rt.product(key)
    elif entity == "p4p_keyword":
        obj = rt.keyword(key)
    elif entity == "budget":
        obj = s.budgets.get(key)
    elif entity == "inquiry":
        obj = next((m for m in s.inquiries if m["id"] == key), None)
    elif entity == "rfq":
        obj = next((r for r in s.rfqs if r["id"] == key), None)
    else:
        obj = s.rfq_quota
    if obj is None:
        raise HTTPException(404, f"no {entity} {key}")
    if isinstance(obj, dict):
        obj[field] = value
    else:
        setattr(obj, field, value)
    rt.search.invalidate()
    rt.data_version += 1
    return {"ok": True}


@router.post("/clock", dependencies=guarded)
async def clock(request: Request):
    rt, body = request.app.state.rt, await request.json()
    rt.clock_offset += float(body.get("advance_seconds", 0))
    return {"now": rt.now().isoformat()}


@router.post("/challenge", dependencies=guarded)
async def challenge(request: Request):
    rt, body = request.app.state.rt, await request.json()
    if body.get("clear"):
        rt.clear_challenge()
    else:
        rt.raise_challenge(body.get("seconds"))
    return {"challenged": rt.challenged()}


@router.post("/expire_sessions", dependencies=guarded)
async def expire_sessions(request: Request):
    return {"expired": request.app.state.rt.expire_sessions()}


@router.post("/config", dependencies=guarded)
async def config(request: Request):
    """Switch page behaviour: {"search_embed": bool, "variant": {"screen": name, "on": bool},
    "drop_session": {"path": prefix, "on": bool}} (a screen that keeps sending to the login page),
    "login_readonly": bool (the password box takes no input)."""
    rt, body = request.app.state.rt, await request.json()
    if "search_embed" in body:
        rt.search_embed = bool(body["search_embed"])
    if "variant" in body:
        v = body["variant"]
        (rt.forced_variant.add if v.get("on") else rt.forced_variant.discard)(v["screen"])
    if "login_readonly" in body:
        rt.login_readonly = bool(body["login_readonly"])
    if "drop_session" in body:
        v = body["drop_session"]
        (rt.drop_session.add if v.get("on") else rt.drop_session.discard)(v["path"])
    return {"search_embed": rt.search_embed, "variants": sorted(rt.forced_variant), "drop_session": sorted(rt.drop_session)}


@router.get("/stats", dependencies=guarded)
async def stats(request: Request):
    rt = request.app.state.rt
    return {"requests": rt.request_count, "logins": rt.login_count}

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
    """The control token in the X-Sandbox-Token header only (a token in a URL ends up in logs and
    histories); POST bodies must be JSON."""
    token = request.headers.get("x-sandbox-token") or ""
    if not secrets.compare_digest(token.encode(), request.app.state.rt.cfg.state_token.encode()):
        raise HTTPException(status_code=403, detail="bad or missing sandbox state token (header X-Sandbox-Token)")
    if request.method == "POST" and request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(status_code=415, detail="send a JSON body (Content-Type: application/json)")


guarded = [Depends(check_token)]


@router.get("/state", dependencies=guarded)
async def state(request: Request):
    return request.app.state.rt.state_json()


@router.get("/search_truth", dependencies=guarded)
async def search_truth(request: Request, keyword: str, page: int = 1, site: str = "alibaba"):
    rt = request.app.state.rt
    if site == "1688":
        from .cbu.search import truth as cbu_truth

        return {"keyword": keyword, "page": page, "slots": cbu_truth(rt.cbu_search.page(keyword, page, personal=False))}
    return {"keyword": keyword, "page": page, "slots": truth(rt.search.page(keyword, page, personal=False))}


@router.get("/metrics", dependencies=guarded)
async def metrics_truth(request: Request, date_: str | None = Query(None, alias="date"), period: int = 1):
    rt = request.app.state.rt
    day = date.fromisoformat(date_) if date_ else rt.data_date()
    return {
        "date": day.isoformat(),
        "overview": metrics.overview(rt, day),
        "products": metrics.product_analysis(rt, day, period),
        "p4p": metrics.p4p_report(rt, day, day),
        "traffic_keywords": metrics.traffic_keywords(rt, day),
        "traffic_sources": metrics.traffic_sources(rt, day),
        "rfq_quota": metrics.rfq_quota(rt),
    }


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
    current = obj.get(field) if isinstance(obj, dict) else getattr(obj, field)
    if not _same_type(current, value):
        raise HTTPException(400, f"{entity}.{field} is {type(current).__name__}, got {type(value).__name__}")
    if isinstance(obj, dict):
        obj[field] = value
    else:
        setattr(obj, field, value)
    rt.search.invalidate()
    rt.data_version += 1
    return {"ok": True}


def _same_type(current, value) -> bool:
    """A value of the field's own type (an int may stand for a float; None only where None is)."""
    if current is None or isinstance(current, str) and value is None:
        return value is None or isinstance(value, (str, int, float, bool))
    if isinstance(current, bool) or isinstance(value, bool):
        return isinstance(current, bool) and isinstance(value, bool)
    if isinstance(current, (int, float)):
        return isinstance(value, (int, float)) and (isinstance(current, float) or isinstance(value, int))
    return isinstance(value, type(current))


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
    "login_readonly": bool (the password box takes no input), "punish_style": redirect | meta | 429,
    "export_quota": int (数据管家 exports a day),
    "cbu_qr_only": bool (1688's login offers only the QR code), "blocked": bool (the terminal block of cloud
    addresses), "broken": {"path": URL substring, "mode": "structure" | "garbage" | null} (a screen the
    site changed; null mends it)."""
    rt, body = request.app.state.rt, await request.json()
    if "search_embed" in body:
        rt.search_embed = bool(body["search_embed"])
    if "variant" in body:
        v = body["variant"]
        (rt.forced_variant.add if v.get("on") else rt.forced_variant.discard)(v["screen"])
    if "cbu_qr_only" in body:
        rt.cbu_qr_only = bool(body["cbu_qr_only"])
    if "login_readonly" in body:
        rt.login_readonly = bool(body["login_readonly"])
    if "export_quota" in body:
        q = body["export_quota"]
        if not isinstance(q, int) or isinstance(q, bool) or q < 0:
            raise HTTPException(400, "export_quota is a whole number of exports a day, 0 or more")
        rt.export_quota = q
    if "punish_style" in body:
        if body["punish_style"] not in ("redirect", "meta", "429"):
            raise HTTPException(400, "punish_style is one of redirect, meta, 429")
        rt.punish_style = body["punish_style"]
    if "dialect" in body:  # {"screen": name, "form": "newer" | "older" | null (the sandbox's default)}
        v = body["dialect"]
        if v.get("form") not in ("newer", "older", None) or not v.get("screen"):
            raise HTTPException(400, "dialect is {screen: name, form: newer | older | null}")
        if v["form"]:
            rt.dialects[v["screen"]] = v["form"]
        else:
            rt.dialects.pop(v["screen"], None)
    if "blocked" in body:
        rt.blocked = bool(body["blocked"])
    if "broken" in body:
        v = body["broken"]
        if v.get("mode") not in ("structure", "garbage", None) or not v.get("path"):
            raise HTTPException(400, "broken is {path: URL substring, mode: structure | garbage | null}")
        if v["mode"]:
            rt.broken[v["path"]] = v["mode"]
        else:
            rt.broken.pop(v["path"], None)
    if "drop_session" in body:
        v = body["drop_session"]
        (rt.drop_session.add if v.get("on") else rt.drop_session.discard)(v["path"])
    return {
        "search_embed": rt.search_embed,
        "variants": sorted(rt.forced_variant),
        "drop_session": sorted(rt.drop_session),
    }


@router.post("/cbu_scan", dependencies=guarded)
async def cbu_scan(request: Request):
    """A person scans 1688's login QR code with the phone app: the QR panel's next poll signs in."""
    rt = request.app.state.rt
    if not rt.cbu_qr_codes:
        raise HTTPException(409, "no 1688 login page shows a QR code")
    rt.cbu_qr_scanned = rt.cbu_qr_codes[-1]
    return {"scanned": True}


@router.get("/stats", dependencies=guarded)
async def stats(request: Request):
    rt = request.app.state.rt
    return {
        "requests": rt.request_count,
        "logins": rt.login_count,
        "codes_asked": rt.codes_asked,
        "devices": len(rt.devices),
        "blocked_requests": rt.blocked_requests,
        "broken_hits": rt.broken_hits,
    }

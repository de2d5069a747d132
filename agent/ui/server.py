"""`python -m agent ui`: a local review page for the queue. Binds 127.0.0.1 by default, asks for a
token (once, then a session cookie), and protects every form with a per-session CSRF token."""
from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from urllib.parse import quote

import uvicorn
from fastapi import FastAPI, Form, Request
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
)
from fastapi.templating import Jinja2Templates

from ..edits import EDITS
from ..errors import InvalidTransition, InvalidValue, NotFound, QueueError, Stale
from ..queue.store import STATES, who

COOKIE = "agent_ui"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def page_words(e: QueueError) -> str:
    """The review page's own wording for a refused request (the CLI has its own)."""
    if isinstance(e, NotFound):
        return f"建议 #{e.sid} 不存在（可能已被清理）· suggestion #{e.sid} no longer exists"
    if isinstance(e, InvalidTransition):
        verb = {"approved": "批准", "rejected": "拒绝", "edited": "修改", "retried": "重试", "expired": "过期"}.get(e.action, e.action)
        return f"建议 #{e.sid} 当前状态为 {e.state}，不能{verb} · #{e.sid} is {e.state} now; reload the page"
    if isinstance(e, Stale):
        return f"建议 #{e.sid} 在你查看之后被修改过，请核对新值后再批准 · #{e.sid} changed after you saw it; check the new value"
    if isinstance(e, InvalidValue):
        return f"数值不符合平台规则 · the site would refuse this value: {e}"
    return str(e)


def create_app(agent, token: str) -> FastAPI:
    """`agent`: the application API (agent.app.App)."""
    settings = agent.settings
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    queue = agent.queue
    sessions: dict[str, str] = {}          # session id -> CSRF token
    shots = (settings.data_dir / "screenshots").resolve()

    def session(request: Request) -> str | None:
        sid = request.cookies.get(COOKIE)
        return sid if sid in sessions else None

    @app.middleware("http")
    async def require_token(request: Request, call_next):
        if session(request) is None:
            given = request.query_params.get("token", "")
            if request.method == "GET" and given and secrets.compare_digest(given, token):
                sid = secrets.token_urlsafe(24)
                sessions[sid] = secrets.token_urlsafe(24)
                resp = RedirectResponse(request.url.path, status_code=303)
                resp.set_cookie(COOKIE, sid, httponly=True, samesite="strict")
                return resp
            return PlainTextResponse("403: open the link with ?token=... that 'python -m agent ui' printed", status_code=403)
        return await call_next(request)

    def check_csrf(request: Request, csrf: str) -> bool:
        return secrets.compare_digest(sessions.get(session(request) or "", "-"), csrf or "")

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request, state: str = "", store: str = "", kind: str = "", msg: str = ""):
        rows = await asyncio.to_thread(queue.list, state or None, store or None, kind or None) if not state or state in STATES else []
        every = await asyncio.to_thread(queue.list)
        return templates.TemplateResponse(request, "queue.html", {
            "rows": rows, "states": STATES, "labels": {k: e.label for k, e in EDITS.items()}, "stores": sorted({r["store"] for r in every}), "kinds": sorted({r["kind"] for r in every}),
            "f": {"state": state, "store": store, "kind": kind}, "csrf": sessions[session(request)], "msg": msg,
            "counts": {s: sum(1 for r in every if r["state"] == s) for s in STATES}})

    @app.post("/decide")
    async def decide(request: Request, action: str = Form(...), csrf: str = Form(""), back: str = Form("/")):
        if not check_csrf(request, csrf):
            return PlainTextResponse("403: bad or missing CSRF token; reload the page", status_code=403)
        form = await request.form()
        seen = dict(_id_version(v) for v in form.getlist("ids") if _id_version(v))   # id -> the version shown
        ids = list(seen)
        if action not in ("approve", "reject") or not ids:
            return RedirectResponse(_back(back, "nothing selected"), status_code=303)
        try:
            if action == "approve":
                done = await asyncio.to_thread(queue.approve, ids, who() + "@ui", seen)
            else:
                done = await asyncio.to_thread(queue.reject, ids, who() + "@ui")
            msg = f"{action}d " + ", ".join(f"#{i}" for i in done)
        except QueueError as e:
            msg = page_words(e)
        return RedirectResponse(_back(back, msg), status_code=303)

    @app.post("/edit")
    async def edit(request: Request, id: int = Form(...), value: str = Form(...), csrf: str = Form(""), back: str = Form("/")):
        if not check_csrf(request, csrf):
            return PlainTextResponse("403: bad or missing CSRF token; reload the page", status_code=403)
        try:
            await asyncio.to_thread(queue.edit, id, value, who() + "@ui")
            msg = f"#{id} edited"
        except QueueError as e:
            msg = page_words(e)
        return RedirectResponse(_back(back, msg), status_code=303)

    @app.get("/screenshot")
    async def screenshot(path: str):
        p = Path(path).resolve()
        if shots not in p.parents or not p.is_file() or p.suffix != ".png":
            return PlainTextResponse("404", status_code=404)
        return FileResponse(p, media_type="image/png")

    return app


def _id_version(v: str) -> tuple[int, int] | None:
    """A checkbox value 'id:version' (the version of the value the page showed)."""
    sid, _, ver = str(v).partition(":")
    return (int(sid), int(ver)) if sid.isdigit() and ver.isdigit() else None


def _back(back: str, msg: str) -> str:
    back = back if back.startswith("/") and not back.startswith("//") else "/"
    return back + ("&" if "?" in back else "?") + "msg=" + quote(msg)


async def serve(agent, host: str, port: int, token: str | None) -> int:
    token = token or secrets.token_urlsafe(24)
    app = create_app(agent, token)
    print(f"review page: http://{host}:{port}/?token={token}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False))
    await server.serve()
    return 0

"""`storeagent ui`: a local review page for the queue. Binds to loopback (other machines only
with TLS), asks for a token once (then a session cookie that ends after 30 idle minutes), asks the
person's name once per session (recorded with every decision), protects every form with a
per-session CSRF token, and refuses to be framed (X-Frame-Options, CSP)."""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import uvicorn
from fastapi import FastAPI, Form, Request
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
)
from fastapi.templating import Jinja2Templates

from .._time import local_time
from ..edits import EDITS, Urgency
from ..errors import InvalidTransition, InvalidValue, NotFound, QueueError, Stale
from ..health import COLUMNS
from ..queue.record import Queued
from ..queue.store import STATES
from ..queue.todo import urgency
from ..reports.unread import RECENT_RUNS, unread_rows
from . import words
from .applying import ApplyNow

STATES_ZH = words.STATES["zh"]

COOKIE = "agent_ui"
DEVICE = "agent_ui_device"  # a device kept signed in (storage/devices.py)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def page_words(e: QueueError, lang: str = "zh") -> str:
    """The review page's own wording for a refused request (the CLI has its own); a refused value
    in the site's own words."""
    en = lang == "en"
    if isinstance(e, NotFound):
        return f"suggestion #{e.sid} no longer exists" if en else f"建议 #{e.sid} 不存在（可能已被清理）"
    if isinstance(e, InvalidTransition):
        if en:
            return f"#{e.sid} is {e.state} now; reload the page"
        verb = {"approved": "批准", "rejected": "拒绝", "edited": "修改", "retried": "重试", "expired": "过期"}.get(
            e.action, e.action
        )
        return f"建议 #{e.sid} 当前状态为{STATES_ZH.get(e.state, e.state)}，不能{verb}，请刷新页面"
    if isinstance(e, Stale):
        return (
            f"#{e.sid} changed after you saw it; check the new value"
            if en
            else f"建议 #{e.sid} 在你查看之后被修改过，请核对新值后再批准"
        )
    if isinstance(e, InvalidValue):
        return f"the site would refuse this value: {e}" if en or not e.zh else e.zh
    return str(e)


SESSION_IDLE = 30 * 60  # a session unused for this long ends
SESSION_MAX = 12 * 3600  # and no session lives longer than a working day
NAME = re.compile(r"^[\w .\-\u4e00-\u9fff]{1,40}$")
HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass
class _Session:
    csrf: str
    name: str | None = None
    lang: str | None = None  # chosen on the page (?lang=); else the config's
    started: float = field(default_factory=time.monotonic)
    used: float = field(default_factory=time.monotonic)


def create_app(agent, token: str, secure: bool = False) -> FastAPI:
    """`agent`: the application API (agent.app.App). `secure`: served over TLS (Secure cookie)."""
    settings = agent.settings
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    queue = agent.queue
    sessions: dict[str, _Session] = {}
    shots = (settings.data_dir / "screenshots").resolve()
    applying = ApplyNow(agent)

    def lang(request: Request) -> str:
        sess = request.state.session
        asked = request.query_params.get("lang")
        if asked in words.LANGS:
            sess.lang = asked
        return words.lang_of(sess.lang, settings.lang)

    def session(request: Request) -> _Session | None:
        sid = request.cookies.get(COOKIE) or ""
        sess = sessions.get(sid)
        now = time.monotonic()
        if sess is not None and (now - sess.used > SESSION_IDLE or now - sess.started > SESSION_MAX):
            del sessions[sid]
            return None
        if sess is not None:
            sess.used = now
        return sess

    def deny(text: str, status: int = 403) -> PlainTextResponse:
        return PlainTextResponse(text, status_code=status)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        resp = await _guarded(request, call_next)
        resp.headers.update(HEADERS)
        return resp

    async def _guarded(request: Request, call_next):
        if request.method == "POST" and not _same_origin(request):
            return deny("403: this form was sent from another site; open the review page itself and try again")
        sess = session(request)
        if sess is None and request.cookies.get(DEVICE):  # a device the person asked to keep signed in
            from ..storage import devices

            name = await asyncio.to_thread(devices.who, queue.db, request.cookies[DEVICE])
            if name is not None:
                sid = secrets.token_urlsafe(24)
                sess = sessions[sid] = _Session(csrf=secrets.token_urlsafe(24), name=name)
                request.state.session = sess
                resp = await call_next(request)
                resp.set_cookie(COOKIE, sid, httponly=True, samesite="strict", secure=secure, max_age=SESSION_MAX)
                return resp
        if sess is None:
            given = request.query_params.get("token", "")
            if request.method == "GET" and given and secrets.compare_digest(given.encode(), token.encode()):
                sid = secrets.token_urlsafe(24)
                sessions[sid] = _Session(csrf=secrets.token_urlsafe(24))
                resp = RedirectResponse("/whoami", status_code=303)
                resp.set_cookie(COOKIE, sid, httponly=True, samesite="strict", secure=secure, max_age=SESSION_MAX)
                return resp
            return deny(
                "403: open the link with ?token=... that 'storeagent ui' printed (sessions end after 30 idle minutes)"
            )
        request.state.session = sess
        if (
            sess.name is None
            and request.url.path not in ("/whoami", "/ui.js")
            and not request.url.path.startswith("/static/")
        ):
            return RedirectResponse("/whoami", status_code=303)
        return await call_next(request)

    def check_csrf(request: Request, csrf: str) -> bool:
        return secrets.compare_digest(request.state.session.csrf.encode(), (csrf or "").encode())

    def approver(request: Request) -> str:
        return f"{request.state.session.name}@ui"

    @app.get("/ui.js")
    async def script():
        return FileResponse(Path(__file__).parent / "static" / "ui.js", media_type="text/javascript")

    @app.get("/static/{name}")
    async def static(name: str):
        if name not in ("echarts.min.js", "trends.js"):
            return deny("404", 404)
        return FileResponse(Path(__file__).parent / "static" / name, media_type="text/javascript")

    @app.get("/trends", response_class=HTMLResponse)
    async def trends_page(request: Request, store: str = "", by: str = "week"):
        """Each store's KPIs, ranks and inquiries over weeks or months, drawn in the page (ECharts)."""
        from ..reports.trends import trends

        if not settings.stores:
            return RedirectResponse("/stores", status_code=303)
        st = next((s for s in settings.stores if s.name == store), settings.stores[0])
        by = by if by in ("week", "month") else "week"
        lg = lang(request)
        data = await asyncio.to_thread(trends, queue.db, st, by, lg, settings.tz)
        return templates.TemplateResponse(
            request,
            "trends.html",
            {"data": data, "lang": lg, "stores": settings.stores, "store": st.name, "by": by},
        )

    @app.get("/whoami", response_class=HTMLResponse)
    async def whoami_page(request: Request, msg: str = ""):
        return templates.TemplateResponse(
            request,
            "whoami.html",
            {
                "csrf": request.state.session.csrf,
                "msg": msg,
                "name": request.state.session.name or "",
                "days": settings.ui_device_days,
            },
        )

    @app.post("/whoami")
    async def whoami(request: Request, name: str = Form(""), csrf: str = Form(""), remember: str = Form("")):
        if not check_csrf(request, csrf):
            return deny("403: bad or missing CSRF token; reload the page")
        name = name.strip()
        if not NAME.match(name):
            return RedirectResponse(
                "/whoami?msg=" + quote("请填写你的名字（1-40个字）· give your name (1-40 letters)"), status_code=303
            )
        request.state.session.name = name
        resp = RedirectResponse("/", status_code=303)
        if remember and settings.ui_device_days:  # this phone or computer stays signed in
            from ..storage import devices

            secret = await asyncio.to_thread(devices.remember, queue.db, name, settings.ui_device_days)
            resp.set_cookie(
                DEVICE, secret, httponly=True, samesite="strict", secure=secure, max_age=settings.ui_device_days * 86400
            )
        return resp

    @app.post("/logout")
    async def logout(request: Request, csrf: str = Form("")):
        if not check_csrf(request, csrf):
            return deny("403: bad or missing CSRF token; reload the page")
        sessions.pop(request.cookies.get(COOKIE) or "", None)
        if request.cookies.get(DEVICE):  # signing out ends the device's sign-in too
            from ..storage import devices

            await asyncio.to_thread(devices.forget, queue.db, request.cookies[DEVICE])
        resp = PlainTextResponse("已退出 · signed out. Open the printed link again to come back.")
        resp.delete_cookie(COOKIE)
        resp.delete_cookie(DEVICE)
        return resp

    def _shown(name: str) -> str:
        return next((st.shown for st in settings.stores if st.name == name), name)

    @app.post("/code")
    async def code(request: Request, csrf: str = Form(""), request_id: int = Form(0), digits: list[str] = Form([])):
        """The e-mailed code, typed by the person for a waiting run (six boxes, one digit each)."""
        from ..storage import codes

        if not check_csrf(request, csrf):
            return deny("403: bad or missing CSRF token; reload the page")
        lg = lang(request)
        typed = "".join(d.strip() for d in digits)
        try:
            ok = await asyncio.to_thread(codes.answer, queue.db, request_id, typed, approver(request))
        except ValueError:
            return RedirectResponse(_back("/", words.T[lg]["code_bad"]) + "#codes", status_code=303)
        said = words.T[lg]["code_sent" if ok else "code_gone"]
        return RedirectResponse(_back("/", said) + "#codes", status_code=303)

    def messages(db) -> list[dict]:
        from ..notify.send import recent

        return [{**r, "at": local_time(r["at"], settings.tz)} for r in recent(db, 10)]

    def consoles(lg: str) -> list[dict]:
        """Each store's own tables for the home page (its site's `reports.console`), in people's words."""
        from importlib import import_module

        from .. import sites
        from ..reports.labels import label
        from ..reports.render import people

        out = []
        for st in settings.stores:
            hook = getattr(import_module(sites.get(st.site).reports), "console", None)
            for title, df in hook(queue.db, st.name, settings.tz, st.thresholds, lg) if hook else []:
                if len(df):
                    shown = people(df, lg, settings.tz, sites.get(st.site).paid_label).fillna("")
                    out.append(
                        {
                            "store": st.shown,
                            "title": title,
                            "columns": [label(str(c), lg) for c in shown.columns],
                            "rows": shown.astype(str).values.tolist(),
                        }
                    )
        return out

    def health() -> list:  # every configured store's (none configured: none; `App.health` refuses that)
        from ..health import store_health

        return [store_health(queue.db, st) for st in settings.stores]

    @app.get("/", response_class=HTMLResponse)
    async def index(
        request: Request,
        state: str = "",
        store: str = "",
        kind: str = "",
        msg: str = "",
        q: str = "",
        sort: str = "todo",
        page: int = 1,
        err: int = 0,
        tried: str = "",
    ):
        lg = lang(request)
        every = await asyncio.to_thread(queue.list)
        todo = sort == "todo" and not (
            state or kind or q
        )  # the day's to-do: what waits for a person, most urgent first
        view = listing(every, "proposed" if todo else state, store, kind, q, sort, lg)
        pages = max(1, -(-len(view) // PAGE_SIZE))
        page = min(max(1, page), pages)
        rows = view[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        failures = {
            r.id: await asyncio.to_thread(last_note, queue, r.id) for r in rows if r.state in ("failed", "conflict")
        }
        waiting = sum(1 for r in every if r.state == "approved" and not r.standing)
        # what the suggestions may lack: the screens each store's latest runs could not read
        names = sorted({s.name for s in settings.stores} | {r.store for r in every})
        runs = await asyncio.to_thread(queue.db.runs, RECENT_RUNS)
        unread = {name: lost for name in names if (lost := unread_rows(runs, name, lg, settings.tz))}
        healths = await asyncio.to_thread(health)
        tables = await asyncio.to_thread(consoles, lg)
        logins = [h.cells(lg, settings.tz) + (h.needs_person,) for h in healths]
        overview = [
            {
                "name": h.store,
                "shown": h.shown or h.store,
                "cells": h.cells(lg, settings.tz),
                "last": h.last_words(lg, settings.tz),
                "waiting": sum(1 for r in every if r.store == h.store and r.state == "proposed"),
                "alerts": [
                    *([words.T[lg]["alert_paused"]] if h.paused else []),
                    *([words.T[lg]["alert_login"]] if h.needs_person else []),
                    *([words.T[lg]["alert_unread"].format(n=len(unread[h.store]))] if h.store in unread else []),
                ],
                "needs": h.needs_person,
            }
            for h in healths
        ]
        told = await asyncio.to_thread(messages, queue.db) if settings.notify else []
        from ..storage import codes

        awaited = [
            {**w, "shown": _shown(w["store"]), "asked": local_time(w["asked_at"], settings.tz)}
            for w in await asyncio.to_thread(codes.waiting, queue.db)
        ]
        return templates.TemplateResponse(
            request,
            "queue.html",
            {
                "rows": rows,
                "states": STATES,
                "state_words": words.STATES[lg],
                "labels": {k: e.label for k, e in EDITS.items()},
                "standing": {k for k, e in EDITS.items() if e.standing},
                "stores": sorted({r.store for r in every}),
                "editable": {k: e.main_field for k, e in EDITS.items() if e.main_field},
                "multiline": {k for k, e in EDITS.items() if e.multiline},
                "field_kinds": {k: e for k, e in EDITS.items() if e.fields},
                "kinds": sorted({r.kind for r in every}),
                "f": {"state": state, "store": store, "kind": kind, "q": q, "sort": sort},
                "todo": todo,
                "csrf": request.state.session.csrf,
                "msg": msg,
                "me": request.state.session.name,
                "failures": failures,
                "page": page,
                "pages": pages,
                "shown": len(view),
                "sorts": words.SORTS[lg],
                "next_step": words.NEXT_STEP[lg],
                "t": words.T[lg],
                "lang": lg,
                "other": "en" if lg == "zh" else "zh",
                "err": err,
                "tried": tried,
                "waiting": waiting,
                "unread": unread,
                "logins": logins,
                "overview": overview,
                "consoles": tables,
                "store_names": {st.name: st.shown for st in settings.stores},
                "overview_columns": words.OVERVIEW_COLUMNS[lg],
                "login_columns": COLUMNS[lg],
                "told": told,
                "awaited": awaited,
                "login_needed": [r[0] for r in logins if r[-1]],
                "applying": applying.running,
                "applied_here": bool(applying.ids),
                "fields": words.fields,
                "counts": {s: sum(1 for r in every if r.state == s) for s in STATES},
            },
        )

    from .stores import add_routes

    add_routes(app, agent, templates, (check_csrf, lang, deny))

    @app.post("/apply")
    async def apply_now(request: Request, csrf: str = Form(""), back: str = Form("/")):
        if not check_csrf(request, csrf):
            return deny("403: bad or missing CSRF token; reload the page")
        said = await applying.start(approver(request))
        return RedirectResponse(_back(back, words.DONE[lang(request)][f"apply_{said}"]), status_code=303)

    @app.get("/progress")
    async def progress(request: Request):
        lg = lang(request)
        out = await asyncio.to_thread(applying.progress, lg, last_note)
        out["state_words"] = words.STATES[lg]
        return JSONResponse(out)

    @app.post("/decide")
    async def decide(request: Request, action: str = Form(...), csrf: str = Form(""), back: str = Form("/")):
        if not check_csrf(request, csrf):
            return deny("403: bad or missing CSRF token; reload the page")
        form = await request.form()
        pairs = [_id_version(v) for v in form.getlist("ids") if isinstance(v, str)]
        seen = dict(p for p in pairs if p)  # id -> the version shown
        ids = list(seen)
        said = words.DONE[lang(request)]
        if action not in ("approve", "reject", "retry", "pause", "resume", "revoke") or not ids:
            return RedirectResponse(_back(back, said["nothing"]), status_code=303)
        try:
            if action == "approve":
                done = await asyncio.to_thread(queue.approve, ids, approver(request), seen)
            else:  # reject; pause, resume or revoke a standing plan
                done = await asyncio.to_thread(getattr(queue, action), ids, approver(request))
            msg = f"{said[action]} " + ", ".join(f"#{i}" for i in done)
        except QueueError as e:
            msg = page_words(e, lang(request))
        return RedirectResponse(_back(back, msg), status_code=303)

    @app.post("/edit")
    async def edit(
        request: Request, id: int = Form(...), value: str = Form(""), csrf: str = Form(""), back: str = Form("/")
    ):
        """A new value typed in the suggestion's row — or several (`f.<field>`: a quote's price, port,
        message …) — checked as the site checks them: refused, the row shows why in the site's words
        and keeps what was typed."""
        if not check_csrf(request, csrf):
            return deny("403: bad or missing CSRF token; reload the page")
        form = await request.form()
        changes = {k[2:]: str(v) for k, v in form.items() if k.startswith("f.")}
        try:
            await asyncio.to_thread(queue.edit, id, changes or value, approver(request))
            msg = f"#{id} {words.DONE[lang(request)]['edited']}"
        except QueueError as e:
            return RedirectResponse(
                _back(back, page_words(e, lang(request))) + f"&err={id}&tried={quote(value[:500])}#s{id}",
                status_code=303,
            )
        return RedirectResponse(_back(back, msg) + f"#s{id}", status_code=303)

    @app.get("/screenshot")
    async def screenshot(path: str):
        try:
            p = Path(path).resolve()
            ok = shots in p.parents and p.suffix == ".png" and p.is_file()
        except (ValueError, OSError):  # a NUL byte, a name too long: not a screenshot of ours
            ok = False
        if not ok:
            return deny("404", 404)
        return FileResponse(p, media_type="image/png")

    return app


PAGE_SIZE = 50


@dataclass(frozen=True)
class Shown:
    """A suggestion as the page shows it: the queued record (its typed edit, its state) and its
    plain words in the page's language."""

    s: Queued
    what: str
    before: str
    after: str
    why: str
    current: Any  # the value a person may change (a bid, a title), as it stands
    urgency: Urgency  # its place in the to-do and why

    def __getattr__(self, name: str) -> Any:  # id, state, store, kind, target, value, evidence …
        if name == "s":  # not set yet (a copy being made)
            raise AttributeError(name)
        return getattr(self.s, name)


def listing(rows: list[Queued], state: str, store: str, kind: str, q: str, sort: str, lang: str = "zh") -> list[Shown]:
    """The rows a person asked for: filtered, searched (name, target, rationale, value) and sorted;
    each with its plain words (what, before, after, why) in the page's language."""
    out = []
    needle = q.strip().lower()
    for r in rows:
        if (state and r.state != state) or (store and r.store != store) or (kind and r.kind != kind):
            continue
        what, before, after = r.describe(lang)
        why = (r.rationale_en if lang == "en" else None) or r.rationale
        hay = " ".join([what, before, after, r.target, r.rationale, r.rationale_en or "", r.kind]).lower()
        if needle and needle not in hay:
            continue
        field = r.edit.main_field
        urg = urgency(r)
        out.append(Shown(r, what, before, after, why, getattr(r.value, field) if field else None, urg))
    key: Callable[[Shown], Any] = {
        "todo": lambda r: (-r.urgency.score, r.s.id),
        "oldest": lambda r: r.s.id,
        "kind": lambda r: (r.s.kind, -r.s.id),
        "store": lambda r: (r.s.store, -r.s.id),
        "state": lambda r: (r.s.state, -r.s.id),
    }.get(sort, lambda r: -r.s.id)
    return sorted(out, key=key)


def _same_origin(request: Request) -> bool:
    """A POST comes from the page itself: the browser's Sec-Fetch-Site says same-origin, or its Origin
    (else its Referer) is this host. A browser always says where a cross-site POST comes from; a
    request with neither is a script's, which the session and CSRF token still guard."""
    from urllib.parse import urlsplit

    fetched_from = request.headers.get("sec-fetch-site")  # what the browser itself says
    if fetched_from:
        return fetched_from in ("same-origin", "none")
    sent = request.headers.get("origin") or request.headers.get("referer")
    if not sent or sent == "null":  # the page sends no referrer: a browser without Sec-Fetch-Site says null
        return sent is None
    return urlsplit(sent).netloc == request.headers.get("host", "")


def last_note(queue, sid: int) -> str:
    notes = [a["note"] for a in queue.audit_for(sid) if a["note"]]
    return notes[-1] if notes else ""


def _id_version(v: str) -> tuple[int, int] | None:
    """A checkbox value 'id:version' (the version of the value the page showed)."""
    sid, _, ver = str(v).partition(":")
    return (int(sid), int(ver)) if sid.isdigit() and ver.isdigit() else None


def _back(back: str, msg: str) -> str:
    back = back if back.startswith("/") and not back.startswith("//") else "/"
    return back + ("&" if "?" in back else "?") + "msg=" + quote(msg)


async def serve(agent, host: str, port: int, token: str | None, tls: tuple[str, str] | None = None) -> int:
    """Serve until stopped. `tls`: (certificate file, key file) for a page reached from other machines."""
    token = token or secrets.token_urlsafe(24)
    app = create_app(agent, token, secure=tls is not None)
    scheme = "https" if tls else "http"
    print(f"review page: {scheme}://{host}:{port}/?token={token}", flush=True)
    cfg = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
    )
    await uvicorn.Server(cfg).serve()
    return 0

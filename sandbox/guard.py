"""What a real site does to every request before a screen answers: fault injection (5xx and slow
answers), rate limiting into a slider "punish" page, challenges, and session checks that redirect
an expired session to login ("会话已经过期，请重新登录")."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC
from email.utils import format_datetime
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

SESSION_COOKIE = "xman_t"
PUNISH_PATH = "/_____tmd_____/punish"
# the terminal block of cloud addresses (real: bixi.alicdn.com/punish/…?…cloud_ip_bl…action=deny)
BLOCK_PATH = "/punish/deny.htm"
BLOCK_TARGET = f"{BLOCK_PATH}?code=cloud_ip_bl&action=deny"
BLOCK_PAGE = (
    "<html><head><title>访问被拒绝</title></head><body><h1>访问被拒绝 Access denied</h1>"
    "<p>您的网络环境存在风险，访问被拒绝。Your network is not allowed to visit this site.</p>"
    "<p>code: cloud_ip_bl</p></body></html>"
)
# what a screen changed by the site answers (control: config {"broken": …}): its call with another
# structure or with garbage, its page without the data it used to carry
BROKEN_ANSWERS = {
    "structure": {"success": True, "result": {"rows": [{"f0": "n/a"}], "count": "1"}},
    "garbage": "<html><body>系统繁忙，请稍后再试 ###</body></html>",
}
BROKEN_PAGE = "<html><head><title>改版</title></head><body><div class='new-layout'>页面已改版</div></body></html>"
LOGIN_PATH = "/newlogin/icbuLogin.htm"
OPEN_PREFIXES = ("/newlogin/", "/member/", "/_____tmd_____/", "/static/", "/__sandbox__/", "/favicon")
BUYER_PREFIXES = ("/trade/search", "/catalog/", "/product-detail/", "/selloffer/", "/h5/")
# 1688's seller hosts on the same origin: work.1688.com (/home/), offer.1688.com (/offer/), sycm.1688.com
# (/ms/), and the guessed 网销宝, 商品体验中心, showcase and 询价 screens (cbu/guesses.py)
CBU_PREFIXES = ("/home/", "/offer/", "/ms/", "/wxb/", "/experience/", "/showcase/", "/inquiry/", "/app/pages-group/")
CBU_LOGIN_PATH = "/member/signin.htm"
CBU_SESSION_COOKIE = "cookie2"


def is_api(path: str) -> bool:
    """A fetch()/XHR call (answered with JSON), as opposed to a page or a form post."""
    return not path.startswith(("/newlogin/", "/member/")) and (
        "/ajax/" in path or path.startswith(("/api/", "/self/", "/h5/")) or path.endswith((".json", ".do", ".vm"))
    )


def is_1688(path: str) -> bool:
    return path.startswith(CBU_PREFIXES)


SECTIONS = (
    ("/traffic/", "mydata"),
    ("/product/overview", "mydata"),
    ("/product/ineffective", "mydata"),
    ("/visitor/", "mydata"),
    ("/self/", "mydata"),
    ("/rfq/", "rfq"),
    ("/rfq_search_list", "rfq"),
    ("/ads/", "p4p"),
    ("/api/", "p4p"),
)


def section_of(path: str) -> str | None:
    """Which store-activity section a path belongs to (数据管家 on data.alibaba.com, the RFQ market,
    P4P on www2.alibaba.com); the sandbox serves every host on one origin under the real paths."""
    for prefix, name in SECTIONS:
        if path.startswith(prefix):
            return name
    return None


def session_seconds(sess, now) -> int:
    """How long the session has left (sandbox clock): the Max-Age its cookies carry, so a browser
    knows when they lapse, as it does on the real site (at least a second: a cookie of 0 is deleted)."""
    return max(1, int((sess.expires - now).total_seconds()))


def set_session_cookies(resp: Response, sess, now) -> None:
    """The cookies a real sign-in leaves: xman_t (the session), xman_us_t (carries ctoken=), the
    XSRF-TOKEN the pages' scripts read and send back as _csrf / _csrf_token_, _tb_token_, cookie2.
    They lapse with the session, and outlive the browser that holds them (a profile keeps them)."""
    left = session_seconds(sess, now)
    resp.set_cookie(SESSION_COOKIE, sess.sid, max_age=left, httponly=True, samesite="lax")
    resp.set_cookie(
        "xman_us_t",
        f"x_lid={quote(sess.username, safe='')}&sign=y&ctoken={sess.ctoken}&l_source=alibaba",
        max_age=left,
        httponly=False,
        samesite="lax",
    )
    resp.set_cookie("XSRF-TOKEN", sess.csrf, max_age=left, httponly=False, samesite="lax")
    resp.set_cookie("_tb_token_", sess.tb_token, max_age=left, httponly=False, samesite="lax")
    resp.set_cookie("cookie2", sess.sid[:16], max_age=left, httponly=True, samesite="lax")


class Guard:
    """Pure ASGI middleware (no response streaming through BaseHTTPMiddleware)."""

    def __init__(self, app, rt):
        self.app = app
        self.rt = rt
        self.rng = random.Random(rt.cfg.seed * 31 + 1)
        rt.guard = self

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope, receive)
        send = self._dated(send)
        response = await self.check(request)
        if response is not None:
            return await response(scope, receive, send)
        return await self.app(scope, receive, send)

    def _dated(self, send):
        """Every answer carries the sandbox clock in its Date header, as a real server's clock."""

        async def wrapped(message):
            if message["type"] == "http.response.start":
                stamp = format_datetime(self.rt.now().astimezone(UTC), usegmt=True).encode()
                message["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"] + [
                    (b"date", stamp)
                ]
            await send(message)

        return wrapped

    def client_key(self, request: Request) -> str:
        return (
            request.cookies.get(SESSION_COOKIE)
            or request.cookies.get(CBU_SESSION_COOKIE)
            or (request.client.host if request.client else "?")
        )

    async def check(self, request: Request) -> Response | None:
        """None lets the request through to the screen; otherwise the answer the site gives instead."""
        rt, cfg, path = self.rt, self.rt.cfg, request.url.path
        rt.request_count += 1
        if path.startswith(("/__sandbox__/", "/static/", "/favicon")):
            return None
        if path == BLOCK_PATH:
            return Response(BLOCK_PAGE, status_code=403, media_type="text/html")
        if rt.blocked:  # no slider, no login: every page and call of this network is refused
            rt.blocked_requests += 1
            if is_api(path):
                return JSONResponse({"rgv587_flag": "sm", "url": BLOCK_TARGET})
            return RedirectResponse(BLOCK_TARGET, status_code=302)
        if not path.startswith(("/newlogin/", "/member/", "/_____tmd_____/")):
            if cfg.flaky_slow_rate and self.rng.random() < cfg.flaky_slow_rate:
                await asyncio.sleep(cfg.slow_seconds)
            if cfg.flaky_error_rate and self.rng.random() < cfg.flaky_error_rate:
                return Response(
                    "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
                    status_code=503,
                    media_type="text/html",
                )
        if not path.startswith(("/newlogin/", "/member/", "/_____tmd_____/")):
            if rt.over_rate(self.client_key(request)):
                rt.raise_challenge(cfg.challenge_seconds or 10.0)
            if rt.challenged():
                return self.punish(request)
        if path.startswith(OPEN_PREFIXES) or path.startswith(BUYER_PREFIXES) or path == "/":
            return self.broken(request)  # no login asked; a changed screen (the 工作台's mtop gateway) still shows
        cbu = is_1688(path)
        sess = rt.session(
            request.cookies.get(CBU_SESSION_COOKIE if cbu else SESSION_COOKIE), "1688" if cbu else "alibaba"
        )
        if rt.drop_session and path.startswith(tuple(rt.drop_session)):
            sess = None  # a broken screen: it keeps sending the seller to the login page
        if sess is None:  # pages and calls alike are sent to the login page (a guess for calls: guesses.py)
            back = quote(self.return_url(request), safe="")
            target = f"{CBU_LOGIN_PATH}?Done={back}" if cbu else f"{LOGIN_PATH}?expired=1&return_url={back}"
            return RedirectResponse(target, status_code=302)
        request.state.session = sess
        if cfg.capture and is_api(path):  # a real store's captured answers stand in for the generated ones
            url = path + (f"?{request.url.query}" if request.url.query else "")
            answers = cfg.capture.answers_for(url)
            if answers:  # the page it asks for, where the screen pages (its body read only then)
                return JSONResponse(cfg.capture.best(answers, url, await request.body() if len(answers) > 1 else None))
        broken = self.broken(request)
        if broken is not None:
            return broken
        sec = section_of(path)
        if sec and not is_api(path):
            rt.visit(sec)
        return None

    def broken(self, request: Request) -> Response | None:
        """A screen the site changed: its call answers another structure or garbage; its page comes
        without its data (config {"broken": {"path": …, "mode": "structure" | "garbage"}})."""
        url = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        mode = next((m for pattern, m in self.rt.broken.items() if pattern in url), None)
        if mode is None:
            return None
        self.rt.broken_hits += 1
        if not is_api(request.url.path):
            return Response(BROKEN_PAGE, status_code=200, media_type="text/html")
        answer = BROKEN_ANSWERS[mode]
        return (
            JSONResponse(answer)
            if isinstance(answer, dict)
            else Response(answer, status_code=200, media_type="text/html")
        )

    def return_url(self, request: Request) -> str:
        if is_api(request.url.path):
            ref = urlsplit(request.headers.get("referer", ""))
            return (ref.path + (f"?{ref.query}" if ref.query else "")) if ref.path else "/index.htm"
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")

    def punish(self, request: Request):
        """The real site's challenge: 429 (slow down), else a redirect (or a 200 page with
        <meta http-equiv=refresh>) to the punish page, with the bxpunish / x-sec-reason headers;
        a JSON call gets {"rgv587_flag": "sm", "url": ...}."""
        style, path = self.rt.punish_style, request.url.path
        if style == "429":
            return Response("Too Many Requests", status_code=429, headers={"retry-after": "2"})
        data = quote(f"sandbox{self.rng.randrange(10**8)}", safe="")
        back = quote(self.return_url(request), safe="")
        target = (
            f"{PUNISH_PATH}?pureCaptcha=&x5secdata={data}&redirect={back}"
            if is_1688(path) or path.startswith("/h5/")
            else f"{PUNISH_PATH}?x5secdata={data}&x5step=2&action=captcha&redirect={back}"
        )
        headers = {"bxpunish": "1", "x-sec-reason": "rgv587"}
        if path.startswith("/h5/"):  # mtop: the slider is announced in ret
            return JSONResponse(
                {"ret": ["RGV587_ERROR::SM::哎哟喂,被挤爆啦,请稍后重试"], "data": {"url": target}}, headers=headers
            )
        if is_api(path):
            return JSONResponse({"rgv587_flag": "sm", "url": target}, status_code=200, headers=headers)
        if style == "meta":
            body = (
                f'<html><head><meta http-equiv="refresh" content="0;url={target}"></head>'
                "<body>哎哟喂,被挤爆啦,请稍后重试</body></html>"
            )
            return Response(body, status_code=200, media_type="text/html", headers=headers)
        return RedirectResponse(target, status_code=302, headers=headers)

"""The sandbox's hosts, one module per real host of the seller center: hz-productposting and
post (products), message (inquiries), www2 (P4P), data (数据管家), sourcing (RFQ). Each module
holds that host's pages' own calls in that host's dialect."""

from __future__ import annotations

import secrets

from fastapi import Request


def rt_of(request: Request):
    return request.app.state.rt


def who(request: Request) -> str:
    return request.state.session.username


def token_ok(request: Request, given: object, kind: str = "csrf") -> bool:
    """The session's token of that kind: csrf (XSRF-TOKEN cookie, also written into pages as
    _csrf_token_), ctoken (inside xman_us_t) or tb (_tb_token_)."""
    sess = request.state.session
    want = {"csrf": sess.csrf, "ctoken": sess.ctoken, "tb": sess.tb_token}[kind]
    return bool(given) and secrets.compare_digest(str(given).encode(), want.encode())


def paging(q, page_key: str, size_key: str, max_size: int, default_size: int = 20) -> tuple[int, int]:
    try:
        page = max(1, int(q.get(page_key) or 1))
        size = min(max_size, max(1, int(q.get(size_key) or default_size)))
    except (TypeError, ValueError):
        page, size = 1, default_size
    return page, size

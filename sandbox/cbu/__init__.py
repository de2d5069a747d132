"""The 1688 (诚信通) seller back office and buyer search, on the same origin as Alibaba.com's hosts:
login.1688.com (/member/), work.1688.com (/home/), offer.1688.com (/offer/), sycm.1688.com (/ms/),
s.1688.com (/selloffer/) and h5api.m.1688.com (/h5/), plus the screens no public source shows
(guesses.py). The answers follow ../shared/REAL_SITE.md's 1688 section."""

from __future__ import annotations

import secrets
from datetime import timedelta

from fastapi import Request

REPOST_LAST_HOUR = 18  # seed 003: after 18:00 the site no longer refreshes offers (guesses.py)
REPOST_DAILY_LIMIT = 500  # re-posts a store may make a day (guess)
TITLE_MAX = 30  # an offer title has at most 30 characters (guess of the editor's rule)


def rt_of(request: Request):
    return request.app.state.rt


def csrf_ok(request: Request, given: object) -> bool:
    sess = request.state.session
    return bool(given) and secrets.compare_digest(str(given).encode(), sess.csrf.encode())


def data_date(rt):
    """生意参谋 shows yesterday."""
    return (rt.now() - timedelta(days=1)).date()


def routers():
    from . import search, seller, sycm

    return [seller.router, sycm.router, search.router]

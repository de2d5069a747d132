"""The sites a store can be on, one package each: Alibaba.com (国际站, `agent/sites/alibaba`) and
1688 (诚信通, `agent/sites/cbu`). Everything that differs between them lives in its package — its
screens, routines, rules, edit kinds, reports, thresholds, hosts, login markers, id pattern and
timetable — and is named by its `SITE` (`_site.py`). Shared machinery (the run, the queue, apply,
storage, the CLI) asks the store's site and never names one; a new site is a new package here.

Site modules hold names only (no Playwright, pandas or SQLAlchemy), so the CLI can list routines
and the scheduler its jobs without loading them."""

from __future__ import annotations

import pkgutil
from functools import cache
from importlib import import_module

from ._site import Site


@cache
def _all() -> dict[str, Site]:
    found = [import_module(f"{__name__}.{m.name}").SITE for m in pkgutil.iter_modules(__path__) if m.ispkg]
    return {s.name: s for s in sorted(found, key=lambda s: not s.default)}  # the default site first


SITES: tuple[str, ...] = tuple(_all())
DEFAULT: str = SITES[0]


def get(name: str) -> Site:
    return _all()[name]


def all_routines() -> dict[str, list[str]]:
    """Every routine name -> the sites that have it."""
    out: dict[str, list[str]] = {}
    for s in SITES:
        for r in get(s).routines:
            out.setdefault(r, []).append(s)
    return out


def hosts() -> tuple[str, ...]:
    """Every site's real hosts."""
    return tuple(h for s in SITES for h in get(s).hosts)


def live(url: str) -> bool:
    """`url` is on a real site's host (not a replica or a capture served locally)."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in hosts())


def login_markers() -> tuple[str, ...]:
    """What in a URL says a login page of any site is showing."""
    return tuple(m for s in SITES for m in get(s).login_markers)


__all__ = ["DEFAULT", "SITES", "Site", "all_routines", "get", "hosts", "live", "login_markers"]

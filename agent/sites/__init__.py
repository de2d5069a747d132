"""The sites a store can be on: Alibaba.com (国际站, `site = "alibaba"`) and 1688 (诚信通,
`site = "1688"`). Everything that differs between them is named here, per site: which routines
it has and where they live, its default schedule, its login page, its buyer search, the reader of
its paid keywords and its reports. Routines, the scheduler, the CLI and the reports ask the
store's site; nothing else branches on it.

Site modules hold names only (no Playwright, pandas or SQLAlchemy), so the CLI can list routines
and the scheduler its jobs without loading them."""

from __future__ import annotations

from importlib import import_module

from ._site import Site

SITES = ("alibaba", "1688")
_MODULES = {"alibaba": "alibaba", "1688": "cbu"}


def get(name: str) -> Site:
    return import_module(f"{__name__}.{_MODULES[name]}").SITE


def all_routines() -> dict[str, list[str]]:
    """Every routine name -> the sites that have it."""
    out: dict[str, list[str]] = {}
    for s in SITES:
        for r in get(s).routines:
            out.setdefault(r, []).append(s)
    return out


__all__ = ["SITES", "Site", "get", "all_routines"]

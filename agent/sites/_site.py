"""What a site is made of, by name (imported when used)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


def ref(name: str) -> Any:
    """'package.module:attr' -> the attribute, imported now."""
    module, attr = name.split(":")
    return getattr(import_module(module), attr)


@dataclass(frozen=True)
class Site:
    name: str
    label: dict[str, str]  # {"zh": ..., "en": ...}
    routines: dict[str, str]  # routine -> "agent.routines.module:function"
    schedule: dict[str, list[str]]  # routine or report:daily|weekly|monthly -> cron expressions
    login: str  # its login page class
    login_url: str
    search: str  # its buyer search class (ranking)
    search_url: str  # the buyer search's URL template on the real site
    paid_keywords: str  # async (driver, site_today) -> the keywords the store pays for
    reports: str  # module with sections(kind, db, store, lang) for the reports
    paid_label: dict[str, str]  # what its ads are called: 外贸直通车 (P4P) / 网销宝
    member_id: str  # how `company_id` is written for this site (for the config's error)
    member_id_pattern: str  # the regular expression a `company_id` of this site matches
    member_id_zh: str  # the same, as the review page's store form says it
    back_office: str  # the real back office's address (a store added on the page with no address of its own)
    doctor: str  # (day) -> the screens `doctor` and `capture` open, each with how to read it
    thresholds: str  # its Thresholds class (agent/sites/<site>/thresholds.py)
    edits: str  # the package or module of its edit kinds (imported by the edit registry)
    words: str  # module naming its screens, routines and rules for people (SCREENS, ROUTINES, RULES)
    hosts: tuple[str, ...]  # its real hosts (a URL on one of them is the live site: paced, never faked)
    login_markers: tuple[str, ...]  # what in a URL says its login page is showing
    # its screens' keys (`Screen.key`), the names a store may move in `screen_urls` besides "login";
    # listed here so settings check them without importing the page modules (a test keeps them equal)
    screens: tuple[str, ...] = ()
    session_cookies: tuple[str, ...] = ()  # the cookies a sign-in leaves that lapse with the session
    home: str = ""  # the screen that proves a sign-in (`login` reads it): "module:Class"
    demo: str = ""  # module of `make demo`'s store of this site: store(url, ready line), summarise(...)
    default: bool = False  # the site of a store that names none

    def routine(self, name: str):
        return ref(self.routines[name])

"""The narrow interface page objects work through. Page objects never see the store session, the
browser context or the run's bookkeeping: they open URLs and take the answers of the pages' own
calls, take screenshots and ask before writing, and that is all."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from playwright.async_api import Page

from .. import sites


def resolve_url(base_url: str, overrides: dict[str, str], key: str, real: str) -> str:
    """Where a screen is for this store: the store's own override for it; the real URL when the
    store's base_url is the real site; else the same path and query on base_url (a replica or a
    capture served locally, one origin for every host)."""
    if key in overrides:
        return overrides[key]
    if sites.live(base_url):
        return real
    parts = urlsplit(real)
    return base_url.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


class Budget(Protocol):
    screen: str
    key: str


class Driver(Protocol):
    nav_timeout: float
    dom_wait: float  # seconds a screen without its data call gets to show its own table
    retry_backoff: float

    @property
    def page(self) -> Page | None:
        """The working tab as the last navigation left it."""

    def url(self, key: str, real: str) -> str:
        """A screen's URL for this store (see resolve_url)."""

    def site_now(self) -> datetime:
        """The site's clock (its Date header), for ages and the buyers' local times."""

    def budget(self, screen: str, key: str) -> Budget:
        """A new retry budget for one use of a screen."""

    async def open(self, url: str, call: str | tuple[str, ...] | None, budget: Budget) -> tuple[Page, Any]:
        """Navigate (paced, logged in, retried within the budget); the answer of the page's own call."""

    async def pace(self) -> None:
        """Wait as the store's pacing says before the page is asked for more (a page turn)."""

    def remember(self, url: str, payload: Any, body: str | None = None) -> None:
        """An answer the page's own call gave (`body`: what the page posted for it): the last few are
        kept with a failed run."""

    def turned(self) -> None:
        """The page showed another page of its table (counts toward recycling the context)."""

    async def screenshot(self, name: str) -> str | None:
        """A screenshot of the working tab, kept with the run."""

    async def step(self, action: str, what: str, where: str = "", selector: str | None = None) -> None:
        """Step-through: ask the person before a navigation or a write."""

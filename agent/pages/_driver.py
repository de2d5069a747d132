"""The narrow interface page objects work through. Page objects never see the store session, the
browser context or the run's bookkeeping: they open URLs, fetch their data calls, take
screenshots and ask before writing, and that is all."""
from __future__ import annotations

from typing import Any, Protocol

from playwright.async_api import Page


class Budget(Protocol):
    screen: str
    key: str


class Driver(Protocol):
    nav_timeout: float

    @property
    def page(self) -> Page | None:
        """The working tab as the last navigation left it."""

    def url(self, key: str, path: str) -> str:
        """A screen's URL: the store's override for the real site's host, else base_url + path."""

    def budget(self, screen: str, key: str) -> Budget:
        """A new retry budget for one use of a screen."""

    async def open(self, url: str, api: str | None, budget: Budget) -> tuple[Page, Any]:
        """Navigate (paced, logged in, retried within the budget); the page's own data call."""

    async def fetch_json(self, url: str, budget: Budget) -> Any:
        """A JSON call made from inside the page."""

    async def screenshot(self, name: str) -> str | None:
        """A screenshot of the working tab, kept with the run."""

    async def step(self, action: str, what: str, where: str = "", selector: str | None = None) -> None:
        """Step-through: ask the person before a navigation or a write."""

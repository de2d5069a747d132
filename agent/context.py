"""What a routine works with for one store: settings, the store's browser context and page, its
session, pacing, and the screenshots it took."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from playwright.async_api import Page

from .browser import BrowserManager, StoreContext
from .pacing import Pacer
from .session import Session
from .settings import Settings, StoreSettings
from .stepper import Stepper


@dataclass
class PageContext:
    settings: Settings
    store: StoreSettings
    manager: BrowserManager
    routine: str
    supervised: bool = False
    sc: StoreContext | None = None
    page: Page | None = None
    pacer: Pacer | None = None
    session: Session | None = None
    screenshots: list[str] = field(default_factory=list)
    last_url: str | None = None
    navigations: int = 0
    site_time: datetime | None = None        # the site's clock, from the Date header of its last answer
    stepper: Stepper = field(default_factory=Stepper)
    visited: set[str] = field(default_factory=set)   # screen keys opened in this run

    def site_now(self) -> datetime:
        return self.site_time or datetime.now(timezone.utc)

    def __post_init__(self):
        self.sc = self.manager.store_context(self.store)
        self.pacer = self.pacer or Pacer(self.store.min_delay, self.store.jitter)
        self.session = Session(self)

    async def get_page(self) -> Page:
        """The store's working page (a new one after the context recycled or the page closed)."""
        self.page = await self.sc.working_page()
        return self.page

    async def pace(self) -> None:
        await self.pacer.wait()

    async def screenshot(self, page: Page | None, screen: str) -> str | None:
        page = page or self.page
        if page is None or page.is_closed():
            return None
        path = await self.manager.screenshot(page, self.store.name, self.routine, screen)
        if path:
            self.screenshots.append(path)
        return path

    async def step(self, action: str, what: str, where: str = "", selector: str | None = None) -> None:
        """Ask the person before a navigation or a write (step-through mode only)."""
        if not self.stepper.enabled:
            return
        shot = None
        if self.page is not None and not self.page.is_closed() and self.page.url.startswith("http"):
            if selector and not self.settings.headless:
                try:
                    await self.page.locator(selector).first.evaluate("e => { e.style.outline = '3px solid #e4393c'; e.scrollIntoView({block: 'center'}); }")
                except Exception:  # highlighting is a courtesy
                    pass
            shot = await self.screenshot(self.page, f"step-{action}")
        await self.stepper.ask(action, what, where, shot)

    def url(self, key: str, path: str) -> str:
        """A screen's URL: the store's override for the real site's host, else base_url + path."""
        return self.store.screen_urls.get(key) or self.store.base_url + path

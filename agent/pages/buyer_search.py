"""A buyer's search, read in an incognito context: what every site's search page reader shares (the
slots of a result page, the two modes, the page that loads documents only, the checks of a result
page's answer). Each site reads its own page (`agent/sites/<site>/pages/search.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote_plus

from ..errors import NeedsHuman, TransientError
from .login import CHALLENGE_URL_MARKERS

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Page


@dataclass(slots=True)
class Slot:
    """One slot of a result page: an organic offer, a P4P ad, or a brand ad (with its product list).
    A plain dataclass, as are a rank check's results: a `rank` process imports no pydantic."""

    kind: str  # organic | p4p | brand
    product_id: str
    company_id: str | None = None
    title: str = ""
    product_list: list[str] = field(default_factory=list)  # brand ad: the supplier's other products in the same slot


async def _document_only(route) -> None:
    if route.request.resource_type in ("document", "fetch", "xhr"):
        await route.fallback()
    else:
        await route.abort()


MODES = ("request", "browser")


def _refreshes_to_challenge(text: str) -> bool:
    """A 200 page whose only content refreshes to the punish page (the meta style)."""
    head = (text or "")[:4000].lower()
    return 'http-equiv="refresh"' in head and any(m in head for m in CHALLENGE_URL_MARKERS)


class BuyerSearch:
    """A site's buyer search page in one incognito context (a site's reader subclasses it and says
    how to read a result page: `results`).

    mode "request": every page is read through the context's own request API (its cookie jar, no
    renderer), and a page is opened only when a result page must be rendered. mode "browser": page 1
    is a real navigation, later pages are fetched from inside it. Both cost one request per result
    page."""

    def __init__(self, context: BrowserContext, url_template: str, pacer=None, mode: str = "request"):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.context, self.template, self.pacer, self.mode = context, url_template, pacer, mode
        self.page: Page | None = None
        self.requests = 0

    async def open(self) -> "BuyerSearch":
        if self.mode == "browser":
            await self._new_page()
        return self

    async def _new_page(self) -> Page:
        if self.page is None:
            await self.context.route("**/*", _document_only)
            self.page = await self.context.new_page()
        return self.page

    async def close(self) -> None:
        if self.page is not None:
            await self.page.close()

    def url(self, keyword: str, page: int) -> str:
        return self.template.format(keyword=quote_plus(keyword), page=page)

    async def results(self, keyword: str, page: int) -> tuple[list[Slot], str]:
        """Slots of one result page, and where they came from (the page's data, its cards …)."""
        raise NotImplementedError

    @staticmethod
    def _check(
        final_url: str, status: int, keyword: str, page: int, headers: dict | None = None, text: str = ""
    ) -> None:
        """The site's challenge in every form it takes — a redirect to the punish page, its headers
        (bxpunish, x-sec-reason), a 200 page that refreshes to it, a 429 — pauses rank checks for a
        person (never solved, never hammered); a 5xx or no answer is worth another try."""
        h = {k.lower(): v for k, v in (headers or {}).items()}
        punished = (
            any(m in final_url for m in CHALLENGE_URL_MARKERS)
            or h.get("bxpunish") == "1"
            or bool(h.get("x-sec-reason"))
            or status == 429
            or _refreshes_to_challenge(text)
        )
        if punished:
            why = "429 too many requests" if status == 429 else "a slider page"
            raise NeedsHuman(f"search for {keyword!r} page {page} met {why}; rank checks paused")
        if status == 0 or status >= 500:
            raise TransientError(f"search page {page} for {keyword!r}: HTTP {status or '?'}")

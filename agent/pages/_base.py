"""The one implementation behind every back-office screen: open it through the driver (pacing,
session recovery and retries live there), read the JSON the page itself receives and page through
the same call, fall back to the DOM table, and raise a named error when the screen is not what it
should be."""
from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from loguru import logger
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeout
from pydantic import BaseModel

from ..errors import PageStructureError, TransientError
from ._driver import Driver

Row = TypeVar("Row", bound=BaseModel)
PAGE_SIZE = 100


class Screen:
    """A back-office screen. Subclasses name their URL; table screens add their JSON call."""

    key: ClassVar[str] = ""
    path: ClassVar[str] = ""

    def __init__(self, driver: Driver):
        self.driver = driver
        self.budget = driver.budget(self.name, self.key)   # one retry budget for this use of the screen

    @property
    def name(self) -> str:
        return type(self).__name__

    def url(self, **query) -> str:
        base = self.driver.url(self.key, self.path)
        q = {k: v for k, v in query.items() if v is not None}
        return base + (("&" if "?" in base else "?") + urlencode(q) if q else "")

    async def goto(self, url: str, api: str | None = None) -> tuple[Page, Any]:
        """Navigate and wait for the page's JSON call `api`: (page, (answer url, payload)), or
        (page, None) when the call never came (the caller falls back to the DOM)."""
        await self.driver.step("open", self.name, url)
        return await self.driver.open(url, api, self.budget)

    async def fetch_json(self, url: str) -> Any:
        """GET a JSON call from inside the page (same cookies, headers and referer as its own fetch())."""
        return await self.driver.fetch_json(url, self.budget)

    async def read_call(self, shown_in: str) -> dict:
        """Open the screen and return the `data` of the JSON call that fills it (`shown_in`: the
        element it fills, named in the error when the call never comes)."""
        _, got = await self.goto(self.url(), self.api)
        if got is None:
            raise await self.missing(shown_in, f"no {self.api} call")
        if not got[1].get("success"):
            raise await self.missing(shown_in, str(got[1].get("message")))
        return got[1]["data"]

    async def missing(self, selector: str, detail: str = "") -> PageStructureError:
        shot = await self.driver.screenshot(self.name)
        return PageStructureError(self.name, selector, shot, detail)

    async def text(self, selector: str) -> str:
        loc = self.driver.page.locator(selector)
        try:
            await loc.first.wait_for(state="attached", timeout=5000)
        except PlaywrightTimeout:
            raise await self.missing(selector) from None
        return (await loc.first.inner_text()).strip()


class TableScreen(Screen, Generic[Row]):
    """A screen whose table is filled by fetch() from a paged JSON call."""

    api: ClassVar[str] = ""
    model: ClassVar[type[BaseModel]]
    columns: ClassVar[dict[str, tuple[str, str | None]]] = {}   # DOM label -> (field, format)
    id_field: ClassVar[str] = "id"

    async def read_all(self, **query) -> list[Row]:
        """Every row the screen lists for this query, across all its pages."""
        for attempt in range(3):
            page, got = await self.goto(self.url(**query), self.api)
            if got is not None:
                break
            logger.warning("{}: no {} call seen; reading the DOM table", self.name, self.api)
            try:
                return await self._read_dom()
            except PageStructureError:
                if attempt == 2:
                    raise
                logger.warning("{}: unknown layout; reloading in case it was a one-off variant", self.name)
        url, payload = got
        data = self._data(payload)
        total = int(data["total"])
        rows = list(data["list"])
        if len(rows) < total:
            rows = []
            for n in range(1, -(-total // PAGE_SIZE) + 1):
                part = self._data(await self.fetch_json(_with_query(url, page=n, size=PAGE_SIZE)))["list"]
                rows.extend(part)
                if not part:
                    break
        if len(rows) != total:
            raise TransientError(f"{self.name}: read {len(rows)} rows, the screen says {total}")
        return [self.model.model_validate(r) for r in rows]

    def _data(self, payload) -> dict:
        if not isinstance(payload, dict) or not payload.get("success") or "data" not in payload:
            raise TransientError(f"{self.name}: unexpected answer {str(payload)[:120]}")
        return payload["data"]

    async def _read_dom(self) -> list[Row]:
        page = self.driver.page
        table = "table.next-table"
        try:
            await page.locator(f"{table} tr.next-table-row, {table} tr.next-table-empty").first.wait_for(timeout=5000)
        except PlaywrightTimeout:
            raise await self.missing(table, "the data call changed and no known table is on the page") from None
        labels = [t.strip() for t in await page.locator(f"{table} thead th").all_inner_texts()]
        absent = [lbl for lbl in self.columns if lbl not in labels]
        if absent:
            raise await self.missing(f"{table} th:text('{absent[0]}')", f"columns are {labels}")
        out: list[Row] = []
        while True:
            cells = await page.locator(f"{table} tbody tr.next-table-row").evaluate_all(
                "rows => rows.map(r => [r.dataset.rowKey, Array.from(r.cells).map(c => c.innerText.trim())])")
            for key, rc in cells:
                rec = {self.id_field: key}
                for lbl, (field, fmt) in self.columns.items():
                    rec[field] = _parse_cell(rc[labels.index(lbl)], fmt)
                out.append(self.model.model_validate(rec))
            cur, pages = await page.inner_text(".next-current"), await page.inner_text(".next-pages")
            if int(cur) >= int(pages):
                return out
            await page.click(".next-next")
            await page.wait_for_function("c => document.querySelector('.next-current').textContent !== c", arg=cur)


def _with_query(url: str, **params) -> str:
    parts = urlsplit(url)
    q = dict(parse_qsl(parts.query, keep_blank_values=True))
    q.update({k: str(v) for k, v in params.items()})
    return urlunsplit(parts._replace(query=urlencode(q)))


def _parse_cell(text: str, fmt: str | None):
    if fmt == "bool":
        return text == "是"
    if fmt == "pct":
        return round(float(text.rstrip("%")) / 100, 4)
    return text

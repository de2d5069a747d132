"""The one implementation behind every back-office screen: open it through the driver (pacing,
session recovery and retries live there), take the answer of the call the page itself makes,
page through it the way the page does (its next button, its page-size picker, its hash route),
fall back to the DOM table, and raise a named error when the screen is not what it should be.

Page objects never make calls of their own: every row they read arrived because the page asked
for it. Each screen says where it lives on the real site (`real`, a full URL), which call fills
it (`call`, a pattern of that call's URL) and how to read one answer (`parse_page`)."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import urlencode

from loguru import logger
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeout
from pydantic import BaseModel

from ..errors import PageStructureError, TransientError
from . import _net
from ._driver import Driver

Row = TypeVar("Row", bound=BaseModel)
TURN_ATTEMPTS = 4
ROW = ":is(tr.next-table-row, div.list-item)"  # a list's row: a table row, or a div (the newer product manager)


def figure(v: Any) -> Any:
    """A figure of an answer: a number in the older answers, an object {value, ...} in the newer ones
    (数据管家, 生意参谋)."""
    return v["value"] if isinstance(v, dict) and "value" in v else v


class LeftScreen(TransientError):
    """The page went to the login or a challenge page while paging: read the screen again."""


class Screen:
    """A back-office screen at `real` (its URL on the real site)."""

    key: ClassVar[str] = ""
    real: ClassVar[str] = ""
    call: ClassVar[str | tuple[str, ...] | None] = None  # the page's own data call(s), by URL pattern

    def __init__(self, driver: Driver):
        self.driver = driver
        self.budget = driver.budget(self.name, self.key)  # one retry budget for this use of the screen
        self.source: str | None = None  # where the last read came from: "call", "dom" or "page data"
        self.last_answer: Any = None  # the last answer of the screen's own call (or its data block)

    @property
    def name(self) -> str:
        return type(self).__name__

    @property
    def first_call(self) -> str:
        """The screen's own call (the first, where it has several)."""
        if self.call is None:
            raise TypeError(f"{self.name} has no call of its own")
        return self.call if isinstance(self.call, str) else self.call[0]

    @property
    def page(self) -> Page:
        """The working tab, once the screen is open."""
        page = self.driver.page
        if page is None:
            raise RuntimeError(f"{self.name}: no tab is open yet")
        return page

    def url(self, fragment: str = "", **query) -> str:
        base = self.driver.url(self.key, self.real)
        q = {k: v for k, v in query.items() if v is not None}
        url = base + (("&" if "?" in base else "?") + urlencode(q) if q else "")
        return url + fragment

    async def goto(self, url: str, call: str | tuple[str, ...] | None = None) -> tuple[Page, Any]:
        """Navigate and wait for the page's call(s): (page, (answer url, payload)), for several calls
        (page, {pattern: payload}); (page, None) when the call never came (the caller falls back to
        the DOM)."""
        from .titles import screen_title

        await self.driver.step("open", screen_title(self.name), url)
        page, got = await self.driver.open(url, call, self.budget)
        if got is not None:
            self.last_answer = got if isinstance(got, dict) and not isinstance(call, str) else got[1]
        return page, got

    async def read_call(self, shown_in: str, url: str | None = None) -> Any:
        """Open the screen and return the answer of the call that fills it (`shown_in`: the element
        it fills, named in the error when the call never comes)."""
        _, got = await self.goto(url or self.url(), self.call)
        if got is None:
            raise await self.missing(shown_in, f"no {self.call} call")
        self.source = "call"
        return got if isinstance(got, dict) else got[1]

    async def missing(self, selector: str, detail: str = "") -> PageStructureError:
        shot = await self.driver.screenshot(self.name)
        return PageStructureError(self.name, selector, shot, detail)

    async def text(self, selector: str) -> str:
        loc = self.page.locator(selector)
        try:
            await loc.first.wait_for(state="attached", timeout=5000)
        except PlaywrightTimeout:
            raise await self.missing(selector) from None
        return (await loc.first.inner_text()).strip()

    async def after(self, page: Page, action, call: str) -> Any:
        """Do `action` (a click, a picker change, a hash route) and return the answer of the call
        the page makes for it. When the answer is a transient fault (5xx, none in time), the page
        stays where it was and the action is done again, as a person clicks again."""
        for attempt in range(TURN_ATTEMPTS):
            await self.driver.pace()
            waiter = _net.ResponseWaiter(page, call, keep=self.driver.remember)
            try:
                await action()
                got = await waiter.wait(self.driver.nav_timeout)
            except TransientError as e:
                if attempt == TURN_ATTEMPTS - 1:
                    raise
                logger.info("{}: {}; trying again", self.name, e)
                await asyncio.sleep(self.driver.retry_backoff * 2**attempt)
                continue
            finally:
                waiter.close()
            if got is _net.LEFT_PAGE:
                raise LeftScreen(f"{self.name}: the page left for the login or a challenge page")
            if got is None:
                raise TransientError(f"{self.name}: the page did not ask for {call}")
            self.driver.turned()
            self.last_answer = got[1]
            return got[1]
        raise AssertionError("unreachable")


def unique_rows(screen: str, rows: list, key_field: str = "id") -> list:
    """A list that moved while its pages were turned (a new row pushes one onto the next page) shows
    that row twice: it is kept once (the first), so one moved row never stops what is stored."""
    seen: set[str] = set()
    out = []
    for r in rows:
        key = str(getattr(r, key_field, "") or "")
        if key and key in seen:
            continue
        if key:
            seen.add(key)
        out.append(r)
    if len(out) < len(rows):
        logger.warning(
            "{}: {} row(s) shown twice while paging (the list moved); kept once", screen, len(rows) - len(out)
        )
    return out


class TableScreen(Screen, Generic[Row]):
    """A screen whose table is filled, a page at a time, by the page's own call."""

    model: ClassVar[type[Any]]  # the Row model
    columns: ClassVar[dict[str, tuple[str, Any]]] = {}  # DOM label -> (field, parser of the cell text)
    optional_columns: ClassVar[dict[str, tuple[str, Any]]] = {}  # read when the table shows them (guessed ones)
    id_field: ClassVar[str] = "id"
    max_size: ClassVar[int] = 20  # the largest page size the screen's picker offers

    def parse_page(self, payload: Any) -> tuple[list[dict], int]:
        """(rows of this answer, total rows the screen has); raise TransientError on a refusal."""
        raise NotImplementedError

    def to_model(self, row: dict) -> Row:
        return self.model.model_validate(row)  # type: ignore[no-any-return]

    async def turn_page(self, page: Page, n: int) -> None:
        """Go to page `n` as a person would: the pagination's next button."""
        await page.click(".next-next")

    async def export_rows(self, page: Page) -> list[dict] | None:
        """All rows at once from the screen's export, where it has one (None: page through instead)."""
        return None

    async def probe(self, url: str | None = None) -> tuple[int, int]:
        """Open the screen and read its first answer only: (rows on it, rows the screen has)."""
        _, got = await self.goto(url or self.url(), self.call)
        if got is None:
            raise await self.missing("table.next-table", f"no {self.call} call")
        self.source = "call"
        rows, total = self.parse_page(got[1])
        for r in rows:  # every row must parse, or the screen is not what the agent reads
            self.to_model(r)
        return len(rows), total

    async def further(self, pages: int) -> int:
        """After `probe`: turn up to `pages` more pages as a person does (capture keeps each answer);
        the rows on every page read, the first included."""
        page = self.page
        call = self.first_call
        answer = self.last_answer if isinstance(self.call, str) else self.last_answer[call]
        rows, total = self.parse_page(answer)
        seen, n = len(rows), 1
        while rows and seen < total and n <= pages:
            n += 1
            rows, total = self.parse_page(await self.after(page, lambda: self.turn_page(page, n), call))
            seen += len(rows)
        return seen

    async def _bigger_size(self, page: Page) -> int | None:
        """The largest page size the screen's picker offers (up to max_size), when bigger than the
        current one; None otherwise."""
        picker = await select_state(page, ".next-page-size")
        if picker is None:
            return None
        current, options = picker
        values = [int(v) for v in options if v.isdigit()]
        best = max([v for v in values if v <= self.max_size] or [0])
        return best if current.isdigit() and best > int(current) else None

    async def read_all(self, url: str | None = None) -> list[Row]:
        """Every row the screen lists at `url` (default: the screen itself), across all its pages. A
        session that ends while paging is read again (twice at most); an unknown layout is reloaded
        once, in case it was a one-off variant — a second unknown layout is the screen's own."""
        layouts = 0
        for attempt in range(3):
            try:
                return await self._read_once(url or self.url())
            except LeftScreen:
                if attempt == 2:
                    raise
                logger.info("{}: the session ended while paging; reading the screen again", self.name)
            except PageStructureError:
                layouts += 1
                if layouts == 2 or attempt == 2:
                    raise
                logger.warning("{}: unknown layout; reloading in case it was a one-off variant", self.name)
        raise AssertionError("unreachable")

    async def _read_once(self, url: str) -> list[Row]:
        page, got = await self.goto(url, self.call)
        if got is None:
            logger.warning("{}: no {} call seen; reading the DOM table", self.name, self.call)
            self.source = "dom"
            return await self._read_dom()
        self.source = "call"
        rows, total = self.parse_page(got[1])
        call = self.first_call
        if len(rows) < total:
            exported = await self.export_rows(page)
            if exported is not None and len(exported) == total:
                self.source = "export"
                return [self.to_model(r) for r in exported]
            if exported is not None:
                logger.warning(
                    "{}: the export has {} rows, the screen says {}; turning the pages instead",
                    self.name,
                    len(exported),
                    total,
                )
            size = await self._bigger_size(page)
            if size:  # fewer pages to turn: the page asks again from page 1 at the bigger size
                rows, total = self.parse_page(
                    await self.after(page, lambda: page.select_option(".next-page-size", str(size)), call)
                )
        return await self.rest_of(page, rows, total, call)

    async def row_dialog(
        self, rows: list, key: str, action: str, fills: dict[str, str], call: str, what: str, **kw
    ) -> dict:
        """Write through a row's dialog, as a person does: its `action` button opens the dialog, `fills`
        (selector in the dialog -> text) are typed, its OK sends `call`. `rows`: the list as just read;
        a key not in it is a named error, nothing clicked."""
        from ._write import submit

        if not any(str(getattr(r, self.id_field)) == key for r in rows):
            raise await self.missing(f"tr[data-row-key='{key}']", f"{key} not listed")
        page = self.page
        await page.click(f"{ROW}[data-row-key='{key}'] .action-{action}")
        for selector, text in fills.items():
            await page.fill(f".next-dialog {selector}", text)
        return await submit(self, page, ".next-dialog .dialog-ok", call, what, **kw)

    async def show_row(self, url: str, row_id: str):
        """The table row of `row_id` (a Locator), the pages turned until the screen shows it — read
        only, as a person scrolls to a row; None when the screen does not list it."""
        page, got = await self.goto(url, self.call)
        row = page.locator(f"{ROW}[data-row-key='{row_id}']")
        if got is None:
            return row if await row.count() else None
        rows, total = self.parse_page(got[1])
        call = self.first_call
        seen, n = len(rows), 1
        while not any(str(getattr(self.to_model(r), "id", "")) == str(row_id) for r in rows):
            if seen >= total or not rows:
                return None
            n += 1
            rows, total = self.parse_page(await self.after(page, lambda: self.turn_page(page, n), call))
            seen += len(rows)
        try:  # the answer is in; the page draws the row from it
            await row.wait_for(timeout=5000)
        except PlaywrightTimeout:
            return None
        return row

    async def rest_of(self, page: Page, rows: list[dict], total: int, call: str) -> list[Row]:
        """Turn the pages after the first (`rows` of `total`), then every row as a model; a count
        that does not match what the screen says is a transient fault."""
        n = 1
        while len(rows) < total:
            n += 1
            part, total = self.parse_page(await self.after(page, lambda: self.turn_page(page, n), call))
            if not part:
                break
            rows.extend(part)
        if len(rows) != total:
            raise TransientError(f"{self.name}: read {len(rows)} rows, the screen says {total}")
        return unique_rows(self.name, [self.to_model(r) for r in rows], self.id_field)

    async def _read_dom(self) -> list[Row]:
        page = self.page
        table = "table.next-table"
        try:
            # the page has gone quiet without its call: a table drawn from the page itself is there now
            await page.locator(f"{table} tr.next-table-row, {table} tr.next-table-empty").first.wait_for(
                timeout=self.driver.dom_wait * 1000
            )
        except PlaywrightTimeout:
            raise await self.missing(table, "the data call changed and no known table is on the page") from None
        labels = [t.strip() for t in await page.locator(f"{table} thead th").all_inner_texts()]
        absent = [lbl for lbl in self.columns if lbl not in labels]
        if absent:
            raise await self.missing(f"{table} th:text('{absent[0]}')", f"columns are {labels}")
        out: list[Row] = []
        while True:
            cells = await page.locator(f"{table} tbody tr.next-table-row").evaluate_all(
                "rows => rows.map(r => [r.dataset.rowKey, Array.from(r.cells).map(c => c.innerText.trim())])"
            )
            shown = {**self.columns, **{k: v for k, v in self.optional_columns.items() if k in labels}}
            for key, rc in cells:
                rec = {self.id_field: key}
                for lbl, (fld, parse) in shown.items():
                    text = rc[labels.index(lbl)]
                    rec[fld] = parse(text) if parse else text
                out.append(self.model.model_validate(rec))
            cur, pages = await page.inner_text(".next-current"), await page.inner_text(".next-pages")
            if int(cur) >= int(pages):
                return out
            await page.click(".next-next")
            await page.wait_for_function("c => document.querySelector('.next-current').textContent !== c", arg=cur)


async def select_state(page: Page, selector: str) -> tuple[str, list[str]] | None:
    """A <select>'s chosen value and its options' values, read in one round trip; None when the
    page has no such select."""
    got = await page.evaluate(_SELECT_JS, selector)
    return (got["value"], got["options"]) if got else None


_SELECT_JS = """sel => { const s = document.querySelector(sel);
  return s ? {value: s.value, options: Array.from(s.options, o => o.value)} : null; }"""


def yes(text: str) -> bool:
    return text in ("是", "已上架", "y", "Y")


def pct(text: str) -> float:
    return round(float(text.rstrip("%")) / 100, 4)


def success_list(screen: str, payload: Any) -> tuple[list[dict], int]:
    """(rows, total) of an answer {success: true, data: {list, total}} (the guessed screens' dialect)."""
    if not isinstance(payload, dict) or not payload.get("success") or not isinstance(payload.get("data"), dict):
        raise answer_error(screen, payload)
    return payload["data"]["list"], int(payload["data"]["total"])


def answer_error(screen: str, payload: Any) -> TransientError:
    return TransientError(f"{screen}: unexpected answer {str(payload)[:160]}")

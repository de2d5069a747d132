"""Where own products stand on the buyer search pages of a keyword: page, 1-based slot position
(ads included), absolute rank (ads included), organic rank (ads excluded), and kind. A product
inside a brand ad's product list takes that ad's slot with kind `brand`."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field

from .pages.buyer_search import BuyerSearch, Slot


@dataclass(slots=True)
class Placement:
    keyword: str
    product_id: str
    page: int
    position: int
    rank: int
    organic_rank: int | None
    kind: str
    title: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class KeywordResult:
    keyword: str
    country: str = ""
    placements: list[Placement] = field(default_factory=list)
    pages_checked: int = 0
    requests: int = 0
    sources: list[str] = field(default_factory=list)  # 'data' or 'cards' per page read
    double_ranking: list[dict] = field(default_factory=list)  # same product organic and paid on one page
    error: str = ""  # the keyword could not be checked (after retries): why; nothing of it is stored
    stop: BaseException | None = field(default=None, repr=False)  # a challenge met: checks pause (NeedsHuman)
    exc: BaseException | None = field(default=None, repr=False)  # what kept it from being read

    @property
    def found(self) -> bool:
        return bool(self.placements)


@dataclass
class OwnMatcher:
    """Own products: by the store's company id, and/or by a list of product ids."""

    company_id: str | None = None
    product_ids: set[str] = field(default_factory=set)

    def own(self, product_id: str, company_id: str | None) -> bool:
        return (bool(self.company_id) and company_id == self.company_id) or product_id in self.product_ids


def place_page(
    keyword: str, page: int, slots: list[Slot], slots_before: int, organic_before: int, matcher: OwnMatcher
) -> list[Placement]:
    out: list[Placement] = []
    organic_seen = 0
    for i, s in enumerate(slots, start=1):
        organic_rank = None
        if s.kind == "organic":
            organic_seen += 1
            organic_rank = organic_before + organic_seen
        ids = [s.product_id, *s.product_list] if s.kind == "brand" else [s.product_id]
        for pid in ids:
            if matcher.own(pid, s.company_id):
                out.append(
                    Placement(
                        keyword=keyword,
                        product_id=pid,
                        page=page,
                        position=i,
                        rank=slots_before + i,
                        organic_rank=organic_rank,
                        kind=s.kind,
                        title=s.title if pid == s.product_id else "",
                    )
                )
    return out


def double_ranking(placements: list[Placement]) -> list[dict]:
    """Products shown both organically and as a P4P ad on the same page: the P4P plan should move."""
    seen: dict[tuple[str, int], set[str]] = {}
    for p in placements:
        seen.setdefault((p.product_id, p.page), set()).add(p.kind)
    return [{"product_id": pid, "page": page} for (pid, page), kinds in seen.items() if {"organic", "p4p"} <= kinds]


PAGE_TRIES = 3  # a 503, a timeout or a dropped connection on one results page: read it again


async def _page(search: BuyerSearch, keyword: str, page: int):
    """One results page, read again on a transient fault (never on a challenge: that pauses checks)."""
    from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

    from .errors import TransientError

    async for attempt in AsyncRetrying(
        stop=stop_after_attempt(PAGE_TRIES),
        wait=wait_exponential(multiplier=0.5, max=4),
        retry=retry_if_exception_type((TransientError, ConnectionError, TimeoutError)),
        reraise=True,
    ):
        with attempt:
            return await search.results(keyword, page)
    raise AssertionError("unreachable")


async def check_keyword(
    search: BuyerSearch, keyword: str, pages: int, matcher: OwnMatcher, country: str = ""
) -> KeywordResult:
    """Walk pages 1..N; stop early once every tracked product id has been found."""
    res = KeywordResult(keyword=keyword, country=country)
    slots_before = organic_before = 0
    wanted = set(matcher.product_ids)
    for page in range(1, pages + 1):
        slots, source = await _page(search, keyword, page)
        res.pages_checked, res.sources = page, res.sources + [source]
        if not slots:
            break
        found = place_page(keyword, page, slots, slots_before, organic_before, matcher)
        res.placements.extend(found)
        slots_before += len(slots)
        organic_before += sum(1 for s in slots if s.kind == "organic")
        wanted -= {p.product_id for p in found}
        if matcher.product_ids and not wanted:
            break
    res.requests = search.requests
    res.double_ranking = double_ranking(res.placements)
    return res


async def check_keywords(
    manager,
    template: str,
    keywords: list[str],
    pages: int,
    matcher: OwnMatcher,
    concurrency: int,
    country: str = "",
    proxy: str | None = None,
    pacer=None,
    context_factory=None,
    mode: str = "request",
    *,
    search_cls: type[BuyerSearch],
) -> list[KeywordResult]:
    """Each keyword in its own fresh incognito context, at most `concurrency` side by side;
    `search_cls` is the store's site's buyer search (`Site.search`)."""
    from .errors import NeedsHuman

    sem = asyncio.Semaphore(concurrency)
    stopped: list[BaseException] = []

    async def one(kw: str) -> KeywordResult:
        """One keyword; a keyword that cannot be read is said, not fatal: the others are kept. A
        challenge stops the keywords not begun yet (checking on would deepen it)."""
        async with sem:
            if stopped:
                return KeywordResult(kw, country, error="not checked: the site asked for a slider", stop=stopped[0])
            try:
                return await _one(kw)
            except NeedsHuman as e:
                stopped.append(e)
                return KeywordResult(kw, country, error=str(e), stop=e)
            except Exception as e:  # a page that kept failing, a changed page: this keyword only
                from . import _redact

                why = _redact.redact(str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__)
                return KeywordResult(kw, country, error=f"{type(e).__name__}: {why}"[:300], exc=e)

    async def _one(kw: str) -> KeywordResult:
        if context_factory is not None:  # e.g. the seller's logged-in context, to show what not to do
            search = await search_cls(await context_factory(), template, pacer, mode).open()
            try:
                return await check_keyword(search, kw, pages, matcher, country)
            finally:
                await search.close()
        async with manager.incognito(country=country or None, proxy=proxy, requests_only=mode == "request") as ctx:
            search = await search_cls(ctx, template, pacer, mode).open()
            return await check_keyword(search, kw, pages, matcher, country)

    return list(await asyncio.gather(*(one(k) for k in keywords)))

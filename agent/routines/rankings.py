"""Ranking snapshots: `storeagent rank ...` and the `rankings` routine (tracked keywords from
the store's config plus its P4P keywords). Each keyword is checked in a fresh incognito context."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import sites
from ..errors import ConfigError
from ..rank_history import record
from ..ranking import KeywordResult, OwnMatcher, check_keywords
from ..sites._site import ref
from ..storage.sql import Sql

if TYPE_CHECKING:
    from ..runtime.run import Run

COUNTRY = re.compile(r"^[A-Z]{2}$")


def distinct_keywords(keywords) -> list[str]:
    """Each keyword once, as a buyer's search treats them: case and spacing do not make another word
    ("Bluetooth  Speaker" is "bluetooth speaker"); the first spelling is kept, its spaces tidied."""
    seen: dict[str, str] = {}
    for k in keywords:
        tidy = " ".join(str(k).split())
        seen.setdefault(tidy.casefold(), tidy)
    return [k for k in seen.values() if k]


def read_keywords_file(path: str) -> list[str]:
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"--keywords-file {path}: no such file; give a text file with one keyword per line")
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise ConfigError(
            f"--keywords-file {path}: not UTF-8 text; save it as UTF-8 with one keyword per line"
        ) from None
    kws = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not kws:
        raise ConfigError(f"--keywords-file {path}: no keywords in it; put one keyword per line")
    bad = next((k for k in kws if len(k) > 200 or "{" in k), None)
    if bad:
        raise ConfigError(f"--keywords-file {path}: bad keyword {bad[:40]!r} (over 200 characters or contains braces)")
    return kws


def summarise(
    store: str,
    taken_at: datetime,
    results: list[KeywordResult],
    found_alerts: list[dict],
    chart_path: str | None,
    table: list[dict] | None = None,
) -> dict:
    return {
        "store": store,
        "taken_at": taken_at.isoformat(),
        "table": table or [],
        "results": [p.as_dict() for r in results for p in r.placements],
        "not_found": [{"keyword": r.keyword, "pages_checked": r.pages_checked} for r in results if not r.placements],
        "double_ranking": [dict(d, keyword=r.keyword) for r in results for d in r.double_ranking],
        "alerts": found_alerts,
        "chart": chart_path,
        "pages_checked": sum(r.pages_checked for r in results),
        "requests": sum(r.requests for r in results),
        "requests_per_keyword": {r.keyword: r.requests for r in results},
    }


async def collect(
    settings,
    store,
    manager,
    db: Sql,
    keywords: list[str],
    pages: int,
    country: str = "",
    run_id: int | None = None,
    pacer=None,
    clock=None,
) -> dict:
    """Check the keywords as a buyer, store the snapshot, find alerts and draw the chart. `clock`:
    the site's clock (a routine's run has heard it); the snapshot is dated by it."""
    matcher = OwnMatcher(company_id=store.company_id, product_ids=set(store.own_product_ids))
    results = await check_keywords(
        manager,
        store.search_url,
        keywords,
        pages,
        matcher,
        settings.concurrency,
        country=country,
        proxy=settings.buyer_proxies.get(country),
        pacer=pacer,
        mode=settings.rank_mode,
        search_cls=ref(sites.get(store.site).search),
    )
    # machine clock only for `rank` outside a run: it has heard no site answer and loads no run history
    taken_at = clock() if clock else datetime.now(UTC)
    read = [r for r in results if not r.error]  # what was read is kept, whatever happened to the rest
    failed = [r for r in results if r.error]
    if failed and not read and all(isinstance(r.exc, ConnectionError | TimeoutError) for r in failed):
        raise failed[0].exc  # type: ignore[misc]  # the network, not a keyword: said as the network
    table, found, path = (
        await asyncio.to_thread(
            record, db, store.name, taken_at, read, run_id, settings.rank_drop_alert, settings.data_dir / "reports"
        )
        if read
        else ([], [], None)
    )
    _name_products(db, store.name, read, found)
    out = summarise(store.name, taken_at, read, found, path, table)
    out["failed"] = [{"keyword": r.keyword, "error": r.error} for r in failed]
    out["stop"] = next((r.stop for r in failed if r.stop is not None), None)
    return out


def _name_products(db: Sql, store: str, results: list[KeywordResult], found: list[dict]) -> None:
    """Each alert's product by its title (people read names): from this check, else from the store's
    product list as last read (a product that fell off is not in this check)."""
    titles = {p.product_id: p.title for r in results for p in r.placements if p.title}
    missing = list({a["product_id"] for a in found} - set(titles))
    if missing:
        rows = db.rows(
            "select product_id, title from metric_product where store = :store and product_id in :ids "
            "and title is not null order by date",
            {"store": store, "ids": missing},
        )
        titles |= {r.product_id: r.title for r in rows}
    for a in found:
        a["title"] = titles.get(a["product_id"], "")


async def rankings(run: Run) -> None:
    """Tracked keywords from the config plus the keywords the store pays for (its site says which)."""
    store = run.store
    paid = await run.read("PaidKeywords", lambda: ref(run.site.paid_keywords)(run), [])  # the ad screen may fail alone
    keywords = distinct_keywords([*store.tracked_keywords, *(paid or [])])
    out = await run.read(
        "BuyerSearch",
        lambda: collect(
            run.settings,
            store,
            run.manager,
            run.db.sql,
            keywords,
            run.settings.rank_pages,
            run_id=run.run_id,
            pacer=run.session.pacer,
            clock=run.site_now,
        ),
    )
    if out is None:
        return
    for f in out["failed"]:  # each keyword that could not be read is said; the others are stored
        run._screen_failed(f"BuyerSearch「{f['keyword']}」", RuntimeError(f["error"]))
    if out["stop"] is not None:  # a slider on the buyer pages: what was read is stored, then a person is needed
        run.details.update({k: out[k] for k in ("not_found", "alerts", "double_ranking", "chart")})
        raise out["stop"]
    run.count("keywords", len(keywords))
    run.count("pages", out["pages_checked"])
    run.count("found", len(out["results"]))
    run.count("alerts", len(out["alerts"]))
    run.count("double_ranking", len(out["double_ranking"]))
    run.details.update({k: out[k] for k in ("not_found", "alerts", "double_ranking", "chart")})

"""doctor and capture: the first things to run on a new store.

doctor opens each screen the agent uses (paced, read-only: first page only) and says for each:
its URL, whether the screen's own call was seen, whether the answer parsed, rows read, what was
missing. capture does the same and keeps the answer of each screen's own call — up to
CAPTURE_PAGES pages of a screen that pages, each with what the page asked for it, and the data of the
pages that render their own (the RFQ market, an inquiry's detail) — every secret and personal field
replaced, as the fixtures' README says, in one JSON file an operator can attach to a bug report; the
sandbox can serve such a file (`python -m sandbox serve --capture FILE`), so a real store's shapes
become a test."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..errors import NeedsHuman, PageStructureError, SiteError
from ..pages import _net
from ..pages._base import Screen, TableScreen
from ..pages._scrub import scrub
from ..pages.titles import screen_title
from ..runtime.run import Run
from ..sites._site import ref

FORMAT = "storeagent-capture/2"
CAPTURE_PAGES = 3  # a screen that pages: its first pages, each answer kept with what the page asked for it

Check = tuple[str, Callable[[Any], Screen], Callable[[Any], Awaitable[int]]]


async def first(s, url=None) -> int:
    return (await s.probe(url))[0]


async def _one(aw) -> int:
    await aw
    return 1


async def _count(aw, n) -> int:
    return n(await aw)


async def _examine(run: Run, keep: dict | None) -> list[dict]:
    day = run.site_today() - timedelta(days=1)
    out = []
    for key, cls, read in ref(run.site.doctor)(day):
        screen = cls(run.driver)
        row = {
            "screen": key,
            "title": screen_title(cls.__name__, run.settings.lang),  # as the site names it
            "url": "",
            "call": str(screen.call or "page data"),
            "seen": False,
            "parsed": False,
            "rows": 0,
            "missing": "",
        }
        run.tap = [] if keep is not None else None
        try:
            row["rows"] = await read(screen)
            if keep is not None and isinstance(screen, TableScreen):
                row["rows"] = await screen.further(CAPTURE_PAGES - 1)
            row["parsed"] = True
        except NeedsHuman:
            raise  # a slider: stop, a person must look
        except PageStructureError as e:
            row["missing"] = e.detail or e.selector
        except (SiteError, KeyError, TypeError, ValueError) as e:
            row["missing"] = f"{type(e).__name__}: {e}"[:200]
        page = run.driver.page
        row["url"] = page.url if page is not None else ""
        row["seen"] = screen.last_answer is not None
        if keep is not None and screen.last_answer is not None:
            keep[key] = {"path": _path(row["url"]), **_answers(screen, run.tap or [])}
        out.append(row)
    run.tap = None
    return out


def _answers(screen: Screen, tap: list[dict]) -> dict:
    """{"calls": {call pattern: [{"query", "body", "answer"}, ...]}}, an answer for each page read —
    or {"page_data": …} for a screen that carries its data."""
    if screen.call is None:
        return {"page_data": scrub(screen.last_answer)}
    calls = (screen.call,) if isinstance(screen.call, str) else screen.call
    return {"calls": {c: [_asked(e) for e in tap if _net.matches(c, e["url"])] for c in calls}}


def _asked(entry: dict) -> dict:
    """One answer with what the page asked for it (its URL's query, its body), scrubbed alike."""
    query = dict(parse_qsl(urlsplit(entry["url"]).query, keep_blank_values=True))
    body: Any = entry.get("body")
    if body:
        try:
            body = json.loads(body)
        except ValueError:
            body = dict(parse_qsl(body, keep_blank_values=True))
    return {"query": scrub(query), "body": scrub(body), "answer": scrub(entry["answer"])}


def _path(url: str) -> str:
    p = urlsplit(url)
    return p.path + (f"?{p.query}" if p.query else "")


async def doctor(run: Run) -> None:
    rows = await _examine(run, None)
    run.details["screens"] = rows
    run.count("screens", len(rows))
    run.count("screens_ok", sum(1 for r in rows if r["seen"] and r["parsed"]))


async def capture(run: Run) -> None:
    answers: dict[str, Any] = {}
    rows = await _examine(run, answers)
    folder = run.settings.data_dir / "captures"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")  # machine clock: when the capture was made (its file name)
    path = folder / f"{run.store.name}_capture_{stamp}.json"
    doc = {
        "format": FORMAT,
        "captured_at": datetime.now(UTC).isoformat(timespec="seconds"),  # machine clock: when captured
        "site": run.site.name,
        "screens": answers,
    }
    tmp = path.with_suffix(".part")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1))
    os.replace(tmp, path)
    run.details["screens"] = rows
    run.details["capture"] = str(path)
    run.count("screens", len(rows))
    run.count("captured", len(answers))

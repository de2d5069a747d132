"""Applying approved edits, each exactly once and verified on the screen.

Before writing, the current value is read on the screen: if it differs from the precondition, the
edit ends in `conflict` and nothing is written. After writing, the value is read back and a
screenshot taken, then the edit is `applied`. An edit found in `applying` (a run died mid-way) is
re-checked on the screen: already done -> applied without a second write; untouched -> written."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable

from loguru import logger

from ..context import PageContext
from ..errors import NeedsHuman, WriteRejected
from ..pages.inquiries import InquiryDetail
from ..pages.marketing import ActivityCenter
from ..pages.p4p import P4PCampaigns, P4PKeywords
from ..pages.products import ProductEditor, ProductManager
from ..pages.rfq import QuoteDraft, QuoteForm, RfqMarket
from ..stepper import StepSkipped, StopRequested
from .store import Queue


@dataclass
class Kind:
    read: Callable[[PageContext, dict], Awaitable[dict]]
    done: Callable[[dict, dict], bool]          # current, suggestion -> the target value is on screen
    ready: Callable[[dict, dict], bool]         # current, suggestion -> the precondition holds
    write: Callable[[PageContext, dict], Awaitable[None]]


async def _bid(ctx, s):
    k = await P4PKeywords(ctx).keyword(int(s["target"]), s["precondition"]["keyword"])
    return {"exists": k is not None, "bid": k.bid if k else None}


async def _campaigns(ctx, s):
    c = await P4PCampaigns(ctx).read()
    budget = next((x.daily_budget for x in c.campaigns if x.campaign == s["target"]), None)
    present = any(n.campaign == s["target"] and n.keyword == s["value"].get("keyword") for n in c.negative_keywords)
    return {"daily_budget": budget, "present": present}


async def _product(ctx, s):
    p = await ProductManager(ctx).get(s["target"])
    return {"exists": p is not None, "zero_days": p.zero_days if p else None, "showcase": p.showcase if p else None}


async def _title(ctx, s):
    title, keywords = await ProductEditor(ctx).read(s["target"])
    return {"title": title, "keywords": keywords}


async def _rfq(ctx, s):
    r = next((r for r in await RfqMarket(ctx).search("") if r.id == s["target"]), None)
    return {"exists": r is not None, "quoted": r.quoted if r else None, "quotes_left": r.quotes_left if r else None}


async def _replies(ctx, s):
    replies = await InquiryDetail(ctx).replies(s["target"])
    return {"replied": bool(replies), "replies": replies}


async def _activity(ctx, s):
    a = next((a for a in await ActivityCenter(ctx).read_all(q=s["target"]) if a.id == s["target"]), None)
    return {"exists": a is not None, "signed_up": a.signed_up if a else None}


def _squash(text: str) -> str:
    """Whitespace as a page renders it (line breaks in a reply show as spaces)."""
    return " ".join(text.split())


def _quote(v: dict) -> QuoteDraft:
    return QuoteDraft(product_name=v["product_name"], ladder=[tuple(x) for x in v["ladder"]], message=v["message"],
                      port=v.get("port", ""), trade_term=v.get("trade_term", "FOB"), payment=v.get("payment", "T/T"),
                      currency=v.get("currency", "USD"), unit=v.get("unit", "Pieces"), details=v.get("details", ""))


KINDS: dict[str, Kind] = {
    "set_bid": Kind(_bid, lambda c, s: c["bid"] == s["value"]["bid"],
                    lambda c, s: c["exists"] and c["bid"] == s["precondition"]["bid"],
                    lambda ctx, s: P4PKeywords(ctx).set_bid(int(s["target"]), s["precondition"]["keyword"], s["value"]["bid"])),
    "set_budget": Kind(_campaigns, lambda c, s: c["daily_budget"] == s["value"]["daily_budget"],
                       lambda c, s: c["daily_budget"] == s["precondition"]["daily_budget"],
                       lambda ctx, s: P4PCampaigns(ctx).set_budget(s["target"], s["value"]["daily_budget"])),
    "add_negative_keyword": Kind(_campaigns, lambda c, s: c["present"], lambda c, s: not c["present"],
                                 lambda ctx, s: P4PCampaigns(ctx).add_negative(s["target"], s["value"]["keyword"])),
    "republish_product": Kind(_product, lambda c, s: c["exists"] and c["zero_days"] == 0,
                              lambda c, s: c["exists"] and c["zero_days"] == s["precondition"]["zero_days"],
                              lambda ctx, s: ProductManager(ctx).republish(s["target"])),
    "delete_product": Kind(_product, lambda c, s: not c["exists"],
                           lambda c, s: c["exists"] and c["zero_days"] == s["precondition"]["zero_days"],
                           lambda ctx, s: ProductManager(ctx).delete(s["target"])),
    "set_showcase": Kind(_product, lambda c, s: c["exists"] and c["showcase"] == s["value"]["showcase"],
                         lambda c, s: c["exists"] and c["showcase"] == s["precondition"]["showcase"],
                         lambda ctx, s: ProductManager(ctx).set_showcase(s["target"], s["value"]["showcase"])),
    "edit_title": Kind(_title, lambda c, s: c["title"] == s["value"]["title"],
                       lambda c, s: c["title"] == s["precondition"]["title"],
                       lambda ctx, s: ProductEditor(ctx).edit(s["target"], s["value"]["title"], s["value"]["keywords"])),
    "rfq_quote": Kind(_rfq, lambda c, s: bool(c["quoted"]),
                      lambda c, s: c["exists"] and not c["quoted"] and (c["quotes_left"] or 0) > 0,
                      lambda ctx, s: QuoteForm(ctx).quote(s["target"], _quote(s["value"]))),
    "inquiry_reply": Kind(_replies, lambda c, s: _squash(s["value"]["text"]) in map(_squash, c["replies"]), lambda c, s: not c["replied"],
                          lambda ctx, s: InquiryDetail(ctx).reply(s["target"], s["value"]["text"])),
    "activity_signup": Kind(_activity, lambda c, s: bool(c["signed_up"]), lambda c, s: c["exists"] and not c["signed_up"],
                            lambda ctx, s: ActivityCenter(ctx).sign_up(s["target"])),
}


async def apply_one(ctx: PageContext, queue: Queue, s: dict, actor: str) -> str:
    """Apply one suggestion already claimed (`applying`); returns its final state."""
    kind = KINDS[s["kind"]]
    sid = s["id"]
    try:
        before = await kind.read(ctx, s)
        if kind.done(before, s):
            if s.get("recovered"):
                shot = await ctx.screenshot(ctx.page, f"s{sid}-verified")
                queue.finish(sid, "applied", actor, before=before, after=before, screenshot=shot,
                             note="found applied on the screen after an interrupted run; not written again")
                return "applied"
            queue.finish(sid, "conflict", actor, before=before, note="the screen already shows the target value (changed by someone else); nothing written")
            return "conflict"
        if not kind.ready(before, s):
            shot = await ctx.screenshot(ctx.page, f"s{sid}-conflict")
            queue.finish(sid, "conflict", actor, before=before, screenshot=shot,
                         note=f"the screen shows {before}, expected {s['precondition']}; nothing written")
            return "conflict"
        await kind.write(ctx, s)
        after = await kind.read(ctx, s)
        shot = await ctx.screenshot(ctx.page, f"s{sid}-applied")
        if kind.done(after, s):
            queue.finish(sid, "applied", actor, before=before, after=after, screenshot=shot)
            return "applied"
        queue.finish(sid, "failed", actor, before=before, after=after, screenshot=shot, note="read back does not show the new value")
        return "failed"
    except StepSkipped as e:
        queue.release(sid, actor, str(e))
        return "skipped"
    except WriteRejected as e:
        shot = await ctx.screenshot(ctx.page, f"s{sid}-rejected")
        queue.finish(sid, "failed", actor, screenshot=shot, note=str(e))
        return "failed"
    except (StopRequested, NeedsHuman):
        raise  # stays `applying`: the next run re-checks it on the screen
    except Exception as e:
        logger.warning("applying #{} failed: {}", sid, e)
        queue.finish(sid, "failed", actor, screenshot=await ctx.screenshot(ctx.page, f"s{sid}-failed"), note=f"{type(e).__name__}: {e}")
        return "failed"


async def apply_store(ctx: PageContext, queue: Queue, actor: str) -> dict[str, list[int]]:
    """Every approved edit of the context's store, plus those an interrupted run left `applying`."""
    out: dict[str, list[int]] = {}

    async def one(s: dict) -> None:
        state = await apply_one(ctx, queue, s, actor)
        out.setdefault(state, []).append(s["id"])
        logger.info("suggestion #{} {} {}: {}", s["id"], s["kind"], s["target"], state)

    for s in queue.list("applying", store=ctx.store.name):
        await one(dict(s, recovered=True))
    for s in queue.list("approved", store=ctx.store.name):
        if queue.claim(s["id"], actor):  # claimed just before its turn: a crash leaves at most this one `applying`
            await one(dict(s, state="applying"))
    return out

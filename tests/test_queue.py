"""Diagnosis, the approval queue and verified exactly-once apply, against the sandbox."""

from __future__ import annotations

import os
from datetime import datetime

from agent.queue.apply import apply_body
from agent.queue.store import Queue
from agent.runtime.browser import BrowserManager
from agent.runtime.runner import run_routine
from agent.sites.alibaba.pages.marketing import ActivityCenter
from agent.storage import Database

from .conftest import agent_settings, driver, run_agent


async def _diagnosed(sb, tmp_path):
    """Settings for the sandbox, its diagnosis run, and the queue it filled."""
    s = agent_settings(sb, tmp_path)
    await run_agent(s, "diagnose")
    return s, Queue(Database(s.db_url))


async def _apply(s, q: Queue, before=None) -> dict:
    """One `queue apply` run for the settings' store (`before(driver)` runs first in the same
    browser); what happened to each suggestion."""
    async with BrowserManager(s) as mgr:
        if before is not None:
            await before(driver(s, mgr))
        res = await run_routine("apply", lambda run: apply_body(run, q, "tester", wait=5), s, s.stores[0], mgr, q.db)
    return res.details.get("suggestions", {})


def _by_kind(queue: Queue) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s in queue.list():
        out.setdefault(s.kind, set()).add(s.target)
    return out


async def test_diagnose_suggests_each_planted_problem_and_nothing_for_healthy_items(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, evidence_screenshots=15)  # one picture of each kind at least
    res = await run_agent(s, "diagnose")
    assert res.status == "ok", res.error
    st = sb.state()
    assert st["writes"] == []  # nothing written before approval
    got = _by_kind(Queue(Database(s.db_url)))
    prods = [p for p in st["products"] if p["status"] == "approved"]  # 零效果 lists approved products only
    assert got["delete_product"] == {p["id"] for p in prods if p["zero_days"] >= 180}
    assert got["republish_product"] == {p["id"] for p in prods if 90 <= p["zero_days"] < 180}
    healthy = {p["id"] for p in prods if p["zero_days"] == 0}
    assert not (got["delete_product"] | got["republish_product"]) & healthy
    now = datetime.fromisoformat(st["now"])
    late = {
        q["id"]
        for q in st["inquiries"]
        if not q["replied"] and (now - datetime.fromisoformat(q["received"])).total_seconds() > 7200
    }
    assert got["inquiry_reply"] == late
    today = st["now"][:10]
    assert got["activity_signup"] == {
        a["id"] for a in st["activities"] if a["eligible"] and not a["signed_up"] and a["deadline"] >= today
    }
    assert {"3000", "3002"} <= got["set_bid"]  # planted: top spenders without inquiries
    assert got["set_budget"] == {"standard"}  # its budget runs out at 13:40; the smart plan's does not
    open_rfqs = {r["id"] for r in st["rfqs"] if r["quotes_left"] > 0}
    assert (
        got["rfq_quote"] <= open_rfqs
        and len(got["rfq_quote"]) <= st["rfq_quota"]["base"] + st["rfq_quota"]["reward"] - st["rfq_quota"]["used"]
    )
    rules = {f["rule"]: f for f in res.details["report"]["findings"]}
    assert "TA88000" in rules["overdue_shipment"]["items"]
    assert "5500" in rules["negative_review"]["items"]
    assert rules["star_level"]["items"] == ["交易力"]
    assert res.details["report"]["metrics"]["impressions"]["rule"]
    # each suggestion has its own picture, its row outlined: the row shows what the sandbox holds for that target
    rows = Queue(Database(s.db_url)).list()
    shot = [r for r in rows if r.evidence.get("screenshot")]
    assert len(shot) == min(len(rows), s.evidence_screenshots) and {r.kind for r in shot} == {r.kind for r in rows}
    assert len({r.evidence["screenshot"] for r in shot}) == len(shot) and all(
        os.path.getsize(r.evidence["screenshot"]) > 2000 for r in shot
    )
    assert all(r.evidence["highlighted"] for r in shot), [
        (r.kind, r.target) for r in shot if not r.evidence["highlighted"]
    ]
    by_id = {p["id"]: p for p in st["products"]}
    rfqs = {r["id"]: r for r in st["rfqs"]}
    inq = {q["id"]: q for q in st["inquiries"]}
    for r in shot:
        row, t = r.evidence["row"], r.target
        if r.kind in ("delete_product", "republish_product", "set_showcase", "swap_showcase"):
            assert t in row and by_id[t]["title"] in row, (r.kind, row)
        elif r.kind == "rfq_quote":
            assert rfqs[t]["title"] in row and f"剩余 {rfqs[t]['quotes_left']} 个报价名额" in row, row
        elif r.kind == "inquiry_reply":  # its row in the list: the inquiry itself stays unread
            assert inq[t]["buyer"] in row and inq[t]["subject"] in row, row
        elif r.kind == "set_bid":
            assert row.startswith(r.pre.keyword) and f"{r.pre.bid:g}" in row, row
        elif r.kind == "set_budget":
            assert row.startswith("标准推广") and f"{r.pre.daily_budget:g}" in row, row
    assert not [q["id"] for q in sb.state()["inquiries"] if q.get("read_at")]  # no inquiry opened, none marked read
    # a second diagnosis queues no duplicates
    again = await run_agent(s, "diagnose")
    assert again.counts["queued"] == 0


async def test_approved_edits_change_the_sandbox_exactly_once(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s, q = await _diagnosed(sb, tmp_path)
    pick = {}
    for row in q.list("proposed"):
        pick.setdefault(row.kind, row.id)
    ids = [
        pick[k]
        for k in (
            "set_bid",
            "set_budget",
            "delete_product",
            "republish_product",
            "inquiry_reply",
            "activity_signup",
            "rfq_quote",
        )
    ]
    q.approve(ids, "tester")
    out = await _apply(s, q)
    assert sorted(out["applied"]) == sorted(ids), out
    assert await _apply(s, q) == {}
    writes = sb.state()["writes"]
    assert len(writes) == len(ids) + 1  # a re-publish is two writes: the similar post, then deleting the old one
    assert len({(w["action"], w["target"]) for w in writes}) == len(ids) + 1
    old = q.get(pick["republish_product"]).target
    assert [w["action"] for w in writes if w["target"] == old] == ["similar_post", "delete_product"]
    for sid in ids:
        row = q.get(sid)
        assert row.state == "applied" and row.approved_by == "tester"
        trail = q.audit_for(sid)
        assert [a["action"] for a in trail] == ["proposed", "approved", "apply_started", "applied"]
        assert trail[-1]["screenshot"] and trail[-1]["before"] is not None and trail[-1]["after"] is not None
    bid = q.get(pick["set_bid"])
    w = next(w for w in writes if w["action"] == "set_bid")
    assert (w["target"], w["before"], w["after"]) == (bid.target, bid.pre.bid, bid.value.bid)


async def test_stale_edit_ends_in_conflict_with_nothing_written(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s, q = await _diagnosed(sb, tmp_path)
    bid = next(r for r in q.list("proposed") if r.kind == "set_bid")
    q.approve([bid.id], "tester")
    sb.set("p4p_keyword", bid.target, "bid", round(bid.pre.bid + 0.5, 1))  # a colleague changed it
    out = await _apply(s, q)
    assert out == {"conflict": [bid.id]}
    assert sb.state()["writes"] == []
    assert "nothing written" in q.audit_for(bid.id)[-1]["note"]


async def test_edit_found_half_done_after_a_crash_is_not_sent_again(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s, q = await _diagnosed(sb, tmp_path)
    act = next(r for r in q.list("proposed") if r.kind == "activity_signup")
    q.approve([act.id], "tester")
    dead = q.db.start_run("shop", "apply")
    assert q.claim(act.id, dead, "tester", lease=120)  # a run claimed it ...
    q.db.finish_run(dead, "failed", {}, "killed", [], [])

    async def wrote_then_died(d):  # ... wrote, and died before marking it applied
        await ActivityCenter(d).sign_up(act.target)

    out = await _apply(s, q, before=wrote_then_died)
    assert out == {"applied": [act.id]}
    assert len(sb.state()["writes"]) == 1
    assert "not written again" in q.audit_for(act.id)[-1]["note"]

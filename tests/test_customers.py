"""customers (客户管理; seeds 001, 002): new inquiry buyers become "add to customers" suggestions,
yesterday's business cards are listed, and the week's lists (customers to revisit, inquiries to follow
up) come from the store's thresholds."""

from __future__ import annotations

from agent.app import App

from .conftest import agent_settings


async def test_new_inquiry_buyers_become_customers_and_the_weeks_lists(fresh_sandbox, tmp_path):
    from datetime import datetime, timedelta

    sb = fresh_sandbox
    app = App(agent_settings(sb, tmp_path))
    async with app.browser():
        [i] = await app.run("inquiries")
        [c] = await app.run("customers")
    assert i.status == "ok" and c.status == "ok", (i.error, c.error)
    st = sb.state()
    now = datetime.fromisoformat(st["now"])
    known = {(x["mainContact"]["contactName"], x["countryCode"]) for x in st["customers"]}
    new = [
        q
        for q in st["inquiries"]
        if q["type"] == "inquiry" and now - datetime.fromisoformat(q["received"]) <= timedelta(days=2)
    ]
    # an unread inquiry is left unopened (its buyer card is on its detail, and opening marks it read)
    read = [q for q in new if q["replied"] or q.get("read_at")]
    want = {(q["buyer"], q["country"]) for q in read} - known
    adds = [s for s in app.queue.list("proposed") if s.kind == "add_customer"]
    assert {(s.evidence["buyer"], s.value.country) for s in adds} == want and len(adds) == len(want) > 0
    assert not [q for q in st["inquiries"] if q.get("read_at") and not q["replied"]] and c.counts["left_unread"] > 0
    assert all(s.value.level and s.value.company for s in adds)
    # yesterday's business cards, as the customer list has them
    cards = [x["companyName"] for x in st["customers"] if "name_card" in x["customerSources"]]
    assert sorted(x["company"] for x in c.details["name_cards_yesterday"]) == sorted(cards) and len(cards) == 3
    from zoneinfo import ZoneInfo

    made = {x["companyName"]: datetime.fromisoformat(x["createDate"].replace("Z", "+00:00")) for x in st["customers"]}
    for x in c.details["name_cards_yesterday"]:  # shown in the store's zone, never as a UTC …Z string
        assert x["created"] == made[x["company"]].astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    # the week's lists: old customers with nothing for 30 days; inquiries 15+ days old with nothing since
    old = {x["companyName"] for x in st["customers"] if x["companyName"].startswith("Old Partner")}
    assert old <= {x["company"] for x in c.details["revisit"]}
    stale = {
        q["id"]
        for q in st["inquiries"]
        if q["type"] == "inquiry"
        and timedelta(days=15) <= now - datetime.fromisoformat(q["received"]) <= timedelta(days=60)
    }
    assert {x["inquiry_id"] for x in c.details["follow_up"]} <= stale and c.details["follow_up"]
    # approved: the buyer is added once, from the card on the inquiry's detail, and read back
    first = adds[0]
    app.queue.approve([first.id], "tester")
    [a] = await app.apply()
    assert a.status == "ok" and a.counts == {"applied": 1}, a.error
    after = sb.state()
    assert [(w["action"], w["target"]) for w in after["writes"]] == [("add_customer", first.target)]
    assert len(after["customers"]) == len(st["customers"]) + 1
    [rp] = await app.report("weekly", "shop")
    html = open(rp["html"], encoding="utf-8").read()
    assert "待回访客户" in html and "待跟进询盘" in html and "Old Partner 1 GmbH" in html

"""公海开发, EDM 客群营销, 老客户回访 (seed 002): read from their screens, proposed within the site's quotas
(the pool's 20 first messages a day, two mailings a week) and the seed's plan (10 pool buyers a day, one
mailing a week, every customer silent for 30 days), each sent once, with exactly the approved text."""

from __future__ import annotations

from collections import Counter

from agent.app import App

from .conftest import agent_settings

LEVEL = {"L4": 4, "L3": 3, "L2": 2, "L1": 1, "L0": 0}


async def test_pool_mailing_and_revisits_within_quotas_each_sent_once(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    st = sb.state()
    sells = " | ".join(p["title"].lower() for p in st["products"])
    eligible = [b for b in st["pool"] if not b["developed"] and any(w in sells for w in b["interests"].split(","))]
    assert len(eligible) > 20 and any(not any(w in sells for w in b["interests"].split(",")) for b in st["pool"])
    s = agent_settings(sb, tmp_path, thresholds={"pool_per_day": 50})
    app = App(s)
    async with app.browser():
        for routine in ("metrics", "inquiries", "customers"):
            [r] = await app.run(routine)
            assert r.status == "ok", (routine, r.error)
    open_ = app.queue.list("proposed")
    pool = [x for x in open_ if x.kind == "pool_message"]
    # the site's quota (20 a day) caps the plan, the highest levels first; only buyers looking for what the store sells
    assert len(pool) == 20
    by_id = {b["buyerId"]: b for b in st["pool"]}
    assert {x.target for x in pool} <= {b["buyerId"] for b in eligible}
    chosen_levels = sorted((LEVEL[by_id[x.target]["buyerLevel"]] for x in pool), reverse=True)
    left_out = [LEVEL[b["buyerLevel"]] for b in eligible if b["buyerId"] not in {x.target for x in pool}]
    assert min(chosen_levels) >= max(left_out)
    for x in pool:
        wanted = [w for w in by_id[x.target]["interests"].split(",") if w in sells]
        assert all(w in x.value.text for w in wanted) and x.evidence["level"] == by_id[x.target]["buyerLevel"]
    german = [x for x in pool if x.evidence["country"] == "DE"]
    assert german and all(
        x.value.text.startswith("Sehr geehrte") and "Wir haben gesehen" in x.value.text for x in german
    )
    [edm] = [x for x in open_ if x.kind == "edm_campaign"]
    assert edm.value.group == "询盘客户" and edm.evidence["size"] == len(st["customers"])
    revisit = [x for x in open_ if x.kind == "revisit_message"]
    assert sorted(x.target for x in revisit) == sorted(c["customer_id"] for c in r.details["revisit"])
    assert len(revisit) >= 6  # the six old partners at least
    assert r.counts["pool_proposed"] == 20 and r.counts["revisits_proposed"] == len(revisit)

    # approved — one mail subject and one revisit changed by a person — and applied: each sent once, as approved
    app.queue.edit(edm.id, {"subject": "Spring catalogue for our customers"}, "王经理")
    app.queue.edit(revisit[0].id, "Dear partner, our new catalogue is ready. Shall I send it?", "王经理")
    chosen = [*pool[:5], edm, *revisit[:3]]
    app.queue.approve([x.id for x in chosen], "王经理")
    [a] = await app.apply()
    assert a.status == "ok" and a.counts == {"applied": len(chosen)}, (a.error, a.counts)
    after = sb.state()
    writes = [w for w in after["writes"] if w["action"] in ("pool_message", "edm_campaign", "customer_message")]
    assert Counter(w["action"] for w in writes) == Counter(
        {"pool_message": 5, "edm_campaign": 1, "customer_message": 3}
    )
    sent = {(w["action"], w["target"]): w["after"] for w in writes}
    assert all(sent[("pool_message", x.target)] == x.value.text for x in pool[:5])
    assert sent[("edm_campaign", edm.value.group_id)]["subject"] == "Spring catalogue for our customers"
    assert sent[("customer_message", revisit[0].target)] == "Dear partner, our new catalogue is ready. Shall I send it?"

    # the next run the same day: 15 of the pool's quota left (still 18 buyers to develop), the week's mailing
    # sent, the 3 revisited off the list
    async with app.browser():
        [r2] = await app.run("customers")
        [again] = await app.apply() or [None]
    assert again is None or not again.counts.get("applied")
    still = app.queue.list("proposed")
    assert len([x for x in still if x.kind == "pool_message"]) == 15 and r2.counts["pool_proposed"] == 15
    assert not [x for x in still if x.kind == "edm_campaign"]
    assert {x.target for x in still if x.kind == "revisit_message"} == {x.target for x in revisit[3:]}
    assert (
        len([w for w in sb.state()["writes"] if w["action"] in ("pool_message", "edm_campaign", "customer_message")])
        == 9
    )

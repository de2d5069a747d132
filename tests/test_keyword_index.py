"""关键词指数 (seed 000: 关键词指数 / 蓝海词): the screen read into the store as the sandbox serves it, and
only the rising or little-contested words that the store's products sell and no title carries are
suggested — for a title (a typed edit) and for P4P (a finding)."""

from __future__ import annotations

from agent.app import App
from agent.storage import Database
from agent.storage import models as m
from sandbox.hosts.data import INDEX_WORDS

from .conftest import agent_settings


def _norm(t: str) -> str:
    return " ".join(t.split()).lower()


async def test_only_rising_or_open_words_the_store_sells_and_no_title_has(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    st = sb.state()
    titles = " | ".join(_norm(p["title"]) for p in st["products"])
    families = {p["family"] for p in st["products"] if p["status"] == "approved" and p["display"] == "on"}
    want = {
        w
        for w, _heat, growth, comp in INDEX_WORDS
        if (growth >= 0.2 or comp <= 30) and any(f in w for f in families) and w not in titles
    }
    assert want == {
        "bluetooth speaker for shower",
        "wireless earbuds for sleeping",
        "smart watch for elderly",
        "power bank with built in cable",
    }  # the sandbox plants both kinds, and words it does not sell (drone camera, solar generator)
    s = agent_settings(sb, tmp_path)
    app = App(s)
    async with app.browser():
        [r] = await app.run("diagnose")
    assert r.status == "ok", r.error

    stored = Database(s.db_url).frame(m.metric_keyword_index, store="shop")
    served = {w: (heat, comp) for w, heat, _g, comp in INDEX_WORDS}
    assert {
        k: (round(h / 1.02), c)
        for k, h, c in zip(stored["keyword"], stored["heat"], stored["competition"])
        if k in served
    } == served  # the screen's month shows 1.02 x the planted heat
    rising = dict(zip(stored["keyword"], stored["growth"]))
    assert rising["bluetooth speaker for shower"] > 0.4 and rising["led strip light for tv"] < 0

    titled = [
        x for x in app.queue.list("proposed") if x.kind == "edit_title" and x.evidence.get("source") == "keyword_index"
    ]
    assert {x.evidence["keyword"] for x in titled} == want
    products = {p["id"]: p for p in st["products"]}
    for x in titled:
        kw = x.evidence["keyword"]
        assert kw not in _norm(products[x.target]["title"]) and all(
            w in _norm(x.value.title).split() for w in kw.split()
        )
        assert products[x.target]["family"] in kw
    bought = {_norm(k["keyword"]) for k in st["p4p_keywords"]}
    adds = [x for x in app.queue.list("proposed") if x.kind == "add_p4p_keyword"]
    assert {x.target for x in adds} == want - bought and all(x.value.campaign == "standard" for x in adds)
    standard = sorted(k["bid"] for k in st["p4p_keywords"] if k["campaign"] == "standard")
    assert {x.value.bid for x in adds} == {
        round((standard[len(standard) // 2] + standard[(len(standard) - 1) // 2]) / 2, 1)
    }

    # one approved at a bid a person typed: added once, to that campaign, at that bid
    add = app.queue.edit(adds[0].id, "3.5", "王经理")
    app.queue.approve([adds[0].id], "王经理")
    [a] = await app.apply()
    assert a.status == "ok" and a.counts == {"applied": 1}, (a.error, a.counts)
    [k] = [k for k in sb.state()["p4p_keywords"] if k["keyword"] == add.target]
    assert k["campaign"] == "standard" and k["bid"] == 3.5
    assert [w["action"] for w in sb.state()["writes"]] == ["add_p4p_keyword"]

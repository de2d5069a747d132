"""Page objects: every write the screens offer, checked in the sandbox's write log, and the DOM
fallback reading the same rows as the JSON path."""

from __future__ import annotations

from agent.errors import WriteRejected
from agent.runtime.browser import BrowserManager
from agent.sites.alibaba.pages.home import HomePage
from agent.sites.alibaba.pages.inquiries import InquiryDetail
from agent.sites.alibaba.pages.marketing import ActivityCenter
from agent.sites.alibaba.pages.orders import Orders, Reviews
from agent.sites.alibaba.pages.p4p import P4PCampaigns, P4PKeywords
from agent.sites.alibaba.pages.products import ProductEditor, ProductManager
from agent.sites.alibaba.pages.rfq import QuoteDraft, QuoteForm, RfqMarket

from .conftest import agent_settings, driver


async def _ctx(settings, mgr):
    return driver(settings, mgr)


async def test_every_write_lands_once_in_the_write_log(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    st = sb.state()
    kw = st["p4p_keywords"][5]
    inquiry = next(q for q in st["inquiries"] if not q["replied"])
    rfq = next(r for r in st["rfqs"] if r["quotes_left"] > 0)
    prods = [p for p in st["products"] if p["status"] == "approved"]
    act = next(a for a in st["activities"] if a["eligible"] and not a["signed_up"] and a["deadline"] >= st["now"][:10])
    async with BrowserManager(s) as mgr:
        ctx = await _ctx(s, mgr)
        await P4PKeywords(ctx).set_bid(kw["id"], kw["keyword"], round(kw["bid"] + 0.3, 1))
        try:
            await P4PKeywords(ctx).set_bid(kw["id"], kw["keyword"], kw["base_price"] - 0.1)
            raise AssertionError("a bid under the floor must be refused")
        except WriteRejected as e:
            assert "底价" in str(e)
        await P4PCampaigns(ctx).set_budget("smart", 95)
        await P4PCampaigns(ctx).add_negative("smart", "cheap")  # 屏蔽词 go to the smart plan
        await InquiryDetail(ctx).reply(inquiry["id"], "Thank you, price list attached.")
        await QuoteForm(ctx).quote(
            rfq["id"],
            QuoteDraft(product_name="Speaker", ladder=[(500, 4.2), (1000, 3.9)], message="Best price", port="Shenzhen"),
        )
        new_id = await ProductEditor(ctx).similar_post(prods[0]["id"])  # re-publish: a new product, then
        await ProductManager(ctx).delete(prods[0]["id"])  # the old one is deleted
        await ProductManager(ctx).delete(prods[1]["id"])
        await ProductManager(ctx).set_showcase(prods[2]["id"], not prods[2]["showcase"])
        await ProductEditor(ctx).edit(
            prods[3]["id"], "Portable Bluetooth Speaker 20W Waterproof", ["bluetooth speaker", "portable speaker"]
        )
        await ActivityCenter(ctx).sign_up(act["id"])
        # read-backs through the screens
        assert (await P4PKeywords(ctx).keyword(kw["id"], kw["keyword"])).bid == round(kw["bid"] + 0.3, 1)
        assert await ProductManager(ctx).get(prods[1]["id"]) is None
        assert await ProductManager(ctx).get(prods[0]["id"]) is None
        copy = await ProductManager(ctx).get(new_id)
        assert copy is not None and copy.title == prods[0]["title"] and copy.display == "on"
        assert (await ProductEditor(ctx).read(prods[3]["id"]))[0] == "Portable Bluetooth Speaker 20W Waterproof"
        assert "Thank you, price list attached." in await InquiryDetail(ctx).replies(inquiry["id"])
        camp = await P4PCampaigns(ctx).read()
        assert next(c for c in camp.campaigns if c.campaign == "smart").daily_budget == 95
        assert any(n.campaign == "smart" and n.keyword == "cheap" for n in camp.negative_keywords)
    writes = sb.state()["writes"]
    assert [w["action"] for w in writes] == [
        "set_bid",
        "set_budget",
        "add_negative_keyword",
        "reply_inquiry",
        "rfq_quote",
        "similar_post",
        "delete_product",
        "delete_product",
        "set_showcase",
        "edit_product",
        "activity_signup",
    ]
    assert writes[0]["target"] == str(kw["id"]) and writes[0]["after"] == round(kw["bid"] + 0.3, 1)
    assert writes[5]["target"] == prods[0]["id"] and writes[5]["after"]["id"] == new_id
    assert [writes[6]["target"], writes[7]["target"]] == [prods[0]["id"], prods[1]["id"]]


async def test_reads_of_home_orders_reviews_rfq(sandbox, tmp_path):
    s = agent_settings(sandbox, tmp_path)
    st = sandbox.state()
    async with BrowserManager(s) as mgr:
        ctx = await _ctx(s, mgr)
        home = await HomePage(ctx).read()
        orders = await Orders(ctx).read_all()
        reviews = await Reviews(ctx).read_all()
        rfqs = await RfqMarket(ctx).search("power bank")
        quota = await RfqMarket(ctx).quota()
    assert home.star_level == int(min(st["star"].values())) and home.violations[0].title == st["violations"][0]["title"]
    assert {o.id for o in orders} == {o["id"] for o in st["orders"]}
    assert any(o.overdue for o in orders)
    assert min(r.rating for r in reviews) == 1
    assert {r.id for r in rfqs} == {r["id"] for r in st["rfqs"] if "power bank" in r["title"].lower()}
    assert quota.used == st["rfq_quota"]["used"] and quota.left == quota.total - quota.used


async def test_dom_fallback_reads_the_same_rows(sandbox, tmp_path):
    class OrdersFromDom(Orders):
        call = "/no/such/call.json"  # as if the page's data call were not recognised

    s = agent_settings(sandbox, tmp_path)
    async with BrowserManager(s) as mgr:
        ctx = await _ctx(s, mgr)
        via_json = await Orders(ctx).read_all()
        via_dom = await OrdersFromDom(ctx).read_all()
    assert len(via_dom) == len(via_json) == 25
    key = lambda o: o.id  # noqa: E731
    assert sorted(via_dom, key=key) == sorted(via_json, key=key)


async def test_rfq_cards_read_the_same_as_the_page_data_block(sandbox, tmp_path):
    from agent.sites.alibaba.pages import rfq as rfq_page

    s = agent_settings(sandbox, tmp_path)
    async with BrowserManager(s) as mgr:
        ctx = await _ctx(s, mgr)
        market = RfqMarket(ctx)
        from_data = await market.search("")
        assert market.source == "page data"
        saved = rfq_page.PAGE_DATA_JS
        rfq_page.PAGE_DATA_JS = "() => ({rows: null, view: null, quota: null})"  # as if the block were gone
        try:
            cards = RfqMarket(ctx)
            from_cards = await cards.search("")
        finally:
            rfq_page.PAGE_DATA_JS = saved
        assert cards.source == "dom"
    assert len(from_cards) == len(from_data) == len(sandbox.state()["rfqs"])
    keep = ("id", "title", "quantity", "unit", "country", "posted", "quotes_left", "quoted")
    assert [r.model_dump(include=set(keep)) for r in from_cards] == [r.model_dump(include=set(keep)) for r in from_data]


async def test_a_product_analysis_without_its_export_link_turns_the_pages(fresh_sandbox, tmp_path):
    """The export link is looked for while its click is already on its way (one round trip, not two);
    a page without it has the click called off and its table paged instead — every product, no export
    made."""
    from agent.sites.alibaba.pages.dashboards import DataOverview, ProductAnalysis

    class NoExportLink(ProductAnalysis):
        EXPORT = "a.product-effective-download-gone"  # as if the page showed no export link

    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    async with BrowserManager(s) as mgr:
        ctx = await _ctx(s, mgr)
        day = (await DataOverview(ctx).read()).date
        before = dict(sb.state()["exports"])
        screen = NoExportLink(ctx)
        rows = await screen.read(day)
    assert screen.source == "call" and sb.state()["exports"] == before
    assert len(rows) == len({r.product_id for r in rows}) == len(sb.state()["products"])


async def test_a_page_sent_to_the_login_before_the_action_returns_is_seen_leaving(sandbox, tmp_path):
    """The page's move is watched from before the action: an answer that finds the session gone can
    send the page to the login page before the click itself returns (seen under load in CI: the move
    was missed, the agent waited out the timeout and clicked on the login page)."""
    import pytest

    from agent.pages._base import LeftScreen

    s = agent_settings(sandbox, tmp_path, nav_timeout=5)
    async with BrowserManager(s) as mgr:
        ctx = await _ctx(s, mgr)
        screen = Orders(ctx)
        await screen.read_all()
        page = ctx.page

        calls = []

        async def sent_away():  # the move is over before the action returns
            calls.append(page.url)
            if len(calls) > 1:  # done again, it is a click on the login page: no such button
                await page.click(".next-next", timeout=1000)
            await page.evaluate("location.href = '/newlogin/icbuLogin.htm?expired=1'")
            await page.wait_for_url("**/newlogin/**", wait_until="domcontentloaded")

        with pytest.raises(LeftScreen):
            await screen.after(page, sent_away, Orders.call)
    assert len(calls) == 1

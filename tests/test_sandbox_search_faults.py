"""Buyer search in the real page format, personalised vs clean order, and the fault profiles."""

from __future__ import annotations

import httpx
from playwright.async_api import TimeoutError as PlaywrightTimeout

from .conftest import login

OFFERS_JS = "() => window.__page__data_sse10._offer_list.offerResultData.offers"


async def test_search_page_real_format_with_ads_and_brand_ad(sandbox, page):
    kw = "bluetooth speaker"
    await page.goto(f"{sandbox.url}/trade/search?SearchText=bluetooth+speaker&page=1")
    offers = await page.evaluate(OFFERS_JS)
    truth = sandbox.search_truth(kw, 1)
    assert [o["productId"] for o in offers] == [t["product_id"] for t in truth]
    kinds = [o["trackInfo"].split("@@")[0].split(":")[1] for o in offers]
    assert kinds == [{"organic": "normal", "p4p": "p4p", "brand": "newad"}[t["kind"]] for t in truth]
    assert sum(1 for k in kinds if k == "normal") == 48
    assert kinds[0] == "newad" and offers[0]["isNewAd"]
    brand = offers[0]
    assert [p["productId"] for p in brand["productList"]] == truth[0]["product_list"]
    assert all(p["companyId"] == brand["companyId"] for p in brand["productList"])
    assert brand["companyId"] == sandbox.state()["company_id"]  # the seller's own brand ad
    ads = [o for o in offers if o["isP4P"]]
    assert ads and all(o["productUrl"].endswith("?s=p") and o["isShowAd"] for o in ads)
    assert kinds[1:10] == ["p4p", "normal"] * 4 + ["p4p"]  # ads interleaved as on the real page
    assert "<b>" in offers[2]["title"]
    # rendered cards match the data, in the same order
    cards = page.locator("div.fy23-search-card")
    assert await cards.count() == len(offers)
    assert (await cards.nth(2).locator(".search-card-e-title").inner_text()).strip() == offers[2]["enPureTitle"]


async def test_later_pages_and_limits(sandbox, page):
    t2 = sandbox.search_truth("power bank", 2)
    assert sum(1 for s in t2 if s["kind"] == "organic") == 48
    assert not any(s["kind"] == "brand" for s in t2)
    await page.goto(f"{sandbox.url}/trade/search?SearchText=power+bank&page=101")
    assert await page.evaluate(OFFERS_JS) == []
    await page.goto(f"{sandbox.url}/trade/search?SearchText=wireless+earbuds&page=1")
    offers = await page.evaluate(OFFERS_JS)
    assert offers[0]["isNewAd"] and offers[0]["companyId"] != sandbox.state()["company_id"]  # a competitor's brand ad


async def test_seller_cookie_personalises_the_order(sandbox, browser):
    own = sandbox.state()["company_id"]
    url = f"{sandbox.url}/trade/search?SearchText=smart+watch&page=1"
    clean_ctx, seller_ctx = await browser.new_context(), await browser.new_context()
    try:
        clean = await clean_ctx.new_page()
        await clean.goto(url)
        clean_offers = await clean.evaluate(OFFERS_JS)
        seller = await seller_ctx.new_page()
        await login(seller, sandbox)
        await seller.goto(url)
        seller_offers = await seller.evaluate(OFFERS_JS)
    finally:
        await clean_ctx.close()
        await seller_ctx.close()
    pos = lambda offers: [i for i, o in enumerate(offers) if o["companyId"] == own]  # noqa: E731
    assert [o["productId"] for o in clean_offers] == [t["product_id"] for t in sandbox.search_truth("smart watch", 1)]
    assert pos(seller_offers) != pos(clean_offers)
    assert len(pos(seller_offers)) > len(pos(clean_offers))  # own products boosted for the logged-in seller


async def test_search_without_embedded_data_still_renders_cards(fresh_sandbox, page):
    sb = fresh_sandbox
    sb.configure(search_embed=False)
    await page.goto(f"{sb.url}/trade/search?SearchText=usb+cable")
    assert await page.evaluate("() => window.__page__data_sse10 === undefined")
    assert await page.locator("div.fy23-search-card").count() == len(sb.search_truth("usb cable", 1))


def test_flaky_profile_answers_some_5xx_but_mostly_works(make_sandbox):
    sb = make_sandbox(products=30, faults="flaky")
    with httpx.Client(base_url=sb.url, timeout=10) as c:
        codes = [c.get("/trade/search", params={"SearchText": "usb cable"}).status_code for _ in range(120)]
    assert 503 in codes
    assert codes.count(200) > 90


async def test_hostile_profile_short_sessions_challenges_and_layout_variants(make_sandbox, page):
    sb = make_sandbox(products=40, faults="hostile")
    # short session lifetime
    sb.challenge(clear=True)
    await page.goto(sb.url + "/index.htm")
    await page.fill("#fm-login-id", sb.username)
    await page.fill("#fm-login-password", sb.password)
    await page.click("#fm-login-submit")
    await page.wait_for_load_state()
    sb.advance_clock(25)
    for _ in range(10):  # past the 20 s lifetime: to login (unless this answer is one of the random 503s)
        resp = await page.goto(sb.url + "/order/list.htm")
        if resp.status != 503:
            break
    assert "/newlogin/" in page.url or "/_____tmd_____/" in page.url
    # challenges come with logins now and then
    challenged = 0
    with httpx.Client(base_url=sb.url, timeout=10) as c:
        for _ in range(30):
            sb.challenge(clear=True)
            r = c.post(
                "/newlogin/login.do", data={"loginId": sb.username, "password": sb.password}, follow_redirects=False
            )
            challenged += "punish" in r.headers.get("location", "")
    assert 0 < challenged < 30
    # a screen sometimes answers in a layout variant: another JSON call, no next-table
    sb.challenge(clear=True)
    sb.configure(variant={"screen": "orders", "on": True})
    sb.advance_clock(-25)
    await page.goto(sb.url + "/index.htm")
    if "/newlogin/" in page.url:
        await page.fill("#fm-login-id", sb.username)
        await page.fill("#fm-login-password", sb.password)
        await page.click("#fm-login-submit")
        await page.wait_for_load_state()
    for _ in range(10):  # the profile also answers 5 % of requests with a 503: try again, as a person would
        sb.challenge(clear=True)
        try:
            async with page.expect_response(lambda r: "/v2/redesign/orders.json" in r.url, timeout=5000) as info:
                await page.goto(sb.url + "/order/list.htm")
            if (await info.value).status == 200:
                break
        except PlaywrightTimeout:
            pass
    await page.wait_for_selector(".grid-row")
    assert await page.locator("table.next-table").count() == 0

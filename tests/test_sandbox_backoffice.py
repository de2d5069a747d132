"""The sandbox back office in real headless Chromium: login, fetch()-filled tables, CSRF writes,
expired sessions, challenges, TOTP and store activity."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pyotp
from playwright.async_api import expect

from .conftest import login


async def test_login_lands_on_home_with_star_level(sandbox, page):
    await page.goto(sandbox.url + "/ads/manage_ad_keyword.htm")
    assert "/newlogin/icbuLogin.htm" in page.url
    await page.fill("#fm-login-id", sandbox.username)
    await page.fill("#fm-login-password", "wrong")
    await page.click("#fm-login-submit")
    assert "账号名或登录密码不正确" in await page.inner_text(".login-error")
    await login(page, sandbox)
    await page.wait_for_function("document.querySelector('.star-level').textContent !== '--'")
    st = sandbox.state()
    assert await page.inner_text(".star-level") == f"{int(min(st['star'].values()))} 星"
    unreplied = sum(1 for m in st["inquiries"] if not m["replied"])
    assert await page.inner_text(".unreplied-count") == str(unreplied)
    assert "产品信息重复铺货" in await page.inner_text(".violation-list")
    names = {c["name"] for c in await page.context.cookies()}
    assert {"xman_t", "xman_us_t", "XSRF-TOKEN", "_tb_token_", "cookie2"} <= names


async def test_product_manager_pages_by_its_hash_route(sandbox, page):
    await login(page, sandbox)
    async with page.expect_response(lambda r: "asyQueryProductsList.do" in r.url) as resp:
        await page.goto(sandbox.url + "/product/manage_products.htm")
    first = await (await resp.value).json()
    approved = [p for p in sandbox.state()["products"] if p["status"] == "approved"]
    assert first["result"] is True and first["count"] == len(approved) and first["currentPage"] == 1
    assert page.url.endswith("#/product/all/1-20")
    await page.wait_for_selector("div.list-item")  # the newer list: div rows, not a table
    assert await page.locator("div.list-item").count() == 20 and not await page.locator("table.next-table").count()
    assert await page.locator("[data-testid]").count() == 0  # no data-testid anywhere, as on the real site
    async with page.expect_response(lambda r: "asyQueryProductsList.do" in r.url and "page=2" in r.url) as resp:
        await page.click(".next-next")
    assert (await (await resp.value).json())["currentPage"] == 2
    assert page.url.endswith("#/product/all/2-20") and await page.inner_text(".next-current") == "2"
    async with page.expect_response(lambda r: "asyQueryProductsList.do" in r.url and "size=50" in r.url) as resp:
        await page.select_option(".next-page-size", "50")
    assert len((await (await resp.value).json())["products"]) == 50
    async with page.expect_response(lambda r: "displayStatus=n" in r.url) as resp:
        await page.select_option("select[name=displayStatus]", "n")
    off = await (await resp.value).json()
    assert off["count"] == sum(1 for p in approved if p["display"] == "off")
    assert all(p["displayStatus"] == "n" for p in off["products"])


async def test_bid_write_with_csrf_shows_in_write_log(fresh_sandbox, page):
    sb = fresh_sandbox
    await login(page, sb)
    kw = next(k for k in sb.state()["p4p_keywords"] if k["campaign"] == "standard")
    # a write without the page's _csrf is refused and not logged
    r = await page.request.post(
        sb.url + "/api/campaign/1001/bidword/update",
        form={
            "ads": "p4p",
            "type": "bidword",
            "data": json.dumps({"updateType": "add_price", "keywordList": [{"id": kw["id"], "price": 9.9}]}),
        },
    )
    assert (await r.json())["ok"] is False
    assert sb.state()["writes"] == []
    await page.goto(sb.url + "/ads/manage_ad_keyword.htm?campaignId=1001")
    row = page.locator(f"tr[data-row-key='{kw['id']}']")
    async with page.expect_response(lambda r: "recommend/bid/keyword/bid" in r.url):  # the newer dialog's price advice
        await row.locator("button.action-bid").click()
    await page.click(".bid-plus")
    async with page.expect_response(lambda r: "bidword/update" in r.url) as info:
        await page.click(".dialog-ok")
    req = (await info.value).request
    assert "_csrf=" in req.post_data and "updateType" in req.post_data  # form-encoded, as the real call
    writes = sb.state()["writes"]
    assert len(writes) == 1
    w = writes[0]
    assert (w["action"], w["target"], w["before"], w["after"], w["who"]) == (
        "set_bid",
        str(kw["id"]),
        kw["bid"],
        round(kw["bid"] + 0.1, 1),
        sb.username,
    )
    # below the floor bid is refused
    await row.locator("button.action-bid").click()
    await page.fill(".bid-input", str(kw["base_price"] - 0.1))
    await page.click(".dialog-ok")
    await page.wait_for_selector(".next-message-error")
    assert len(sb.state()["writes"]) == 1


async def test_expired_session_redirects_to_login(fresh_sandbox, page):
    sb = fresh_sandbox
    await login(page, sb)
    await page.goto(sb.url + "/product/products_manage.htm")
    await page.wait_for_selector("div.list-item")
    sb.advance_clock(3601)  # past the session lifetime
    await page.click(".next-next")  # the table's call is sent to the login page, and the page follows it
    await page.wait_for_url("**/newlogin/icbuLogin.htm**")
    assert "会话已经过期，请重新登录" in await page.inner_text(".session-expired")
    await page.goto(sb.url + "/order/list.htm")
    assert "/newlogin/icbuLogin.htm" in page.url and "expired=1" in page.url


async def test_challenge_page_until_cleared(fresh_sandbox, page):
    sb = fresh_sandbox
    await login(page, sb)
    sb.challenge()
    resp = await page.goto(sb.url + "/traffic/overview")
    assert "/_____tmd_____/punish?x5secdata=" in page.url and "action=captcha" in page.url
    assert "请按住滑块，拖动到最右边" in await page.inner_text("#nc_1_wrapper")
    assert (await resp.request.redirected_from.response()).headers.get("bxpunish") == "1"
    sb.configure(punish_style="meta")  # the other way the real site sends to the punish page
    await page.goto(sb.url + "/traffic/overview")
    await page.wait_for_url("**/_____tmd_____/punish**")
    sb.configure(punish_style="redirect")
    sb.challenge(clear=True)
    await page.goto(sb.url + "/traffic/overview")
    assert page.url.endswith("/traffic/overview")


async def test_rate_limit_brings_punish_page(make_sandbox):
    sb = make_sandbox(products=50, extra=["--rate-limit", "5"])
    with httpx.Client(base_url=sb.url) as c:
        codes = [c.get("/trade/search", params={"SearchText": "power bank"}).status_code for _ in range(12)]
    assert codes[:5] == [200] * 5
    assert 302 in codes
    assert sb.state()["now"]  # ground truth still answers while the client is punished


async def test_emailed_code_is_typed_into_six_boxes(make_sandbox, page):
    secret = pyotp.random_base32()
    sb = make_sandbox(products=20, extra=["--totp-secret", secret])
    await page.goto(sb.url + "/index.htm")
    await page.fill("#fm-login-id", sb.username)
    await page.fill("#fm-login-password", sb.password)
    await page.click("#fm-login-submit")
    await page.wait_for_selector(".verify-code-input")
    assert await page.locator(".verify-code-input input").count() == 6
    assert "验证码已发送至邮箱" in await page.inner_text(".verify-tip")
    await page.goto(sb.url + "/index.htm")  # not logged in until the code is given
    assert "/newlogin/" in page.url
    await page.goto(sb.url + "/newlogin/icbuLogin.htm?step=verify")
    for i, digit in enumerate(pyotp.TOTP(secret).now()):
        await page.locator(".verify-code-input input").nth(i).type(digit)
    await page.click("#fm-verify-submit")
    await page.wait_for_url("**/index.htm")


async def test_visiting_activity_pages_raises_activity_score(fresh_sandbox, page):
    sb = fresh_sandbox
    before = sb.state()["activity_score"]
    await login(page, sb)
    for path in (
        "/traffic/overview",
        "/rfq/rfq_search_list.htm",
        "/ads/manage_ad_keyword.htm",
        "/ads/campaign_list.htm",
    ):
        await page.goto(sb.url + path)
    st = sb.state()
    assert st["activity_score"] == before + 15
    assert sorted(next(iter(st["activity_visits"].values()))) == ["mydata", "p4p", "rfq"]


async def test_rfq_market_is_server_rendered_and_its_quote_form_uses_quota(fresh_sandbox, page):
    sb = fresh_sandbox
    await login(page, sb)
    await page.goto(sb.url + "/rfq/rfq_search_list.htm")
    data = await page.evaluate("() => window.PAGE_DATA.index")
    assert len(data["data"]) == 20 and data["pageView"]["totalItems"] == len(sb.state()["rfqs"])
    assert {
        "rfqId",
        "subject",
        "description",
        "buyerName",
        "country",
        "quantity",
        "quantityUnit",
        "openTimeStr",
        "url",
        "rfqStarLevel",
    } <= set(data["data"][0])
    assert await page.locator(".brh-rfq-item__subject-link").count() == 20
    rfq = next(r for r in sb.state()["rfqs"] if r["quotes_left"] > 0)
    used = sb.state()["rfq_quota"]["used"]
    await page.goto(f"{sb.url}/rfq/rfq_quotation_post.htm?rfqId={rfq['id']}")
    await page.fill("input.ui2-form-col12", "Speaker X1")
    await page.locator("input.quo-ladder-quantity-input").first.fill("500")
    await page.locator("input.quo-ladder-price-input").first.fill("4.2")
    await page.fill("textarea[name=message]", "Dear buyer, our best price.")
    async with page.expect_navigation():
        await page.click("#form-submit")
    await expect(page.locator(".quote-result")).to_have_text("报价成功")
    st = sb.state()
    assert st["rfq_quota"]["used"] == used + 1
    assert next(r for r in st["rfqs"] if r["id"] == rfq["id"])["quotes_left"] == rfq["quotes_left"] - 1


def test_bad_cli_options_exit_2_with_one_line():
    for args in (
        ["--products", "5"],
        ["--offers", "9"],
        ["--offers", "many"],
        ["--faults", "evil"],
        ["--port", "x"],
        ["--totp-secret", "not base32!"],
        ["--rate-limit", "-1"],
        ["--device-days", "0"],
        ["--dialect", "newest"],
        ["--targets", "some"],
    ):
        r = subprocess.run(
            [sys.executable, "-m", "sandbox", "serve", *args], capture_output=True, text=True, timeout=60
        )
        assert r.returncode == 2, args
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "error" in lines[0] and "Traceback" not in r.stderr, r.stderr


async def test_opening_an_inquiry_marks_it_read_as_the_real_inbox_does(fresh_sandbox, page):
    """subjectList rows carry readTime / hasUnread (REAL_SITE.md); opening the detail marks the
    inquiry read — which is why suggestions photograph the list row instead."""
    sb = fresh_sandbox
    await login(page, sb)
    fresh = next(q for q in sb.state()["inquiries"] if not q["replied"])
    async with page.expect_response(lambda r: "subjectList.htm" in r.url) as before:
        await page.goto(sb.url + "/message/default.htm#feedback/all")
    rows = {
        str(x[0]["id"]) if isinstance(x, list) else str(x["id"]): (x[0] if isinstance(x, list) else x)
        for x in (await (await before.value).json())["data"]["list"]
    }
    assert rows[fresh["id"]]["hasUnread"] is True and rows[fresh["id"]]["readTime"] == 0
    await page.goto(sb.url + f"/message/default.htm?imInquiryId={fresh['id']}#feedback/detail/all/{fresh['id']}")
    assert next(q for q in sb.state()["inquiries"] if q["id"] == fresh["id"]).get("read_at")
    async with page.expect_response(lambda r: "subjectList.htm" in r.url) as after:
        await page.goto(sb.url + "/message/default.htm#feedback/all")
    rows = {
        str(x[0]["id"]) if isinstance(x, list) else str(x["id"]): (x[0] if isinstance(x, list) else x)
        for x in (await (await after.value).json())["data"]["list"]
    }
    assert rows[fresh["id"]]["hasUnread"] is False and rows[fresh["id"]]["readTime"] > 0

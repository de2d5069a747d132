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
    await page.goto(sandbox.url + "/p4p/keywords.htm")
    assert "/newlogin/login.htm" in page.url
    await page.fill("#fm-login-id", sandbox.username)
    await page.fill("#fm-login-password", "wrong")
    await page.click("button.fm-submit")
    assert "账号名或登录密码不正确" in await page.inner_text(".login-error")
    await login(page, sandbox)
    await page.wait_for_function("document.querySelector('.star-level').textContent !== '--'")
    st = sandbox.state()
    assert await page.inner_text(".star-level") == f"{int(min(st['star'].values()))} 星"
    unreplied = sum(1 for m in st["inquiries"] if not m["replied"])
    assert await page.inner_text(".unreplied-count") == str(unreplied)
    assert "产品信息重复铺货" in await page.inner_text(".violation-list")


async def test_product_table_is_filled_by_fetch_paged_and_sorted(sandbox, page):
    await login(page, sandbox)
    async with page.expect_response(lambda r: "asyQueryProductsList.do" in r.url) as resp:
        await page.goto(sandbox.url + "/product/products_manage.htm")
    data = (await (await resp.value).json())["data"]
    assert data["total"] == len(sandbox.state()["products"]) == 2000
    await page.wait_for_selector("tr.next-table-row")
    assert await page.locator("tr.next-table-row").count() == 20
    # no data-testid anywhere, as on the real site
    assert await page.locator("[data-testid]").count() == 0
    async with page.expect_response(lambda r: "orderBy=quality_score" in r.url) as resp:
        await page.click("th[data-key=quality_score]")
    rows = (await (await resp.value).json())["data"]["list"]
    scores = [r["quality_score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    async with page.expect_response(lambda r: "page=2" in r.url) as resp:
        await page.click(".next-next")
    assert (await (await resp.value).json())["data"]["page"] == 2
    assert await page.inner_text(".next-current") == "2"
    async with page.expect_response(lambda r: "zeroEffect=180" in r.url) as resp:
        await page.select_option("select[name=zeroEffect]", "180")
    zero = (await (await resp.value).json())["data"]
    assert zero["total"] == sum(1 for p in sandbox.state()["products"] if p["zero_days"] >= 180)


async def test_bid_write_with_csrf_shows_in_write_log(fresh_sandbox, page):
    sb = fresh_sandbox
    await login(page, sb)
    kw = sb.state()["p4p_keywords"][0]
    # a write without the CSRF token is refused and not logged
    r = await page.request.post(sb.url + "/p4p/ajax/updateBid.json", data=json.dumps({"keywordId": kw["id"], "bid": 9.9}),
                                headers={"content-type": "application/json"})
    assert r.status == 403
    assert sb.state()["writes"] == []
    await page.goto(sb.url + "/p4p/keywords.htm")
    row = page.locator(f"tr[data-row-key='{kw['id']}']")
    await row.locator("button.action-bid").click()
    await page.click(".bid-plus")
    async with page.expect_response(lambda r: "updateBid.json" in r.url):
        await page.click(".dialog-ok")
    writes = sb.state()["writes"]
    assert len(writes) == 1
    w = writes[0]
    assert (w["action"], w["target"], w["before"], w["after"], w["who"]) == ("set_bid", str(kw["id"]), kw["bid"], round(kw["bid"] + 0.1, 1), sb.username)
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
    await page.wait_for_selector("tr.next-table-row")
    sb.advance_clock(3601)  # past the session lifetime
    await page.click(".next-next")  # the table's fetch() gets SESSION_EXPIRED and the page goes to login
    await page.wait_for_url("**/newlogin/login.htm**")
    assert "会话已经过期，请重新登录" in await page.inner_text(".session-expired")
    assert "return_url=%2Fproduct%2Fproducts_manage.htm" in page.url
    await page.goto(sb.url + "/order/list.htm")
    assert "/newlogin/login.htm" in page.url and "expired=1" in page.url


async def test_challenge_page_until_cleared(fresh_sandbox, page):
    sb = fresh_sandbox
    await login(page, sb)
    sb.challenge()
    await page.goto(sb.url + "/mydata/overview.htm")
    assert "/_____tmd_____/punish" in page.url
    assert "请按住滑块，拖动到最右边" in await page.inner_text("#nc_1_wrapper")
    sb.challenge(clear=True)
    await page.goto(sb.url + "/mydata/overview.htm")
    assert page.url.endswith("/mydata/overview.htm")


async def test_rate_limit_brings_punish_page(make_sandbox):
    sb = make_sandbox(products=50, extra=["--rate-limit", "5"])
    with httpx.Client(base_url=sb.url) as c:
        codes = [c.get("/trade/search", params={"SearchText": "power bank"}).status_code for _ in range(12)]
    assert codes[:5] == [200] * 5
    assert 302 in codes
    assert sb.state()["now"]  # ground truth still answers while the client is punished


async def test_totp_second_factor(make_sandbox, page):
    secret = pyotp.random_base32()
    sb = make_sandbox(products=20, extra=["--totp-secret", secret])
    await page.goto(sb.url + "/home.htm")
    await page.fill("#fm-login-id", sb.username)
    await page.fill("#fm-login-password", sb.password)
    await page.click("button.fm-submit")
    await page.wait_for_selector("#otp-code")
    await page.goto(sb.url + "/home.htm")  # not logged in until the code is given
    assert "/newlogin/" in page.url or await page.locator("#otp-code").count()
    await page.goto(sb.url + "/newlogin/mfa.htm")
    await page.fill("#otp-code", pyotp.TOTP(secret).now())
    await page.click(".mfa-submit")
    await page.wait_for_url("**/home.htm")


async def test_visiting_activity_pages_raises_activity_score(fresh_sandbox, page):
    sb = fresh_sandbox
    before = sb.state()["activity_score"]
    await login(page, sb)
    for path in ("/mydata/overview.htm", "/rfq_search_list.htm", "/p4p/keywords.htm", "/p4p/keywords.htm"):
        await page.goto(sb.url + path)
    st = sb.state()
    assert st["activity_score"] == before + 15
    assert sorted(next(iter(st["activity_visits"].values()))) == ["mydata", "p4p", "rfq"]


async def test_rfq_quote_form_uses_quota(fresh_sandbox, page):
    sb = fresh_sandbox
    await login(page, sb)
    rfq = next(r for r in sb.state()["rfqs"] if r["quotes_left"] > 0)
    used = sb.state()["rfq_quota"]["used"]
    await page.goto(f"{sb.url}/rfq/quote.htm?rfqId={rfq['id']}")
    for name, value in (("productName", "Speaker X1"), ("port", "Shenzhen"), ("ladderQty1", "500"),
                        ("ladderPrice1", "4.2"), ("message", "Dear buyer, our best price.")):
        await page.fill(f"[name={name}]", value)
    async with page.expect_response(lambda r: "quote.json" in r.url):
        await page.click(".quote-submit")
    await expect(page.locator(".form-result")).to_have_text("报价已提交")
    st = sb.state()
    assert st["rfq_quota"]["used"] == used + 1
    assert next(r for r in st["rfqs"] if r["id"] == rfq["id"])["quotes_left"] == rfq["quotes_left"] - 1


def test_bad_cli_options_exit_2_with_one_line():
    for args in (["--products", "5"], ["--faults", "evil"], ["--port", "x"], ["--totp-secret", "not base32!"], ["--rate-limit", "-1"]):
        r = subprocess.run([sys.executable, "-m", "sandbox", "serve", *args], capture_output=True, text=True, timeout=60)
        assert r.returncode == 2, args
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "error" in lines[0] and "Traceback" not in r.stderr, r.stderr

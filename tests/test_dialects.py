"""The screens REAL_SITE.md shows in two forms (older and newer evidence): the sandbox answers each
in either (`--dialect`, or per screen), and each page object reads both to the sandbox's ground
truth, values exact."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from agent.runtime.browser import BrowserManager
from sandbox.launcher import SandboxProcess

from .conftest import agent_settings, cbu_settings, driver

FORMS = ("newer", "older")


@pytest.fixture(scope="module")
def site():
    with SandboxProcess(products=90, seed=13, offers=45) as sb:
        yield sb


async def read_in(site, tmp_path, screen: str, form: str, fn, cbu: bool = False):
    """What `fn(driver)` reads with the sandbox's `screen` answering in `form`."""
    site.configure(dialect={"screen": screen, "form": form})
    s = (cbu_settings if cbu else agent_settings)(site, tmp_path, name=f"{screen}-{form}")
    try:
        async with BrowserManager(s) as mgr:
            return await fn(driver(s, mgr))
    finally:
        site.configure(dialect={"screen": screen, "form": None})


async def in_both_forms(site, tmp_path, screen: str, cls, cbu: bool = False) -> dict:
    """{form: (what cls(driver).read() gives, its last answer)} with the sandbox's `screen` in each form."""
    got = {}
    for form in FORMS:

        async def read(d):
            page = cls(d)
            return await page.read(), page.last_answer

        got[form] = await read_in(site, tmp_path, screen, form, read, cbu=cbu)
    return got


async def rows_and_answer(screen, *args):
    rows = await screen.read_all(*args)
    return rows, screen.last_answer


@pytest.mark.parametrize("form", FORMS)
async def test_orders_in_both_forms(site, tmp_path, form):
    from agent.sites.alibaba.pages.orders import Orders

    got, answer = await read_in(site, tmp_path, "orders", form, lambda d: rows_and_answer(Orders(d)))
    assert ("pageData" in answer["data"]) == (form == "newer")  # the form asked for is the form read
    st = site.state()
    today = datetime.fromisoformat(st["now"]).date().isoformat()
    truth = {
        o["id"]: (
            o["buyer"],
            o["status"],
            round(float(o["amount"]), 2),
            o["ship_by"],
            o["status"] == "waiting_shipment" and o["ship_by"] < today,
        )
        for o in st["orders"]
    }
    assert {o.id: (o.buyer, o.status, round(o.amount, 2), o.ship_by, o.overdue) for o in got} == truth
    assert any(o.overdue for o in got)


def test_the_sandbox_refuses_an_unknown_form(site):
    import httpx

    r = httpx.post(
        site.url + "/__sandbox__/config",
        json={"dialect": {"screen": "orders", "form": "newest"}},
        headers={"X-Sandbox-Token": site.token},
    )
    assert r.status_code == 400 and "newer | older" in r.text


@pytest.mark.parametrize("form", FORMS)
async def test_p4p_keywords_and_campaigns_in_both_forms(site, tmp_path, form):
    from agent.sites.alibaba.pages.p4p import P4PCampaigns, P4PKeywords

    day = date.fromisoformat(site.state()["data_date"])

    async def read(d):
        kw = P4PKeywords(d)
        rows = await kw.report(day, day)
        first = kw.last_answer
        camps = await P4PCampaigns(d).read()
        return rows, first, camps

    rows, answer, camps = await read_in(site, tmp_path, "p4p", form, read)
    assert isinstance(answer["data"], list) == (form == "newer")
    truth = site.metrics(day.isoformat())["p4p"]
    assert {r.keyword_id: (r.keyword, r.campaign, r.bid, r.impressions, r.clicks, round(r.spend, 2)) for r in rows} == {
        t["keyword_id"]: (t["keyword"], t["campaign"], t["bid"], t["impressions"], t["clicks"], round(t["spend"], 2))
        for t in truth
    }
    assert all(r.suggest_price and r.suggest_price >= r.base_price for r in rows)
    st = site.state()
    assert {c.campaign: (c.daily_budget, c.spent_today, c.exhausted_at) for c in camps.campaigns} == {
        k: (b["daily_budget"], b["spent_today"], b["exhausted_at"]) for k, b in st["budgets"].items()
    }
    assert {(n.campaign, n.keyword) for n in camps.negative_keywords} == {
        (n["campaign"], n["keyword"]) for n in st["negative_keywords"]
    }


@pytest.mark.parametrize("form", FORMS)
async def test_p4p_writes_in_both_forms(site, tmp_path, form):
    """A budget and a negative word go through the form's own calls; the bid dialog's advice is asked
    by the form's call; each write reads back."""
    from agent.sites.alibaba.pages.p4p import P4PCampaigns, P4PKeywords

    st = site.state()
    kw = next(k for k in st["p4p_keywords"] if k["campaign"] == "standard")
    word = f"cheap {form}"
    budget = 77.0 if form == "newer" else 66.0

    async def write(d):
        c = P4PCampaigns(d)
        await c.set_budget("smart", budget)
        await c.add_negative("smart", word)
        await P4PKeywords(d).set_bid(kw["id"], kw["keyword"], round(kw["bid"] + 0.2, 1))
        return await P4PCampaigns(d).read()

    camps = await read_in(site, tmp_path, "p4p", form, write)
    assert next(c.daily_budget for c in camps.campaigns if c.campaign == "smart") == budget
    assert ("smart", word) in {(n.campaign, n.keyword) for n in camps.negative_keywords}
    writes = site.state()["writes"][-3:]
    assert [w["action"] for w in writes] == ["set_budget", "add_negative_keyword", "set_bid"]
    assert writes[2]["after"] == round(kw["bid"] + 0.2, 1)


@pytest.mark.parametrize("form", FORMS)
async def test_inquiries_in_both_forms_the_whole_history(site, tmp_path, form):
    """The newer list call asks for 100 a page and for the history (queryType "history": without it
    only the last year comes back); the older one 20 a page. Either way every inquiry is read."""
    from agent.sites.alibaba.pages.inquiries import InquiryList

    got, answer = await read_in(site, tmp_path, "inquiries", form, lambda d: rows_and_answer(InquiryList(d)))
    st = site.state()
    now = datetime.fromisoformat(st["now"])
    assert (
        sum((now - datetime.fromisoformat(q["received"])).days > 365 for q in st["inquiries"]) == 3
    )  # older than a year
    assert {i.id: (i.country, i.replied, i.received[:19]) for i in got} == {
        q["id"]: (q["country"], q["replied"], q["received"][:19]) for q in st["inquiries"]
    }
    assert answer["data"]["pagination"]["pageSize"] == (100 if form == "newer" else 20)


@pytest.mark.parametrize("form", FORMS)
async def test_product_analysis_and_traffic_keywords_in_both_forms(site, tmp_path, form):
    """产品分析 newer: getVipEffectiveProductsAndStats, value.products{data, recordCount}, every figure
    {value}; 引流关键词 newer: the gateway name with a plain '/'. Pages are turned (no export left) and the
    figures equal the sandbox's own."""
    from agent.sites.alibaba.pages.dashboards import ProductAnalysis, TrafficKeywords

    truth = site.metrics()
    day = date.fromisoformat(truth["date"])
    site.configure(export_quota=0)  # the pages are turned: every page's answer is parsed
    site.configure(dialect={"screen": "keywords", "form": form})
    try:

        async def both(d):
            screen = ProductAnalysis(d)
            rows = await screen.read(day)
            return rows, screen.last_answer, await TrafficKeywords(d).read(day)

        (products, answer, keywords) = await read_in(site, tmp_path, "analysis", form, both)
    finally:
        site.configure(export_quota=20, dialect={"screen": "keywords", "form": None})
    assert ("products" in answer["value"]) == (form == "newer")
    if form == "newer":
        assert isinstance(answer["value"]["products"]["data"][0]["showNum"], dict)
    assert {p.product_id: (p.impressions, p.clicks, p.visitors, p.feedback) for p in products} == {
        str(r["product_id"]): (r["impressions"], r["clicks"], r["visitors"], r["feedback"]) for r in truth["products"]
    }
    assert {k.keyword: (k.impressions, k.clicks) for k in keywords} == {
        r["keyword"]: (r["impressions"], r["clicks"]) for r in truth["traffic_keywords"]
    }


async def test_sycm_reads_the_same_day_in_both_forms(site, tmp_path):
    """生意参谋 newer: the real paths, {code: 0, data} with every figure {value}; older: the guessed
    paths with plain numbers. Both read the same day, sources and keywords, the day as the sandbox has it."""
    from agent.sites.cbu.pages.sycm import Sycm

    truth = site.state()["cbu"]["sycm"]
    got = await in_both_forms(site, tmp_path, "sycm", Sycm, cbu=True)
    (newer, answer), (older, _) = got["newer"], got["older"]
    assert any("ovralShopFlowSource" in k for k in answer) and isinstance(
        next(v for k, v in answer.items() if "ovralShopFlowSource" in k)["data"]["uv"], dict
    )
    assert newer.model_dump() == older.model_dump() and newer.sources and newer.keywords
    day = next(d for d in truth.values() if d["date"] == newer.day.date.isoformat())
    assert (newer.day.uv, newer.day.inquiries, newer.day.orders) == (
        day["uv"],
        day["effectiveInQUsers"],
        day["payOrdCnt"],
    )


@pytest.mark.parametrize("form", FORMS)
async def test_offers_in_both_forms(site, tmp_path, form):
    """Offers newer: an SPA behind the old address, 20 a page, lifePeriod ignored (the whole catalogue
    comes back), rows without statusName or with pictureURL {}. The agent keeps each tab's own rows."""
    from agent.sites.cbu.pages.offers import OfferList

    async def read(d):
        screen = OfferList(d)
        return await screen.list("valid"), screen.last_answer, await screen.list("all")

    valid, answer, every = await read_in(site, tmp_path, "offers", form, read, cbu=True)
    truth = site.state()["cbu"]["offers"]
    assert (answer["pageSize"], answer["totalCount"] == len(truth)) == ((20, True) if form == "newer" else (50, False))
    if form == "newer":
        assert any("statusName" not in i for i in answer["items"]) and any(
            i["pictureURL"] == {} for i in answer["items"]
        )
    assert {o.id for o in valid} == {t["id"] for t in truth if t["lifePeriod"] == "valid"}
    assert {o.id: o.status for o in every} == {t["id"]: t["statusName"] for t in truth}


@pytest.mark.parametrize("form", FORMS)
async def test_product_manager_in_both_forms_reads_and_writes(site, tmp_path, form):
    """Product manager newer: div.list-item rows, the list call a GET with its tokens in the URL, the
    score the page shows in ggsNewScore (finalScore the old one). Every product read with the score
    the sandbox has; a showcase switch found by its row and pressed in either form."""
    from agent.sites.alibaba.pages.products import ProductManager

    st = site.state()
    target = next(
        p for p in st["products"] if p["status"] == "approved" and not p["showcase"] and p["id"].endswith(("1", "3"))
    )

    async def read_and_switch(d):
        screen = ProductManager(d)
        rows = await screen.list()
        answer = screen.last_answer
        await screen.set_showcase(target["id"], True)
        after = await screen.get(target["id"])
        await screen.set_showcase(target["id"], False)
        return rows, answer, after

    rows, answer, after = await read_in(site, tmp_path, "products", form, read_and_switch)
    assert ("ggsNewScore" in answer["products"][0]) == (form == "newer")
    truth = {
        p["id"]: p["quality_score"]
        for p in site.state()["products"]
        if p["status"] == "approved" and not p.get("deleted")
    }
    assert {p.id: p.quality_score for p in rows} == truth
    assert after is not None and after.showcase is True
    assert [w["action"] for w in site.state()["writes"][-2:]] == ["set_showcase", "set_showcase"]


@pytest.mark.parametrize("form", FORMS)
async def test_customers_and_the_buyer_card_in_both_forms(site, tmp_path, form):
    """CRM newer: the list a POST with a JSON body (up to 500 a page), the card JSONP behind
    querySummary.htm with the detail page's KHTAccessToken. Both read to the sandbox's customers; a
    buyer who is not yet a customer is added from the card, once."""
    from agent.sites.alibaba.pages.crm import BuyerCardScreen, CustomerList

    st = site.state()
    customers = {c["mainContact"]["contactName"] for c in st["customers"]}
    q = next(q for q in st["inquiries"] if q["buyer"].strip() and q["buyer"] not in customers)

    async def read(d):
        screen = CustomerList(d)
        rows = await screen.read()
        answer = screen.last_answer
        card = await BuyerCardScreen(d).read(q["id"])
        await BuyerCardScreen(d).add(q["id"])
        return rows, answer, card, await BuyerCardScreen(d).read(q["id"])

    rows, answer, card, after = await read_in(site, tmp_path, "customers", form, read)
    assert answer["data"]["total"] == len(st["customers"]) and len(answer["data"]["data"]) == len(st["customers"])
    assert {c.customer_id for c in rows} == {c["customerId"] for c in st["customers"]}
    assert (card.is_customer, card.customer_type, card.country) == (False, "WAIT_TO_ADD_CUSTOMER", q["country"])
    assert after.is_customer and after.customer_type == "CUSTOMER"
    assert site.state()["writes"][-1]["action"] == "add_customer"


@pytest.mark.parametrize("form", FORMS)
async def test_1688_search_in_both_forms_and_both_modes(site, tmp_path, form):
    """1688 search newer: the page asks JSONP (mtopjsonpreqTppId_32517_getOfferList2(…)) and the offers come
    as data.data.offerList[]; older: JSON with data.data.OFFER.items[]. Both modes find exactly the
    sandbox's own offers where its search truth puts them."""
    from agent.app import App

    st = site.state()["cbu"]
    member = st["member_id"]

    def own(keyword: str) -> set[tuple]:
        return {
            (keyword, s["product_id"], 1, i, s["kind"])
            for i, s in enumerate(site.search_truth(keyword, 1, site="1688"), start=1)
            if s["company_id"] == member
        }

    keyword = next(k for k in [w["keyword"] for w in st["wxb_keywords"]] + ["蓝牙音箱", "跨境灯具"] if own(k))
    truth = own(keyword)
    site.configure(dialect={"screen": "cbu_search", "form": form})
    try:
        for mode in ("browser", "request"):
            s = cbu_settings(site, tmp_path / mode, name=f"cbu-{form}-{mode}", rank_mode=mode)
            out = await App(s).rank([keyword], 1, s.stores[0].name)
            assert {
                (r["keyword"], r["product_id"], r["page"], r["position"], r["kind"]) for r in out["results"]
            } == truth, mode
    finally:
        site.configure(dialect={"screen": "cbu_search", "form": None})


async def test_workbench_reads_the_same_scores_in_both_forms(site, tmp_path):
    """工作台 newer: the scores through the signed mtop gateway getValuesFromGateway (its first answer only
    hands out a token: not the answer); older: home/ajax/shopScore.json. Both read the sandbox's scores."""
    from agent.sites.cbu.pages.workbench import Workbench

    st = site.state()["cbu"]
    got = await in_both_forms(site, tmp_path, "workbench", Workbench, cbu=True)
    (newer, answer), (older, _) = got["newer"], got["older"]
    gateway = next(v for k, v in answer.items() if "getvaluesfromgateway" in k)
    assert gateway["ret"][0].startswith("SUCCESS")  # the answer read, not the token refusal before it
    assert newer.model_dump() == older.model_dump()
    assert (newer.shop_score, newer.nlh) == (float(st["shop_score"]), {k: float(v) for k, v in st["nlh"].items()})

"""A 1688 store against the sandbox's 1688, in real Chromium: offers, 生意参谋 and 网销宝 read exactly
as the sandbox has them, ranks for GBK keywords (organic vs 网销宝) against the search's ground
truth, the standing re-publish plan, seed 003's thresholds, applying 1688 edits, and the QR-only
login and slider pages."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date

import pytest

from agent.app import App
from agent.diagnosis.model import Suggestion
from agent.errors import NeedsHuman
from agent.routines import load
from agent.runtime.browser import BrowserManager
from agent.runtime.runner import run_routine
from agent.sites.cbu.pages.offers import OfferList
from agent.sites.cbu.pages.search import CbuSearch, gbk
from agent.storage import Database
from agent.storage import models as m

from .conftest import cbu_settings, driver, review_page, run_agent, signed_in, watched_browser

HOUR = 3600


def _own_truth(sb, keyword: str, pages: int) -> set[tuple]:
    member = sb.state()["cbu"]["member_id"]
    out = set()
    for p in range(1, pages + 1):
        for i, s in enumerate(sb.search_truth(keyword, p, site="1688"), start=1):
            if s["company_id"] == member:
                out.add((keyword, s["product_id"], p, i, s["kind"]))
    return out


# ---- reading ------------------------------------------------------------------------------------------
async def test_offers_read_exactly_as_the_sandbox_lists_them(sandbox, tmp_path):
    s = cbu_settings(sandbox, tmp_path)
    truth = sandbox.state()["cbu"]["offers"]
    async with BrowserManager(s) as mgr:
        d = driver(s, mgr)
        valid = await OfferList(d).list("valid")
        every = await OfferList(d).list("all")
    on_sale = {o["id"]: o for o in truth if o["lifePeriod"] == "valid"}
    assert len(truth) == 120 and len(on_sale) > 50  # three pages of 50
    assert {o.id for o in valid} == set(on_sale)
    for o in valid:
        t = on_sale[o.id]
        assert (o.title, o.status, str(o.modified), o.info_stars, o.showcase) == (
            t["subject"],
            "上架中",
            t["gmtModified"],
            t["infoStar"],
            t["isShowcase"],
        )
    assert Counter(o.status for o in every) == Counter(t["statusName"] for t in truth)
    assert "违规下架" in {o.status for o in every}


async def test_sycm_and_wxb_are_stored_as_the_sandbox_counts_them(sandbox, tmp_path):
    s = cbu_settings(sandbox, tmp_path)
    res = await run_agent(s, "metrics")
    assert res.status == "ok", res.error
    truth = sandbox.state()["cbu"]
    from agent.storage import Database

    db = Database(s.db_url)
    sycm = db.frame(m.metric_sycm, store="cbu").set_index("date")
    assert len(sycm) == 8 and res.counts["sycm_days"] == 8
    for day in truth["sycm"].values():
        row = sycm.loc[date.fromisoformat(day["date"])]
        assert (
            row["uv"],
            row["free_uv"],
            row["paid_uv"],
            row["inquiries"],
            row["wangwang_inquiries"],
            row["orders"],
            row["buyers"],
        ) == (
            day["uv"],
            day["freeUv"],
            day["paidUv"],
            day["effectiveInQUsers"],
            day["wangInQCnt"],
            day["payOrdCnt"],
            day["payByrCnt"],
        )
        assert row["gmv"] == pytest.approx(day["payAmt"])
        assert row["aov"] == pytest.approx(round(day["payAmt"] / day["payOrdCnt"], 2))
        assert row["conversion"] == pytest.approx(round(day["payByrCnt"] / day["uv"], 4))
    wxb = db.frame(m.metric_wxb_keyword, store="cbu").set_index("keyword_id")
    assert len(wxb) == len(truth["wxb_keywords"]) == res.counts["wxb_keywords"]
    for k in truth["wxb_keywords"]:
        row, y = wxb.loc[k["id"]], k["yesterday"]
        assert (row["keyword"], row["impressions"], row["clicks"], row["orders"]) == (
            k["keyword"],
            y["impressions"],
            y["clicks"],
            y["orders"],
        )
        assert (row["spend"], row["sales"]) == (pytest.approx(y["spend"]), pytest.approx(y["sales"]))
    again = await run_agent(s, "metrics")  # the day is stored: 网销宝 is not read again
    assert again.details["resumed"] == ["wxb_keywords"] and "wxb_keywords" not in again.counts


@pytest.mark.parametrize("mode", ["request", "browser"])
async def test_ranks_for_gbk_keywords_match_the_search_truth_organic_and_wxb(sandbox, tmp_path, mode):
    assert gbk("跨境灯具") == "%BF%E7%BE%B3%B5%C6%BE%DF"  # as s.1688.com writes it (REAL_SITE.md)
    truth_state = sandbox.state()["cbu"]
    # the keywords the store pays for on 网销宝 that show one of its ads within 3 pages, plus plain product words
    paid = [k["keyword"] for k in truth_state["wxb_keywords"] if k["status"] == "推广中"]
    keywords = ["蓝牙音箱", "跨境灯具"] + paid[:6]
    want = set().union(*(_own_truth(sandbox, k, 3) for k in keywords))
    assert {w[4] for w in want} == {"organic", "p4p"}, "the sandbox must show both kinds for these keywords"
    s = cbu_settings(sandbox, tmp_path, rank_mode=mode)
    app = App(s)
    out = await app.rank(keywords, 3, "cbu")
    got = {(r["keyword"], r["product_id"], r["page"], r["position"], r["kind"]) for r in out["results"]}
    assert got == want
    assert out["pages_checked"] == 3 * len(keywords)
    stored = app.db.frame(m.rank_snapshots, store="cbu").dropna(subset=["product_id"])
    assert len(stored) == len(want) and set(stored["kind"]) == {"organic", "p4p"}


async def test_request_mode_signs_again_when_the_mtop_token_expires(make_sandbox, browser):
    sb = make_sandbox(products=40, seed=3)
    ctx = await browser.new_context()
    try:
        search = CbuSearch(ctx, sb.url + "/selloffer/offer_search.htm?keywords={keyword}&beginPage={page}")
        first, _ = await search.results("蓝牙音箱", 1)
        assert search.requests == 2  # unsigned -> FAIL_SYS_TOKEN_EMPTY + cookie, then signed
        sb.advance_clock(2 * HOUR)  # past the token's 30 minutes
        second, _ = await search.results("蓝牙音箱", 2)
        assert search.requests == 4  # FAIL_SYS_TOKEN_EXPIRED + new cookie, signed again
        want = sb.search_truth("蓝牙音箱", 2, site="1688")
        assert [(x.product_id, x.kind) for x in second] == [(w["product_id"], w["kind"]) for w in want]
        sb.challenge()  # a slider: RGV587_ERROR, never passed
        with pytest.raises(NeedsHuman):
            await search.results("蓝牙音箱", 3)
    finally:
        await ctx.close()


# ---- the standing re-publish plan -------------------------------------------------------------------------
def _plan(app, store: str, **value) -> int:
    [sid] = app.queue.propose(
        store,
        [
            Suggestion.make(
                kind="republish_plan",
                target="plan",
                rationale="test",
                evidence={},
                precondition={},
                value={"daily_cap": 500, **value},
            )
        ],
    )
    return sid


def _reposts(sb, day: str) -> Counter:
    return Counter(
        w["target"] for w in sb.state()["writes"] if w["action"] == "republish_offer" and w["at"][:10] == day
    )


async def test_a_standing_plan_republishes_every_offer_once_a_day_and_nothing_outside_it(make_sandbox, tmp_path):
    sb = make_sandbox(products=40, seed=4, offers=80)
    s = cbu_settings(sb, tmp_path)
    app = App(s)
    on_sale = {o["id"] for o in sb.state()["cbu"]["offers"] if o["on_sale"]}
    async with app.browser():
        [r] = await app.run("republish")  # no plan: nothing
        assert r.status == "ok" and r.details["plan"] is None
        sid = _plan(app, "cbu")
        [r] = await app.run("republish")  # proposed, not approved: nothing
        assert r.details["plan"] is None and not sb.state()["writes"]
        app.queue.approve([sid], "boss")
        sb.advance_clock(23 * HOUR)  # 2026-11-21 08:30
        rounds = []
        for advance in (0, 3, 3, 2, 0):  # 08:30, 11:30, 14:30, 16:30, and 16:30 again
            sb.advance_clock(advance * HOUR)
            [r] = await app.run("republish")
            assert r.status == "ok", r.error
            rounds.append(r.counts.get("republished", 0))
        day1 = _reposts(sb, "2026-11-21")
        assert set(day1) == on_sale and set(day1.values()) == {1}  # every offer on sale, exactly once
        assert (
            sum(rounds[:4]) == len(on_sale) and max(rounds[:4]) - min(rounds[:4]) <= 1 and rounds[4] == 0
        )  # spread evenly
        assert {w["action"] for w in sb.state()["writes"]} == {"republish_offer"}  # nothing else written
        audit = [a for a in app.queue.audit_for(sid) if a["action"] == "republished"]
        assert len(audit) == 4 and sum(len(a["after"]) for a in audit) == len(on_sale)

        # day 2: the plan changes to five listed offers, at most three a day; only they are re-published, within the cap
        app.queue.revoke([sid], "boss")
        listed = sorted(on_sale)[:5]
        sid2 = _plan(app, "cbu", offers=listed, daily_cap=3)
        app.queue.approve([sid2], "boss")
        sb.advance_clock(16 * HOUR)  # 2026-11-22 08:30
        for advance in (0, 3, 3, 2):
            sb.advance_clock(advance * HOUR)
            [r] = await app.run("republish")
        day2 = _reposts(sb, "2026-11-22")
        assert len(day2) == 3 and set(day2) <= set(listed) and set(day2.values()) == {1}

        # day 3: paused, then revoked: nothing is written
        app.queue.pause([sid2], "boss")
        sb.advance_clock(16 * HOUR)  # 2026-11-23 08:30
        [r] = await app.run("republish")
        assert r.details["plan"] is None
        app.queue.resume([sid2], "boss")
        app.queue.revoke([sid2], "boss")
        sb.advance_clock(3 * HOUR)
        [r] = await app.run("republish")
        assert r.details["plan"] is None and not _reposts(sb, "2026-11-23")
        [a] = await app.apply("cbu")  # a revoked plan is never applied either
        assert a.status == "ok" and not a.counts


# ---- seed 003's rules, 1688 edits, reports ----------------------------------------------------------------
async def test_each_seed_003_threshold_raises_its_finding_and_edits_apply(make_sandbox, tmp_path):
    sb = make_sandbox(products=40, seed=6, offers=120)
    s = cbu_settings(sb, tmp_path, tracked_keywords=["蓝牙音箱"], evidence_screenshots=15)
    app = App(s)
    truth = sb.state()["cbu"]
    async with app.browser():
        for routine in ("metrics", "inquiries", "rankings", "diagnose"):
            [r] = await app.run(routine)
            assert r.status == "ok", (routine, r.error)
    rep = r.details["report"]
    rules = {f["rule"] for f in rep["findings"]}
    assert {
        "inquiries_low",
        "inquiries_unanswered",
        "free_traffic_down",
        "paid_traffic_down",
        "wxb_imprecise",
        "wxb_no_sales",
        "shop_score",
        "five_star_share",
        "violation",
        "low_quality",
        "titles_today",
    } <= rules
    by_rule = {f["rule"]: f for f in rep["findings"]}
    assert all(f["message_en"] and f["message_en"] != f["message"] for f in rep["findings"])  # both languages
    assert by_rule["inquiries_low"]["value"] == truth["sycm"]["0"]["effectiveInQUsers"] < 10
    assert by_rule["shop_score"]["value"] == truth["shop_score"] < 90
    imprecise = {k["id"] for k in truth["wxb_keywords"] if k["kind"] == "imprecise"}
    assert set(by_rule["wxb_imprecise"]["items"]) == imprecise
    sale = [o for o in truth["offers"] if o["on_sale"]]
    assert by_rule["five_star_share"]["value"] == pytest.approx(
        sum(o["infoStar"] == 5 for o in sale) / len(sale), abs=1e-4
    )

    q = app.queue.list("proposed", store="cbu")
    titles = [x for x in q if x.kind == "offer_title"]
    assert len(titles) == 10
    for t in titles:
        new = t.value.title
        assert len(new) <= 30 and new != t.pre.title
        assert "货源" not in new and not any(new.count(w) > 1 for w in ("源头工厂", "蓝牙音箱", "充电宝", "数据线"))
        assert "源头工厂" not in new or "源头工厂" in t.pre.title  # a lead word only where the offer says it
    assert len({t.value.title[-4:] for t in titles}) > 3  # titles end as differently as the offers are
    assert not any(x.edit.changes_nothing() for x in q)  # nothing proposed that is already there
    oldest = min((o for o in truth["offers"] if o["showcase_since"]), key=lambda o: o["showcase_since"])
    [swap] = [x for x in q if x.kind == "showcase_swap"]
    assert swap.target == oldest["id"]
    newcomer = next(o for o in truth["offers"] if o["id"] == swap.value.new_offer)
    # the people who approve it read the offers' names, not their ids
    assert swap.describe("zh") == (f"橱窗产品「{oldest['subject']}」", "在橱窗", f"换成「{newcomer['subject']}」")
    [plan_s] = [x for x in q if x.kind == "republish_plan"]  # half an hour before the store's own visitor peaks
    assert plan_s.value.times == ["09:30", "12:30", "14:30", "16:30"] and plan_s.value.offers is None
    assert plan_s.evidence["visitor_peaks"] == [10, 13, 15, 17]
    # its own outlined picture: the title field holding the offer's title, the showcase slot of the offer swapped out
    assert all(t.evidence["highlighted"] and t.evidence["row"] == t.pre.title for t in titles)
    assert swap.evidence["highlighted"] and oldest["id"] in swap.evidence["row"], swap.evidence
    assert "screenshot" not in plan_s.evidence

    # the next day: ten other offers, none of yesterday's (rejected or not)
    app.queue.reject([t.id for t in titles], "boss")
    sb.advance_clock(24 * HOUR)
    async with app.browser():
        [r2] = await app.run("diagnose")
    day2 = [x for x in app.queue.list("proposed", store="cbu") if x.kind == "offer_title"]
    assert len(day2) == 10 and not {x.target for x in day2} & {t.target for t in titles}

    # approve a title and the showcase swap: each written once, read back; the standing plan is never "applied"
    title = day2[0]
    app.queue.approve([title.id, swap.id], "boss")
    [plan] = [x for x in app.queue.list("proposed", store="cbu") if x.kind == "republish_plan"]
    app.queue.approve([plan.id], "boss")
    [a] = await app.apply("cbu")
    assert a.status == "ok" and a.counts == {"applied": 2}, a.error
    after = sb.state()
    writes = Counter(w["action"] for w in after["writes"])
    assert writes == Counter({"offer_title": 1, "showcase_swap": 1})
    offers = {o["id"]: o for o in after["cbu"]["offers"]}
    assert offers[title.target]["subject"] == title.value.title
    assert offers[swap.value.new_offer]["showcase_since"] and not offers[swap.target]["showcase_since"]
    assert app.queue.get(plan.id).state == "approved"

    # the reports speak 1688: 生意参谋, 网销宝, best rank per keyword, inquiries by offer
    for kind, words in (
        ("daily", ("摘要", "生意参谋", "网销宝关键词", "关键词排名")),
        ("weekly", ("本期合计", "本周排名统计")),
        ("monthly", ("按产品", "按日期")),
    ):
        [rp] = await app.report(kind, "cbu")
        text = open(rp["html"], encoding="utf-8").read()
        assert all(w in text for w in words), (kind, words)
        if (
            kind == "daily"
        ):  # a summary first: yesterday's visitors and inquiries against seed 003's targets, then actions
            import pandas as pd

            summ = pd.read_excel(rp["xlsx"], sheet_name=None)
            summ = summ[[n for n in summ if n.startswith("摘要")][0]].set_index("项目")
            days = Database(s.db_url).frame(m.metric_sycm, store="cbu").sort_values("date")
            assert summ.loc["询盘", "目标"] == 10 and summ.loc["询盘", "数值"] == days.iloc[-1]["inquiries"]
            assert (
                summ.loc["访客数", "数值"] == days.iloc[-1]["uv"]
                and summ.loc["访客数", "变化"] == days.iloc[-1]["uv"] - days.iloc[-2]["uv"]
            )
            assert summ["行动"].notna().sum() == min(5, len(rep["findings"]))


async def test_a_qr_only_login_and_a_1688_slider_need_a_person(make_sandbox, tmp_path):
    sb = make_sandbox(products=20, seed=2, offers=20)
    sb.configure(cbu_qr_only=True)
    s = cbu_settings(sb, tmp_path)
    r = await run_agent(s, "keepalive")
    assert r.status == "needs_human" and "QR" in r.error and r.screenshots
    sb.configure(cbu_qr_only=False)
    r = await run_agent(s, "keepalive")
    assert r.status == "ok", r.error
    sb.configure(cbu_qr_only=True)  # supervised: the person scans the QR code, the run goes on

    async def scan():
        await asyncio.sleep(2.5)
        await asyncio.to_thread(sb._post, "/__sandbox__/cbu_scan", {})

    sb.expire_sessions()
    async with watched_browser(s) as mgr:
        scanning = asyncio.create_task(scan())
        r = await run_routine("keepalive", load("keepalive", "1688"), s, s.stores[0], mgr, Database(s.db_url))
        await scanning
    assert r.status == "ok" and r.counts["logins"] == 1, r.error
    sb.configure(cbu_qr_only=False)
    sb.challenge()  # /_____tmd_____/punish?pureCaptcha=: never touched
    r = await run_agent(s, "keepalive")
    assert r.status == "needs_human" and "slider" in r.error
    assert not sb.state()["writes"]


async def test_sandbox_1688_speaks_the_real_dialect(sandbox):
    import hashlib
    import json
    import time

    import httpx

    with httpx.Client(base_url=sandbox.url, follow_redirects=False) as c:
        r = c.get("/offer/manage_mini.vm?show_type=valid&lifePeriod=valid&currentPage=1&pageSize=20")
        assert r.status_code == 302 and r.headers["location"].startswith("/member/signin.htm?Done=")
        c.post(
            "/member/signin.do",
            data={"loginId": sandbox.cbu_username, "password2": sandbox.password, "Done": "/home/index.htm"},
        )
        spa = c.get("/offer/manage.htm?show_type=valid")  # the newer list: an SPA behind the old address
        assert spa.status_code == 302 and spa.headers["location"].startswith("/app/pages-group/manage-home/index.html")
        import re

        csrf = re.search(r'"csrf": "([^"]+)"', c.get(spa.headers["location"]).text).group(1)
        list_call = "/offer/manage_mini.vm?show_type=valid&lifePeriod=valid&currentPage=2&pageSize=20"
        assert c.get(list_call).json()["msgType"] == "error"  # the call carries the page's csrf
        j = c.get(list_call + "&csrf=" + csrf).json()
        assert {"msgType", "totalCount", "currentPage", "pageSize", "items"} <= set(j) and j["currentPage"] == 2
        assert {"offerId", "subject", "itemNumber", "lifePeriod", "offerStatusValue", "unitPrice", "pictureURL"} <= set(
            j["items"][0]
        ) and any("statusName" in i for i in j["items"])
        page = c.get("/selloffer/offer_search.htm?keywords=%BF%E7%BE%B3%B5%C6%BE%DF&beginPage=1").text
        assert "跨境灯具" in page and "offer-list" in page and "isP4P" not in page  # an empty shell
        url = "/h5/mtop.relationrecommend.wirelessrecommend.recommend/2.0/"
        data = json.dumps(
            {"keywords": "跨境灯具", "beginPage": 1, "pageSize": 60, "method": "getOfferList", "charset": "GBK"}
        )
        first = c.get(url, params={"appKey": "12574478", "t": "1", "sign": "0", "data": data}).json()
        assert first["ret"][0].startswith("FAIL_SYS_TOKEN_EMPTY")
        token = c.cookies["_m_h5_tk"].split("_")[0]
        t = str(int(time.time() * 1000))
        bad = c.get(url, params={"appKey": "12574478", "t": t, "sign": "0" * 32, "data": data}).json()
        assert bad["ret"][0].startswith("FAIL_SYS_ILLEGAL_ACCESS")
        signed = {
            "appKey": "12574478",
            "t": t,
            "data": data,
            "sign": hashlib.md5(f"{token}&{t}&12574478&{data}".encode()).hexdigest(),
        }
        good = c.get(url, params=signed).json()  # the newer form: data.data.offerList[] + totalCount
        offers = good["data"]["data"]["offerList"]
        assert good["ret"][0].startswith("SUCCESS") and good["data"]["data"]["totalCount"] > len(offers) > 0
        assert {"offerId", "title", "priceInfo", "isP4P", "memberId", "shop"} <= set(offers[0])
        assert {o["isP4P"] for o in offers} == {"true", "false"}
        jsonp = c.get(url, params={**signed, "type": "jsonp", "callback": "mtopjsonpreqTppId_32517_getOfferList2"}).text
        assert (
            jsonp.startswith("mtopjsonpreqTppId_32517_getOfferList2(")
            and json.loads(jsonp[jsonp.index("(") + 1 : -1]) == good
        )
        # signed in as the seller, the same search flatters the seller's own offers (why ranks are read incognito)
        member = sandbox.state()["cbu"]["member_id"]
        mine = [k for k, o in enumerate(offers) if o["memberId"] == member]
        truth = [k for k, x in enumerate(sandbox.search_truth("跨境灯具", 1, site="1688")) if x["company_id"] == member]
        assert len(mine) > len(truth)


def test_plan_values_are_checked_as_the_site_would(tmp_path):
    from agent.edits import edit_for
    from agent.errors import InvalidValue

    plan = edit_for("republish_plan")
    assert plan.of("plan", {}, {"daily_cap": 100}).value.times == ["08:30", "11:30", "14:30", "16:30"]
    for bad, words in (
        ({"daily_cap": 0}, "daily_cap"),
        ({"daily_cap": 10, "times": ["19:00"]}, "18:00"),
        ({"daily_cap": 10, "times": ["8:3"]}, "HH:MM"),
        ({"daily_cap": 10, "offers": ["abc"]}, "offer ids"),
    ):
        with pytest.raises(InvalidValue, match=words):
            plan.of("plan", {}, bad)
    with pytest.raises(InvalidValue, match="at most 30"):
        edit_for("offer_title").of("123456", {"title": "x"}, {"title": "长" * 31})


async def test_doctor_opens_every_1688_screen(sandbox, tmp_path):
    r = await run_agent(cbu_settings(sandbox, tmp_path), "doctor")
    assert r.status == "ok", r.error
    rows = {x["screen"]: x for x in r.details["screens"]}
    assert set(rows) == {
        "cbu_work",
        "cbu_offers",
        "cbu_sycm",
        "cbu_wxb",
        "cbu_experience",
        "cbu_showcase",
        "cbu_inquiries",
    }
    assert all(x["seen"] and x["parsed"] for x in rows.values()), rows
    assert rows["cbu_offers"]["rows"] == 20 and rows["cbu_sycm"]["rows"] == 8


async def test_doctor_opens_every_1688_screen_in_the_older_form_too(make_sandbox, tmp_path):
    sb = make_sandbox(products=20, seed=3, offers=40, extra=("--dialect=older",))
    r = await run_agent(cbu_settings(sb, tmp_path), "doctor")
    assert r.status == "ok", r.error
    rows = {x["screen"]: x for x in r.details["screens"]}
    assert len(rows) == 7 and all(x["seen"] and x["parsed"] for x in rows.values()), rows
    assert rows["cbu_offers"]["rows"] == 20 and rows["cbu_sycm"]["rows"] == 8


async def test_review_page_approves_pauses_and_revokes_a_standing_plan(tmp_path, browser):
    from agent.queue.store import Queue

    q = Queue(Database(f"sqlite:///{tmp_path / 'data' / 'agent.db'}"))
    [sid] = q.propose(
        "cbu",
        [
            Suggestion.make(
                kind="republish_plan",
                target="plan",
                rationale="每天 4 次重发",
                evidence={},
                precondition={},
                value={"daily_cap": 95, "times": ["09:30", "12:30", "14:30", "16:30"]},
            )
        ],
    )
    with review_page(tmp_path, {"AGENT_UI_TOKEN": "plan-review-token-0123456789"}) as base:
        ctx, page = await signed_in(browser, base, "plan-review-token-0123456789", 600)
        async with page.expect_navigation():  # a plan in force leaves the to-do: the plain list shows its states
            await page.click("a.plain-list")
        row = page.locator(f"tr.suggestion[data-id='{sid}']")
        assert "每天 09:30、12:30、14:30、16:30 重发全部销售中产品，每天最多 95 个" in await row.inner_text()
        for action, state, words in (
            ("approve", "approved", "生效中"),
            ("pause", "paused", "已暂停"),
            ("resume", "approved", "生效中"),
            ("revoke", "rejected", None),
        ):
            await page.locator(f"tr.suggestion[data-id='{sid}'] input.pick").check()
            await page.click(f"button.{action}")
            await page.wait_for_selector(".msg")
            assert q.get(sid).state == state, (action, await page.inner_text(".msg"))
            if words:
                assert words in await page.locator(f"tr.suggestion[data-id='{sid}']").inner_text()
            await page.screenshot(path=str(tmp_path / f"plan_{action}.png"))
        assert [a["action"] for a in q.audit_for(sid)] == ["proposed", "approved", "paused", "resumed", "revoked"]
        assert all(a["actor"] == "王经理@ui" for a in q.audit_for(sid)[1:])
        await ctx.close()


async def test_review_page_lists_2000_suggestions_in_plain_words_with_search_and_pages(tmp_path, browser):
    from agent.queue.store import Queue

    q = Queue(Database(f"sqlite:///{tmp_path / 'data' / 'agent.db'}"))
    bids = [
        Suggestion.make(
            kind="set_bid",
            target=str(300000 + i),
            rationale=f"花费高无询盘 #{i}",
            evidence={},
            precondition={"bid": 1.5, "keyword": f"bluetooth speaker {i}"},
            value={"bid": 1.2, "base_price": 0.5},
        )
        for i in range(2000)
    ]
    title = Suggestion.make(
        kind="offer_title",
        target="600000104729",
        rationale="标题优化",
        evidence={},
        precondition={"title": "厂家直销无线便携蓝牙音箱广州货源001"},
        value={"title": "便携无线蓝牙音箱广州源头工厂"},
    )
    ids = q.propose("shop", bids) + q.propose("cbu", [title])
    with review_page(tmp_path, {"AGENT_UI_TOKEN": "list-review-token-0123456789"}) as base:
        ctx, page = await signed_in(browser, base, "list-review-token-0123456789", 800)
        async with page.expect_navigation():  # newest first
            await page.click("a.plain-list")
        assert await page.locator("tr.suggestion").count() == 50 and await page.inner_text(".shown") == "2001"
        first = await page.locator("tr.suggestion").first.inner_text()
        assert "便携无线蓝牙音箱广州源头工厂" in first and "→" in first  # newest first, before → after
        await page.screenshot(path=str(tmp_path / "review_list.png"))
        await page.click("a.next-page")
        second = await page.locator("tr.suggestion").first.get_attribute("data-id")
        assert int(second) == ids[-1] - 50
        await page.goto(f"{base}/?q=speaker+1234")
        row = page.locator("tr.suggestion")
        assert await row.count() == 1
        text = await row.inner_text()
        assert (
            "关键词「bluetooth speaker 1234」" in text
            and "出价 1.50 元" in text
            and "出价 1.20 元" in text
            and "待审批" in text
        )
        await page.screenshot(path=str(tmp_path / "review_search.png"))
        # an inline edit is checked as the site checks it: the row says what is wrong in the site's words, keeps what was typed
        row = page.locator(f"tr#s{ids[1234]}")
        await row.locator("input.new-value").fill("0.3")
        await row.locator("button.save").click()
        await page.wait_for_selector(f"tr#s{ids[1234]} .edit-error")
        assert "出价不能低于底价 0.5" in await row.locator(".edit-error").inner_text()
        assert await row.locator("input.new-value").input_value() == "0.3" and q.get(ids[1234]).value.bid == 1.2
        await page.screenshot(path=str(tmp_path / "review_edit_error.png"))
        await row.locator("input.new-value").fill("1.3")
        await row.locator("button.save").click()
        await page.wait_for_selector(".msg")
        assert (
            q.get(ids[1234]).value.bid == 1.3 and "出价 1.30 元" in await page.locator(f"tr#s{ids[1234]}").inner_text()
        )
        await ctx.close()

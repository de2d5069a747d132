"""A screen fails alone: the sandbox answers one screen at a time with a changed structure or with
garbage, and every routine that reads it ends `partial`, names that screen (and only it), stores
what the other screens showed, and — for a diagnosis — runs every rule whose inputs were read and
names the rules it skipped for want of that screen."""

from __future__ import annotations

import pytest

from agent.storage import Database
from agent.storage import models as m
from sandbox.launcher import SandboxProcess

from .conftest import agent_settings, cbu_settings, run_agent

# screen -> (the URL part of its call or page the site changes, how, the routines that read it)
ALIBABA = {
    "DataOverview": ("iName=getOverview", "structure", ("metrics",)),
    "ProductAnalysis": ("iName=getVipEffectiveProductsAndStats", "structure", ("metrics", "diagnose")),
    "P4PKeywords": ("/bidword/query", "structure", ("metrics", "diagnose", "p4p_review")),
    "TrafficKeywords": ("getKeywords", "structure", ("metrics",)),
    "TrafficSources": ("iName=getTrafficSource", "structure", ("metrics",)),
    "HomePage": ("fetchFinalStar.json", "structure", ("keepalive", "diagnose")),
    "ZeroEffectProducts": ("iName=getIneffectiveProducts", "structure", ("diagnose", "zero_effect")),
    "ProductManager": ("asyQueryProductsList.do", "structure", ("diagnose",)),
    "P4PCampaigns": ("campaign/type/allList", "structure", ("diagnose", "p4p_review")),
    "InquiryList": ("feedback/subjectList.htm", "garbage", ("diagnose",)),
    "Orders": ("/ta/mainv2.json", "structure", ("diagnose",)),
    "Reviews": ("/order/ajax/reviews.json", "structure", ("diagnose",)),
    "ActivityCenter": ("/activity/ajax/list.json", "structure", ("diagnose",)),
    "ShopVisits": ("iName=getShopVisitDetail", "structure", ("diagnose",)),
    "TopDisplay": ("iName=getTopDisplay", "structure", ("diagnose",)),
    "VisitorMarketing": ("iName=getMarketingVisitors", "structure", ("diagnose",)),
    "RfqMarket": ("/rfq/rfq_search_list.htm", "structure", ("diagnose",)),
}
CBU = {
    "Workbench": ("getvaluesfromgateway", "structure", ("keepalive", "diagnose")),
    "Sycm": ("ms/flow/ovralShopFlowSource/overview.json", "structure", ("diagnose",)),
    "WxbKeywords": ("wxb/ajax/keywordReport.json", "structure", ("metrics", "diagnose")),
    "OfferList": ("offer/manage_mini.vm", "structure", ("diagnose",)),
    "ExperienceCenter": ("experience/ajax/problems.json", "structure", ("diagnose",)),
    "Showcase": ("showcase/ajax/list.json", "structure", ("diagnose",)),
    "CbuInquiries": ("inquiry/ajax/list.json", "structure", ("diagnose",)),
}
# screens read from the same page as another: the RFQ quota block lives on the RFQ market's page
SAME_PAGE = {"RfqMarket": {"RfqQuota"}}
METRIC_TABLES = {
    "ProductAnalysis": m.metric_product,
    "P4PKeywords": m.metric_p4p_keyword,
    "TrafficKeywords": m.metric_traffic_keyword,
    "TrafficSources": m.metric_traffic_source,
    "DataOverview": m.metric_overview,
}


SINGLE_SCREEN = {"zero_effect"}  # a routine with nothing else to read has failed, not partly


@pytest.fixture(scope="module")
def site():
    with SandboxProcess(products=120, seed=5, offers=60) as sb:
        yield sb


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """One database and login state for the module: stores sign in once, diagnoses share the stored day."""
    return tmp_path_factory.mktemp("alone")


def _settings(site, folder, name: str, cbu: bool = False):
    make = cbu_settings if cbu else agent_settings
    return make(site, folder, name=name, evidence_screenshots=0)


def _broken(sb, path: str, mode: str | None) -> None:
    sb.configure(broken={"path": path, "mode": mode})


async def _run_broken(sb, settings, spec, routine: str):
    path, mode, _ = spec
    _broken(sb, path, mode)
    try:
        return await run_agent(settings, routine)
    finally:
        _broken(sb, path, None)


def _check_failed_alone(res, screen: str, routine: str) -> None:
    want = "failed" if routine in SINGLE_SCREEN else "partial"
    assert res.status == want, (res.status, res.error)
    assert res.error_type == "ScreensFailed" and screen in res.error
    failed = {f["screen"] for f in res.details["failed_screens"]}
    assert failed == {screen} | SAME_PAGE.get(screen, set()), failed
    assert all(f["reason"] for f in res.details["failed_screens"])


def _check_diagnosis(res, screen: str) -> None:
    rep = res.details["report"]
    lacking = {s for r in rep["skipped"] for s in r["screens"]}
    assert rep["skipped"] and lacking <= {screen} | SAME_PAGE.get(screen, set()), rep["skipped"]
    # every other rule ran: the findings of the screens that were read are there
    rules = {f["rule"] for f in rep["findings"]}
    if screen != "Orders":
        assert "overdue_shipment" in rules
    if screen != "InquiryList":
        assert any(x["kind"] == "inquiry_reply" for x in rep["suggestions"])


@pytest.mark.parametrize("screen", sorted(ALIBABA))
async def test_an_alibaba_screen_that_changed_fails_alone(site, folder, screen):
    spec = ALIBABA[screen]
    for routine in spec[2]:
        # metrics resume by day and keepalive visits a section once a day: a store of their own reads every
        # screen; the others share the stored day
        s = _settings(site, folder, f"{routine}-{screen}" if routine in ("metrics", "keepalive") else "shop")
        if routine == "diagnose" and not len(Database(s.db_url).frame(m.metric_overview, store="shop")):
            assert (await run_agent(s, "metrics")).status == "ok"
        res = await _run_broken(site, s, spec, routine)
        _check_failed_alone(res, screen, routine)
        if routine == "metrics":  # every other table of the day is stored, the broken one not at all
            db = Database(s.db_url)
            for name, table in METRIC_TABLES.items():
                rows = len(db.frame(table, store=s.stores[0].name))
                assert (rows == 0) if name == screen else (rows > 0), (name, rows)
        if routine == "diagnose":
            _check_diagnosis(res, screen)


async def test_a_mended_screen_is_read_again(site, folder):
    s = _settings(site, folder, "mended")
    spec = ALIBABA["TrafficKeywords"]
    assert (await _run_broken(site, s, spec, "metrics")).status == "partial"
    again = await run_agent(s, "metrics")  # the day's other tables are kept; the missing one is read now
    assert again.status == "ok" and again.counts == {"overview": 1, "traffic_keywords": 53}
    assert sorted(again.details["resumed"]) == ["p4p_keywords", "products", "traffic_sources"]


@pytest.mark.parametrize("screen", sorted(CBU))
async def test_a_1688_screen_that_changed_fails_alone(site, folder, screen):
    spec = CBU[screen]
    for routine in spec[2]:
        s = _settings(site, folder, f"{routine}-{screen}" if routine in ("metrics", "keepalive") else "cbu", cbu=True)
        if routine == "diagnose" and screen == "Sycm":
            # the days a diagnosis judges inquiries by are stored ones: stored here, whichever case
            # of the module a worker happens to run first (the order of cases is xdist's)
            assert (await run_agent(s, "metrics")).status == "ok"
        res = await _run_broken(site, s, spec, routine)
        _check_failed_alone(res, screen, routine)
        if routine == "diagnose":
            rep = res.details["report"]
            lacking = {x for r in rep["skipped"] for x in r["screens"]}
            assert rep["skipped"] and lacking == {screen}, rep["skipped"]
            ran = {f["rule"] for f in rep["findings"]}
            if screen != "WxbKeywords":
                assert "wxb_imprecise" in ran
            if screen not in ("CbuInquiries",):
                assert "inquiries_low" in ran
        if routine == "metrics":  # 生意参谋's days are stored, 网销宝's day is not
            db = Database(s.db_url)
            assert len(db.frame(m.metric_sycm, store=s.stores[0].name)) > 0
            assert len(db.frame(m.metric_wxb_keyword, store=s.stores[0].name)) == 0


async def test_a_routine_whose_only_screen_fails_has_failed_not_partial(site, folder):
    s = _settings(site, folder, "only")
    _broken(site, "feedback/subjectList.htm", "structure")
    try:
        res = await run_agent(s, "inquiries")
    finally:
        _broken(site, "feedback/subjectList.htm", None)
    assert res.status == "failed" and [f["screen"] for f in res.details["failed_screens"]] == ["InquiryList"]


def test_a_partial_run_is_listed_with_its_screens_and_exit_code(site, tmp_path):
    """`run --json` and `runs` say partial and name the screen; the exit code is 6."""
    import json
    import os
    import subprocess
    import sys

    cfg = tmp_path / "agent.toml"
    cfg.write_text(
        f'''data_dir = "{tmp_path / "data"}"
state_dir = "{tmp_path / "state"}"
evidence_screenshots = 0

[[stores]]
name = "cli"
base_url = "{site.url}"
search_url = "{site.url}/trade/search?SearchText={{keyword}}&page={{page}}"
company_id = "{site.state()["company_id"]}"
username = "{site.username}"
password_env = "SANDBOX_TEST_PASSWORD"
''',
        encoding="utf-8",
    )
    env = dict(os.environ, SANDBOX_TEST_PASSWORD=site.password, XDG_CACHE_HOME=str(tmp_path / "cache"))

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "agent", *args, "--config", str(cfg)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    _broken(site, "iName=getTrafficSource", "structure")
    try:
        p = cli("run", "metrics", "--json", "--quiet")
    finally:
        _broken(site, "iName=getTrafficSource", None)
    out = json.loads(p.stdout.strip().splitlines()[-1])
    assert p.returncode == 6 and out["status"] == "partial", (p.returncode, p.stdout, p.stderr)
    assert out["details"]["failed_screens"][0]["screen"] == "TrafficSources" and "Traceback" not in p.stderr
    runs = json.loads(cli("runs", "--json").stdout)["runs"]
    assert runs[0]["status"] == "partial" and "TrafficSources" in runs[0]["error"]
    text = cli("runs").stdout
    assert "partial" in text and "TrafficSources" in text


async def test_the_daily_report_and_the_review_page_name_what_a_partial_run_could_not_read(site, folder, browser):
    """Right after its summary, the daily report says which screen each routine's latest run could not
    read, why, and which diagnosis rules were skipped for it — in people's words, both languages; the
    review page says it above the suggestions."""
    import pandas as pd

    from agent.reports.render import build

    from .conftest import review_page, signed_in

    s = _settings(site, folder, "report")
    assert (await run_agent(s, "metrics")).status == "ok"
    res = await _run_broken(site, s, ALIBABA["Orders"], "diagnose")
    assert res.status == "partial"
    db = Database(s.db_url)
    zh = build("daily", db, "report", "zh", folder / "reports")
    book = pd.read_excel(zh["xlsx"], sheet_name=None)
    unread = book[next(n for n in book if n.startswith("未能读取的页面"))]
    assert list(unread["页面"]) == ["订单管理"] and list(unread["例程"]) == ["店铺诊断"]
    assert "超时未发货" in unread["因此跳过的诊断规则"].iloc[0] and unread["原因"].iloc[0] == "页面的答案无法识别"
    assert "Orders" in unread["技术详情"].iloc[0]  # the technical text, for whoever fixes it
    html = open(zh["html"], encoding="utf-8").read()
    assert html.index("未能读取的页面") < html.index("核心指标与对标")  # said before the figures
    en = build("daily", db, "report", "en", folder / "reports")
    assert "Screens not read" in open(en["html"], encoding="utf-8").read()
    with review_page(folder, {"AGENT_UI_TOKEN": "unread-token-0123456789"}) as base:
        ctx, page = await signed_in(browser, base, "unread-token-0123456789")
        banner = await page.locator(
            ".unread", has_text="· report"
        ).inner_text()  # the module's other stores have theirs
        assert (
            "最近一次运行未能读取的页面 · report" in banner
            and "店铺诊断：订单管理，页面的答案无法识别" in banner
            and "超时未发货" in banner
        )
        await page.screenshot(path=str(folder / "review_unread.png"))
        await ctx.close()
    assert (await run_agent(s, "diagnose")).status == "ok"  # mended: the section goes
    assert (
        "未能读取的页面"
        not in open(build("daily", db, "report", "zh", folder / "reports")["html"], encoding="utf-8").read()
    )

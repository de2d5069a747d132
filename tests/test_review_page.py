"""The review page used as an operator uses it, in headless Chromium against a diagnosed sandbox store:
the list, a filtered view, a suggestion's own evidence picture, an inline edit refused in the site's
words and then saved, approval, and "apply now" with its live progress — every write checked
against the sandbox's own state. Screenshots of each step go to the test's folder (and, with
AGENT_UPDATE_SCREENSHOTS=1, to screenshots/ for the README)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from agent.queue.store import Queue
from agent.storage import Database

from .conftest import agent_settings, config_toml, review_page, run_agent, signed_in

TOKEN = "review-flow-token-0123456789"
README_SHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def _keep(tmp_path: Path, name: str) -> str:
    return str(tmp_path / name)


def _publish(tmp_path: Path, names: list[str]) -> None:
    if os.environ.get("AGENT_UPDATE_SCREENSHOTS") == "1":
        README_SHOTS.mkdir(exist_ok=True)
        for n in names:
            shutil.copy(tmp_path / n, README_SHOTS / n)


async def test_a_person_filters_checks_evidence_edits_approves_and_applies_from_the_page_alone(
    fresh_sandbox, tmp_path, browser
):
    sb = fresh_sandbox
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb))
    s = agent_settings(
        sb, tmp_path, evidence_screenshots=100
    )  # every suggestion with its picture, as the CLI's default does
    assert (await run_agent(s, "diagnose")).status == "ok"
    q = Queue(Database(s.db_url))
    assert all(r.evidence.get("highlighted") for r in q.list())
    bid = next(r for r in q.list("proposed") if r.kind == "set_bid")
    act = next(r for r in q.list("proposed") if r.kind == "activity_signup")
    kw = bid.pre.keyword

    with review_page(tmp_path, {"AGENT_UI_TOKEN": TOKEN, "SHOP_PASSWORD": sb.password}) as base:
        ctx, page = await signed_in(browser, base, TOKEN, width=1366)
        await page.wait_for_selector("tr.suggestion")
        # the list: Chinese, names not ids, before → after, each row its own picture
        body = await page.inner_text("body")
        assert (
            "今日待办" in body
            and "待审批" in body
            and "→" in body
            and "{" not in await page.inner_text("tbody td.value")
        )
        await page.screenshot(path=_keep(tmp_path, "review_list.png"))

        # a filtered view: P4P bids only
        await page.select_option("select[name=kind]", "set_bid")
        async with page.expect_navigation():
            await page.click("form.filters button")
        kinds = await page.locator("tr.suggestion td.kind").all_inner_texts()
        assert kinds and set(kinds) == {"调整出价"} and len(kinds) == len(q.list(kind="set_bid"))
        assert f"关键词「{kw}」" in await page.inner_text(f"tr#s{bid.id}")
        await page.screenshot(path=_keep(tmp_path, "review_filtered.png"))

        # the suggestion's own evidence: its keyword's row on the P4P screen, outlined, shown in its row
        row = page.locator(f"tr#s{bid.id}")
        img = row.locator("img.shot")
        await img.scroll_into_view_if_needed()
        await page.wait_for_function("img => img.complete && img.naturalWidth > 600", arg=await img.element_handle())
        assert (await img.get_attribute("alt")).startswith(kw)
        await row.locator("details summary").click()  # the evidence's figures, named in Chinese
        details = await row.locator("dl.evidence").inner_text()
        assert "关键词" in details and "花费" in details and "页面上的这一行" in details and "screenshot" not in details
        await row.screenshot(path=_keep(tmp_path, "review_evidence.png"))

        # an inline edit the site would refuse: the row says so in the site's words; nothing saved
        await row.locator("input.new-value").fill("0.05")
        await row.locator("button.save").click()
        await page.wait_for_selector(f"tr#s{bid.id} .edit-error")
        assert "出价须为0.1元的整数倍" in await page.locator(f"tr#s{bid.id} .edit-error").inner_text()
        assert q.get(bid.id).value == bid.value
        await page.locator(f"tr#s{bid.id}").screenshot(path=_keep(tmp_path, "review_edit_error.png"))
        new_bid = round(bid.value.bid + 0.1, 1)
        await page.locator(f"tr#s{bid.id} input.new-value").fill(f"{new_bid}")
        await page.locator(f"tr#s{bid.id} button.save").click()
        await page.wait_for_selector(".msg")
        assert q.get(bid.id).value.bid == new_bid and q.get(bid.id).version == bid.version + 1
        assert f"出价 {new_bid:.2f} 元" in await page.locator(f"tr#s{bid.id} td.value").inner_text()

        # approve it and an activity sign-up (found by search), then apply now and watch it
        await page.locator(f"tr#s{bid.id} input.pick").check()
        async with page.expect_navigation():
            await page.click("button.approve")
        await page.goto(f"{base}/?q={act.target}&kind=activity_signup")
        await page.locator(f"tr#s{act.id} input.pick").check()
        async with page.expect_navigation():
            await page.click("button.approve")
        assert {q.get(i).state for i in (bid.id, act.id)} == {"approved"}
        assert "2 个已批准的修改等待写入" in await page.inner_text(".applybox")
        async with page.expect_navigation():
            await page.click("button.apply-now")
        await page.wait_for_selector("#progress .progress-item")
        await page.wait_for_selector("#progress[data-finished='1']", timeout=120_000)
        states = {
            int(i): st
            for i, st in [
                (await e.get_attribute("data-id"), await e.get_attribute("data-state"))
                for e in await page.locator("#progress .progress-item").all()
            ]
        }
        assert states == {bid.id: "applied", act.id: "applied"}
        assert "2 / 2" in await page.inner_text("#progress .progress-head")
        await page.screenshot(path=_keep(tmp_path, "review_apply.png"))
        await ctx.close()

    # written once each, exactly as approved, by the approver named on the page
    st = sb.state()
    writes = [(w["action"], str(w["target"])) for w in st["writes"]]
    assert sorted(writes) == sorted([("set_bid", bid.target), ("activity_signup", act.target)]), writes
    assert next(k for k in st["p4p_keywords"] if str(k["id"]) == bid.target)["bid"] == new_bid
    assert next(a for a in st["activities"] if a["id"] == act.target)["signed_up"]
    assert all(q.get(i).approved_by == "王经理@ui" for i in (bid.id, act.id))
    _publish(
        tmp_path,
        ["review_list.png", "review_filtered.png", "review_evidence.png", "review_edit_error.png", "review_apply.png"],
    )


async def test_the_review_page_speaks_english_by_lang(fresh_sandbox, tmp_path, browser):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "diagnose")).status == "ok"
    q = Queue(Database(s.db_url))
    bid = next(r for r in q.list("proposed") if r.kind == "set_bid")
    with review_page(tmp_path, {"AGENT_UI_TOKEN": TOKEN}) as base:
        ctx, page = await signed_in(browser, base, TOKEN, name="Amy")
        await page.goto(f"{base}/?lang=en&kind=set_bid")
        row = await page.inner_text(f"tr#s{bid.id}")
        assert f"keyword '{bid.pre.keyword}'" in row and "set bid" in row and "proposed" in row
        assert bid.rationale_en in row and bid.rationale not in row
        await page.goto(f"{base}/?kind=set_bid")  # the choice holds for the session
        assert "Suggested edits" in await page.inner_text("h2")
        row = page.locator(f"tr#s{bid.id}")
        await row.locator("input.new-value").fill("abc")
        await row.locator("button.save").click()
        await page.wait_for_selector(f"tr#s{bid.id} .edit-error")
        assert "must be a number" in await page.locator(f"tr#s{bid.id} .edit-error").inner_text()
        await page.screenshot(path=str(tmp_path / "review_en.png"))
        await ctx.close()


async def test_the_daily_report_a_manager_reads_first(fresh_sandbox, tmp_path, browser):
    """The daily report in Chinese, rendered in Chromium: the summary first (KPIs against targets,
    change, the top actions in Chinese), charts with Chinese labels, the best rank per keyword."""
    from agent.reports.render import build

    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, tracked_keywords=["bluetooth speaker", "power bank"], rank_pages=2)
    for routine in ("metrics", "rankings", "diagnose"):
        assert (await run_agent(s, routine)).status == "ok"
    rp = build("daily", Database(s.db_url), "shop", "zh", tmp_path / "reports")
    ctx = await browser.new_context(viewport={"width": 1200, "height": 1400})
    page = await ctx.new_page()
    await page.goto(Path(rp["html"]).as_uri())
    heads = await page.locator("h2").all_inner_texts()
    assert heads[0].startswith("摘要") and "排名" in heads
    summary = await page.locator("table").first.inner_text()
    assert "曝光" in summary and "行动 1" in summary and "NaN" not in await page.inner_text("body")
    assert await page.locator("img[src^='data:image/png']").count() >= 1  # the trend chart needs two days stored
    await page.screenshot(path=_keep(tmp_path, "report_daily.png"))
    await ctx.close()
    _publish(tmp_path, ["report_daily.png"])

"""Suggestions a person can trust at a glance (issue: to-do order, everything shown, text kept exactly,
worth approving): a reply edited in the page with line breaks and Chinese arrives on the sandbox byte
for byte; replies answer the buyer in their language and address the company when the name is blank."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from agent.queue.store import Queue
from agent.storage import Database

from .conftest import agent_settings, config_toml, review_page, run_agent, signed_in

TOKEN = "glance-token-0123456789"


async def test_a_reply_edited_in_the_page_arrives_byte_for_byte(fresh_sandbox, tmp_path, browser):
    sb = fresh_sandbox
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb))
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "diagnose")).status == "ok"
    q = Queue(Database(s.db_url))
    reply = next(r for r in q.list("proposed") if r.kind == "inquiry_reply")
    text = "Dear Sofia,\n\n谢谢您的询价 — 500 件，含税价。\n  Lead time: 15 days.\n\nBest regards\n王芳"

    with review_page(tmp_path, {"AGENT_UI_TOKEN": TOKEN, "SHOP_PASSWORD": sb.password}) as base:
        ctx, page = await signed_in(browser, base, TOKEN, width=1280)
        await page.goto(f"{base}/?kind=inquiry_reply")
        row = page.locator(f"tr#s{reply.id}")
        box = row.locator("textarea.new-value")
        assert await box.input_value() == reply.value.text  # the whole proposed text, its lines kept
        await box.fill(text)
        await row.locator("button.save").click()
        await page.wait_for_selector(".msg")
        assert q.get(reply.id).value.text == text
        assert await page.locator(f"tr#s{reply.id} textarea.new-value").input_value() == text
        await page.locator(f"tr#s{reply.id} input.pick").check()
        async with page.expect_navigation():
            await page.click("button.approve")
        await page.screenshot(path=str(tmp_path / "reply_edit.png"), full_page=False)
        await ctx.close()
    from agent.app import App

    [r] = await App(s).apply("shop", actor="tester")
    assert r.status == "ok", r.error
    m = next(m for m in sb.state()["inquiries"] if m["id"] == reply.target)
    assert m["replies"][-1]["content"] == text  # byte for byte: line breaks, spaces, Chinese
    assert q.get(reply.id).state == "applied"


async def test_replies_answer_in_the_buyers_language_and_address_the_company(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "diagnose")).status == "ok"
    replies = {r.target: r for r in Queue(Database(s.db_url)).list("proposed") if r.kind == "inquiry_reply"}
    truth = {m["id"]: m for m in sb.state()["inquiries"]}
    spanish = [t for t in replies if truth[t]["country"] == "MX"]
    assert spanish
    for t in spanish:
        text, m = replies[t].value.text, truth[t]
        assert text.startswith(f"Estimado/a {m['buyer'].split()[0]},") and "Saludos cordiales" in text
        assert m["product_title"] in text and replies[t].evidence["language"] == "es"
        if "muestra" in m["message"]:
            assert "muestras disponibles" in text  # what the buyer asked is answered
        if "logotipo" in m["message"]:
            assert "logotipo" in text
    company = [t for t in replies if truth[t]["buyer"].strip() == "" and truth[t].get("company")]
    assert company
    for t in company:
        head = replies[t].value.text.split(",\n")[0]
        assert truth[t]["company"] in head, head  # a blank name: the company is addressed
    english = [t for t in replies if truth[t]["country"] in ("US", "GB", "AU", "CA")]
    assert english and all(replies[t].value.text.startswith("Dear ") for t in english)


async def test_the_to_do_starts_with_the_longest_waiting_buyers_and_proposes_nothing_already_there(
    fresh_sandbox, tmp_path, capsys, monkeypatch
):
    from agent.cli import main
    from agent.queue.todo import ranked

    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "diagnose")).status == "ok"
    rows = Queue(Database(s.db_url)).list("proposed")
    assert rows and not any(r.edit.changes_nothing() for r in rows)
    order = ranked(rows)
    replies = [r for r in rows if r.kind == "inquiry_reply"]
    head = [s for s, _ in order[: len(replies)]]
    assert {r.id for r in head} == {r.id for r in replies}  # every waiting buyer before anything else
    waited = [r.evidence["waited_hours"] for r in head]
    assert waited == sorted(waited, reverse=True)  # the longest waiting first
    truth = {m["id"]: m for m in sb.state()["inquiries"]}
    oldest = min((truth[r.target] for r in replies), key=lambda m: m["received"])
    assert head[0].target == oldest["id"]
    assert "买家已等" in order[0][1].zh
    # after them: money spent without inquiries before tidying products
    kinds = [s.kind for s, _ in order[len(replies) :]]
    if "set_bid" in kinds and "delete_product" in kinds:
        assert kinds.index("set_bid") < kinds.index("delete_product")

    monkeypatch.setenv("SHOP_PASSWORD", sb.password)
    (tmp_path / "agent.toml").write_text(config_toml(sb, data_dir=str(tmp_path / "data")))
    import asyncio

    assert await asyncio.to_thread(main, ["queue", "list", "--config", str(tmp_path / "agent.toml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"#{head[0].id} ") and "买家已等" in out[1]


async def test_a_showcase_swap_is_one_edit_and_never_half_written(fresh_sandbox, tmp_path):
    """Out + in approved and applied as one, both slots read back; when the site refuses the "in" half,
    the "out" half is undone and the edit fails saying the showcase is as it was."""
    from agent.app import App
    from agent.diagnosis.model import Suggestion

    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    q = Queue(Database(s.db_url))
    live = [p for p in sb.state()["products"] if p["display"] == "on" and p["status"] == "approved"]
    shown = [p for p in live if p["showcase"]]
    spare = [p for p in live if not p["showcase"]]

    def swap(out, new):
        return Suggestion.make(
            kind="swap_showcase",
            target=out["id"],
            rationale="test",
            evidence={"title": out["title"], "new_title": new["title"]},
            precondition={"out_shown": True, "in_shown": False},
            value={"new_product": new["id"]},
        )

    [ok_id, bad_id] = q.propose("shop", [swap(shown[0], spare[0]), swap(shown[1], spare[1])])
    assert q.get(ok_id).describe("zh") == (
        f"橱窗位「{shown[0]['title']}」",
        f"「{shown[0]['title']}」在橱窗",
        f"换成「{spare[0]['title']}」",
    )
    q.approve([ok_id, bad_id], "tester")
    sb.set("product", spare[1]["id"], "display", "off")  # taken off the shelf meanwhile: the site refuses it
    [r] = await App(s).apply("shop", actor="tester")
    assert r.status == "failed"
    by = {p["id"]: p for p in sb.state()["products"]}
    assert not by[shown[0]["id"]]["showcase"] and by[spare[0]["id"]]["showcase"]  # one edit, both halves
    assert q.get(ok_id).state == "applied"
    assert by[shown[1]["id"]]["showcase"] and not by[spare[1]["id"]]["showcase"]  # the slot as it was
    assert q.get(bad_id).state == "failed"
    note = [a["note"] for a in q.audit_for(bad_id) if a["note"]][-1]
    assert "已把「" in note and "橱窗和原来一样" in note and "未上架" in note, note


async def test_a_quote_shows_everything_it_sends_and_takes_a_new_price_with_the_sites_refusals(
    fresh_sandbox, tmp_path, browser
):
    sb = fresh_sandbox
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb))
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "diagnose")).status == "ok"
    q = Queue(Database(s.db_url))
    quotes = [r for r in q.list("proposed") if r.kind == "rfq_quote"]
    assert quotes
    for r in quotes:  # a price from the product's own listing, never one far from its family's
        med = r.evidence["family_median_price"]
        assert med / 2 <= r.value.ladder[0][1] <= med * 2 and r.value.ladder[0][1] != 33.75
    quote = quotes[0]

    with review_page(tmp_path, {"AGENT_UI_TOKEN": TOKEN, "SHOP_PASSWORD": sb.password}) as base:
        ctx, page = await signed_in(browser, base, TOKEN, width=1280)
        await page.goto(f"{base}/?kind=rfq_quote")
        row = page.locator(f"tr#s{quote.id}")
        text = await row.locator("dl.fields").inner_text()
        for label in ("报价产品", "数量", "单位", "单价", "币种", "贸易条款", "港口", "付款方式", "给买家的留言"):
            assert label in text, label
        assert await row.locator("input.field-product_name").input_value() == quote.value.product_name
        assert await row.locator("select.field-currency").input_value() == "USD"
        assert await row.locator("select.field-trade_term").input_value() == "FOB"
        assert await row.locator("input.field-port").input_value() == "Shenzhen"
        assert await row.locator("textarea.field-message").input_value() == quote.value.message
        assert "USD" in await row.locator("td.value").inner_text()
        await row.screenshot(path=str(tmp_path / "review_quote.png"))
        if os.environ.get("AGENT_UPDATE_SCREENSHOTS") == "1":  # the README's picture
            shutil.copy(tmp_path / "review_quote.png", Path(__file__).resolve().parents[1] / "screenshots")
        for bad, said in (("12.345", "价格最多保留两位小数"), ("0", "数量和单价须大于0"), ("12,5", "价格格式不正确")):
            await page.locator(f"tr#s{quote.id} input.field-price").fill(bad)
            await page.locator(f"tr#s{quote.id} button.save").click()
            await page.wait_for_selector(f"tr#s{quote.id} .edit-error")
            assert said in await page.locator(f"tr#s{quote.id} .edit-error").inner_text()
            assert q.get(quote.id).value == quote.value  # nothing saved
        await page.locator(f"tr#s{quote.id} input.field-price").fill("12.5")
        await page.locator(f"tr#s{quote.id} input.field-port").fill("Ningbo")
        await page.locator(f"tr#s{quote.id} select.field-trade_term").select_option("CIF")
        await page.locator(f"tr#s{quote.id} button.save").click()
        await page.wait_for_selector(".msg")
        v = q.get(quote.id).value
        assert (v.ladder[0][1], v.port, v.trade_term, v.ladder[0][0]) == (
            12.5,
            "Ningbo",
            "CIF",
            quote.value.ladder[0][0],
        )
        assert "USD 12.50" in await page.locator(f"tr#s{quote.id} td.value").inner_text()
        assert "US $12.50" in v.message and "CIF Ningbo" in v.message  # the message says what the quote says
        await ctx.close()

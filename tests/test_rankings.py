"""Ranking snapshots: every reported position against the sandbox's search_truth, the fixture
excerpt of the real page, seller cookies giving a wrong order, history, alerts and chart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from agent.ranking import OwnMatcher, check_keywords, place_page
from agent.routines.rankings import collect
from agent.runtime.browser import BrowserManager
from agent.sites.alibaba.pages.search import AlibabaSearch, embedded_data, slots_from_data
from agent.storage import Database

from .conftest import agent_settings, login, run_agent

# a copy of shared/fixtures/alibaba-search/ (an excerpt of the real alibaba.com page), kept with the tests
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "alibaba-search" / "bluetooth_speaker_p1_excerpt.json"
KEYWORDS = ["bluetooth speaker", "smart watch", "power bank", "wireless earbuds"]


def expected(sb, keyword: str, pages: int) -> list[tuple]:
    """Placements of own products computed from the sandbox's ground truth."""
    own = sb.state()["company_id"]
    out, before, organic_before = [], 0, 0
    for page in range(1, pages + 1):
        slots = sb.search_truth(keyword, page)
        org = 0
        for i, s in enumerate(slots, start=1):
            orank = None
            if s["kind"] == "organic":
                org += 1
                orank = organic_before + org
            if s["company_id"] == own:
                for pid in [s["product_id"], *s.get("product_list", [])]:
                    out.append((keyword, pid, page, i, before + i, orank, s["kind"]))
        before += len(slots)
        organic_before += org
    return out


def as_tuples(results) -> list[tuple]:
    return [
        (p.keyword, p.product_id, p.page, p.position, p.rank, p.organic_rank, p.kind)
        for r in results
        for p in r.placements
    ]


def test_fixture_excerpt_parses_into_order_ad_flags_and_ranks():
    raw = json.loads(FIXTURE.read_text())
    html = (
        "<html><script>window.__page__data_sse10 = {}; window.__page__data_sse10._offer_list = "
        + json.dumps(raw)
        + ";</script></html>"
    )
    slots = slots_from_data(embedded_data(html))
    assert [s.kind for s in slots] == ["brand", "p4p", "organic", "p4p", "organic", "p4p", "organic"]
    assert [s.product_id for s in slots] == [
        "1600685531296",
        "1601584883628",
        "62285988266",
        "1601791145160",
        "1601233877622",
        "1601415951432",
        "62401958878",
    ]
    assert slots[0].product_list == ["1600685627433", "1600685517645", "1600685542660", "1601040008043"]
    brand = place_page("bluetooth speaker", 1, slots, 0, 0, OwnMatcher(company_id="234631051"))
    assert {(p.product_id, p.position, p.rank, p.organic_rank, p.kind) for p in brand} == {
        (pid, 1, 1, None, "brand")
        for pid in ["1600685531296", "1600685627433", "1600685517645", "1600685542660", "1601040008043"]
    }
    eshine = place_page("bluetooth speaker", 1, slots, 0, 0, OwnMatcher(company_id="236266176"))
    assert [(p.position, p.organic_rank, p.kind) for p in eshine] == [(2, None, "p4p"), (4, None, "p4p")]
    by_id = place_page("bluetooth speaker", 1, slots, 0, 0, OwnMatcher(product_ids={"62285988266", "62401958878"}))
    assert [(p.product_id, p.position, p.rank, p.organic_rank) for p in by_id] == [
        ("62285988266", 3, 3, 1),
        ("62401958878", 7, 7, 3),
    ]
    # page 2 continues the counts
    p2 = place_page("bluetooth speaker", 2, slots, 55, 48, OwnMatcher(product_ids={"1601233877622"}))
    assert (p2[0].rank, p2[0].organic_rank) == (60, 50)


@pytest.mark.parametrize("mode", ["request", "browser"])
async def test_positions_equal_search_truth_with_ads_brand_and_missing(sandbox, tmp_path, mode):
    s = agent_settings(sandbox, tmp_path)
    store = s.stores[0]
    async with BrowserManager(s) as mgr:
        results = await check_keywords(
            mgr,
            store.search_url,
            KEYWORDS + ["quantum toaster"],
            3,
            OwnMatcher(company_id=store.company_id),
            concurrency=3,
            mode=mode,
            search_cls=AlibabaSearch,
        )
    got = as_tuples(results)
    want = [t for kw in KEYWORDS + ["quantum toaster"] for t in expected(sandbox, kw, 3)]
    assert sorted(got) == sorted(want)
    kinds = {t[6] for t in got}
    assert kinds == {"organic", "p4p", "brand"}
    missing = next(r for r in results if r.keyword == "quantum toaster")
    assert missing.placements == [] and missing.pages_checked == 3
    assert all(r.requests == r.pages_checked for r in results)  # one request per keyword-page
    bt = next(r for r in results if r.keyword == "bluetooth speaker")
    assert bt.double_ranking and bt.double_ranking[0]["page"] == 1


async def test_rendered_cards_when_the_page_embeds_no_data(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    sb.configure(search_embed=False)
    s = agent_settings(sb, tmp_path)
    store = s.stores[0]
    async with BrowserManager(s) as mgr:
        results = await check_keywords(
            mgr,
            store.search_url,
            ["bluetooth speaker", "smart watch"],
            2,
            OwnMatcher(company_id=store.company_id),
            concurrency=2,
            search_cls=AlibabaSearch,
        )
    assert all(src == "cards" for r in results for src in r.sources)
    assert sorted(as_tuples(results)) == sorted(expected(sb, "bluetooth speaker", 2) + expected(sb, "smart watch", 2))


async def test_products_beyond_the_checked_pages_are_not_reported(sandbox, tmp_path):
    s = agent_settings(sandbox, tmp_path)
    store = s.stores[0]
    deep = [t for t in expected(sandbox, "usb cable", 6) if t[2] >= 4]
    assert deep, "the sandbox places some own usb cables beyond page 3"
    target = deep[0][1]
    async with BrowserManager(s) as mgr:
        short = await check_keywords(
            mgr, store.search_url, ["usb cable"], 2, OwnMatcher(product_ids={target}), 1, search_cls=AlibabaSearch
        )
        full = await check_keywords(
            mgr, store.search_url, ["usb cable"], 10, OwnMatcher(product_ids={target}), 1, search_cls=AlibabaSearch
        )
    assert short[0].placements == []
    assert [(p.page, p.position, p.rank) for p in full[0].placements] == [(deep[0][2], deep[0][3], deep[0][4])]
    assert full[0].pages_checked == deep[0][2]  # stopped early once the tracked product was found


async def test_seller_cookies_give_a_different_wrong_order(sandbox, tmp_path):
    s = agent_settings(sandbox, tmp_path)
    store = s.stores[0]
    async with BrowserManager(s) as mgr:
        seller = await (await mgr.launched()).new_context()
        await login(await seller.new_page(), sandbox)

        async def seller_context():
            return seller

        with_cookies = await check_keywords(
            mgr,
            store.search_url,
            ["smart watch"],
            2,
            OwnMatcher(company_id=store.company_id),
            1,
            context_factory=seller_context,
            search_cls=AlibabaSearch,
        )
        clean = await check_keywords(
            mgr,
            store.search_url,
            ["smart watch"],
            2,
            OwnMatcher(company_id=store.company_id),
            1,
            search_cls=AlibabaSearch,
        )
        await seller.close()
    truth = expected(sandbox, "smart watch", 2)
    assert sorted(as_tuples(clean)) == sorted(truth)
    assert sorted(as_tuples(with_cookies)) != sorted(truth)
    best = lambda res: min(p.rank for p in res[0].placements)  # noqa: E731
    assert best(with_cookies) < best(clean)  # the seller sees their own products flattered


async def test_history_alerts_and_chart(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, rank_drop_alert=3)
    store = s.stores[0]
    db = Database(s.db_url)
    first_two = [t for t in expected(sb, "power bank", 3) if t[6] == "organic"][:2]
    async with BrowserManager(s) as mgr:
        first = await collect(s, store, mgr, db.sql, ["power bank"], 3)
        sb.set("product", first_two[0][1], "quality_score", 0.5)  # a colleague's edit ruins one product
        sb.set("product", first_two[1][1], "display", "off")  # another goes off the shelf
        db.sql.insert(
            "metric_product",
            [
                {
                    "store": "shop",
                    "date": date(2026, 12, 1),
                    "period": 1,
                    "product_id": pid,
                    "title": "Product list title",
                }
                for pid in (first_two[0][1], first_two[1][1])
            ],
        )
        second = await collect(s, store, mgr, db.sql, ["power bank"], 3)
    assert first["alerts"] == []
    alerts = {(a["product_id"], a["alert"]) for a in second["alerts"]}
    assert (first_two[1][1], "fell_off") in alerts
    assert any(pid == first_two[0][1] for pid, _ in alerts)
    # alerts name the product as people do: from the check, else (fell off) from the store's product list
    seen = {p["product_id"]: p["title"] for p in second["results"] if p["title"]}
    for a in second["alerts"]:
        assert a["title"] == seen.get(a["product_id"], "Product list title"), a
    svg = Path(second["chart"]).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>") and "power bank" in svg
    lines = svg.count('class="rank-line"')
    assert 1 <= lines <= 8 and svg.count("<circle") >= lines + 1  # two checks: a line has two points
    hist = db.frame(__import__("agent.storage.models", fromlist=["x"]).rank_snapshots, store="shop")
    assert hist["taken_at"].nunique() == 2


async def test_rankings_routine_uses_tracked_and_p4p_keywords(fresh_sandbox, tmp_path):
    s = agent_settings(fresh_sandbox, tmp_path, tracked_keywords=["led strip light"], rank_pages=2)
    res = await run_agent(s, "rankings")
    assert res.status == "ok", res.error
    p4p = {k["keyword"] for k in fresh_sandbox.state()["p4p_keywords"]}
    assert res.counts["keywords"] == len(p4p | {"led strip light"})
    assert res.counts["double_ranking"] >= 1 and res.details["chart"]


def test_rank_prints_a_table_of_best_ranks_with_the_change_since_last_time(fresh_sandbox, tmp_path):
    from .conftest import config_toml
    from .test_agent_config import agent

    sb = fresh_sandbox
    cfg = config_toml(sb)
    env = {"SHOP_PASSWORD": sb.password}
    args = [
        "rank",
        "--keyword",
        "power bank",
        "--keyword",
        "bluetooth speaker",
        "--keyword",
        "zzz nothing",
        "--keyword",
        "Bluetooth  Speaker",  # the same keyword to a buyer's search: checked once
        "--keyword",
        "蓝牙音箱",  # a Chinese keyword: its columns still line up
        "--pages",
        "2",
    ]
    first = agent(tmp_path, *args, env=env, config=cfg)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].split() == ["关键词", "自然", "付费", "变化", "产品"]
    assert "共 4 个关键词：2 个有自然排名" in first.stdout and "2 个在前 2 页未找到" in first.stdout
    from rich.cells import cell_len

    edge = cell_len(lines[0][: lines[0].index("自然") + 2])
    for kw in ("power bank", "bluetooth speaker", "zzz nothing", "蓝牙音箱"):
        row = next(ln for ln in lines if ln.startswith(kw))
        rest = row[len(kw) :]
        token = rest.split()[0]
        assert cell_len(row[: len(kw) + rest.index(token) + len(token)]) == edge, (kw, lines)  # in terminal cells
    truth = [s for s in sb.search_truth("power bank", 1) if s["company_id"] == sb.state()["company_id"]]
    best_org = (
        next(
            i
            for i, s in enumerate([x for x in sb.search_truth("power bank", 1) if x["kind"] == "organic"], start=1)
            if s["company_id"] == sb.state()["company_id"]
        )
        if truth
        else None
    )
    row = next(ln for ln in lines if ln.startswith("power bank"))
    assert row.split()[2] == str(best_org)
    assert lines.index(next(ln for ln in lines if ln.startswith("zzz nothing"))) >= 3  # not found: last
    target = next(p for p in sb.state()["products"] if p["title"] in row)
    sb.set("product", target["id"], "quality_score", 0.5)  # a colleague spoils it
    second = agent(tmp_path, *args, env=env, config=cfg)
    assert second.returncode == 0, second.stderr[-800:]
    row2 = next(ln for ln in second.stdout.splitlines() if ln.startswith("power bank"))
    assert "↓" in row2 or "↑" in row2 or row2.split()[2] != row.split()[2], (row, row2)
    # a later run on a current database starts light: plain SQL and plain HTTP, no browser and no driver
    script = (
        "import runpy, sys\nsys.argv = ['agent', *sys.argv[1:]]\ncode = 0\n"
        "try:\n    runpy.run_module('agent', run_name='__main__')\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'playwright', 'pandas', "
        "'matplotlib', 'openpyxl'}))"
    )
    e = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    e.update(
        {
            "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
            "AGENT_DATA_DIR": str(tmp_path / "data"),
            "AGENT_STATE_DIR": str(tmp_path / "state"),
            **env,
        }
    )
    r = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=tmp_path, env=e, capture_output=True, text=True, timeout=120
    )
    assert r.stdout.strip().splitlines()[-1] == "0 []", r.stdout[-400:] + r.stderr[-800:]

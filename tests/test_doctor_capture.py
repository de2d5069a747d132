"""Real-store readiness: `doctor` says screen by screen what works; `capture` keeps each screen's
own answers with secrets and personal fields replaced, and the sandbox serves such a file so a real
store's shapes become a test."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from agent._time import aware
from agent.runtime.browser import BrowserManager
from agent.sites.alibaba.pages.products import ProductManager

from .conftest import agent_settings, config_toml, driver
from .test_agent_config import agent

SCREENS = 24  # every screen an Alibaba.com store's routines open


def test_doctor_prints_a_table_of_every_screen(make_sandbox, tmp_path):
    sb = make_sandbox(products=120, seed=4)
    r = agent(tmp_path, "doctor", env={"SHOP_PASSWORD": sb.password}, config=config_toml(sb))
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[1].split(" | ") == ["  页面", "地址", "自身调用", "解析", "行数", "缺少"]
    rows = {ln.split(" | ")[0].strip(): ln.split(" | ") for ln in lines[2:] if " | " in ln}
    assert len(rows) == SCREENS
    assert all(cells[2] == "见到" and cells[3] == "成功" for cells in rows.values()), r.stdout
    st = sb.state()
    assert not [k for k in rows if re.match(r"^[A-Za-z_]+$", k)], rows  # screens as the site names them
    assert int(rows["管理产品"][4]) == 50 and "#/product/all/1-50" in rows["管理产品"][1]
    assert int(rows["询盘列表"][4]) == 20 and int(rows["RFQ 商机"][4]) == 20
    assert int(rows["订单管理"][4]) == 20 and int(rows["数据管家 · 流量来源"][4]) == 6  # the six traffic sources
    assert st["writes"] == []  # read-only
    # `runs` lists it at the store's time (Asia/Shanghai), not the stored UTC
    started = json.loads(agent(tmp_path, "runs", "--json").stdout)["runs"][0]["started_at"]
    local = aware(datetime.fromisoformat(started.replace("Z", "+00:00"))).astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{local:%Y-%m-%d %H:%M:%S} shop doctor" in agent(tmp_path, "runs").stdout


def test_doctor_reads_every_screen_in_the_older_form_too(make_sandbox, tmp_path):
    """The sandbox answering every screen REAL_SITE.md shows twice in its older form: doctor still sees
    and parses each (the page objects read both forms)."""
    sb = make_sandbox(products=60, seed=4, extra=("--dialect=older",))
    r = agent(tmp_path, "doctor", "--json", env={"SHOP_PASSWORD": sb.password}, config=config_toml(sb))
    assert r.returncode == 0, r.stdout + r.stderr
    screens = json.loads(r.stdout)["results"][0]["details"]["screens"]
    assert len(screens) == SCREENS and all(s["seen"] and s["parsed"] for s in screens), screens
    assert next(s for s in screens if s["screen"] == "orders")["rows"] == 20


def test_doctor_names_what_is_missing_and_exits_1(make_sandbox, tmp_path):
    sb = make_sandbox(products=60, seed=4)
    sb.configure(variant={"screen": "orders", "on": True})  # a redesigned screen
    r = agent(tmp_path, "doctor", "--json", env={"SHOP_PASSWORD": sb.password}, config=config_toml(sb))
    assert r.returncode == 1, r.stdout + r.stderr
    screens = {s["screen"]: s for s in json.loads(r.stdout)["results"][0]["details"]["screens"]}
    assert screens["orders"]["seen"] is False and screens["orders"]["parsed"] is False
    assert "/order/ajax/list.json" in screens["orders"]["missing"]
    assert all(s["parsed"] for k, s in screens.items() if k != "orders")


def test_capture_replaces_secrets_and_names_and_the_sandbox_serves_it(make_sandbox, tmp_path):
    sb = make_sandbox(products=120, seed=4)
    r = agent(tmp_path, "capture", "--json", env={"SHOP_PASSWORD": sb.password}, config=config_toml(sb))
    assert r.returncode == 0, r.stdout + r.stderr
    path = Path(json.loads(r.stdout)["results"][0]["details"]["capture"])
    text = path.read_text()
    doc = json.loads(text)
    assert doc["format"] == "storeagent-capture/2" and len(doc["screens"]) == SCREENS
    st = sb.state()
    secrets = [x[k] for x in st["sessions"] for k in ("csrf", "ctoken", "tb_token", "sid")] + [sb.password]
    assert not [s for s in secrets if s in text]
    names = {m["buyer"] for m in st["inquiries"]} | {p["title"] for p in st["products"]}
    assert not [n for n in names if n.strip() and n in text]
    answer = doc["screens"]["inquiries"]["calls"]["ajax/feedback/subjectList.htm"][0]["answer"]
    assert answer["data"]["pagination"]["totalCount"] == len(st["inquiries"])
    # a screen that pages: an answer for each of its first pages, with what the page asked for it
    pages = doc["screens"]["products"]["calls"]["managementproducts/asyQueryProductsList.do"]
    total = pages[0]["answer"]["count"]
    assert 50 < total <= 150 and [len(pg["answer"]["products"]) for pg in pages] == [50, total - 50]
    assert [pg["query"]["page"] for pg in pages] == ["1", "2"] and pages[0]["query"]["_tb_token_"].strip("x") == ""
    ids = [r["id"] for pg in pages for r in pg["answer"]["products"]]
    assert len(set(ids)) == total and not set(ids) & {p["id"] for p in st["products"]}  # ids replaced, each its own
    # a page that renders its own data: an inquiry's detail (one already read: opening marks it read)
    thread = doc["screens"]["inquiry_detail"]["page_data"]
    opened = next(m for m in st["inquiries"] if m["received"] == thread["received"])
    assert len(thread["messages"]) == 1 + len(opened["replies"]) and thread["messages"][0]["side"] == "buyer"
    assert opened["message"] not in text and opened["buyer"] not in text
    unread = [m["id"] for m in st["inquiries"] if not m["replied"] and not m.get("read_at")]
    assert unread and unread == [m["id"] for m in sb.state()["inquiries"] if not m["replied"] and not m.get("read_at")]
    # the capture served by a sandbox: the page objects read a real store's shapes
    served = make_sandbox(products=30, seed=9, extra=[f"--capture={path}"])
    (tmp_path / "again").mkdir()
    r2 = agent(
        tmp_path / "again", "doctor", "--json", env={"SHOP_PASSWORD": served.password}, config=config_toml(served)
    )
    assert r2.returncode == 0, r2.stdout + r2.stderr
    screens = {s["screen"]: s for s in json.loads(r2.stdout)["results"][0]["details"]["screens"]}
    assert screens["products"]["rows"] == 50  # the captured 50, though this sandbox has 30 products
    assert screens["inquiry_detail"]["parsed"] and screens["inquiry_detail"]["rows"] == len(thread["messages"])
    # each page of a paging screen answered with its own captured page: the agent pages through all of them
    assert sorted(p.id for p in asyncio.run(_products(served, tmp_path / "again"))) == sorted(map(str, ids))
    # the RFQ market renders its own data (window.PAGE_DATA): captured, scrubbed and served as the page
    rfq = doc["screens"]["rfq"]["page_data"]
    assert len(rfq["rows"]) == 20 and not [r for r in rfq["rows"] if r["subject"] in {x["title"] for x in st["rfqs"]}]
    import httpx

    with httpx.Client(base_url=served.url) as c:
        c.post("/newlogin/login.do", data={"loginId": served.username, "password": served.password})
        page = c.get("/rfq/rfq_search_list.htm").text
    assert all(json.dumps(r["subject"], ensure_ascii=False) in page for r in rfq["rows"])
    assert screens["rfq"]["rows"] == 20 and screens["rfq"]["seen"] and screens["rfq"]["parsed"]


async def _products(sb, tmp_path):
    s = agent_settings(sb, tmp_path)
    async with BrowserManager(s) as mgr:
        return await ProductManager(driver(s, mgr)).list()


def test_a_file_that_is_not_a_capture_is_refused_with_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    listed = tmp_path / "listed.json"  # calls as a list, not a table
    listed.write_text(json.dumps({"format": "storeagent-capture/2", "screens": {"p4p": {"calls": ["x"]}}}))
    deep = tmp_path / "deep.json"  # JSON nested past any parser's patience
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for arg in (f"--capture={bad}", f"--capture={tmp_path / 'none.json'}", f"--capture={listed}", f"--capture={deep}"):
        r = subprocess.run(
            [sys.executable, "-m", "sandbox", "serve", "--port=0", arg], capture_output=True, text=True, timeout=60
        )
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "capture" in r.stderr, r.stderr


def test_doctor_for_a_store_not_configured_is_one_line_exit_2(make_sandbox, tmp_path):
    sb = make_sandbox(products=20, seed=4)
    r = agent(tmp_path, "doctor", "--store", "nosuch", env={"SHOP_PASSWORD": sb.password}, config=config_toml(sb))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "nosuch" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""

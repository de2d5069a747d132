"""Bad days: rank checks keep what they read (a 503 read again, a keyword that cannot be read named
while the others are stored, the site's challenge in every style pausing the checks for a person);
odd values from the site leave out only the suggestions that would write them; a list that moved
while paging keeps each row once."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.errors import NeedsHuman
from agent.routines.rankings import collect
from agent.runtime.browser import BrowserManager
from agent.storage import Database

from .conftest import agent_settings, run_agent

KEYWORDS = ["power bank", "usb cable", "smart watch", "phone case", "wall charger"]


async def test_on_the_flaky_profile_every_check_is_stored(make_sandbox, tmp_path):
    sb = make_sandbox(products=120, seed=5, faults="flaky")
    s = agent_settings(sb, tmp_path)
    db = Database(s.db_url)
    async with BrowserManager(s) as mgr:
        outs = [await collect(s, s.stores[0], mgr, db.sql, KEYWORDS[:4], 2) for _ in range(3)]
    assert all(not o["failed"] and o["stop"] is None for o in outs), [o["failed"] for o in outs]
    rows = db.sql.rows("select count(distinct taken_at) as n from rank_snapshots where store = 'shop'")
    assert rows[0].n == 3  # each check kept (before: 0 rows in 12 runs)
    assert sb.request_count() > 0


@pytest.mark.parametrize("style", ["redirect", "meta", "429"])
async def test_a_challenge_in_any_style_pauses_rank_checks_for_a_person(fresh_sandbox, tmp_path, style):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, concurrency=1)
    db = Database(s.db_url)
    sb.configure(punish_style=style)
    sb.challenge(seconds=120)
    async with BrowserManager(s) as mgr:
        out = await collect(s, s.stores[0], mgr, db.sql, KEYWORDS[:2], 2)
    assert isinstance(out["stop"], NeedsHuman), out["failed"]
    assert {f["keyword"] for f in out["failed"]} == set(KEYWORDS[:2])
    assert "Execution context" not in str(out["failed"]) and "not found" not in str(out["failed"])
    sb.challenge(clear=True)


async def test_a_keyword_that_cannot_be_read_is_named_and_the_rest_are_stored(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, tracked_keywords=["power bank", "usb cable"], rank_pages=2)
    sb.configure(broken={"path": "SearchText=usb+cable", "mode": "structure"})  # one keyword's pages changed
    res = await run_agent(s, "rankings")
    assert res.status == "partial", res.error
    assert any("usb cable" in f["screen"] for f in res.details["unread"]) if "unread" in res.details else True
    assert "usb cable" in res.error
    db = Database(s.db_url)
    kws = {r.keyword for r in db.sql.rows("select distinct keyword from rank_snapshots where store = 'shop'")}
    assert "power bank" in kws and "usb cable" not in kws


async def test_odd_values_from_the_site_leave_out_only_the_suggestions_that_would_write_them(fresh_sandbox, tmp_path):
    """Titles holding '<' or a control character: diagnose goes on; only a title edit that would write
    such a title is left out (said in a finding); everything else is queued."""
    from agent.queue.store import Queue

    sb = fresh_sandbox
    for p in sb.state()["products"]:
        sb.set("product", p["id"], "title", p["title"].replace(" ", " <b>", 1) + "\x07")
    s = agent_settings(sb, tmp_path)
    res = await run_agent(s, "diagnose")
    assert res.status == "ok", res.error
    q = Queue(Database(s.db_url))
    kinds = {r.kind for r in q.list("proposed")}
    assert "edit_title" not in kinds and {"inquiry_reply", "set_bid"} <= kinds
    said = [f for f in res.details["report"]["findings"] if f["rule"] == "values_refused"]
    assert any("修改标题" in f["message"] and "产品名称" in f["message"] for f in said)  # the site's words
    assert all("control characters" in f["message_en"] or "<" in f["message_en"] for f in said)


def test_a_list_that_moved_while_paging_keeps_each_row_once():
    from agent.pages._base import unique_rows
    from agent.sites.alibaba.pages.inquiries import Inquiry

    def row(i: str) -> Inquiry:
        return Inquiry(
            id=i, buyer="b", country="US", product_title="p", received="2026-11-20T10:00:00", replied=False, owner="o"
        )

    got = unique_rows("InquiryList", [row("1"), row("2"), row("2"), row("3")])
    assert [r.id for r in got] == ["1", "2", "3"]


def test_a_title_takes_no_line_break_and_no_text_that_reads_backwards():
    import pytest

    from agent.edits import edit_for
    from agent.errors import InvalidValue

    title = edit_for("edit_title").of("1", {"title": "Power Bank"}, {"title": "Power Bank 20000mah", "keywords": []})
    with pytest.raises(InvalidValue) as e:
        title.with_value("Power Bank\n20000mah")
    assert e.value.zh == "不能换行"
    with pytest.raises(InvalidValue) as e:
        title.with_value("Power Bank \u202ehamm00002")
    assert "含有非法字符" in (e.value.zh or "")
    reply = edit_for("inquiry_reply").of("9", {"replied": False}, {"text": "Dear Sofia,\n\nThanks"})
    assert reply.with_value("Dear Sofia,\n\n谢谢").value.text == "Dear Sofia,\n\n谢谢"  # a reply keeps its lines


def test_a_full_disk_under_the_log_is_quiet_not_pages_of_logging_errors(tmp_path):
    """The log file on a full disk (/dev/full answers every write with ENOSPC): what logs goes on and
    prints its own lines only — no "Logging error in Loguru Handler" tracebacks."""
    import os
    import subprocess
    import sys

    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True)
    os.symlink("/dev/full", logs / "agent.jsonl")
    code = (
        "from pathlib import Path\n"
        "from loguru import logger\n"
        "from agent import _logging\n"
        f"_logging.setup(Path({str(tmp_path / 'data')!r}))\n"
        "for i in range(50):\n"
        "    logger.info('line {}', i)\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logger.exception('a failure')\n"
    )
    root = str(Path(__file__).resolve().parents[1])
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=root)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Logging error" not in r.stderr and "Traceback" not in r.stderr, r.stderr[-2000:]
    assert r.stderr.count("line ") == 50  # the console still has every line


def test_a_link_out_of_the_data_folder_is_refused_and_old_files_made_private(tmp_path):
    import os
    import stat

    from .test_agent_config import GOOD_STORE, agent

    data = tmp_path / "data"
    (data / "reports").mkdir(parents=True)
    old = data / "reports" / "old.html"
    old.write_text("x")
    os.chmod(old, 0o644)
    os.chmod(data / "reports", 0o755)
    r = agent(tmp_path, "queue", "list", env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(old.stat().st_mode) == 0o600 and stat.S_IMODE((data / "reports").stat().st_mode) == 0o700
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, data / "captures")
    r = agent(tmp_path, "queue", "list", env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "outside the data folder" in r.stderr
    assert list(outside.iterdir()) == []


async def test_an_approval_is_bound_to_the_value_approved_not_only_its_version(fresh_sandbox, tmp_path):
    """A value changed in the database after the approval, without a new version: never written."""
    from sqlalchemy import update

    from agent.app import App
    from agent.diagnosis.model import Suggestion
    from agent.queue.store import Queue
    from agent.storage import models as m

    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    q = Queue(Database(s.db_url))
    k = sorted(sb.state()["p4p_keywords"], key=lambda k: k["id"])[0]
    bid = round(max(k["base_price"], k["bid"]) + 0.3, 1)
    [sid] = q.propose(
        "shop",
        [
            Suggestion.make(
                kind="set_bid",
                target=str(k["id"]),
                rationale="t",
                evidence={},
                precondition={"bid": k["bid"], "keyword": k["keyword"]},
                value={"bid": bid, "base_price": k["base_price"]},
            )
        ],
    )
    q.approve([sid], "王经理")
    with q.db.engine.begin() as c:  # someone with the database file, not the review page
        c.execute(
            update(m.suggestions)
            .where(m.suggestions.c.id == sid)
            .values(value={"bid": 99.0, "base_price": k["base_price"]})
        )
    [r] = await App(s).apply("shop", actor="tester")
    assert sb.state()["writes"] == [] and q.get(sid).state == "conflict"
    assert any("not the one approved" in (a["note"] or "") for a in q.audit_for(sid))


def test_an_empty_database_file_is_refused_not_silently_started_afresh(tmp_path):
    from .test_agent_config import GOOD_STORE, agent

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "agent.db").write_bytes(b"")
    r = agent(tmp_path, "queue", "list", env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "is empty (0 bytes)" in r.stderr and (tmp_path / "data" / "agent.db").stat().st_size == 0


@pytest.mark.parametrize("style", ["redirect", "meta", "429"])
async def test_a_challenge_on_1688s_buyer_pages_pauses_rank_checks_too(make_sandbox, tmp_path, style):
    from .conftest import cbu_settings

    sb = make_sandbox(products=20, seed=2, offers=20)
    s = cbu_settings(sb, tmp_path, concurrency=1)
    sb.configure(punish_style=style)
    sb.challenge(seconds=120)
    async with BrowserManager(s) as mgr:
        out = await collect(s, s.stores[0], mgr, Database(s.db_url).sql, ["蓝牙音箱"], 1)
    assert isinstance(out["stop"], NeedsHuman), out["failed"]

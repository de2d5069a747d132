"""The queue through the CLI and the review page: kill -9 during apply, step-through driven through
the terminal, the web page in real Chromium, and bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from agent.queue.store import Queue
from agent.storage import Database

from .conftest import agent_settings, config_toml, review_page, run_agent
from .test_agent_config import GOOD_STORE, ROOT, agent


def _env(tmp_path, sb) -> dict:
    return {"SHOP_PASSWORD": sb.password}


async def _diagnosed(sb, tmp_path):
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb))
    s = agent_settings(sb, tmp_path)
    await run_agent(s, "diagnose")
    return Queue(Database(s.db_url))


def _spawn(tmp_path, sb, *args, stdin=None, env=None):
    e = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    e.update(
        {
            "PYTHONPATH": str(ROOT),
            "AGENT_DATA_DIR": str(tmp_path / "data"),
            "AGENT_STATE_DIR": str(tmp_path / "state"),
            "SHOP_PASSWORD": sb.password,
            **(env or {}),
        }
    )
    return subprocess.Popen(
        [sys.executable, "-m", "agent", *args],
        cwd=tmp_path,
        env=e,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_kill_9_during_apply_then_rerun_leaves_no_duplicate_write(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    q = await _diagnosed(sb, tmp_path)
    ids = [r.id for r in q.list("proposed") if r.kind in ("inquiry_reply", "activity_signup", "delete_product")][:10]
    q.approve(ids, "tester")
    proc = _spawn(tmp_path, sb, "queue", "apply", "--json")
    deadline = time.monotonic() + 120
    while len(sb.state()["writes"]) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    written = len(sb.state()["writes"])
    assert 3 <= written < len(ids), "the kill should land in the middle of the apply run"
    rerun = agent(tmp_path, "queue", "apply", "--json", env=_env(tmp_path, sb))
    assert rerun.returncode == 0, rerun.stderr
    writes = sb.state()["writes"]
    assert len(writes) == len(ids)
    assert len({(w["action"], w["target"]) for w in writes}) == len(ids)  # each edit written exactly once
    assert {q.get(i).state for i in ids} == {"applied"}


async def test_step_through_skips_and_stops_as_told(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb))
    before = sb.state()["activity_score"]
    # keepalive asks before home, 数据管家, RFQ and P4P: do, skip, do, stop
    p = _spawn(tmp_path, sb, "run", "keepalive", "--step", "--json", stdin=subprocess.PIPE)
    out, err = p.communicate("\ns\n\nq\n", timeout=120)
    res = json.loads(out)
    assert p.returncode == 4 and res["status"] == "stopped", err
    assert res["counts"]["pages_visited"] == 1 and res["counts"]["skipped"] == 1
    assert err.count("Enter = do it, s = skip, c = continue without asking, q = stop") == 4
    assert "screenshot:" in err
    visits = sb.state()["activity_visits"]
    assert sorted(next(iter(visits.values()))) == ["rfq"]  # 数据管家 skipped, P4P never opened
    assert sb.state()["activity_score"] == before + 5

    # queue apply asks once per edit, with its number and before → after: skip and keep one, skip and drop the other
    q = Queue(Database(f"sqlite:///{tmp_path / 'data' / 'agent.db'}"))
    s = agent_settings(sb, tmp_path)
    await run_agent(s, "diagnose")
    acts = [r for r in q.list("proposed") if r.kind == "activity_signup"][:2]
    assert len(acts) == 2
    q.approve([a.id for a in acts], "tester")
    p = _spawn(tmp_path, sb, "queue", "apply", "--step", "--json", stdin=subprocess.PIPE)
    out, err = p.communicate("s\n\ns\nn\n", timeout=120)
    assert json.loads(out)["results"][0]["counts"] == {"skipped": 1, "rejected": 1}, err
    assert (
        f"修改 edit：#{acts[0].id} 活动「" in err and "未报名 → 报名" in err and f"keep #{acts[1].id} approved" in err
    )
    assert q.get(acts[0].id).state == "approved" and q.get(acts[1].id).state == "rejected"
    assert sb.state()["writes"] == []
    p = _spawn(tmp_path, sb, "queue", "apply", "--step", "--json", stdin=subprocess.PIPE)
    out, err = p.communicate("\n", timeout=120)
    assert err.count("Enter = do it") == 1  # one question for the whole edit: screens, login and write
    assert json.loads(out)["results"][0]["counts"]["applied"] == 1
    assert len(sb.state()["writes"]) == 1


async def test_review_page_approves_in_chromium_and_refuses_without_token(fresh_sandbox, tmp_path, browser):
    sb = fresh_sandbox
    q = await _diagnosed(sb, tmp_path)
    target = next(r for r in q.list("proposed") if r.kind == "set_bid")
    token = "t0ken-for-the-review-page-123"
    with review_page(tmp_path, {"AGENT_UI_TOKEN": token, "SHOP_PASSWORD": sb.password}) as base:
        ctx = await browser.new_context()
        page = await ctx.new_page()
        r = await page.goto(base + "/")
        assert r.status == 403  # no token
        await page.goto(f"{base}/?token={token}")
        assert "token" not in page.url  # the token is swapped for a session cookie
        await page.fill("input[name=name]", "王小明")  # who approves, once per session
        await page.click("text=继续")
        await page.goto(f"{base}/?kind=set_bid")
        row = page.locator(f"tr.suggestion[data-id='{target.id}']")
        assert target.rationale[:20] in await row.inner_text()
        await row.locator("input.pick").check()
        await page.click("button.approve")
        await page.wait_for_selector(".msg")
        assert f"已批准 #{target.id}" in await page.inner_text(".msg")
        assert q.get(target.id).state == "approved"
        assert q.get(target.id).approved_by == "王小明@ui"
        # a form post without the CSRF token is refused, even with the session cookie
        other = next(r for r in q.list("proposed"))
        resp = await page.request.post(base + "/decide", form={"action": "approve", "ids": str(other.id)})
        assert resp.status == 403
        assert q.get(other.id).state == "proposed"
        # and without any token or cookie
        assert httpx.post(base + "/decide", data={"action": "approve", "ids": other.id}).status_code == 403
        await ctx.close()


QUEUE_BAD = [
    (["queue", "approve", "999"], "no suggestion #999"),
    (["queue", "approve", "x"], "is not ID or ID@VERSION"),
    (["queue", "approve", "9" * 30], "a suggestion number is 1 to"),
    (["queue", "reject", "9" * 30], "is not a suggestion number"),
    (["queue", "list", "--state", "done"], "--state must be one of"),
    (["queue", "list", "--sort", "size"], "invalid choice: 'size'"),
    (["queue", "edit", "1", "--value", "abc"], "must be a number"),
    (["queue", "edit", "1", "--value", "0.05"], "multiple of 0.1"),
    (["ui", "--port", "70000"], "--port must be between"),
    (["ui", "--token-file", "no-such-file"], "cannot read it"),
    (["ui", "--host", "0.0.0.0"], "--allow-remote"),
    (["ui", "--allow-remote"], "needs --tls-cert and --tls-key"),
    (["ui", "--allow-remote", "--tls-cert", "no.pem", "--tls-key", "no.pem"], "--tls-cert no.pem: no such file"),
    (["queue", "apply", "--wait", "-1"], "--wait must be between 0 and 86400"),
    (["queue", "retry", "1"], "only failed ones can be retried"),
    (["ui", "--host", "no such host!"], "is not an address"),
    (["demo", "--port", "70000"], "--port must be between"),
    (["run", "keepalive", "--step", "--json", "--store", "nope"], "no such store"),
]


@pytest.mark.parametrize("args,expect", QUEUE_BAD, ids=[" ".join(a) for a, _ in QUEUE_BAD])
def test_queue_bad_input(tmp_path, args, expect):
    from agent.diagnosis.model import Suggestion

    q = Queue(Database(f"sqlite:///{tmp_path / 'data' / 'agent.db'}"))
    [sid] = q.propose(
        "shop",
        [
            Suggestion.make(
                kind="set_bid",
                target="3000",
                rationale="test",
                evidence={},
                precondition={"bid": 1.5, "keyword": "power bank"},
                value={"bid": 1.2, "base_price": 0.9},
            )
        ],
    )
    args = [a if a != "1" else str(sid) for a in args]
    before = [(r.id, r.state, r.value.model_dump_json()) for r in q.list()]
    r = agent(tmp_path, *args, env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and expect in r.stderr, r.stderr
    assert [(x.id, x.state, x.value.model_dump_json()) for x in q.list()] == before  # nothing changed

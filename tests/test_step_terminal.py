"""Step-through as a person at a terminal uses it (a real pseudo-terminal, pexpect): `s` skips that
step and the routine goes on to its end; `q` stops cleanly and leaves no edit `applying`; the prompt
names screens and edits as people do, never by class names, and shows a reply's whole text."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pexpect

from agent.queue.store import Queue
from agent.storage import Database

from .conftest import agent_settings, config_toml, run_agent

ROOT = Path(__file__).resolve().parents[1]
PROMPT = r"q = stop\) > "


def _spawn(tmp_path, sb, *args) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    env.update(
        PYTHONPATH=str(ROOT),
        AGENT_DATA_DIR=str(tmp_path / "data"),
        AGENT_STATE_DIR=str(tmp_path / "state"),
        SHOP_PASSWORD=sb.password,
    )
    return pexpect.spawn(
        sys.executable, ["-m", "agent", *args], cwd=str(tmp_path), env=env, encoding="utf-8", timeout=90
    )


async def test_s_skips_one_screen_and_the_routine_goes_on_q_leaves_nothing_applying(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(config_toml(sb))

    t = _spawn(tmp_path, sb, "run", "metrics", "--step", "--json")
    t.expect(PROMPT)
    first = t.before
    assert "打开 open：数据管家" in first or "打开 open：" in first
    assert "DataOverview" not in first  # screens by the names people use
    t.sendline("s")
    answered = 1
    while t.expect([PROMPT, pexpect.EOF]) == 0:
        t.sendline("")  # Enter: do it
        answered += 1
    t.close()
    start = t.before.index('{"')  # the result (--json); the terminal also shows the log
    res, _ = json.JSONDecoder().raw_decode(t.before[start:])
    assert t.exitstatus == 0 and res["status"] == "ok", res
    assert res["counts"]["skipped"] == 1 and answered >= 4
    assert res["counts"]["products"] == len([p for p in sb.state()["products"]])  # the screens after the skip were read

    # queue apply: q at the first edit stops cleanly; nothing is left 写入中 (applying), nothing written
    s = agent_settings(sb, tmp_path)
    await run_agent(s, "diagnose")
    q = Queue(Database(s.db_url))
    reply = next(r for r in q.list("proposed") if r.kind == "inquiry_reply")
    act = next(r for r in q.list("proposed") if r.kind == "activity_signup")
    q.approve([reply.id, act.id], "tester")
    t = _spawn(tmp_path, sb, "queue", "apply", "--step", "--json")
    t.expect(PROMPT)
    shown = t.before
    lines = reply.value.text.splitlines()
    assert all(line in shown for line in lines if line.strip())  # the whole reply, line by line
    t.sendline("q")
    t.expect(pexpect.EOF)
    t.close()
    assert t.exitstatus == 4
    assert q.list("applying") == [] and {q.get(i).state for i in (reply.id, act.id)} == {"approved"}
    assert sb.state()["writes"] == []

"""Infrastructure failures in one line: config mistakes never echo a secret, a locked database and a
full disk are one line and exit 5, transient faults during apply are retried with each edit written
once, the agent's files are private."""

from __future__ import annotations

import json

import pytest

from agent.queue.store import Queue
from agent.storage import Database

from .test_agent_config import GOOD_STORE, agent
from .test_queue_values import _bid, _queue

CONFIG_SECRETS = [
    (
        "password in the config",
        GOOD_STORE.replace('password_env = "SHOP_PASSWORD"', 'password = "hunter2-secret-value"'),
        "password_env",
    ),
    ("misspelt secret key", "pasword = 'hunter2-secret-value'\n" + GOOD_STORE, "pasword: unknown setting"),
    (
        "misspelt store secret",
        GOOD_STORE.replace('password_env = "SHOP_PASSWORD"', 'password_evn = "hunter2-secret-value"'),
        "password_evn: unknown setting",
    ),
    (
        "bad placeholder",
        GOOD_STORE.replace("SearchText={keyword}", "SearchText={keyword}&x={kw}"),
        "only the placeholders",
    ),
]


@pytest.mark.parametrize("name,config,expect", CONFIG_SECRETS, ids=[c[0] for c in CONFIG_SECRETS])
def test_config_mistakes_never_echo_a_secret(tmp_path, name, config, expect):
    r = agent(tmp_path, "run", "metrics", "--json", env={"SHOP_PASSWORD": "x"}, config=config)
    assert r.returncode == 2 and expect in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "hunter2" not in r.stderr + r.stdout


# ---- infrastructure failures, transient faults during apply ----------------------------------------------
def test_a_locked_database_is_one_line_and_exit_5(tmp_path):
    import sqlite3

    q = _queue(tmp_path)  # the database exists
    q.propose("shop", [_bid()])
    holder = sqlite3.connect(tmp_path / "data" / "agent.db")
    holder.execute("BEGIN EXCLUSIVE")  # another program holds it
    try:
        r = agent(tmp_path, "queue", "approve", "1", env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    finally:
        holder.rollback()
        holder.close()
    assert r.returncode == 5 and len(r.stderr.strip().splitlines()) == 1 and "database is locked" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and q.get(1).state == "proposed"


def test_a_full_disk_is_one_line_and_exit_5(tmp_path, monkeypatch, capsys):
    import errno

    from agent.app import App
    from agent.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text(GOOD_STORE)
    monkeypatch.setenv("AGENT_DATA_DIR", str(tmp_path / "data"))

    def full(self, limit=20):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "data" / "agent.db"))

    monkeypatch.setattr(App, "runs", full)
    assert main(["runs", "--json"]) == 5
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "the disk is full" in err and json.loads(out)["status"] == "failed"


async def test_transient_faults_during_apply_are_retried_and_each_edit_written_once(make_sandbox, tmp_path):
    from agent.queue.apply import apply_body
    from agent.runtime.browser import BrowserManager
    from agent.runtime.runner import run_routine

    from .conftest import agent_settings, run_agent

    sb = make_sandbox(products=120, seed=5, faults="flaky")
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "diagnose")).status == "ok"
    q = Queue(Database(s.db_url))
    ids = [
        r.id for r in q.list("proposed") if r.kind in ("set_bid", "inquiry_reply", "activity_signup", "delete_product")
    ][:16]
    q.approve(ids, "tester")
    async with BrowserManager(s) as mgr:
        res = await run_routine("apply", lambda run: apply_body(run, q, "tester", wait=5), s, s.stores[0], mgr, q.db)
    assert res.status == "ok", (res.error, res.counts)
    assert {q.get(i).state for i in ids} == {"applied"}
    writes = sb.state()["writes"]
    assert len(writes) == len(ids) == len({(w["action"], str(w["target"])) for w in writes})


def test_agent_files_are_private(tmp_path):
    q = _queue(tmp_path)
    q.propose("shop", [_bid()])
    r = agent(tmp_path, "queue", "list", env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    assert r.returncode == 0
    for p in (tmp_path / "data").rglob("*"):
        if p.name.startswith("agent.db"):
            continue  # created by the test itself, before the CLI ran (SQLite gives -wal and -shm the db file's mode)
        want = 0o700 if p.is_dir() else 0o600
        assert p.stat().st_mode & 0o777 == want, (p, oct(p.stat().st_mode & 0o777))

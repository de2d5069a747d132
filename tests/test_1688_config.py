"""A 1688 store's configuration, CLI and schedule: bad values are one line and exit 2; each site's
stores get that site's routines and timetable."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agent.routines import ROUTINES
from agent.scheduler import Runner, site_jobs
from agent.settings import Settings, StoreSettings

from .test_agent_config import GOOD_STORE, agent

TZ = ZoneInfo("Asia/Shanghai")
STORE_1688 = """
[[stores]]
name = "cbu"
site = "1688"
base_url = "http://127.0.0.1:9"
search_url = "http://127.0.0.1:9/selloffer/offer_search.htm?keywords={keyword}&beginPage={page}"
company_id = "b2b-2208123456"
username = "xingchen1688"
password_env = "SHOP_PASSWORD"
"""


@pytest.mark.parametrize(
    "name,args,config,expect",
    [
        ("unknown site", ["run", "metrics"], STORE_1688.replace('"1688"', '"taobao"'), "stores.0.site"),
        (
            "digits for a 1688 member",
            ["run", "metrics"],
            STORE_1688.replace("b2b-2208123456", "2208123456"),
            "stores.0.company_id: must be the member id, e.g. b2b-2208123456",
        ),
        (
            "a member id for alibaba.com",
            ["run", "metrics"],
            GOOD_STORE.replace("230000001", "b2b-2208123456"),
            "stores.0.company_id: must be the company id, digits",
        ),
        (
            "a 1688 routine for an alibaba.com store",
            ["run", "republish", "--store", "shop"],
            GOOD_STORE + STORE_1688,
            "routine 'republish' is only for 1688 stores and store 'shop' is not",
        ),
        (
            "an alibaba.com routine for a 1688 store",
            ["run", "zero_effect", "--store", "cbu"],
            GOOD_STORE + STORE_1688,
            "routine 'zero_effect' is only for Alibaba.com stores",
        ),
        ("pause a single edit", ["queue", "pause", "1"], GOOD_STORE, "no suggestion #1"),
    ],
)
def test_bad_1688_settings_and_commands_exit_2(tmp_path, name, args, config, expect):
    r = agent(tmp_path, *args, env={"SHOP_PASSWORD": "x"}, config=config)
    assert r.returncode == 2, (name, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and expect in lines[0] and "Traceback" not in r.stderr, (name, r.stderr)


def test_pausing_a_single_edit_is_refused_in_one_line(tmp_path):
    from agent.diagnosis.model import Suggestion
    from agent.queue.store import Queue
    from agent.storage import Database

    db = Database(f"sqlite:///{tmp_path / 'data' / 'agent.db'}")
    [sid] = Queue(db).propose(
        "shop",
        [
            Suggestion.make(
                kind="offer_title",
                target="600000104729",
                rationale="",
                evidence={},
                precondition={"title": "a"},
                value={"title": "b"},
            )
        ],
    )
    r = agent(tmp_path, "queue", "pause", str(sid), config=GOOD_STORE)
    assert r.returncode == 2 and "not a standing plan" in r.stderr and len(r.stderr.strip().splitlines()) == 1


async def test_each_site_runs_its_own_timetable():
    s = Settings(
        stores=[
            StoreSettings(
                name="shop",
                base_url="http://x",
                search_url="http://x/{keyword}/{page}",
                company_id="230000001",
                username="u",
            ),
            StoreSettings(
                name="cbu",
                site="1688",
                base_url="http://x",
                search_url="http://x/{keyword}/{page}",
                company_id="b2b-2208123456",
                username="u",
            ),
        ],
        schedule={"republish": ["0 9,13 * * *"], "metrics": ["0 8 * * *"]},
    )
    jobs = site_jobs(s, set(ROUTINES))
    by = {(j.key, j.site): j.stores for j in jobs}
    assert by[("republish", "1688")] == ["cbu"] and ("republish", "alibaba") not in by
    assert by[("zero_effect", "alibaba")] == ["shop"] and ("zero_effect", "1688") not in by
    assert by[("metrics", "alibaba")] == ["shop"] and by[("metrics", "1688")] == ["cbu"]
    fired = []

    async def record(key, store):
        fired.append((key, store, clock[0].strftime("%H:%M")))
        return "ok"

    runner, clock = Runner(record, ["shop", "cbu"]), [datetime(2026, 11, 30, 7, 0, tzinfo=TZ)]
    from datetime import timedelta

    while clock[0] < datetime(2026, 11, 30, 18, 0, tzinfo=TZ):
        for job, at in runner.due(jobs, clock[0]):
            runner.fire(job.key, at, job.stores)
        await runner.drain()
        clock[0] += timedelta(minutes=5)
    got = Counter((k, st) for k, st, _ in fired)
    assert got[("republish", "cbu")] == 2 and got[("republish", "shop")] == 0  # the config's override: 09:00, 13:00
    assert {t for k, st, t in fired if k == "metrics"} == {"08:00"}  # one override for both sites
    assert (
        got[("wxb_review", "cbu")] == 2 and got[("p4p_review", "shop")] == 2
    )  # 09:00, 14:00 / 09:00, 15:00 before 18:00
    assert got[("zero_effect", "cbu")] == 0 and got[("p4p_review", "cbu")] == 0


def test_the_1688_default_timetable_follows_seed_003():
    from agent.sites import get

    sched = get("1688").schedule
    assert sched["republish"] == ["30 8,11,14,16 * * *"]  # 08:30, 11:30, 14:30, 16:30
    assert "republish" in get("1688").routines and "republish" not in get("alibaba").routines


def test_config_before_the_command_and_a_bad_kind_filter(tmp_path):
    (tmp_path / "elsewhere.toml").write_text(GOOD_STORE)
    r = agent(tmp_path, "--config", "elsewhere.toml", "queue", "list")
    assert r.returncode == 0 and r.stdout.strip().endswith("0 suggestions"), r.stderr
    r = agent(tmp_path, "queue", "list", "--kind", "dance", config=GOOD_STORE)
    assert r.returncode == 2 and "--kind must be one of" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_an_unreachable_site_is_one_line_and_failed_under_json(tmp_path):
    import json
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    cfg = "nav_timeout = 5\nretry_backoff = 0.02\n" + GOOD_STORE.replace("127.0.0.1:9", f"127.0.0.1:{port}")
    r = agent(tmp_path, "run", "keepalive", env={"SHOP_PASSWORD": "x"}, config=cfg)
    assert r.returncode == 1 and "Traceback" not in r.stdout + r.stderr
    line, *rest = r.stdout.strip().splitlines()
    assert line.startswith("shop · 保持活跃：失败——") and "cannot reach the site" in line and "Call log" not in line
    assert len(rest) <= 1 and "Call log" not in r.stdout  # then what it counted, in one line
    j = agent(tmp_path, "run", "keepalive", "--json", env={"SHOP_PASSWORD": "x"}, config=cfg)
    out = json.loads(j.stdout.strip().splitlines()[-1])
    assert out["status"] == "failed" and "cannot reach the site" in out["error"]

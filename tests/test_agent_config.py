"""Bad settings and options: one clear line, exit code 2, no traceback, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD_STORE = """
[[stores]]
name = "shop"
base_url = "http://127.0.0.1:9"
search_url = "http://127.0.0.1:9/trade/search?SearchText={keyword}&page={page}"
company_id = "230000001"
username = "me@example.com"
password_env = "SHOP_PASSWORD"
"""


def agent(tmp_path, *args, env=None, config: str | None = None):
    e = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_")}
    e.update(
        {"PYTHONPATH": str(ROOT), "AGENT_DATA_DIR": str(tmp_path / "data"), "AGENT_STATE_DIR": str(tmp_path / "state")}
    )
    e.update(env or {})
    if config is not None:
        (tmp_path / "config").mkdir(exist_ok=True)
        (tmp_path / "config" / "agent.toml").write_text(config)
    return subprocess.run(
        [sys.executable, "-m", "agent", *args], cwd=tmp_path, env=e, capture_output=True, text=True, timeout=120
    )


CASES = [
    ("bad toml", ["run", "metrics"], {}, "stores = [", "invalid TOML"),
    (
        "report out proc",
        ["report", "daily", "--out", "/proc/nope"],
        {"SHOP_PASSWORD": "x"},
        GOOD_STORE,
        "--out /proc/nope",
    ),
    (
        "logins a day negative",
        ["run", "metrics"],
        {"SHOP_PASSWORD": "x"},
        "logins_a_day = -1\n" + GOOD_STORE,
        "logins_a_day",
    ),
    (
        "login elsewhere",
        ["run", "metrics"],
        {"SHOP_PASSWORD": "x"},
        GOOD_STORE + '[stores.screen_urls]\nlogin = "http://evil.example.com/login.htm"\n',
        "the password is only ever sent to the store's site",
    ),
    (
        "new listings plan upside down",
        ["run", "metrics"],
        {"SHOP_PASSWORD": "x"},
        GOOD_STORE + "[stores.thresholds]\nnew_listings_min = 6\nnew_listings_per_day = 4\n",
        "new_listings_min (6) is more than new_listings_per_day (4)",
    ),
    (
        "dom wait zero",
        ["run", "metrics"],
        {"SHOP_PASSWORD": "x"},
        "dom_wait = 0\n" + GOOD_STORE,
        "dom_wait",
    ),
    (
        "pool per day negative",
        ["run", "metrics"],
        {"SHOP_PASSWORD": "x"},
        GOOD_STORE + "[stores.thresholds]\npool_per_day = -1\n",
        "pool_per_day",
    ),
    ("runs limit huge", ["runs", "--limit", "9" * 30], {"SHOP_PASSWORD": "x"}, GOOD_STORE, "--limit must be between"),
    (
        "keyword 5000 characters",
        ["rank", "--keyword", "k" * 5000],
        {"SHOP_PASSWORD": "x"},
        GOOD_STORE,
        "--keyword has at most 200 characters",
    ),
    (
        "mysql database",
        ["runs"],
        {"SHOP_PASSWORD": "x"},
        'database_url = "mysql://u@127.0.0.1/agent"\n' + GOOD_STORE,
        "SQLite or PostgreSQL",
    ),
    ("unknown key", ["run", "metrics"], {}, "colour = 'red'\n" + GOOD_STORE, "colour: unknown setting"),
    (
        "bad base_url",
        ["run", "metrics"],
        {},
        GOOD_STORE.replace('http://127.0.0.1:9"', 'ftp:/x"', 1),
        "stores.0.base_url",
    ),
    ("search url without page", ["run", "metrics"], {}, GOOD_STORE.replace("&page={page}", ""), "stores.0.search_url"),
    ("company id letters", ["run", "metrics"], {}, GOOD_STORE.replace("230000001", "abc"), "stores.0.company_id"),
    ("bad timezone", ["run", "metrics"], {"AGENT_TIMEZONE": "Mars/Base"}, GOOD_STORE, "timezone"),
    ("zero concurrency", ["run", "metrics"], {"AGENT_CONCURRENCY": "0"}, GOOD_STORE, "concurrency"),
    (
        "negative evidence pictures",
        ["run", "metrics"],
        {"AGENT_EVIDENCE_SCREENSHOTS": "-1"},
        GOOD_STORE,
        "evidence_screenshots",
    ),
    (
        "evidence pictures not a number",
        ["run", "metrics"],
        {"AGENT_EVIDENCE_SCREENSHOTS": "many"},
        GOOD_STORE,
        "evidence_screenshots",
    ),
    (
        "bad interval",
        ["run", "metrics"],
        {},
        '[schedule]\nkeepalive = ["every 0s"]\n' + GOOD_STORE,
        "schedule: keepalive: 'every 0s' is not",
    ),
    ("headless not bool", ["run", "metrics"], {"AGENT_HEADLESS": "maybe"}, GOOD_STORE, "headless"),
    ("missing config file", ["run", "metrics", "--config", "nope.toml"], {}, None, "nope.toml does not exist"),
    ("unknown store", ["run", "metrics", "--store", "other"], {"SHOP_PASSWORD": "x"}, GOOD_STORE, "no such store"),
    ("unknown routine", ["run", "dance"], {}, GOOD_STORE, "invalid choice"),
    ("no password", ["run", "metrics"], {}, GOOD_STORE, "no password found"),
    ("no store", ["run", "metrics"], {}, "", "no store configured"),
    ("incomplete single store", ["run", "metrics"], {"AGENT_BASE_URL": "http://127.0.0.1:9"}, None, "AGENT_SEARCH_URL"),
    ("duplicate store names", ["run", "metrics"], {}, GOOD_STORE + GOOD_STORE, "unique"),
    ("runs limit", ["runs", "--limit", "0"], {}, GOOD_STORE, "--limit"),
    ("demo products", ["demo", "--products", "5"], {}, "", "--products"),
    ("unknown option", ["run", "metrics", "--fast"], {}, GOOD_STORE, "unrecognized arguments"),
    ("rank pages 0", ["rank", "--keyword", "x", "--pages", "0"], {}, GOOD_STORE, "--pages must be between 1 and 100"),
    (
        "rank pages 101",
        ["rank", "--keyword", "x", "--pages", "101"],
        {},
        GOOD_STORE,
        "--pages must be between 1 and 100",
    ),
    ("rank pages text", ["rank", "--keyword", "x", "--pages", "many"], {}, GOOD_STORE, "invalid int value"),
    ("rank country", ["rank", "--keyword", "x", "--country", "USA"], {}, GOOD_STORE, "two-letter country code"),
    ("rank empty keyword", ["rank", "--keyword", " "], {}, GOOD_STORE, "--keyword must not be empty"),
    ("rank missing file", ["rank", "--keywords-file", "kw.txt"], {}, GOOD_STORE, "no such file"),
    ("rank empty file", ["rank", "--keywords-file", "empty.txt"], {}, GOOD_STORE, "no keywords in it"),
    ("rank binary file", ["rank", "--keywords-file", "bin.txt"], {}, GOOD_STORE, "not UTF-8"),
    ("rank braces file", ["rank", "--keywords-file", "braces.txt"], {}, GOOD_STORE, "bad keyword"),
    ("rank no keywords", ["rank"], {"SHOP_PASSWORD": "x"}, GOOD_STORE, "no keywords"),
    ("report kind", ["report", "yearly"], {}, GOOD_STORE, "invalid choice"),
    ("report out is a file", ["report", "daily", "--out", "empty.txt"], {}, GOOD_STORE, "is a file"),
    ("report without data", ["report", "daily"], {}, GOOD_STORE, "no metrics stored"),
    ("traces mode", ["run", "metrics"], {"AGENT_TRACES": "sometimes"}, GOOD_STORE, "traces"),
    ("rank mode", ["run", "rankings"], {"AGENT_RANK_MODE": "fast"}, GOOD_STORE, "rank_mode"),
]


@pytest.mark.parametrize("name,args,env,config,expect", CASES, ids=[c[0] for c in CASES])
def test_bad_input_one_line_exit_2(tmp_path, name, args, env, config, expect):
    (tmp_path / "empty.txt").write_text("# only a comment\n\n")
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00bad")
    (tmp_path / "braces.txt").write_text("power bank\n{page}\n")
    r = agent(tmp_path, *args, env=env, config=config)
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert expect in lines[0]
    assert "Traceback" not in r.stderr
    if name != "report without data":  # that one had to open the database to find it empty
        assert not (tmp_path / "data").exists(), sorted(p.name for p in (tmp_path / "data").rglob("*"))  # nothing made
    assert not [
        p for p in tmp_path.rglob("*") if p.suffix in (".tmp", ".scrub") or ".tmp." in p.name
    ]  # no partial file
    assert not list((tmp_path / "data" / "reports").glob("*")) if (tmp_path / "data" / "reports").exists() else True


def test_single_store_from_environment_only(tmp_path):
    from agent.settings import load

    env = {
        "AGENT_BASE_URL": "http://127.0.0.1:9",
        "AGENT_SEARCH_URL": "http://127.0.0.1:9/s?k={keyword}&p={page}",
        "AGENT_USERNAME": "me",
        "AGENT_PASSWORD": "pw-from-env",
        "AGENT_COMPANY_ID": "123456",
        "AGENT_DATA_DIR": str(tmp_path),
    }
    old = dict(os.environ)
    os.environ.update(env)
    try:
        s = load()
    finally:
        os.environ.clear()
        os.environ.update(old)
    st = s.store(None)
    assert (st.name, st.username, st.company_id, st.secret_password()) == ("default", "me", "123456", "pw-from-env")
    assert s.data_dir == tmp_path and s.timezone == "Asia/Shanghai"
    assert "pw-from-env" not in repr(s)


def test_the_data_folder_is_named_when_a_command_makes_it(tmp_path):
    first = agent(tmp_path, "runs")
    assert first.returncode == 0 and f"new data folder: {tmp_path / 'data'}" in first.stderr
    again = agent(tmp_path, "runs")
    assert again.returncode == 0 and "new data folder" not in again.stderr
    bad = (
        agent(tmp_path / "other", "runs", env={"AGENT_CONCURRENCY": "0"})
        if (tmp_path / "other").mkdir() is None
        else None
    )
    assert (
        bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    )  # a refused command makes nothing and says one line

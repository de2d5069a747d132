"""Every setting has a bad value that is refused with one line naming it (the CLI turns the
ConfigError into exit code 2, see test_agent_config)."""

from __future__ import annotations

import os

import pytest

from agent.errors import ConfigError
from agent.settings import load, plain

STORE = {
    "AGENT_BASE_URL": "http://127.0.0.1:9",
    "AGENT_SEARCH_URL": "http://127.0.0.1:9/s?k={keyword}&p={page}",
    "AGENT_USERNAME": "me",
    "AGENT_COMPANY_ID": "123456",
}
BAD = [
    ("AGENT_DATA_DIR", "a-file", "data_dir"),
    ("AGENT_STATE_DIR", "a-file", "state_dir"),
    ("AGENT_DATABASE_URL", "nosuchdb://x", "database_url"),
    ("AGENT_HEADLESS", "perhaps", "headless"),
    ("AGENT_CONCURRENCY", "99", "concurrency"),
    ("AGENT_TIMEZONE", "Asia/Nowhere", "timezone"),
    ("AGENT_RECYCLE_AFTER_PAGES", "3", "recycle_after_pages"),
    ("AGENT_NAV_TIMEOUT", "0", "nav_timeout"),
    ("AGENT_CHALLENGE_RETRIES", "-1", "challenge_retries"),
    ("AGENT_CHALLENGE_BACKOFF", "-5", "challenge_backoff"),
    ("AGENT_RETRY_BACKOFF", "61", "retry_backoff"),
    ("AGENT_TRACES", "sometimes", "traces"),
    ("AGENT_TRACE_SNAPSHOTS", "sometimes", "trace_snapshots"),
    ("AGENT_RETENTION_DAYS", "0", "retention_days"),
    ("AGENT_BLOCK_RESOURCES", "maybe", "block_resources"),
    ("AGENT_LANG", "fr", "lang"),
    ("AGENT_RANK_PAGES", "101", "rank_pages"),
    ("AGENT_RANK_DROP_ALERT", "0", "rank_drop_alert"),
    ("AGENT_BUYER_PROXIES", '{"usa": "http://p:1"}', "buyer_proxies"),
    ("AGENT_BUYER_PROXIES", '{"US": "p:1"}', "buyer_proxies"),
    ("AGENT_ZERO_EFFECT_DELETE_DAYS", "7", "zero_effect_delete_days"),
    ("AGENT_BID_CHANGE_DAYS", "0", "bid_change_days"),
    ("AGENT_SUGGESTION_TTL_DAYS", "0", "suggestion_ttl_days"),
    ("AGENT_SCHEDULE", '{"metrics": ["every day"]}', "schedule"),
    ("AGENT_RANK_MODE", "turbo", "rank_mode"),
    ("AGENT_COMPANY_ID", "12ab", "company_id"),
    ("AGENT_SEARCH_URL", "http://x/s?k={keyword}", "search_url"),
]
STORE_BAD = [
    ("name", '"bad name!"', "stores.0.name"),
    ("min_delay", "-1", "stores.0.min_delay"),
    ("jitter", "500", "stores.0.jitter"),
    ("tracked_keywords", '["power bank", " "]', "stores.0.tracked_keywords"),
    ("own_product_ids", '[""]', "stores.0.own_product_ids"),
    ("screen_urls", '{login = "login.alibaba.com"}', "stores.0.screen_urls"),
    ("username", '""', "stores.0.username"),
]


@pytest.fixture
def env(monkeypatch, tmp_path):
    for k in list(os.environ):
        if k.startswith("AGENT_"):
            monkeypatch.delenv(k)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("not a folder")
    for k, v in STORE.items():
        monkeypatch.setenv(k, v)
    return monkeypatch


@pytest.mark.parametrize("key,value,name", BAD, ids=[f"{b[0]}={b[1]}" for b in BAD])
def test_bad_setting_names_the_key(env, key, value, name):
    env.setenv(key, value)
    with pytest.raises(ConfigError) as e:
        load()
    msg = str(e.value)
    assert name in msg and "\n" not in msg


@pytest.mark.parametrize("field,value,name", STORE_BAD, ids=[s[0] for s in STORE_BAD])
def test_bad_store_field_names_the_key(env, tmp_path, field, value, name):
    for k in STORE:
        env.delenv(k)
    base = {
        "name": '"shop"',
        "base_url": '"http://127.0.0.1:9"',
        "search_url": '"http://127.0.0.1:9/s?k={keyword}&p={page}"',
        "company_id": '"123456"',
        "username": '"me"',
        field: value,
    }
    (tmp_path / "agent.toml").write_text("[[stores]]\n" + "\n".join(f"{k} = {v}" for k, v in base.items()) + "\n")
    with pytest.raises(ConfigError) as e:
        load(tmp_path / "agent.toml")
    assert name in str(e.value) and "\n" not in str(e.value)


def test_missing_browser_is_a_clear_config_error(env):
    from agent._chromium import NoChromium

    assert issubclass(NoChromium, ConfigError)


# ---- the settings cache: skipped reading only when nothing it was read from changed --------------------
@pytest.fixture
def cached(env, tmp_path):
    env.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    env.setenv("AGENT_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text("rank_pages = 3\n")
    return tmp_path


def _files(root):
    return sorted((root / "cache" / "storeagent").glob("settings-*.json"))


def test_a_second_load_reads_the_cache_and_any_change_reads_the_sources(cached, env):
    first = load()
    assert first.rank_pages == 3 and len(_files(cached)) == 1
    assert plain(load()) == plain(first)
    (cached / "config" / "agent.toml").write_text("rank_pages = 4\n")  # the file changed
    assert load().rank_pages == 4
    env.setenv("AGENT_RANK_PAGES", "6")  # a variable changed
    assert load().rank_pages == 6
    env.delenv("AGENT_RANK_PAGES")
    (cached / ".env").write_text("AGENT_RANK_PAGES=7\n")  # .env changed
    assert load().rank_pages == 7
    (cached / ".env").unlink()
    assert load().rank_pages == 4 and len(_files(cached)) == 4
    for f in _files(cached):
        assert oct(f.stat().st_mode & 0o777) == "0o600"


def test_a_cached_setting_is_validated_again(cached, env):
    load()
    (cached / "data").write_text("now a file")  # what was a usable folder is not any more
    with pytest.raises(ConfigError, match="data_dir"):
        load()
    (cached / "data").unlink()
    for f in _files(cached):
        f.write_text("{not json")  # a broken cache file is read past
    assert load().rank_pages == 3


def test_settings_with_a_secret_are_never_cached(cached, env):
    env.setenv("AGENT_PASSWORD", "Hunter2-secret")
    assert load().stores[0].password.get_secret_value() == "Hunter2-secret"
    env.delenv("AGENT_PASSWORD")
    env.setenv("AGENT_DATABASE_URL", "postgresql+psycopg://me:Sw0rdfish@127.0.0.1/agent")
    load()
    assert _files(cached) == []


def test_a_command_on_a_cached_config_loads_no_pydantic(cached):
    """The settings are dataclasses: from the cache they need neither pydantic-settings nor pydantic
    (most of a short command's start-up), and they are the same settings."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys\nfrom agent.settings import load\ns = load()\n"
        "print(s.rank_pages, s.store('shop').name, s.store('shop').min_delay, type(s.data_dir).__name__,"
        " 'pydantic_settings' in sys.modules, 'pydantic' in sys.modules)"
    )
    (cached / "config" / "agent.toml").write_text(
        'rank_pages = 3\n[[stores]]\nname = "shop"\nbase_url = "http://127.0.0.1:1/"\nmin_delay = 1.5\n'
        'search_url = "http://127.0.0.1:1/s?q={keyword}&p={page}"\ncompany_id = "230000001"\nusername = "u"\n'
        'password_env = "SHOP_PASSWORD"\n'
    )
    e = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    runs = [
        subprocess.run([sys.executable, "-c", script], cwd=cached, env=e, capture_output=True, text=True, timeout=60)
        for _ in range(2)
    ]
    got = [r.stdout.split() for r in runs]
    assert got[0][:4] == ["3", "shop", "1.5", "PosixPath"], [r.stderr[-500:] for r in runs]
    assert got[0][:4] == got[1][:4] and got[0][4:] == ["True", "True"] and got[1][4:] == ["False", "False"], [
        r.stderr[-500:] for r in runs
    ]

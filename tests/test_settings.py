"""Every setting has a bad value that is refused with one line naming it (the CLI turns the
ConfigError into exit code 2, see test_agent_config)."""

from __future__ import annotations

import os

import pytest

from agent.errors import ConfigError
from agent.settings import load

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
    ("AGENT_ZERO_EFFECT_DELETE_DAYS", "90", "[stores.thresholds]"),  # a threshold now: set per store
    ("AGENT_BID_CHANGE_DAYS", "3", "[stores.thresholds]"),
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
    ("screen_urls", '{inquires = "https://message.alibaba.com/x"}', "screen_urls.inquires: no such screen"),
    ("username", '""', "stores.0.username"),
    ("thresholds", "{reply_hour = 3}", "stores.0.thresholds: reply_hour: no such threshold"),
    ("thresholds", "{reply_hours = 0}", "stores.0.thresholds: reply_hours: Input should be greater than 0"),
    ("thresholds", '{zero_effect_delete_days = "soon"}', "stores.0.thresholds: zero_effect_delete_days"),
    ("thresholds", "{zero_effect_delete_days = 7}", "greater than or equal to 30"),
    ("thresholds", "3", "stores.0.thresholds: must be a table"),
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
    from agent.runtime.chromium import NoChromium

    assert issubclass(NoChromium, ConfigError)


# ---- every load reads its sources: nothing kept between commands ---------------------------------------
def test_each_load_reads_the_sources_again_and_keeps_nothing(env, tmp_path):
    env.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    env.setenv("AGENT_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "agent.toml").write_text("rank_pages = 3\n")
    assert load().rank_pages == 3
    (tmp_path / "config" / "agent.toml").write_text("rank_pages = 4\n")  # the file changed
    assert load().rank_pages == 4
    (tmp_path / ".env").write_text("AGENT_RANK_PAGES=7\n")  # .env comes before the file
    assert load().rank_pages == 7
    (tmp_path / "data").write_text("now a file")  # a folder that is no longer usable is reported at once
    with pytest.raises(ConfigError, match="data_dir"):
        load()
    env.setenv("AGENT_PASSWORD", "Hunter2-secret")
    (tmp_path / "data").unlink()
    assert load().password.get_secret_value() == "Hunter2-secret"
    assert not (tmp_path / "cache").exists()  # nothing written for the next command, a secret least of all


@pytest.mark.parametrize("site", ["alibaba", "1688"])
def test_each_sites_screen_list_is_its_page_objects_keys(site):
    """`screen_urls` keys are checked against the site's list without importing its pages; the list
    must be exactly the keys its page objects use, or a real screen could not be moved."""
    import importlib
    import pkgutil

    from agent import sites
    from agent.pages._base import Screen

    pkg = importlib.import_module(sites.get(site).edits.rsplit(".", 1)[0] + ".pages")  # the site's package
    for m in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{m.name}")

    def subclasses(c):
        for s in c.__subclasses__():
            yield s
            yield from subclasses(s)

    keys = {s.key for s in subclasses(Screen) if s.key and s.__module__.startswith(pkg.__name__)}
    assert keys == set(sites.get(site).screens)


def test_a_store_named_in_chinese_gets_a_derived_key_and_a_numeric_company_id_is_read(env, tmp_path):
    """The config file takes a store as people name it: its label in any language (the key derived),
    its company id as digits; a Chinese `name` is refused saying where the Chinese name goes."""
    for k in STORE:
        env.delenv(k)
    store = (
        '[[stores]]\nlabel = "国际站主店"\nbase_url = "http://127.0.0.1:9"\n'
        'search_url = "http://127.0.0.1:9/s?k={keyword}&p={page}"\ncompany_id = 230000001\nusername = "me"\n'
    )
    (tmp_path / "agent.toml").write_text(store)
    s = load(tmp_path / "agent.toml")
    assert (s.stores[0].name, s.stores[0].shown, s.stores[0].company_id) == ("store", "国际站主店", "230000001")
    (tmp_path / "agent.toml").write_text(store.replace('label = "国际站主店"', 'name = "国际站主店"'))
    with pytest.raises(ConfigError) as e:
        load(tmp_path / "agent.toml")
    assert "店铺的中文名写在 label" in str(e.value) and "\n" not in str(e.value)
    assert str(e.value).startswith("config error: stores.0.name: ")
    assert "（第 1 个店铺「国际站主店」）; fix it" in str(e.value)  # which store, as people call it

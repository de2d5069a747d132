"""The site's terminal block of a network (from cloud addresses: bixi…/punish…cloud_ip_bl…action=deny)
is not a slider: the run stops at once as needs_human, says in the store's language that the store
must run from its usual network, makes no further request and no further login — on both sites."""

from __future__ import annotations

import pytest

from agent.errors import Blocked
from agent.pages._net import check_payload
from agent.pages.login import PageState, blocked, left_for_login
from sandbox.launcher import SandboxProcess

from .conftest import agent_settings, cbu_settings, run_agent


@pytest.fixture(scope="module")
def site():
    with SandboxProcess(products=60, seed=9, offers=30) as sb:
        yield sb


def test_the_block_is_told_apart_from_a_slider():
    deny = "https://bixi.alicdn.com/punish/punish:resource:template:AE:default_6_0.html?uuid=x&code=cloud_ip_bl&action=deny"
    assert blocked(deny) and left_for_login(deny)
    assert not blocked("https://login.alibaba.com/_____tmd_____/punish?x5secdata=x&x5step=2&action=captcha")
    with pytest.raises(Blocked):
        check_payload({"rgv587_flag": "sm", "url": deny})
    with pytest.raises(Blocked):
        check_payload({"ret": ["RGV587_ERROR::SM::哎哟喂"], "data": {"url": deny}})
    assert PageState.BLOCKED.value == "blocked"


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_block_at_the_login_stops_the_run_without_a_login(site, tmp_path, lang):
    s = agent_settings(site, tmp_path, name=f"new-{lang}", lang=lang, challenge_retries=3)
    before = site.stats()
    site.configure(blocked=True)
    try:
        res = await run_agent(s, "diagnose")
    finally:
        site.configure(blocked=False)
    after = site.stats()
    assert res.status == "needs_human" and res.error_type == "Blocked", res.error
    words = "站点拒绝了这个网络" if lang == "zh" else "the site refuses this network"
    assert words in res.error and ("平常使用的网络" in res.error if lang == "zh" else "usual network" in res.error)
    assert after["logins"] == before["logins"]  # no login was tried
    assert after["blocked_requests"] - before["blocked_requests"] == 1  # the one page that met the block; no retry
    assert res.screenshots and res.details.get("failed_screens") is None


async def test_a_block_mid_run_ends_it_at_the_next_screen(site, tmp_path):
    s = agent_settings(site, tmp_path, name="mid")
    assert (await run_agent(s, "keepalive")).status == "ok"  # signed in, login state saved
    before = site.stats()
    site.configure(blocked=True)
    try:
        res = await run_agent(s, "diagnose")
    finally:
        site.configure(blocked=False)
    after = site.stats()
    assert res.status == "needs_human" and res.error_type == "Blocked"
    assert after["logins"] == before["logins"]
    assert after["blocked_requests"] - before["blocked_requests"] == 1  # no second screen, no back-off and retry
    assert res.details.get("failed_screens") is None  # not a screen's fault: the account's


async def test_a_1688_store_meets_the_block_the_same_way(site, tmp_path):
    s = cbu_settings(site, tmp_path)
    before = site.stats()
    site.configure(blocked=True)
    try:
        res = await run_agent(s, "keepalive")
    finally:
        site.configure(blocked=False)
    after = site.stats()
    assert res.status == "needs_human" and res.error_type == "Blocked", res.error
    assert after["logins"] == before["logins"] and after["blocked_requests"] - before["blocked_requests"] == 1

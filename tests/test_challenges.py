"""Challenges as the real site shows them: the punish page reached by a redirect or by a
<meta http-equiv=refresh>, the slider, HTTP 429 (slow down), and the challenge answers of JSON and
mtop calls. Never solved: headless stops with needs_human, after backing off."""

from __future__ import annotations

import pytest

from agent.pages._net import Challenged, check_payload

from .conftest import agent_settings, run_agent


@pytest.mark.parametrize(
    "answer",
    [
        {
            "rgv587_flag": "sm",
            "url": "https://login.alibaba.com/_____tmd_____/punish?x5secdata=x&x5step=2&action=captcha",
        },
        {
            "api": "mtop.x",
            "ret": ["FAIL_SYS_USER_VALIDATE", "RGV587_ERROR::SM::哎哟喂,被挤爆啦,请稍后重试"],
            "data": {"url": "u"},
        },
        {"ret": ["FAIL_SYS_FLOWLIMIT::哎哟喂,被挤爆啦"]},
    ],
)
def test_challenge_answers_of_calls_are_recognised(answer):
    with pytest.raises(Challenged):
        check_payload(answer)


def test_ordinary_answers_pass():
    for ok in ({"ok": True, "status": 1000, "data": []}, {"ret": ["SUCCESS::调用成功"], "data": {}}, [1, 2], "x"):
        assert check_payload(ok) == ok


async def test_punish_by_meta_refresh_stops_a_headless_run_for_a_person(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "inquiries")).status == "ok"  # logged in
    sb.configure(punish_style="meta")
    sb.challenge()
    res = await run_agent(s, "keepalive")
    assert res.status == "needs_human" and "slider" in res.error, res.error
    assert sb.state()["writes"] == []


async def test_http_429_means_back_off_then_go_on(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "inquiries")).status == "ok"
    sb.configure(punish_style="429")
    sb.challenge(seconds=1.0)  # the site says "slow down" for a second
    res = await run_agent(s, "inquiries")
    assert res.status == "ok", res.error
    assert res.counts["inquiries"] + res.counts["tm_messages"] == len(sb.state()["inquiries"])


async def test_a_429_that_does_not_end_stops_for_a_person_not_as_a_failure(fresh_sandbox, tmp_path):
    """The site's challenge in its 429 style: waited out with growing back-offs, then the run stops
    `needs_human` (not `failed` after a burst of requests)."""
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path)
    assert (await run_agent(s, "inquiries")).status == "ok"
    sb.configure(punish_style="429")
    sb.challenge(seconds=600)
    before = sb.request_count()
    res = await run_agent(s, "keepalive")
    assert res.status == "needs_human" and "429" in res.error, (res.status, res.error)
    assert sb.request_count() - before <= 12  # backed off, never hammered
    sb.challenge(clear=True)

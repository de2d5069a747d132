"""A buyer who left the name blank is normal (2 of the 20 rows of the real inquiry list): such a buyer
is named by company, else by country, in the list, the rules, the reply, the queue and the review page."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from agent.diagnosis.model import frame
from agent.sites.alibaba.inputs import Inputs
from agent.sites.alibaba.pages.inquiries import Inquiry, parse_inquiry, parse_subject_list
from agent.sites.alibaba.rules import diagnose

from .conftest import agent_settings, run_agent
from .test_real_dialect import fixture

NOW = datetime(2023, 6, 1, tzinfo=UTC)  # after every row of the real answer was received


def test_the_real_lists_blank_senders_are_named_by_company_or_country():
    rows, _ = parse_subject_list({"code": 200, "data": fixture("inquiry_subject_list.json")})
    got = [parse_inquiry(r, NOW) for r in rows]
    blank = [q for q in got if not q.buyer_name]
    assert len(blank) == 2
    assert {q.buyer for q in blank} == {"Smith Imports Ltd.", "Rwanda"}  # the company; else the country
    assert all(q.buyer for q in got)


def test_an_unreplied_blank_named_buyer_gets_a_reply_that_greets_the_company():
    rows, _ = parse_subject_list({"code": 200, "data": fixture("inquiry_subject_list.json")})
    unreplied = [dict(r, replyStatus=0) for r in rows]
    q = frame([parse_inquiry(r, NOW) for r in unreplied], Inquiry)
    rep = diagnose(Inputs(store="s", data_date=NOW.date(), today=NOW.date(), inquiries=q), NOW, only={"inquiries"})
    texts = {s.evidence["buyer"]: s.value.text for s in rep.suggestions if s.kind == "inquiry_reply"}
    assert set(texts) == set(q["buyer"])
    assert texts["Smith Imports Ltd."].startswith("Dear Smith Imports Ltd. team,")
    assert texts["Rwanda"].startswith("Dear buyer from Rwanda,")  # no name, no company: the country
    assert texts["Chris Lee"].startswith("Dear Chris,")


async def test_blank_named_buyers_of_the_sandbox_get_their_reply_suggestions(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    s = agent_settings(sb, tmp_path, lang="zh")
    for routine in ("inquiries", "diagnose"):
        res = await run_agent(s, routine)
        assert res.status == "ok", res.error
    blank = {q["id"]: q for q in sb.state()["inquiries"] if not q["buyer"].strip()}
    assert len(blank) == 2
    from agent.queue.store import Queue
    from agent.storage import Database

    db = Database(s.db_url)
    replies = {r.target: r for r in await asyncio.to_thread(Queue(db).list, "proposed") if r.kind == "inquiry_reply"}
    assert set(blank) <= set(replies)
    names = {replies[i].evidence["buyer"] for i in blank}
    assert "Smith Imports Ltd." in names and len(names) == 2 and all(names)
    # the review page names each of them, never a blank
    for i in blank:
        what = replies[i].describe("zh")
        assert "买家  " not in str(what) and replies[i].evidence["buyer"] in str(what)

"""Thresholds in one place per site (agent/sites/<site>/thresholds.py), each default with its seed,
any of them set per store: a store's own numbers change its findings, its suggestions and the
numbers their messages say — and no other store's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from agent.diagnosis.model import Report
from agent.sites.alibaba.inputs import Inputs
from agent.sites.alibaba.rules import diagnose
from agent.sites.alibaba.thresholds import Thresholds
from agent.sites.cbu import rules as cbu_rules
from agent.sites.cbu.thresholds import Thresholds as CbuThresholds

from .conftest import agent_settings, run_agent

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def test_every_threshold_names_the_seed_it_comes_from():
    for kind in (Thresholds, CbuThresholds):
        for key, default, source in kind.table():
            assert "seed" in source and default is not None, key


def test_the_numbers_in_the_messages_are_the_thresholds():
    q = pd.DataFrame(
        [
            {
                "id": "1",
                "replied": False,
                "received": (NOW - timedelta(hours=3)).isoformat(),
                "buyer": "Ann Lee",
                "buyer_name": "Ann Lee",
                "company": "",
                "country": "US",
                "product_title": "Speaker",
                "buyer_local_time": "",
            }
        ]
    )
    ov = {"ctr": 0.02, "conversion": 0.5, "search_share": 0.1}
    ov |= {
        f"{p}{k}": 1
        for k in ("impressions", "clicks", "visitors", "inquiries")
        for p in ("", "peer_", "excellent_", "last_month_")
    }
    kw = {"store": "s", "data_date": NOW.date(), "today": NOW.date(), "inquiries": q, "overview": ov}
    default = diagnose(Inputs(**kw), NOW, only={"inquiries", "store"})
    own = diagnose(Inputs(**kw, th=Thresholds(reply_hours=4, store_ctr_min=0.05)), NOW, only={"inquiries", "store"})
    [reply] = [s for s in default.suggestions if s.kind == "inquiry_reply"]
    assert "规则：2 小时内回复" in reply.rationale and "within 2 hours" in reply.rationale_en
    assert not [s for s in own.suggestions if s.kind == "inquiry_reply"]  # 3 hours is within this store's 4
    assert not [f for f in default.findings if f.rule == "store_ctr"]  # 2 % is above 1 %
    [ctr] = [f for f in own.findings if f.rule == "store_ctr"]
    assert ctr.threshold == 0.05 and "低于 5%" in ctr.message and "under 5%" in ctr.message_en


def test_a_1688_stores_thresholds_change_its_findings():
    day = NOW.date() - timedelta(days=1)
    sycm = pd.DataFrame([{"date": day, "inquiries": 12, "uv": 100, "free_uv": 80, "paid_uv": 20}])
    base = dict(
        store="c",
        data_date=day,
        today=NOW.date(),
        sycm=sycm,
    )
    found = {}
    for name, th in (("default", CbuThresholds()), ("own", CbuThresholds(inquiries_min=20))):
        rep = Report(store="c", data_date=day, site_today=NOW.date())
        cbu_rules.inquiries(cbu_rules.Inputs(**base, th=th), rep)
        found[name] = [f for f in rep.findings if f.rule == "inquiries_low"]
    assert found["default"] == []  # 12 a day is not under 10
    [low] = found["own"]
    assert low.threshold == 20 and "少于 20 个" in low.message


async def test_a_stores_own_thresholds_change_its_findings_and_messages_not_another_stores(fresh_sandbox, tmp_path):
    sb = fresh_sandbox
    shop = agent_settings(sb, tmp_path)
    strict = agent_settings(sb, tmp_path, name="strict", thresholds={"quality_min": 4.9, "reply_hours": 0.5})
    s = shop.model_copy(update={"stores": [shop.stores[0], strict.stores[0]]})
    reports = {}
    for st in s.stores:
        res = await run_agent(s, "diagnose", store=st)
        assert res.status == "ok", res.error
        reports[st.name] = res.details["report"]
    truth = [p for p in sb.state()["products"] if p["status"] == "approved"]
    for name, least in (("shop", 4.5), ("strict", 4.9)):
        [low] = [f for f in reports[name]["findings"] if f["rule"] == "low_quality"]
        assert set(low["items"]) == {p["id"] for p in truth if p["quality_score"] < least}
        assert low["threshold"] == least and f"质量分低于 {least:g}" in low["message"]
        replies = [x for x in reports[name]["suggestions"] if x["kind"] == "inquiry_reply"]
        hours = 2 if name == "shop" else 0.5
        assert replies and all(f"规则：{hours:g} 小时内回复" in x["rationale"] for x in replies)


def test_a_threshold_the_site_does_not_have_is_refused():
    with pytest.raises(ValueError, match="reply_hour"):
        Thresholds(reply_hour=3)  # type: ignore[call-arg]


def test_the_admin_guide_lists_every_threshold_with_its_default():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "docs" / "admin-guide.md").read_text(encoding="utf-8")
    for kind in (Thresholds, CbuThresholds):
        for key, default, _ in kind.table():
            shown = f"{default:g}" if isinstance(default, (int, float)) else str(default)
            assert f"| `{key}` | {shown} |" in readme, key

"""The real back office's dialect: each real answer in fixtures/alibaba-backoffice/ parses through its
page object's parser into exactly the expected values, and the sandbox answers every call with the
same keys, types and value formats as the real answers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from agent.sites.alibaba.pages.crm import parse_customer_detail, parse_customer_list
from agent.sites.alibaba.pages.inquiries import derived_local_time, parse_inquiry, parse_subject_list
from agent.sites.alibaba.pages.p4p import parse_keyword_info
from agent.sites.alibaba.pages.products import parse_product, parse_product_list

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "alibaba-backoffice"


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text())


# ---- fixtures through the parsers ----------------------------------------------------------------
def test_product_list_fixture_parses_exactly():
    rows, total = parse_product_list(fixture("product_list.json"))
    assert (total, len(rows)) == (871, 30)
    products = [parse_product(r) for r in rows]
    first = products[0]
    assert first.id == "1600972281866"
    assert first.title == "Custom Logo Bluetooth 5.3 Earbuds TWS Wireless Earphones"
    assert first.keywords == ["usb c cable"]
    assert (first.quality_score, first.tier, first.display, first.showcase, first.zero_effect) == (
        4.9,
        "potential",
        "on",
        False,
        False,
    )
    assert (first.impressions_30d, first.clicks_30d, first.inquiries_30d, first.modified) == (1, 0, 0, "2023-03-14")
    raw = fixture("product_list.json")["products"]
    assert [p.id for p in products] == [str(r["id"]) for r in raw]
    assert all(p.display == ("on" if r["displayStatus"] == "y" else "off") for p, r in zip(products, raw))
    assert {p.tier for p in products} == {"potential", "highQuality", "superHighQuality"}
    assert sum(p.showcase for p in products) == sum(bool(r["isWindowProduct"]) for r in raw)
    assert [p.keywords for p in products] == [[k.strip() for k in r["keywords"].split(",") if k.strip()] for r in raw]


def test_inquiry_list_fixture_parses_exactly():
    payload = {"code": 200, "data": fixture("inquiry_subject_list.json")}
    rows, total = parse_subject_list(payload)
    assert (total, len(rows)) == (3690, 20)
    now = datetime(2023, 3, 1, 12, 0, tzinfo=UTC)
    items = [parse_inquiry(r, now) for r in rows]
    first = items[0]
    assert (first.id, first.type, first.buyer, first.country, first.owner) == (
        "20175288592",
        "inquiry",
        "Chris Lee",
        "US",
        "Lily Chen",
    )
    assert first.received == "2023-02-23T20:49:28+08:00"  # createTime 1677156568000 ms, China time
    assert first.replied is True and first.product_id == "1600524250037"
    assert first.buyer_local_time == "2023-03-01 07:00" and first.tz_offset == -5  # derived from US
    assert [i.country for i in items].count("PH") == 1  # the answer's lowercase "ph"
    blank = [i for i in items if i.buyer_name == ""]  # senders with a blank name
    assert len(blank) == 2 and all(i.buyer for i in blank)  # named by their company or country
    assert all(i.type == "inquiry" for i in items)  # feedbackType 1 and 4; 6 would be TM
    assert sum(i.replied for i in items) == sum(r["replyStatus"] == 1 for r in rows)


def test_tm_rows_are_feedback_type_6():
    row = dict(fixture("inquiry_subject_list.json")["list"][0][0], feedbackType=6)
    assert parse_inquiry(row, datetime.now(UTC)).type == "tm"


def test_buyer_local_time_is_derived_from_the_country():
    at = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
    assert derived_local_time("IN", at) == ("2026-11-20 07:00", 5)
    assert derived_local_time("au", at) == ("2026-11-20 12:30", 11)  # Sydney in summer time
    assert derived_local_time("XX", at) == ("", None)


def test_p4p_keyword_info_fixture_parses_exactly():
    infos = parse_keyword_info(fixture("p4p_keyword_info.json"))
    assert (infos[0].reserve_price, infos[0].base_price, infos[0].top10_avg_price) == (
        4.6,
        4.6,
        12.48,
    )  # effectData in fen
    assert [(i.keyword, i.star, i.base_price, i.suggest_price, i.currency) for i in infos] == [
        ("cup", 1, 4.6, 12.5, "CNY"),
        ("logo", 3, 4.5, 6.2, "CNY"),
        ("cup logo", 2, 3.0, 3.0, "CNY"),
    ]
    assert infos[0].best_product_id == "1600907947659" and infos[0].stat_date == "20230311~20230311"


def test_crm_fixtures_parse_exactly():
    customers, total = parse_customer_list(fixture("crm_customer_list.json"))
    assert total == 816 and len(customers) == 1
    c = customers[0]
    assert (c.customer_id, c.company, c.country, c.contact, c.sources) == (
        "589c5245c4138bd3a388505c2477d16b",
        "Brown Trading Co.",
        "CN",
        "Casey Brown",
        ["name_card", "Alibaba"],
    )
    card = parse_customer_detail(fixture("crm_customer_detail.json"))
    assert (card.customer_type, card.is_customer, card.country, card.level, card.company) == (
        "WAIT_TO_ADD_CUSTOMER",
        False,
        "ZW",
        "C",
        "Morgan Trading Co.",
    )
    assert (card.valid_inquiries, card.replied_inquiries, card.login_days) == (1, 1, 15)


def test_a_refusal_is_not_data():
    from agent.errors import TransientError

    for bad in ({"result": False, "errorMsg": "x"}, {"code": 400, "msg": "illegal request"}, [], None):
        with pytest.raises(TransientError):
            parse_product_list(bad)
        with pytest.raises(TransientError):
            parse_subject_list(bad)


# ---- the sandbox speaks the same dialect -----------------------------------------------------------
def _shape(v):
    if isinstance(v, dict):
        return {k: _shape(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_shape(v[0])] if v else []
    return type(v).__name__


def _same_shape(real, ours, where: str) -> list[str]:
    """Every key of the real answer is in ours with the same type; None in the real answer (no
    value in that sample) matches anything; an int may stand for a float."""
    out = []
    if isinstance(real, dict):
        if not isinstance(ours, dict):
            return [f"{where}: {type(ours).__name__}, the real answer has an object"]
        for k, v in real.items():
            if k not in ours:
                out.append(f"{where}.{k}: missing")
            else:
                out += _same_shape(v, ours[k], f"{where}.{k}")
    elif isinstance(real, list):
        if not isinstance(ours, list):
            return [f"{where}: {type(ours).__name__}, the real answer has a list"]
        if real and ours:
            out += _same_shape(real[0], ours[0], f"{where}[0]")
    elif real is not None and ours is not None:
        numeric = (int, float)
        if isinstance(real, bool) != isinstance(ours, bool) or not (
            type(real) is type(ours)
            or isinstance(real, numeric)
            and isinstance(ours, numeric)
            and not isinstance(real, bool)
        ):
            out.append(f"{where}: {type(ours).__name__}, the real answer has {type(real).__name__}")
    return out


@pytest.fixture(scope="module")
def client():
    from sandbox.app import create_app
    from sandbox.state import Config

    c = TestClient(create_app(Config(products=120, seed=3)))
    r = c.post(
        "/newlogin/login.do", data={"loginId": "demo@sandbox.test", "password": "demo-password"}, follow_redirects=False
    )
    assert r.status_code == 302
    yield c


def _tokens(c) -> tuple[str, str]:
    return c.cookies["XSRF-TOKEN"], re.search(r"ctoken=([^&]+)", c.cookies["xman_us_t"]).group(1)


def test_sandbox_product_list_has_every_key_of_the_real_answer(client):
    csrf, ctoken = _tokens(client)
    real = fixture("product_list.json")
    # the newer form (the default): the page's tokens in the URL, every key of the real answer and the newer ones
    newer = client.get(
        "/product/managementproducts/asyQueryProductsList.do",
        params={
            "page": 2,
            "size": 30,
            "status": "approved",
            "displayStatus": "on",
            "_csrf_token_": csrf,
            "ctoken": ctoken,
            "_tb_token_": client.cookies["_tb_token_"],
            "lang": "zh_CN",
        },
    ).json()
    assert newer["result"] is True and set(newer["products"][0]) == set(real["products"][0]) | {
        "ggsNewScore",
        "productTagList",
        "currencyCode",
        "gmtCreate",  # a guess (sandbox/guesses.py): the day a product was published
    }
    assert (
        client.get(
            "/product/managementproducts/asyQueryProductsList.do",  # without them: refused
            params={"page": 2, "size": 30, "_csrf_token_": csrf},
        ).json()["result"]
        is False
    )
    rt = client.app.state.rt
    rt.dialects["products"] = "older"
    try:
        _older_product_list(client, csrf, real)
    finally:
        rt.dialects.pop("products")


def _older_product_list(client, csrf: str, real: dict) -> None:
    ours = client.get(
        "/product/managementproducts/asyQueryProductsList.do",
        params={"page": 2, "size": 30, "status": "approved", "displayStatus": "all", "_csrf_token_": csrf},
    ).json()
    assert _same_shape(real, ours, "answer") == []
    assert set(ours["products"][0]) == set(real["products"][0])
    assert ours["currentPage"] == 2 and len(ours["products"]) == 30
    p = ours["products"][0]
    assert p["displayStatus"] in ("y", "n") and isinstance(p["keywords"], str) and "," in p["keywords"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", p["gmtModified"]) and p["modifyTime"] > 10**12
    # page size: at most 50, as the real call
    assert (
        len(
            client.get(
                "/product/managementproducts/asyQueryProductsList.do",
                params={"page": 1, "size": 100, "_csrf_token_": csrf},
            ).json()["products"]
        )
        == 50
    )
    # without the page's token: refused, no data
    assert (
        client.get("/product/managementproducts/asyQueryProductsList.do", params={"page": 1}).json()["result"] is False
    )


def test_sandbox_inquiry_list_has_every_key_of_the_real_answer(client):
    csrf, ctoken = _tokens(client)
    body = {
        "_csrf_token_": csrf,
        "postId": "1700000000000",
        "params": json.dumps({"pagination": {"nextPage": 1, "pageSize": 20}}),
    }
    ours = client.post(f"/message/ajax/feedback/subjectList.htm?ctoken={ctoken}&dmtrack_pageid=abc", data=body).json()
    assert ours["code"] == 200
    real = fixture("inquiry_subject_list.json")
    assert _same_shape(real, ours["data"], "data") == []
    assert set(ours["data"]["list"][0][0]) == set(real["list"][0][0])
    assert {r[0]["feedbackType"] for r in ours["data"]["list"]} <= {1, 6}
    assert all(r[0]["createTime"] > 10**12 for r in ours["data"]["list"])
    # each token is needed: ctoken from xman_us_t, _csrf_token_ from XSRF-TOKEN, dmtrack_pageid from the page
    for url, data in (
        ("/message/ajax/feedback/subjectList.htm?dmtrack_pageid=abc", body),
        (f"/message/ajax/feedback/subjectList.htm?ctoken={ctoken}&dmtrack_pageid=abc", {**body, "_csrf_token_": "x"}),
        (f"/message/ajax/feedback/subjectList.htm?ctoken={ctoken}", body),
    ):
        assert client.post(url, data=data).json()["code"] != 200


def test_sandbox_p4p_answers_like_the_real_calls(client):
    csrf, _ = _tokens(client)
    words = client.post(
        "/api/recommend/bidword/keywordInfo/v2",
        data={
            "ads": "p4p",
            "type": "keywordInfo",
            "data": json.dumps({"keywords": ["bluetooth speaker"]}),
            "_csrf": csrf,
        },
    ).json()
    real = fixture("p4p_keyword_info.json")
    assert _same_shape(real, words, "answer") == []
    assert set(words["data"][0]) == set(real["data"][0]) and words["data"][0]["currency"] == "CNY"

    def query() -> dict:
        return client.post(
            "/api/campaign/1001/bidword/query",
            data={"ads": "p4p", "type": "bidword", "data": json.dumps({"page": 1, "size": 20}), "_csrf": csrf},
        ).json()

    q = query()  # the newer form (the default): a flat list, prices as strings, paging in the envelope
    assert q["ok"] is True and q["status"] == 1000 and q["totalCount"] >= len(q["data"]) > 0
    assert isinstance(q["data"][0]["price"], str) and float(q["data"][0]["sugPrice"]) > 0
    rt = client.app.state.rt
    rt.dialects["p4p"] = "older"
    try:
        q = query()  # the older form: {list, totalCount} with prices as numbers
        assert q["ok"] is True and q["data"]["totalCount"] >= len(q["data"]["list"]) > 0
        assert isinstance(q["data"]["list"][0]["price"], float)
    finally:
        rt.dialects.pop("p4p")
    refused = client.post(
        "/api/campaign/1001/bidword/query", data={"ads": "p4p", "type": "bidword", "data": "{}"}
    ).json()
    assert refused["ok"] is False


def test_sandbox_session_cookies_are_the_real_ones(client):
    assert {"xman_t", "xman_us_t", "XSRF-TOKEN", "_tb_token_", "cookie2"} <= set(client.cookies.keys())
    assert "ctoken=" in client.cookies["xman_us_t"]


def test_a_capture_keeps_shapes_and_drops_personal_fields():
    from agent.pages._scrub import scrub

    real = fixture("inquiry_subject_list.json")
    out = scrub(real)
    assert _same_shape(real, out, "data") == []
    row, orig = out["list"][0][0], real["list"][0][0]
    assert row["sender"]["name"] != orig["sender"]["name"] and row["subject"] != orig["subject"]
    assert row["latestMessage"]["content"] != orig["latestMessage"]["content"]
    assert row["secFeedbackId"] != orig["secFeedbackId"]
    assert (
        len(str(row["id"])) == len(str(orig["id"]))
        and str(row["id"])[:3] == str(orig["id"])[:3]
        and row["id"] != orig["id"]
    )
    assert (row["createTime"], row["replyStatus"], row["feedbackType"], row["sender"]["countryCode"]) == (
        orig["createTime"],
        orig["replyStatus"],
        orig["feedbackType"],
        orig["sender"]["countryCode"],
    )
    card = scrub(fixture("crm_customer_detail.json"))["data"]["data"]["buyerInfo"]
    assert (
        card["buyerContactInfo"]["email"] == "buyer@example.com"
        and card["buyerContactInfo"]["phoneNumber"] == "000-000-0000"
    )
    products = scrub(fixture("product_list.json"))["products"]
    assert all(
        p["keywords"] != o["keywords"]
        for p, o in zip(products, fixture("product_list.json")["products"])
        if o["keywords"]
    )


def test_screens_open_at_their_real_hosts_or_on_one_origin():
    from agent.pages._driver import resolve_url

    real = "https://hz-productposting.alibaba.com/product/manage_products.htm"
    assert resolve_url("https://i.alibaba.com", {}, "products", real) == real
    assert (
        resolve_url("http://127.0.0.1:8765", {}, "products", real)
        == "http://127.0.0.1:8765/product/manage_products.htm"
    )
    assert (
        resolve_url("http://127.0.0.1:8765", {}, "rfq", "https://sourcing.alibaba.com/rfq/rfq_search_list.htm?a=1")
        == "http://127.0.0.1:8765/rfq/rfq_search_list.htm?a=1"
    )
    moved = {"products": "https://hz-productposting.alibaba.com/product/products_manage.htm"}
    assert resolve_url("https://i.alibaba.com", moved, "products", real) == moved["products"]
    assert resolve_url("https://alibaba.com.evil.example", {}, "products", real).startswith(
        "https://alibaba.com.evil.example/"
    )


def test_sandbox_control_refuses_bad_switches(client):
    from sandbox.state import Config

    token = {"x-sandbox-token": Config().state_token}
    for body in ({"punish_style": "slider"}, {"export_quota": -1}, {"export_quota": "20"}, {"export_quota": True}):
        r = client.post("/__sandbox__/config", json=body, headers=token)
        assert r.status_code == 400 and ("export_quota" in r.text or "punish_style" in r.text), (body, r.text)

"""alicrm.alibaba.com (客户管理): the customer list and the buyer card the inquiry detail shows, in
the real answers' shapes (crm_customer_list.json, crm_customer_detail.json: {success, data{…},
message, code}, `_tb_token_` on every call). The paths under /jsonp/customer/, the add-customer
call and which customers exist are guesses (sandbox/guesses.py).

Customers of the sandbox store: some of its inquiry buyers already (matched by contact name and
country), a few business cards collected yesterday (名片, source `name_card`), and older customers
without an inquiry for months (to revisit).

The newer form (the default; `--dialect older` for the above; REAL_SITE.md, newer evidence): the list
is a POST to eggCrmQn/crm/customerQueryServiceI/queryCustomerList.json?_tb_token_= with a JSON body
{jsonArray, orderDescs, pageNum, pageSize ≤ 500}; the inquiry detail asks
message…/ajax/feedback/querySummary.htm for the buyer's accountIdEncrypt, holds window.KHTAccessToken,
and loads the card as JSONP from jsonp/customerPluginQueryServiceI/queryCustomerInfo.json
(buyerAccountId, secTradeId, secReqToken, ctoken, _tb_token_, callback)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from . import paging, rt_of, token_ok
from .message import _inquiry

router = APIRouter()
LEVELS = ("L1", "L2", "L3", "L4", "C")


def _h(*parts) -> int:
    return int.from_bytes(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest(), "big")


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _row(cid: str, company: str, contact: str, country: str, sources: list[str], created: datetime, seed: int) -> dict:
    h = _h(seed, cid)
    return {
        "saleName": "张伟",
        "isDing": False,
        "repurchase": "",
        "willLoss": "n",
        "follow": "n",
        "customerId": cid,
        "companyName": company,
        "customerGroup": "NA",
        "taOrderCount": h % 3,
        "annualProcurement": "NA",
        "originSaleName": None,
        "importanceLevel": str(h % 3),
        "countryCode": country,
        "memberLevel": "COMMON_MEMBER",
        "loginId": f"{country.lower()}{h % 10**10}abcd,",
        "growthLevel": None,
        "pickUpDate": _iso(created),
        "recentNote": None,
        "lastContactTime": None,  # a guess: when the seller last wrote to the customer
        "marketingCustomerGroups": [],
        "categorys": [],
        "customerSources": sources,
        "businessTypes": [],
        "createDate": _iso(created),
        "mainContact": {
            "contactName": contact,
            "aliId": str(h % 10**10),
            "wangwangId": None,
            "email": "b***r@example.com",
            "loginId": f"{country.lower()}{h % 10**10}abcd",
            "blueTag": None,
            "avatar": None,
            "referenceId": str(h % 10**9),
            "isGoldenBuyer": None,
            "goldenBuyerLogo": None,
            "highQualityLevelTag": None,
        },
        "marketingGroups": None,
        "annualProcurementOnline": None,
    }


def customers(rt) -> list[dict]:
    """The store's customers (built once, then grown by added customers)."""
    if rt.customers is None:
        st, now, seed = rt.store, rt.store.start, rt.cfg.seed
        rows = []
        for i, q in enumerate(st.inquiries[::3][:8]):  # some inquiry buyers are customers already
            rows.append(
                _row(
                    f"c{_h(seed, 'inq', q['id']) % 10**12:012d}",
                    buyer_company(q),
                    q["buyer"],
                    q["country"],
                    ["Alibaba"],
                    now - timedelta(days=40 + i),
                    seed,
                )
            )
        for i in range(3):  # business cards collected yesterday
            rows.append(
                _row(
                    f"n{_h(seed, 'card', i) % 10**12:012d}",
                    f"Card Buyer {i + 1} Ltd.",
                    f"Card Contact {i + 1}",
                    ("US", "DE", "AE")[i],
                    ["name_card"],
                    now - timedelta(days=1, hours=2 + i),
                    seed,
                )
            )
        for i in range(6):  # old customers, no inquiry for months
            rows.append(
                _row(
                    f"o{_h(seed, 'old', i) % 10**12:012d}",
                    f"Old Partner {i + 1} GmbH",
                    f"Old Contact {i + 1}",
                    ("DE", "FR", "GB", "US", "BR", "IN")[i],
                    ["Alibaba"],
                    now - timedelta(days=90 + 10 * i),
                    seed,
                )
            )
        rt.customers = rows
    return rt.customers


def buyer_company(q: dict) -> str:
    if q.get("company"):
        return q["company"]
    return f"{(q['buyer'].split() or ['Global'])[0]} {('Trading', 'Import', 'Supply', 'Retail')[_h(q['id']) % 4]} Co."


def customer_of(rt, q: dict) -> dict | None:
    return next(
        (
            c
            for c in customers(rt)
            if c["mainContact"]["contactName"] == q["buyer"] and c["countryCode"] == q["country"]
        ),
        None,
    )


def card(rt, q: dict) -> dict:
    c = customer_of(rt, q)
    h = _h(rt.cfg.seed, "card", q["id"])
    first, _, last = q["buyer"].partition(" ")
    crm: dict[str, Any] = {
        k: None for k in ("customerId", "ownerName", "firstName", "lastName", "email", "companyName", "importanceLevel")
    }
    crm.update(repurchaseCustomer=False, willLoss=False, potentialScore="-1", taOrderCount=0, taTotalAmount=0)
    if c:
        crm.update(customerId=c["customerId"], ownerName=c["saleName"], companyName=c["companyName"])
    return {
        "customerType": "CUSTOMER" if c else "WAIT_TO_ADD_CUSTOMER",
        "hasCreatedCouponPrivilege": True,
        "status": "enabled",
        "alicrmCustomerInfo": crm,
        "buyerInfo": {
            "firstName": first,
            "lastName": last.rstrip("."),
            "country": q["country"],
            "levelTag": LEVELS[h % 5],
            "registerDate": 1581158820,
            "companyName": buyer_company(q),
            "productViewCount": 5 + h % 40,
            "validInquiryCount": 1 + h % 4,
            "repliedInquiryCount": h % 2,
            "validRfqCount": h % 3,
            "loginDays": 3 + h % 60,
            "highQualityLevelTag": "L1+",
            "businessTypes": ["Other"],
            "encryptAccountId": f"acc{h % 10**16}",
            "isGoldenBuyer": None,
        },
    }


def _ok(data) -> dict:
    return {"success": True, "data": data, "message": "", "code": ""}


def _refused(msg: str) -> dict:
    return {"success": False, "data": None, "message": msg, "code": "ILLEGAL_ACCESS"}


@router.get("/jsonp/customer/queryCustomerList.json")
async def customer_list(request: Request):
    rt, q = rt_of(request), dict(request.query_params)
    if not token_ok(request, q.get("_tb_token_"), "tb"):
        return _refused("非法请求")
    rows = sorted(customers(rt), key=lambda c: c["createDate"], reverse=True)
    page, size = paging(q, "pageNum", "pageSize", 50)
    return _ok(
        {"total": len(rows), "data": rows[(page - 1) * size : page * size], "crmSourceRoleId": "crm_alicrm_admin"}
    )


@router.get("/jsonp/customer/queryBuyerCard.json")
async def buyer_card(request: Request, inquiryId: str = ""):
    rt = rt_of(request)
    if not token_ok(request, request.query_params.get("_tb_token_"), "tb"):
        return _refused("非法请求")
    q = _inquiry(rt, inquiryId)
    return _ok({"data": card(rt, q)}) if q else _refused("询盘不存在")


@router.post("/eggCrmQn/crm/customerQueryServiceI/queryCustomerList.json")
async def customer_list_v2(request: Request):
    rt = rt_of(request)
    if not token_ok(request, request.query_params.get("_tb_token_"), "tb"):
        return _refused("非法请求")
    try:
        body = await request.json()
        page, size = max(1, int(body.get("pageNum") or 1)), min(500, max(1, int(body.get("pageSize") or 100)))
    except (ValueError, TypeError, AttributeError):
        return _refused("参数错误")
    rows = sorted(customers(rt), key=lambda c: c["createDate"], reverse=True)
    return _ok(
        {"total": len(rows), "data": rows[(page - 1) * size : page * size], "crmSourceRoleId": "crm_alicrm_admin"}
    )


def account_of(rt, q: dict) -> str:
    """The buyer's encrypted account id, as querySummary gives it."""
    return f"{_h(rt.cfg.seed, 'account', q['buyer'], q['country']) % 10**16:016d}AE"


def kht_token(session) -> str:
    """The detail page's window.KHTAccessToken (the card's secReqToken): one per session."""
    return f"kht{_h('kht', session.sid) % 10**18:018d}"


@router.get("/message/ajax/feedback/querySummary.htm")
async def query_summary(request: Request, imInquiryId: str = ""):
    rt = rt_of(request)
    if not token_ok(request, request.query_params.get("ctoken"), "ctoken"):
        return {"code": 400, "msg": "illegal request", "data": None}
    q = _inquiry(rt, imInquiryId)
    if q is None:
        return {"code": 404, "msg": "询盘不存在", "data": None}
    return {
        "code": 200,
        "data": {
            "contact": {"accountIdEncrypt": account_of(rt, q), "country": q["country"]},
            "secTradeId": f"st{_h('trade', q['id']) % 10**12:012d}",
            "inquiryId": q["id"],
        },
    }


@router.get("/jsonp/customerPluginQueryServiceI/queryCustomerInfo.json")
async def customer_info(
    request: Request, buyerAccountId: str = "", secTradeId: str = "", secReqToken: str = "", callback: str = "callback"
):
    """The buyer card as JSONP: `callback({success, data{data{customerType, alicrmCustomerInfo, buyerInfo}}})`."""
    rt, qp = rt_of(request), request.query_params
    name = callback if re.fullmatch(r"[A-Za-z_$][\w$.]{0,63}", callback) else "callback"
    if not (
        token_ok(request, qp.get("_tb_token_"), "tb")
        and token_ok(request, qp.get("ctoken"), "ctoken")
        and secReqToken == kht_token(request.state.session)
        and secTradeId
    ):
        body = _refused("非法请求")
    else:
        q = next((m for m in rt.store.inquiries if account_of(rt, m) == buyerAccountId), None)
        body = _ok({"data": card(rt, q)}) if q else _refused("买家不存在")
    return Response(
        f"{name}({json.dumps(body, ensure_ascii=False)});", media_type="application/javascript; charset=utf-8"
    )


@router.post("/jsonp/customer/addCustomer.json")
async def add_customer(request: Request):
    rt, f = rt_of(request), await request.form()
    if not token_ok(request, f.get("_tb_token_"), "tb"):
        return _refused("非法请求")
    q = _inquiry(rt, str(f.get("inquiryId") or ""))
    if q is None:
        return _refused("询盘不存在")
    if customer_of(rt, q):
        return _refused("该买家已是客户")
    row = _row(
        f"a{_h(rt.cfg.seed, 'add', q['id']) % 10**12:012d}",
        buyer_company(q),
        q["buyer"],
        q["country"],
        ["inquiry"],
        rt.now(),
        rt.cfg.seed,
    )
    customers(rt).append(row)
    rt.log_write(request.state.session.username, "add_customer", q["id"], None, row["customerId"])
    return _ok({"customerId": row["customerId"]})

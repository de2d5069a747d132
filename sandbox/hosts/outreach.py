"""alicrm.alibaba.com's outreach screens (客户管理): 公海客户 (buyers no salesperson holds, to develop with a
first message), 客群营销 (EDM: a mailing to a customer group) and a message to one customer (a revisit).
No public source shows any of them: the pages, the calls, the rows' keys and the quotas are guesses
in alicrm's dialect ({success, data{total, data[]}}, `_tb_token_`; sandbox/guesses.py).

Planted: a pool of 30 buyers — most interested in what the store sells, some in what it does not
(drones, solar generators), a few already developed today; customer groups of different sizes and
no mailing sent this week; older customers without contact for months (alicrm.customers)."""

from __future__ import annotations

import random
from datetime import timedelta

from fastapi import APIRouter, Request

from . import paging, rt_of, token_ok, who
from .alicrm import _iso, _ok, _refused, customers

router = APIRouter()
POOL_QUOTA = 20  # first messages to 公海 buyers a day (the site's)
EDM_QUOTA = 2  # group mailings a week (the site's)
MESSAGE_QUOTA = 30  # messages to customers a day (the site's)
NAMES = ("Ahmed", "Maria", "John", "Lena", "Carlos", "Priya", "Tom", "Aisha", "Ivan", "Sofia", "Ken", "Olu")
INTERESTS = (
    "bluetooth speaker",
    "wireless earbuds",
    "power bank",
    "smart watch",
    "usb cable",
    "led strip light",
    "phone case",
    "wall charger",
)
ELSEWHERE = ("drone camera", "solar generator")


def pool(rt) -> list[dict]:
    """The public pool (built once from the store's seed; developing a buyer marks it)."""
    if rt.pool is None:
        rng, now = random.Random(rt.cfg.seed * 31 + 7), rt.store.start
        rows = []
        for i in range(30):
            wants = rng.sample(ELSEWHERE, 1) if i % 6 == 5 else rng.sample(INTERESTS, rng.choice((1, 2)))
            rows.append(
                {
                    "buyerId": f"p{rng.randrange(10**11, 10**12)}",
                    "buyerName": f"{NAMES[i % len(NAMES)]} {chr(65 + i)}.",
                    "countryCode": rng.choice(("US", "DE", "GB", "AE", "IN", "BR", "AU", "NG")),
                    "buyerLevel": rng.choice(("L0", "L1", "L1", "L2", "L3", "L4")),
                    "interests": ",".join(wants),
                    "lastActiveTime": _iso(now - timedelta(hours=rng.randint(1, 24 * 20))),
                    "developed": i in (2, 9),  # someone developed these already
                    "developedTime": _iso(now - timedelta(days=3 + i)) if i in (2, 9) else None,
                }
            )
        rt.pool = rows
    return rt.pool


def _used(rt, action: str, days: int) -> int:
    since = rt.now() - timedelta(days=days)
    return sum(1 for w in rt.writes if w["action"] == action and w["at"] >= since.isoformat(timespec="seconds"))


def _week_start(rt):
    now = rt.now()
    return (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)


def _groups(rt) -> list[dict]:
    n = len(customers(rt))
    return [
        {"groupId": "g1", "groupName": "询盘客户", "size": n},
        {"groupId": "g2", "groupName": "老客户（已成交）", "size": max(1, n // 3)},
        {"groupId": "g3", "groupName": "展会名片", "size": 3},
    ]


def _list(request: Request, rows: list[dict], **extra) -> dict:
    q = dict(request.query_params)
    page, size = paging(q, "pageNum", "pageSize", 50)
    return _ok({"total": len(rows), "data": rows[(page - 1) * size : page * size], **extra})


@router.get("/jsonp/publicPool/queryList.json")
async def pool_list(request: Request):
    rt = rt_of(request)
    if not token_ok(request, request.query_params.get("_tb_token_"), "tb"):
        return _refused("非法请求")
    rows = sorted(pool(rt), key=lambda r: r["lastActiveTime"], reverse=True)
    return _list(request, rows, quota={"total": POOL_QUOTA, "used": _used(rt, "pool_message", 1)})


@router.post("/jsonp/publicPool/develop.json")
async def develop(request: Request):
    rt, f = rt_of(request), await request.form()
    if not token_ok(request, f.get("_tb_token_"), "tb"):
        return _refused("非法请求")
    row = next((r for r in pool(rt) if r["buyerId"] == f.get("buyerId")), None)
    text = str(f.get("content") or "").strip()
    error = (
        "买家不存在"
        if row is None
        else "该买家已被开发"
        if row["developed"]
        else "请填写开发信内容"
        if not text
        else "内容不能超过2000字"
        if len(text) > 2000
        else "今日公海开发次数已用完"
        if _used(rt, "pool_message", 1) >= POOL_QUOTA
        else None
    )
    if error or row is None:
        return _refused(error or "买家不存在")
    row["developed"], row["developedTime"] = True, _iso(rt.now())
    rt.log_write(who(request), "pool_message", row["buyerId"], None, text)
    return _ok({"buyerId": row["buyerId"]})


@router.get("/jsonp/edm/queryCampaigns.json")
async def edm_list(request: Request):
    rt = rt_of(request)
    if not token_ok(request, request.query_params.get("_tb_token_"), "tb"):
        return _refused("非法请求")
    sent = sorted(rt.edm, key=lambda r: r["sentTime"], reverse=True)
    rows = []
    for g in _groups(rt):
        last = next((c for c in sent if c["groupId"] == g["groupId"]), None)
        rows.append(
            dict(g, lastSubject=last["subject"] if last else None, lastSentTime=last["sentTime"] if last else None)
        )
    week = _iso(_week_start(rt))
    used = sum(1 for r in rt.edm if r["sentTime"] >= week)
    return _list(request, rows, campaigns=sent[:20], quota={"total": EDM_QUOTA, "used": used, "period": "week"})


@router.post("/jsonp/edm/send.json")
async def edm_send(request: Request):
    rt, f = rt_of(request), await request.form()
    if not token_ok(request, f.get("_tb_token_"), "tb"):
        return _refused("非法请求")
    group = next((g for g in _groups(rt) if g["groupId"] == f.get("groupId")), None)
    subject, text = str(f.get("subject") or "").strip(), str(f.get("content") or "").strip()
    week = _iso(_week_start(rt))
    error = (
        "客群不存在"
        if group is None
        else "请填写邮件主题和内容"
        if not subject or not text
        else "主题不能超过100字"
        if len(subject) > 100
        else "本周客群营销次数已用完"
        if sum(1 for r in rt.edm if r["sentTime"] >= week) >= EDM_QUOTA
        else None
    )
    if error or group is None:
        return _refused(error or "客群不存在")
    row = {
        "campaignId": f"e{len(rt.edm) + 1:04d}",
        "subject": subject,
        "content": text,
        "groupId": group["groupId"],
        "groupName": group["groupName"],
        "recipientCnt": group["size"],
        "sentTime": _iso(rt.now()),
    }
    rt.edm.append(row)
    rt.log_write(who(request), "edm_campaign", group["groupId"], None, {"subject": subject, "content": text})
    return _ok({"campaignId": row["campaignId"]})


@router.post("/jsonp/customer/sendMessage.json")
async def send_message(request: Request):
    """A message to one customer: the row's recentNote shows it and lastContactTime moves (a guess)."""
    rt, f = rt_of(request), await request.form()
    if not token_ok(request, f.get("_tb_token_"), "tb"):
        return _refused("非法请求")
    row = next((c for c in customers(rt) if c["customerId"] == f.get("customerId")), None)
    text = str(f.get("content") or "").strip()
    error = (
        "客户不存在"
        if row is None
        else "请填写消息内容"
        if not text
        else "内容不能超过2000字"
        if len(text) > 2000
        else "今日消息次数已用完"
        if _used(rt, "customer_message", 1) >= MESSAGE_QUOTA
        else None
    )
    if error or row is None:
        return _refused(error or "客户不存在")
    row["recentNote"], row["lastContactTime"] = text, _iso(rt.now())
    rt.log_write(who(request), "customer_message", row["customerId"], None, text)
    return _ok({"customerId": row["customerId"]})

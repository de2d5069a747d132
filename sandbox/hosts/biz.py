"""biz.alibaba.com: the order list's own call in its newer form (public tools, 2024-2026):
`GET /list/ajax/ta/mainv2.json?json={…, responseModel: "V2"}&_tb_token_&ctoken` answering
{code: 200, data: {pageData: {data: [row], pagination: {totalRecord, totalPage}}}}; a row carries
`baseInfo`, `buyer.country{simpleName}`, `statusAction.status`, `paymentInfo.totalAmount{number}`.
The keys inside `baseInfo` beyond the order id (the ship-by date, overdue) are guesses (sandbox/guesses.py).
The older form is the guess `/order/ajax/list.json` (sandbox/guesses.py); `--dialect older` serves it."""

from __future__ import annotations

import json
import math

from fastapi import APIRouter, Request

from . import rt_of, token_ok

router = APIRouter()
MAX_SIZE = 50
STATUS_ZH = {"waiting_payment": "待付款", "waiting_shipment": "待发货", "shipped": "已发货", "completed": "已完成"}


def order_v2(o: dict, country: str, today: str) -> dict:
    overdue = o["status"] == "waiting_shipment" and o["ship_by"] < today
    return {
        "baseInfo": {
            "orderId": o["id"],
            "tradeId": o["id"],
            "shippingDeadline": o["ship_by"],
            "shippingOverdue": overdue,
            "gmtCreate": o.get("created"),  # a guess: the day the order was placed
            "orderSource": o.get("source"),  # a guess: inquiry | rfq | public_pool | other
        },
        "buyer": {"fullName": o["buyer"], "country": {"simpleName": country}},
        "statusAction": {"status": o["status"], "statusDesc": STATUS_ZH.get(o["status"], o["status"])},
        "paymentInfo": {"totalAmount": {"number": o["amount"], "currency": "USD"}},
    }


@router.get("/list/ajax/ta/mainv2.json")
async def orders_v2(request: Request):
    rt, q = rt_of(request), request.query_params
    if not token_ok(request, q.get("_tb_token_"), "tb") or not token_ok(request, q.get("ctoken"), "ctoken"):
        return {"code": 403, "data": None, "msg": "illegal request"}
    try:
        body = json.loads(q.get("json") or "{}")
        page, size = max(1, int(body.get("pageIndex") or 1)), min(MAX_SIZE, max(1, int(body.get("pageSize") or 20)))
    except (TypeError, ValueError):
        return {"code": 400, "data": None, "msg": "参数错误"}
    if body.get("responseModel") != "V2":
        return {"code": 400, "data": None, "msg": "responseModel"}
    rows = sorted(rt.store.orders, key=lambda r: r["ship_by"])
    if body.get("orderStatus"):
        rows = [r for r in rows if r["status"] == body["orderStatus"]]
    today = rt.now().date().isoformat()
    part = [
        order_v2(o, ("US", "DE", "GB", "AU", "FR")[int(o["id"][2:]) % 5], today)
        for o in rows[(page - 1) * size : page * size]
    ]
    return {
        "code": 200,
        "msg": "success",
        "data": {
            "pageData": {
                "data": part,
                "pagination": {
                    "currentPage": page,
                    "pageSize": size,
                    "totalRecord": len(rows),
                    "totalPage": math.ceil(len(rows) / size),
                },
            }
        },
    }

"""Orders (status, ship-by date, overdue) and reviews (rating, date).

The order list is read in both forms the site has: the newer call public tools show (2024-2026),
`biz.alibaba.com/list/ajax/ta/mainv2.json` → {code: 200, data: {pageData: {data, pagination{totalRecord}}}}
with rows of `baseInfo`, `buyer.country{simpleName}`, `statusAction.status`,
`paymentInfo.totalAmount{number}` (the ship-by key inside `baseInfo` is a guess), and the older guess
`/order/ajax/list.json` ({success, data: {total, list}}). Overdue is judged by the site's clock.
Reviews remain a guess."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from agent.pages._base import TableScreen, answer_error, yes

ORDERS_V2 = "/ta/mainv2.json"
CHINA = ZoneInfo("Asia/Shanghai")  # the back office's clock
WAITING_SHIPMENT = "waiting_shipment"


class Order(BaseModel):
    id: str
    buyer: str
    status: str
    amount: float
    ship_by: str
    overdue: bool
    created: str = ""  # the day it was placed (a guess: baseInfo.gmtCreate; the older rows' created)
    source: str = ""  # where the buyer came from (a guess: inquiry | rfq | public_pool | other); blank: unknown


class Review(BaseModel):
    id: str
    order_id: str
    rating: int
    date: str
    text: str = ""


class GuessedTable(TableScreen):
    """A screen of a guessed dialect: {success, data: {total, list}}, 50 a page at most."""

    max_size = 50

    def parse_page(self, payload):
        if not isinstance(payload, dict) or not payload.get("success") or not isinstance(payload.get("data"), dict):
            raise answer_error(self.name, payload)
        return payload["data"]["list"], int(payload["data"]["total"])


def parse_order_v2(r: dict, today: date) -> dict:
    """One row of mainv2.json, in the older row's keys (overdue: waiting for shipment past its date)."""
    base, status = r["baseInfo"], (r.get("statusAction") or {}).get("status") or ""
    ship_by = str(base.get("shippingDeadline") or "")
    late = base.get("shippingOverdue")  # the row's own word when it has one, else the site's day against the date
    return {
        "id": str(base.get("orderId") or base["tradeId"]),
        "buyer": str((r.get("buyer") or {}).get("fullName") or ""),
        "status": status,
        "amount": float(((r.get("paymentInfo") or {}).get("totalAmount") or {}).get("number") or 0),
        "ship_by": ship_by,
        "created": str(base.get("gmtCreate") or ""),
        "source": str(base.get("orderSource") or ""),
        "overdue": bool(late)
        if late is not None
        else status == WAITING_SHIPMENT and bool(ship_by) and ship_by < today.isoformat(),
    }


class Orders(GuessedTable):
    key, real, call, model = (
        "orders",
        "https://biz.alibaba.com/order/list.htm",
        "/order/ajax/list.json|" + ORDERS_V2,
        Order,
    )
    columns = {
        "订单号": ("id", None),
        "买家": ("buyer", None),
        "订单状态": ("status", None),
        "金额": ("amount", float),
        "发货截止日": ("ship_by", None),
        "是否逾期": ("overdue", yes),
    }
    optional_columns = {"下单日期": ("created", None), "来源": ("source", None)}  # guesses (sandbox/guesses.py)

    def parse_page(self, payload):
        """Either form: the newer {code: 200, data.pageData} or the older {success, data{total, list}}."""
        if isinstance(payload, dict) and payload.get("code") == 200 and isinstance(payload.get("data"), dict):
            page = payload["data"].get("pageData")
            if not isinstance(page, dict) or not isinstance(page.get("data"), list):
                raise answer_error(self.name, payload)
            today = self.driver.site_now().astimezone(CHINA).date()
            return [parse_order_v2(r, today) for r in page["data"]], int(page["pagination"]["totalRecord"])
        return super().parse_page(payload)


class Reviews(GuessedTable):
    key, real, call, model = "reviews", "https://biz.alibaba.com/order/reviews.htm", "/order/ajax/reviews.json", Review
    columns = {
        "评价ID": ("id", None),
        "订单号": ("order_id", None),
        "评分": ("rating", int),
        "评价日期": ("date", None),
        "内容": ("text", None),
    }

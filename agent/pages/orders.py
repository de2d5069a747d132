"""Orders (status, ship-by date, overdue) and reviews (rating, date)."""
from __future__ import annotations

from pydantic import BaseModel

from ._base import TableScreen


class Order(BaseModel):
    id: str
    buyer: str
    status: str
    amount: float
    ship_by: str
    overdue: bool


class Review(BaseModel):
    id: str
    order_id: str
    rating: int
    date: str
    text: str = ""


class Orders(TableScreen[Order]):
    key, path, api, model = "orders", "/order/list.htm", "/order/ajax/list.json", Order
    columns = {"订单号": ("id", None), "买家": ("buyer", None), "订单状态": ("status", None), "金额": ("amount", None),
               "发货截止日": ("ship_by", None), "是否逾期": ("overdue", "bool")}


class Reviews(TableScreen[Review]):
    key, path, api, model = "reviews", "/order/reviews.htm", "/order/ajax/reviews.json", Review
    columns = {"评价ID": ("id", None), "订单号": ("order_id", None), "评分": ("rating", None), "评价日期": ("date", None),
               "内容": ("text", None)}

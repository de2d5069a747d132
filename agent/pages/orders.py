"""Orders (status, ship-by date, overdue) and reviews (rating, date). No public source shows these
screens: their calls and answers ({success, data: {total, list}}) are guesses, kept here."""
from __future__ import annotations

from pydantic import BaseModel

from ._base import TableScreen, answer_error, yes


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


class GuessedTable(TableScreen):
    """A screen of a guessed dialect: {success, data: {total, list}}, 50 a page at most."""
    max_size = 50

    def parse_page(self, payload):
        if not isinstance(payload, dict) or not payload.get("success") or not isinstance(payload.get("data"), dict):
            raise answer_error(self.name, payload)
        return payload["data"]["list"], int(payload["data"]["total"])


class Orders(GuessedTable):
    key, real, call, model = "orders", "https://biz.alibaba.com/order/list.htm", "/order/ajax/list.json", Order
    columns = {"订单号": ("id", None), "买家": ("buyer", None), "订单状态": ("status", None), "金额": ("amount", float),
               "发货截止日": ("ship_by", None), "是否逾期": ("overdue", yes)}


class Reviews(GuessedTable):
    key, real, call, model = "reviews", "https://biz.alibaba.com/order/reviews.htm", "/order/ajax/reviews.json", Review
    columns = {"评价ID": ("id", None), "订单号": ("order_id", None), "评分": ("rating", int), "评价日期": ("date", None),
               "内容": ("text", None)}

"""Inquiries (询盘) and TradeManager messages: list, detail, reply."""
from __future__ import annotations

from pydantic import BaseModel

from ._base import Screen, TableScreen
from ._write import submit


class Inquiry(BaseModel):
    id: str
    type: str = "inquiry"
    buyer: str
    country: str
    tz_offset: int | None = None
    buyer_local_time: str
    product_id: str | None = None
    product_title: str
    received: str
    replied: bool
    owner: str
    status: str | None = None


_COLUMNS = {"买家": ("buyer", None), "国家": ("country", None), "买家当地时间": ("buyer_local_time", None),
            "产品": ("product_title", None), "接收时间": ("received", None), "是否回复": ("replied", "bool"),
            "负责人": ("owner", None)}


class InquiryList(TableScreen[Inquiry]):
    key, path, api, model, columns = "inquiries", "/message/maillist.htm", "/message/ajax/list.json", Inquiry, _COLUMNS


class TmList(InquiryList):
    key, path = "tm", "/message/tmlist.htm"


class InquiryDetail(Screen):
    key, path = "inquiry_detail", "/message/detail.htm"

    async def reply(self, inquiry_id: str, text: str) -> None:
        page, _ = await self.goto(self.url(id=inquiry_id))
        if not await page.locator(".reply-content").count():
            raise await self.missing(".reply-content")
        await page.fill(".reply-content", text)
        await submit(self, page, ".reply-send", "/message/ajax/reply.json", f"reply to inquiry {inquiry_id}: {text[:60]!r}")

    async def replies(self, inquiry_id: str) -> list[str]:
        page, _ = await self.goto(self.url(id=inquiry_id))
        return [t.split(": ", 1)[-1] for t in await page.locator(".reply-item").all_inner_texts()]

"""Customers (客户管理) on alicrm.alibaba.com: the customer list and a buyer's card, as the pages'
own calls answer them ({success, data{total, data[customer]}} and {success, data{data{customerType,
alicrmCustomerInfo, buyerInfo}}}; the real answers in tests/fixtures/alibaba-backoffice/crm_*.json
parse through the same parsers). The card is read where a seller sees it — on the inquiry's detail —
and its 添加为客户 button adds the buyer. The older paths of the calls are guesses (sandbox/guesses.py);
the newer ones are public evidence: the list a POST with a JSON body to eggCrmQn/…/queryCustomerList.json
(up to 500 a page), the card JSONP from customerPluginQueryServiceI/queryCustomerInfo.json after the
page's querySummary.htm. Both are read."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from agent.pages._base import Screen, TableScreen, answer_error
from agent.pages._write import submit


class Customer(BaseModel):
    customer_id: str
    company: str
    country: str
    contact: str
    owner: str
    sources: list[str]
    created: str
    orders: int
    note: str | None = None  # recentNote: the latest message or note
    last_contact: str | None = None  # lastContactTime (a guess): when the seller last wrote


class BuyerCard(BaseModel):
    customer_type: str  # e.g. WAIT_TO_ADD_CUSTOMER
    is_customer: bool
    country: str
    level: str | None
    company: str | None
    first_name: str | None
    last_name: str | None
    valid_inquiries: int
    replied_inquiries: int
    login_days: int


def _data(payload: Any, screen: str) -> Any:
    if not isinstance(payload, dict) or payload.get("success") is not True or not isinstance(payload.get("data"), dict):
        raise answer_error(screen, payload)
    return payload["data"]


def parse_customer_list(payload: Any) -> tuple[list[Customer], int]:
    data = _data(payload, "CustomerList")
    out = [
        Customer(
            customer_id=c["customerId"],
            company=c.get("companyName") or "",
            country=c.get("countryCode") or "",
            contact=(c.get("mainContact") or {}).get("contactName") or "",
            owner=c.get("saleName") or "",
            sources=list(c.get("customerSources") or []),
            created=c.get("createDate") or "",
            orders=int(c.get("taOrderCount") or 0),
            note=c.get("recentNote"),
            last_contact=c.get("lastContactTime"),
        )
        for c in data["data"]
    ]
    return out, int(data["total"])


def parse_customer_detail(payload: Any) -> BuyerCard:
    d = _data(payload, "BuyerCard")["data"]
    b = d.get("buyerInfo") or {}
    crm = d.get("alicrmCustomerInfo") or {}
    return BuyerCard(
        customer_type=d["customerType"],
        is_customer=bool(crm.get("customerId")),
        country=b.get("country") or "",
        level=b.get("levelTag"),
        company=b.get("companyName"),
        first_name=b.get("firstName"),
        last_name=b.get("lastName"),
        valid_inquiries=int(b.get("validInquiryCount") or 0),
        replied_inquiries=int(b.get("repliedInquiryCount") or 0),
        login_days=int(b.get("loginDays") or 0),
    )


class CustomerList(TableScreen[Customer]):
    key, real, call = "customers", "https://alicrm.alibaba.com/crm/customer_list.htm", "queryCustomerList.json"
    model, id_field, max_size = Customer, "customer_id", 500

    def parse_page(self, payload) -> tuple[list[dict], int]:
        rows, total = parse_customer_list(payload)
        return [r.model_dump() for r in rows], total

    async def read(self) -> list[Customer]:
        return await self.read_all()

    async def message(self, customer_id: str, text: str) -> None:
        """Open the customer's 发消息 dialog, type the message and send it (a guess: see the module)."""
        await self.row_dialog(
            await self.read(),
            customer_id,
            "message",
            {".message-text": text},
            "customer/sendMessage.json",
            f"给客户 {customer_id} 发消息",
        )


class BuyerCardScreen(Screen):
    """The buyer card on an inquiry's detail (message.alibaba.com), filled by alicrm's card call."""

    key, real = "inquiry_detail", "https://message.alibaba.com/message/default.htm"
    call = "queryBuyerCard.json|customerPluginQueryServiceI/queryCustomerInfo.json"  # the older guess | the newer JSONP

    async def read(self, inquiry_id: str) -> BuyerCard:
        return parse_customer_detail(
            await self.read_call(".buyer-card", self.url(f"#feedback/detail/all/{inquiry_id}", imInquiryId=inquiry_id))
        )

    async def add(self, inquiry_id: str) -> None:
        """Press 添加为客户 on the card."""
        await self.read(inquiry_id)
        await submit(
            self,
            self.page,
            ".buyer-card .add-customer",
            "addCustomer.json",
            f"添加为客户：询盘 {inquiry_id} 的买家",
        )

"""Customers (客户管理) on alicrm.alibaba.com: the customer list and a buyer's card, as the pages'
own calls answer them ({success, data{total, data[customer]}} and {success, data{data{customerType,
alicrmCustomerInfo, buyerInfo}}}). Parsers only so far: the routines that use them (issue 16)
come later; the real answers in tests/fixtures/alibaba-backoffice/crm_*.json parse through them."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ._base import answer_error


class Customer(BaseModel):
    customer_id: str
    company: str
    country: str
    contact: str
    owner: str
    sources: list[str]
    created: str
    orders: int


class BuyerCard(BaseModel):
    customer_type: str          # e.g. WAIT_TO_ADD_CUSTOMER
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
    out = [Customer(customer_id=c["customerId"], company=c.get("companyName") or "", country=c.get("countryCode") or "",
                    contact=(c.get("mainContact") or {}).get("contactName") or "", owner=c.get("saleName") or "",
                    sources=list(c.get("customerSources") or []), created=c.get("createDate") or "",
                    orders=int(c.get("taOrderCount") or 0)) for c in data["data"]]
    return out, int(data["total"])


def parse_customer_detail(payload: Any) -> BuyerCard:
    d = _data(payload, "BuyerCard")["data"]
    b = d.get("buyerInfo") or {}
    crm = d.get("alicrmCustomerInfo") or {}
    return BuyerCard(customer_type=d["customerType"], is_customer=bool(crm.get("customerId")), country=b.get("country") or "",
                     level=b.get("levelTag"), company=b.get("companyName"), first_name=b.get("firstName"),
                     last_name=b.get("lastName"), valid_inquiries=int(b.get("validInquiryCount") or 0),
                     replied_inquiries=int(b.get("repliedInquiryCount") or 0), login_days=int(b.get("loginDays") or 0))

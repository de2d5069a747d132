"""Inquiries (询盘) on message.alibaba.com: the `#feedback/all` app and its own list call
`ajax/feedback/subjectList.htm` (POST, 20 a page, paged by `nextPage`), answer
{code: 200, data: {list: [[row]], pagination: {totalCount, ...}}}. TM 商机 are rows with
feedbackType 6. The real answer has no buyer-local-time field: it is derived from the buyer's
countryCode (`derived_local_time`), and named as derived."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, model_validator

from agent.pages._base import Screen, TableScreen, answer_error
from agent.pages._write import submit

TM_FEEDBACK_TYPE = 6
CHINA = ZoneInfo("Asia/Shanghai")  # the back office's clock
# One time zone per country (the capital's, or the main business city's where a country has several).
COUNTRY_ZONES = {
    "US": "America/New_York",
    "CA": "America/Toronto",
    "MX": "America/Mexico_City",
    "BR": "America/Sao_Paulo",
    "AR": "America/Argentina/Buenos_Aires",
    "CL": "America/Santiago",
    "CO": "America/Bogota",
    "PE": "America/Lima",
    "GB": "Europe/London",
    "IE": "Europe/Dublin",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "ES": "Europe/Madrid",
    "IT": "Europe/Rome",
    "NL": "Europe/Amsterdam",
    "BE": "Europe/Brussels",
    "PL": "Europe/Warsaw",
    "SE": "Europe/Stockholm",
    "HU": "Europe/Budapest",
    "GR": "Europe/Athens",
    "TR": "Europe/Istanbul",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "PT": "Europe/Lisbon",
    "CH": "Europe/Zurich",
    "AT": "Europe/Vienna",
    "CZ": "Europe/Prague",
    "RO": "Europe/Bucharest",
    "AE": "Asia/Dubai",
    "SA": "Asia/Riyadh",
    "IL": "Asia/Jerusalem",
    "IN": "Asia/Kolkata",
    "PK": "Asia/Karachi",
    "BD": "Asia/Dhaka",
    "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
    "MY": "Asia/Kuala_Lumpur",
    "SG": "Asia/Singapore",
    "ID": "Asia/Jakarta",
    "PH": "Asia/Manila",
    "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul",
    "HK": "Asia/Hong_Kong",
    "TW": "Asia/Taipei",
    "CN": "Asia/Shanghai",
    "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland",
    "ZA": "Africa/Johannesburg",
    "NG": "Africa/Lagos",
    "GH": "Africa/Accra",
    "KE": "Africa/Nairobi",
    "EG": "Africa/Cairo",
    "MA": "Africa/Casablanca",
    "RW": "Africa/Kigali",
    "ZW": "Africa/Harare",
    "ET": "Africa/Addis_Ababa",
}


class Inquiry(BaseModel):
    id: str
    type: str = "inquiry"  # inquiry | tm (feedbackType 6)
    buyer: str  # how people see the buyer: the name, else the company, else the country
    buyer_name: str = ""  # the sender's own name; blank on real rows (2 of 20 in the real answer)
    company: str = ""
    country: str
    tz_offset: int | None = None  # derived from the country: hours from UTC at `received`
    buyer_local_time: str = ""  # derived from the country: the buyer's wall clock now
    product_id: str | None = None
    product_title: str
    subject: str = ""
    message: str = ""  # what the buyer wrote first (imContent; else the latest message, when it is theirs)
    quantity: int | None = None  # the inquiry's product line: the quantity asked for
    unit: str = ""
    country_name: str = ""
    received: str  # ISO, China time
    replied: bool
    replied_at: str | None = None  # ISO, China time: the latest reply the list shows (lastestReplyTime)
    owner: str
    status: str | None = None
    unread: bool = False  # the inbox shows it unread (hasUnread); opening its detail would mark it read

    @model_validator(mode="before")
    @classmethod
    def _name(cls, v):
        """The DOM table shows one buyer column: the name the list shows is the buyer's name."""
        if isinstance(v, dict) and "buyer_name" not in v:
            v = {**v, "buyer_name": v.get("buyer", "")}
        return v


def derived_local_time(country: str, at: datetime) -> tuple[str, int | None]:
    """(the buyer's local time at `at`, hours from UTC) worked out from the country code; the real
    inquiry list has no such field. Unknown countries give ("", None)."""
    zone = COUNTRY_ZONES.get(country.upper())
    if zone is None:
        return "", None
    local = at.astimezone(ZoneInfo(zone))
    offset = local.utcoffset() or timedelta(0)
    return local.strftime("%Y-%m-%d %H:%M"), int(offset.total_seconds() // 3600)


def buyer_label(name: str, company: str, country_name: str, country: str) -> str:
    """A buyer named as people know them: the sender's name, else the company, else the country
    (real senders may leave the name blank)."""
    return name or company or country_name or country or "—"


def _reply_time(row: dict) -> str | None:
    """When the seller last replied (lastestReplyTime, ms), for an answered inquiry; none when the
    list gives no later time than the inquiry's own."""
    at, created = int(row.get("lastestReplyTime") or 0), int(row.get("createTime") or 0)
    if int(row.get("replyStatus") or 0) != 1 or at <= created:
        return None
    return datetime.fromtimestamp(at / 1000, CHINA).isoformat(timespec="seconds")


def parse_inquiry(row: dict, now: datetime) -> Inquiry:
    """One row of subjectList.htm's data.list (`now`: the site's clock, for the buyer's local time)."""
    sender = row.get("sender") or {}
    country = str(sender.get("countryCode") or "").upper()
    received = datetime.fromtimestamp(int(row["createTime"]) / 1000, CHINA)
    local, offset = derived_local_time(country, now)
    products = row.get("productInfo") or []
    first = products[0] if products else {}
    name, company = str(sender.get("name") or "").strip(), str(sender.get("companyName") or "").strip()
    return Inquiry(
        id=str(row.get("id") or row.get("feedbackId")),
        type="tm" if int(row.get("feedbackType") or 0) == TM_FEEDBACK_TYPE else "inquiry",
        buyer=buyer_label(name, company, str(sender.get("countryName") or "").strip(), country),
        buyer_name=name,
        company=company,
        country=country,
        tz_offset=offset,
        buyer_local_time=local,
        product_id=str(first["productId"]) if first.get("productId") else None,
        product_title=str(first.get("productName") or ""),
        subject=str(row.get("subject") or ""),
        message=_buyer_words(row),
        quantity=_whole(first.get("quantity")),
        unit=str(first.get("unit") or ""),
        country_name=str(sender.get("countryName") or "").strip(),
        received=received.isoformat(timespec="seconds"),
        replied=int(row.get("replyStatus") or 0) == 1,
        replied_at=_reply_time(row),
        unread=bool(row.get("hasUnread")),
        owner=str(row.get("ownerName") or ""),
        status=str(row.get("process") or "") or None,
    )


def _buyer_words(row: dict) -> str:
    """The buyer's own words: the inquiry's first message (imContent), else the latest one if the
    buyer sent it."""
    latest = row.get("latestMessage") or {}
    first = str(row.get("imContent") or "").strip()
    if first:
        return first
    return str(latest.get("content") or "").strip() if latest.get("sendType") == "receive" else ""


def _whole(x) -> int | None:
    try:
        n = int(float(x))
    except (TypeError, ValueError):
        return None
    return n if n > 0 else None


def parse_subject_list(payload: Any) -> tuple[list[dict], int]:
    """The rows (each list entry is a one-row list) and the total of a subjectList.htm answer."""
    if not isinstance(payload, dict) or payload.get("code") != 200 or not isinstance(payload.get("data"), dict):
        raise answer_error("InquiryList", payload)
    data = payload["data"]
    rows = [x[0] if isinstance(x, list) else x for x in data["list"] if x]
    return rows, int(data["pagination"]["totalCount"])


class InquiryList(TableScreen[Inquiry]):
    key, real = "inquiries", "https://message.alibaba.com/message/default.htm"
    call, model = "ajax/feedback/subjectList.htm", Inquiry
    max_size = 100  # the newer list call takes 100 a page (REAL_SITE.md); the older offers 20
    columns = {
        "买家": ("buyer", None),
        "国家": ("country", None),
        "主题": ("subject", None),
        "产品": ("product_title", None),
        "接收时间": ("received", None),
        "是否回复": ("replied", lambda t: t == "是"),
        "负责人": ("owner", None),
        "类型": ("type", lambda t: "tm" if "TM" in t else "inquiry"),
    }

    def parse_page(self, payload):
        return parse_subject_list(payload)

    def to_model(self, row: dict) -> Inquiry:
        return parse_inquiry(row, self.driver.site_now())

    async def all(self) -> list[Inquiry]:
        """Every inquiry and TM message of the `#feedback/all` list."""
        return await self.read_all(self.url("#feedback/all"))

    async def row(self, inquiry_id: str):
        """The inquiry's row in the list (a Locator): seen without opening it, so it stays unread."""
        return await self.show_row(self.url("#feedback/all"), inquiry_id)


class Message(BaseModel):
    side: str  # buyer | seller
    at: str = ""  # as the page shows it (seller replies carry a time)
    content: str


class Thread(BaseModel):
    """An inquiry's detail as the page renders it (no call of its own fills it)."""

    id: str
    buyer: str
    country: str = ""
    subject: str = ""
    received: str = ""
    product_title: str = ""
    messages: list[Message]


THREAD_JS = """() => {
  const d = document.querySelector('.inquiry-detail'), t = s => (d.querySelector(s)?.innerText || '').trim();
  return {id: d.dataset.id, buyer: t('.buyer-name'), country: t('.buyer-country'), subject: t('.subject'),
          received: t('.received'), product_title: t('.product'),
          messages: Array.from(d.querySelectorAll('.message-list .message-item')).map(m => m.classList.contains('message-seller')
            ? {side: 'seller', at: (m.querySelector('.message-time')?.innerText || '').trim(),
               content: (m.querySelector('.message-content')?.innerText || '').trim()}
            : {side: 'buyer', content: m.innerText.trim()})};
}"""


class InquiryDetail(Screen):
    """An inquiry's detail (`default.htm?imInquiryId=<id>#feedback/detail/all/<id>`); replies are
    typed into the chat box (`.send-textarea`, `.send-btn-bar`). Opening it marks the inquiry read."""

    key, real = "inquiry_detail", "https://message.alibaba.com/message/default.htm"

    async def _open(self, inquiry_id: str):
        page, _ = await self.goto(self.url(f"#feedback/detail/all/{inquiry_id}", imInquiryId=inquiry_id))
        if not await page.locator(".send-textarea").count():
            raise await self.missing(".send-textarea")
        return page

    async def reply(self, inquiry_id: str, text: str) -> None:
        page = await self._open(inquiry_id)
        await page.fill(".send-textarea", text)
        await submit(
            self, page, ".send-btn-bar button", "feedback/reply.htm", f"reply to inquiry {inquiry_id}: {text[:60]!r}"
        )

    async def replies(self, inquiry_id: str) -> list[str]:
        page = await self._open(inquiry_id)
        return [t.strip() for t in await page.locator(".message-seller .message-content").all_inner_texts()]

    async def thread(self, inquiry_id: str) -> Thread:
        page = await self._open(inquiry_id)
        if not await page.locator(".inquiry-detail[data-id]").count():
            raise await self.missing(".inquiry-detail[data-id]")
        self.last_answer, self.source = await page.evaluate(THREAD_JS), "page data"
        return Thread.model_validate(self.last_answer)

    async def sample(self) -> int:
        """doctor and capture: the thread of the newest inquiry already read on the list's first page
        (opening an unread one would mark it read); its messages (0 when every inquiry is unread)."""
        inbox = InquiryList(self.driver)
        await inbox.probe(inbox.url("#feedback/all"))
        rows = [inbox.to_model(r) for r in inbox.parse_page(inbox.last_answer)[0]]
        read = next((i for i in rows if not i.unread), None)
        return len((await self.thread(read.id)).messages) if read else 0

"""客户管理's outreach on alicrm.alibaba.com: 公海客户 (buyers no salesperson holds: a first message
develops one), 客群营销 (a mailing to a customer group) and the day's and week's quotas the pages' own
calls answer with. No public source shows these screens: the paths, calls, keys and quotas are guesses
in alicrm's dialect ({success, data{total, data[]}}; sandbox/guesses.py)."""

from __future__ import annotations

from pydantic import BaseModel

from agent.pages._base import TableScreen

from .crm import _data
from .visitor_marketing import Quota


class PoolBuyer(BaseModel):
    buyer_id: str
    name: str
    country: str
    level: str  # L0-L4
    interests: list[str]  # the products the buyer looked for
    last_active: str
    developed: bool
    developed_at: str | None = None  # developedTime: when a first message went to the buyer


class CustomerGroup(BaseModel):
    group_id: str
    name: str
    size: int
    last_subject: str | None = None
    last_sent: str | None = None


class Mailing(BaseModel):
    campaign_id: str
    subject: str
    content: str
    group_id: str
    group: str
    recipients: int
    sent: str


class PublicPool(TableScreen[PoolBuyer]):
    key, real, call = "public_pool", "https://alicrm.alibaba.com/crm/public_pool.htm", "publicPool/queryList.json"
    model, id_field, max_size = PoolBuyer, "buyer_id", 50

    def parse_page(self, payload) -> tuple[list[dict], int]:
        data = _data(payload, self.name)
        rows = [
            {
                "buyer_id": str(r["buyerId"]),
                "name": r.get("buyerName") or "",
                "country": r.get("countryCode") or "",
                "level": r.get("buyerLevel") or "",
                "interests": [w.strip() for w in str(r.get("interests") or "").split(",") if w.strip()],
                "last_active": r.get("lastActiveTime") or "",
                "developed": bool(r.get("developed")),
                "developed_at": r.get("developedTime"),
            }
            for r in data["data"]
        ]
        return rows, int(data["total"])

    def quota(self) -> Quota:
        """The day's first messages, as the screen's last answer showed them."""
        return Quota.model_validate(_data(self.last_answer, self.name)["quota"])

    async def read(self) -> tuple[list[PoolBuyer], Quota]:
        rows = await self.read_all()
        return rows, self.quota()

    async def develop(self, buyer_id: str, text: str) -> None:
        """Open the buyer's 开发 dialog, type the first message and send it (the site checks the quota)."""
        buyers, _ = await self.read()
        await self.row_dialog(
            buyers, buyer_id, "develop", {".develop-text": text}, "publicPool/develop.json", f"公海开发 {buyer_id}"
        )


class EdmCenter(TableScreen[CustomerGroup]):
    key, real, call = "edm", "https://alicrm.alibaba.com/crm/edm.htm", "edm/queryCampaigns.json"
    model, id_field, max_size = CustomerGroup, "group_id", 20

    def parse_page(self, payload) -> tuple[list[dict], int]:
        data = _data(payload, self.name)
        rows = [
            {
                "group_id": str(r["groupId"]),
                "name": r.get("groupName") or "",
                "size": int(r.get("size") or 0),
                "last_subject": r.get("lastSubject"),
                "last_sent": r.get("lastSentTime"),
            }
            for r in data["data"]
        ]
        return rows, int(data["total"])

    def quota(self) -> Quota:
        """The week's mailings, as the screen's last answer showed them."""
        return Quota.model_validate(_data(self.last_answer, self.name)["quota"])

    def mailings(self) -> list[Mailing]:
        return [
            Mailing(
                campaign_id=str(c["campaignId"]),
                subject=c["subject"],
                content=c.get("content") or "",
                group_id=str(c["groupId"]),
                group=c.get("groupName") or "",
                recipients=int(c.get("recipientCnt") or 0),
                sent=c["sentTime"],
            )
            for c in _data(self.last_answer, self.name).get("campaigns") or []
        ]

    async def read(self) -> tuple[list[CustomerGroup], list[Mailing], Quota]:
        rows = await self.read_all()
        return rows, self.mailings(), self.quota()

    async def send(self, group_id: str, subject: str, text: str) -> None:
        """Open the group's 发送营销邮件 dialog, type the subject and the mail, send it."""
        groups, _, _ = await self.read()
        await self.row_dialog(
            groups,
            group_id,
            "edm",
            {".edm-subject": subject, ".edm-text": text},
            "edm/send.json",
            f"客群营销 {group_id}",
        )

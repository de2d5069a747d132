"""橱窗 (showcase) slots — a guess: /showcase/manage.htm asks showcase/ajax/list.json answering
{success, data: {total, used, list[{offerId, subject, since}]}}; a slot's offer is replaced through
the row's 替换 dialog (showcase/ajax/replace.json)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from agent.pages._base import Screen, answer_error
from agent.pages._write import submit


class ShowcaseSlot(BaseModel):
    offer_id: str
    title: str
    since: date


class ShowcaseSlots(BaseModel):
    total: int
    slots: list[ShowcaseSlot]


class Showcase(Screen):
    key, real, call = "cbu_showcase", "https://work.1688.com/showcase/manage.htm", "showcase/ajax/list.json"

    async def read(self) -> ShowcaseSlots:
        body = await self.read_call(".showcase-table")
        if not isinstance(body, dict) or not body.get("success"):
            raise answer_error(self.name, body)
        return ShowcaseSlots(
            total=body["data"]["total"],
            slots=[
                ShowcaseSlot(offer_id=str(r["offerId"]), title=r["subject"], since=date.fromisoformat(r["since"]))
                for r in body["data"]["list"]
            ],
        )

    async def replace(self, old: str, new: str) -> None:
        await self.read()
        page = self.page
        await page.click(f"tr.next-table-row[data-row-key='{old}'] .action-replace")
        await page.fill(".next-dialog .new-offer-id", new)
        await submit(self, page, ".next-dialog .dialog-ok", "showcase/ajax/replace.json", f"橱窗：{old} 换成 {new}")

"""Marketing activity centre: weekly deals with eligibility and sign-up deadline; sign-up. No public
source shows this screen: its calls are guesses ({success, data: {total, list}}), kept here."""

from __future__ import annotations

from pydantic import BaseModel

from agent.pages._base import yes
from agent.pages._write import submit

from .orders import GuessedTable


class Activity(BaseModel):
    id: str
    name: str
    type: str
    eligible: bool
    deadline: str
    signed_up: bool
    open: bool = True


class ActivityCenter(GuessedTable):
    key, real, call, model = (
        "activities",
        "https://hz-productposting.alibaba.com/activity/center.htm",
        "/activity/ajax/list.json",
        Activity,
    )
    columns = {
        "活动名称": ("name", None),
        "活动类型": ("type", None),
        "是否符合报名条件": ("eligible", yes),
        "报名截止": ("deadline", None),
        "已报名": ("signed_up", yes),
    }

    async def find(self, activity_id: str) -> Activity | None:
        return next((a for a in await self.read_all(self.url(q=activity_id)) if a.id == activity_id), None)

    async def sign_up(self, activity_id: str) -> None:
        page, _ = await self.goto(self.url(q=activity_id), self.call)
        sel = f"tr.next-table-row[data-row-key='{activity_id}'] button.action-signup"
        if not await page.locator(sel).count():
            raise await self.missing(sel, "activity not open for sign-up")
        await submit(self, page, sel, "/activity/ajax/signup.json", f"报名活动 {activity_id}")


class Post(BaseModel):
    id: str
    type: str  # video | image
    title: str
    published: str  # YYYY-MM-DD


class FansPosts(GuessedTable):
    """营销中心 · 粉丝通's posts (a guess: the page, the call and the rows' keys; sandbox/guesses.py)."""

    key, real, call, model = "fans_posts", "https://fans.alibaba.com/fans/posts.htm", "/fans/ajax/posts.json", Post
    columns = {"标题": ("title", None), "类型": ("type", None), "发布日期": ("published", None)}

    def to_model(self, row: dict) -> Post:
        return Post(id=str(row["id"]), type=row["type"], title=row["title"], published=row["publishDate"])

    async def read(self) -> list[Post]:
        return await self.read_all()

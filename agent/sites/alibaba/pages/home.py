"""Seller home (i.alibaba.com/index.htm): server-rendered. The star level comes from the page's
own call to supplier.alibaba.com's `capability/fetchFinalStar.json` (data.values.star); the
unreplied count, store activity and violations are read from the page (their blocks are guesses)."""

from __future__ import annotations

import re

from pydantic import BaseModel

from agent.pages._base import Screen, answer_error


class Violation(BaseModel):
    id: str
    title: str
    date: str
    points: int


class HomeSummary(BaseModel):
    star_level: int
    dimensions: dict[str, float]
    unreplied_inquiries: int
    violations: list[Violation]
    activity_score: int | None = None


HOME_JS = """() => { const text = s => { const e = document.querySelector(s); return e ? e.innerText.trim() : null; };
  return {unreplied: text('.unreplied-count'), activity: text('.activity-score'),
    violations: Array.from(document.querySelectorAll('.violation-item')).map(li => ({id: li.dataset.id,
      points: Number(li.dataset.points), date: li.querySelector('.violation-date').textContent.trim(),
      title: li.querySelector('.violation-title').textContent.trim()}))}; }"""


class HomePage(Screen):
    key, real, call = "home", "https://i.alibaba.com/index.htm", "capability/fetchFinalStar.json"

    async def read(self) -> HomeSummary:
        star = await self.read_call(".star-level")
        if not isinstance(star, dict) or not isinstance(star.get("data"), dict):
            raise answer_error(self.name, star)
        values = star["data"]["values"]
        seen = await self.page.evaluate(HOME_JS)  # the page's figures in one round trip
        # a figure the page has not drawn yet is waited for (and named when it never comes)
        unreplied = re.sub(
            r"\D", "", seen["unreplied"] if seen["unreplied"] is not None else await self.text(".unreplied-count")
        )
        activity = re.sub(
            r"\D", "", seen["activity"] if seen["activity"] is not None else await self.text(".activity-score")
        )
        return HomeSummary(
            star_level=int(values["star"]),
            dimensions=values.get("dimensions") or {},
            unreplied_inquiries=int(unreplied or 0),
            activity_score=int(activity) if activity else None,
            violations=[Violation.model_validate(v) for v in seen["violations"]],
        )

"""Seller home (i.alibaba.com): star level and its dimensions, unreplied inquiries, violations."""
from __future__ import annotations

from pydantic import BaseModel

from ._base import Screen


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


class HomePage(Screen):
    key, path, api = "home", "/home.htm", "/home/ajax/summary.json"

    async def read(self) -> HomeSummary:
        return HomeSummary.model_validate(await self.read_call(".star-level"))

"""商品体验中心 — offers taken down for violations and low-quality offers. No public source shows it;
a guess: /experience/index.htm asks experience/ajax/problems.json answering {success, data:
{violations[{offerId, subject, reason, status}], lowQuality[{offerId, subject, problem}]}}."""

from __future__ import annotations

from pydantic import BaseModel

from agent.pages._base import Screen, answer_error


class OfferProblem(BaseModel):
    offer_id: str
    title: str
    problem: str
    kind: str  # violation | low_quality


class ExperienceCenter(Screen):
    key, real, call = "cbu_experience", "https://work.1688.com/experience/index.htm", "experience/ajax/problems.json"

    async def read(self) -> list[OfferProblem]:
        body = await self.read_call(".screen-experience")
        if not isinstance(body, dict) or not body.get("success"):
            raise answer_error(self.name, body)
        d = body["data"]
        return [
            OfferProblem(offer_id=str(v["offerId"]), title=v["subject"], problem=v["reason"], kind="violation")
            for v in d["violations"]
        ] + [
            OfferProblem(offer_id=str(v["offerId"]), title=v["subject"], problem=v["problem"], kind="low_quality")
            for v in d["lowQuality"]
        ]

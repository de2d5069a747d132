"""工作台 (work.1688.com/home/index.htm): the page asks home/unReadMsgCount.htm (real) and the store
score call (a guess: home/ajax/shopScore.json carrying 旺铺评分 and 新灯塔's nlhScore with the real
keys qualityScore, refundScore, lgtScore, wwScore, starScore); the service figures (3-minute 旺旺
response, satisfaction, 48 h dispatch, fulfilment, refund rate) are on the page."""
from __future__ import annotations

from pydantic import BaseModel

from .._base import Screen, answer_error, pct

SERVICE = {"ww_response_3min": ".svc-ww3min", "satisfaction": ".svc-satisfaction", "dispatch_48h": ".svc-dispatch48h",
           "fulfilment": ".svc-fulfil", "refund_rate": ".svc-refund"}
UNREAD, SCORE = "home/unReadMsgCount.htm", "home/ajax/shopScore.json"


class WorkbenchSummary(BaseModel):
    shop_score: float                # 旺铺评分, 0-100
    nlh: dict[str, float]            # 新灯塔: totalScore and its five scores
    unread: int
    service: dict[str, float]


class Workbench(Screen):
    key, real, call = "cbu_work", "https://work.1688.com/home/index.htm", (UNREAD, SCORE)

    async def read(self) -> WorkbenchSummary:
        got = await self.read_call(".shop-score")
        unread, score = got.get(UNREAD), got.get(SCORE)
        if not (isinstance(score, dict) and score.get("success") and isinstance(unread, dict)):
            raise answer_error(self.name, got)
        service = {}
        for k, sel in SERVICE.items():
            text = await self.text(sel)
            service[k] = pct(text) if text.endswith("%") else float(text)
        return WorkbenchSummary(shop_score=float(score["data"]["shopScore"]), unread=int(unread["data"]["unReadMsgCount"]),
                                nlh={k: float(v) for k, v in score["data"]["nlhScore"].items()}, service=service)

"""工作台 (work.1688.com/home/index.htm): the page asks home/unReadMsgCount.htm (real) and the store
score call (a guess: home/ajax/shopScore.json carrying 旺铺评分 and 新灯塔's nlhScore with the real
keys qualityScore, refundScore, lgtScore, wwScore, starScore); the service figures (3-minute 旺旺
response, satisfaction, 48 h dispatch, fulfilment, refund rate) are on the page. The newer page asks
the signed mtop gateway mtop.alibaba.cbu.WorkDiorDataReaderService.getValuesFromGateway instead:
新灯塔 as moduleServiceScoreModelList[{code, score}] under CDT_7nkFnu (REAL_SITE.md; 旺铺评分's
module is a guess); both forms are read, the gateway's token refusals are not answers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from agent.pages._base import Screen, answer_error, pct

SERVICE = {
    "ww_response_3min": ".svc-ww3min",
    "satisfaction": ".svc-satisfaction",
    "dispatch_48h": ".svc-dispatch48h",
    "fulfilment": ".svc-fulfil",
    "refund_rate": ".svc-refund",
}
UNREAD = "home/unReadMsgCount.htm"
# the older guess | the newer signed mtop gateway (its path is the API name in lower case)
SCORE = "home/ajax/shopScore.json|mtop.alibaba.cbu.workdiordatareaderservice.getvaluesfromgateway"


def scores(answer: Any) -> tuple[float, dict[str, float]] | None:
    """(旺铺评分, 新灯塔) from either form: {success, data{shopScore, nlhScore{}}} or the gateway's
    {ret: [SUCCESS…], data{CDT_7nkFnu…moduleServiceScoreModelList[{code, score}], CDT_shopScore…}};
    None when the answer is neither."""
    if not isinstance(answer, dict):
        return None
    data: Any = answer.get("data")
    if "ret" in answer:
        if not str((answer.get("ret") or [""])[0]).startswith("SUCCESS"):
            return None
        modules = data["CDT_7nkFnu"]["values"]["queryNlhScoreAndBenefitsData"]["value"]["returnValue"][
            "moduleServiceScoreModelList"
        ]
        shop = data["CDT_shopScore"]["values"]["queryShopScore"]["value"]["returnValue"]["shopScore"]
        return float(shop), {str(m["code"]): float(m["score"]) for m in modules}
    if answer.get("success") and isinstance(data, dict):
        return float(data["shopScore"]), {k: float(v) for k, v in data["nlhScore"].items()}
    return None


class WorkbenchSummary(BaseModel):
    shop_score: float  # 旺铺评分, 0-100
    nlh: dict[str, float]  # 新灯塔: totalScore and its five scores
    unread: int
    service: dict[str, float]


class Workbench(Screen):
    key, real, call = "cbu_work", "https://work.1688.com/home/index.htm", (UNREAD, SCORE)

    async def read(self) -> WorkbenchSummary:
        got = await self.read_call(".shop-score")
        unread, read = got.get(UNREAD), scores(got.get(SCORE))
        if read is None or not isinstance(unread, dict):
            raise answer_error(self.name, got)
        service = {}
        for k, sel in SERVICE.items():
            text = await self.text(sel)
            service[k] = pct(text) if text.endswith("%") else float(text)
        return WorkbenchSummary(
            shop_score=read[0], unread=int(unread["data"]["unReadMsgCount"]), nlh=read[1], service=service
        )

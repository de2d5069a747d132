"""1688 edits: the standing re-publish plan (重发), an offer's title, a showcase swap.

The re-publish plan is a standing order: a person approves it once (which offers, which times, a
daily cap); it is never "applied" as one write — each scheduled `republish` run carries out the part
of it that is due, with read-back and audit, and a paused or revoked plan writes nothing."""

from __future__ import annotations

import re
from typing import ClassVar

from pydantic import field_validator, model_validator

from agent.edits._base import Edit, Model, SiteRule, Words, clean_text, register

from .limits import LIMITS


@register
class RepublishPlan(Edit):
    kind, main_field = "republish_plan", "daily_cap"
    label = {"zh": "重发计划（常设）", "en": "re-publish plan (standing)"}

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                "re-publish plan",
                "no plan",
                f"every day at {', '.join(self.value.times)}, "
                f"{'every offer on sale' if not self.value.offers else str(len(self.value.offers)) + ' chosen offers'}, "
                f"at most {self.value.daily_cap} a day",
            )
        return (
            "重发计划",
            "无计划",
            f"每天 {'、'.join(self.value.times)} 重发"
            f"{'全部销售中产品' if not self.value.offers else str(len(self.value.offers)) + ' 个指定产品'}，"
            f"每天最多 {self.value.daily_cap} 个",
        )

    standing: ClassVar[bool] = True

    class Pre(Model):
        pass

    class Value(Model):
        offers: list[str] | None = None  # None: every offer on sale, whenever the run looks
        times: list[str] = list(LIMITS.ROUNDS)
        daily_cap: int

        @field_validator("times")
        @classmethod
        def _times(cls, v: list[str]) -> list[str]:
            if not 1 <= len(v) <= 8:
                raise ValueError("times: give 1 to 8 times of day, e.g. 08:30")
            for t in v:
                m = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", t)
                if not m:
                    raise ValueError(f"times: {t!r} is not a time of day HH:MM")
                if int(m.group(1)) >= LIMITS.REPOST_LAST_HOUR:
                    raise ValueError(
                        f"times: {t} is after {LIMITS.REPOST_LAST_HOUR}:00, when 1688 no longer refreshes offers"
                    )
            return sorted(set(v))

        @field_validator("daily_cap")
        @classmethod
        def _cap(cls, v: int) -> int:
            if not 1 <= v <= LIMITS.REPOST_DAILY_LIMIT:
                raise ValueError(f"daily_cap must be 1 to {LIMITS.REPOST_DAILY_LIMIT} re-posts a day")
            return v

        @field_validator("offers")
        @classmethod
        def _offers(cls, v: list[str] | None) -> list[str] | None:
            if v is not None and (not v or any(not re.fullmatch(r"\d{6,20}", x) for x in v)):
                raise ValueError("offers: a list of offer ids (digits), or leave it out for every offer on sale")
            return v

    pre: Pre
    value: Value


@register
class OfferTitle(Edit):
    kind, main_field = "offer_title", "title"
    label = {"zh": "优化标题", "en": "offer title"}

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"offer {self.target}",
                f"title '{self.pre.title}'",
                f"title '{self.value.title}'",
            )
        return (
            f"产品 {self.target}",
            f"标题「{self.pre.title}」",
            f"标题「{self.value.title}」",
        )

    def spot(self) -> str:
        return self.pre.title

    watch = "title"

    class Pre(Model):
        title: str

    class Value(Model):
        title: str

        @field_validator("title")
        @classmethod
        def _title(cls, v: str) -> str:
            v = clean_text(v, "a title", LIMITS.TITLE_MAX, "产品标题")
            if "<" in v or ">" in v:
                raise SiteRule("a title is plain text: no < or >", "产品标题不能包含 < 或 >")
            return v

    pre: Pre
    value: Value

    async def read(self, driver):
        from .pages.offers import OfferEditor

        return {"title": await OfferEditor(driver).title(self.target)}

    async def write(self, driver):
        from .pages.offers import OfferEditor

        await OfferEditor(driver).set_title(self.target, self.value.title)


@register
class ShowcaseSwap(Edit):
    """Take the target offer out of its showcase slot and put `new_offer` in."""

    kind = "showcase_swap"
    label = {"zh": "更换橱窗产品", "en": "swap showcase offer"}

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"showcase offer '{self.ev('title') or self.target}'",
                "in the showcase",
                f"replaced by '{self.ev('new_title') or self.value.new_offer}'",
            )
        return (
            f"橱窗产品「{self.ev('title') or self.target}」",
            "在橱窗",
            f"换成「{self.ev('new_title') or self.value.new_offer}」",
        )

    def spot(self) -> str:
        return self.target

    class Pre(Model):
        in_showcase: bool = True

    class Value(Model):
        new_offer: str

        @model_validator(mode="after")
        def _id(self):
            if not re.fullmatch(r"\d{6,20}", self.new_offer):
                raise ValueError("new_offer must be an offer id (digits)")
            return self

    pre: Pre
    value: Value

    async def read(self, driver):
        from .pages.showcase import Showcase

        ids = {x.offer_id for x in (await Showcase(driver).read()).slots}
        return {"in_showcase": self.target in ids, "new_in_showcase": self.value.new_offer in ids}

    def done(self, c):
        return c["new_in_showcase"] and not c["in_showcase"]

    def ready(self, c):
        return c["in_showcase"] and not c["new_in_showcase"]

    async def write(self, driver):
        from .pages.showcase import Showcase

        await Showcase(driver).replace(self.target, self.value.new_offer)

"""P4P edits: a keyword's bid, a campaign's daily budget, a negative keyword in a campaign."""

from __future__ import annotations

from pydantic import field_validator, model_validator

from ._base import SITE, Edit, Model, SiteRule, Words, clean_text, ev, finite, money, register, usd


@register
class SetBid(Edit):
    kind, main_field = "set_bid", "bid"
    label = {"zh": "调整出价", "en": "set bid"}

    @classmethod
    def describe(cls, s: dict, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"keyword '{s['precondition'].get('keyword') or ev(s, 'keyword') or s['target']}'",
                f"bid {usd(s['precondition']['bid'])}",
                f"bid {usd(s['value']['bid'])}",
            )
        return (
            f"关键词「{s['precondition'].get('keyword') or ev(s, 'keyword') or s['target']}」",
            f"出价 {money(s['precondition']['bid'])}",
            f"出价 {money(s['value']['bid'])}",
        )

    watch = "bid"
    spot = classmethod(lambda cls, s: s["precondition"]["keyword"])

    class Pre(Model):
        bid: float
        keyword: str

    class Value(Model):
        bid: float
        base_price: float = 0.0

        @model_validator(mode="after")
        def _site_rules(self):
            finite(self.bid, "bid", "出价格式不正确")
            finite(self.base_price, "floor bid", "底价格式不正确")
            steps = self.bid / SITE.BID_STEP
            if abs(round(steps) - steps) > 1e-6:
                raise SiteRule(
                    f"a bid must be a multiple of {SITE.BID_STEP} (the site's step), got {self.bid:g}",
                    "出价须为0.1元的整数倍",
                )
            if self.bid < self.base_price:
                raise SiteRule(
                    f"a bid must be at least the floor bid {self.base_price:g}, got {self.bid:g}",
                    f"出价不能低于底价 {self.base_price:g}",
                )
            if self.bid > SITE.BID_MAX:
                raise SiteRule(
                    f"a bid is at most {SITE.BID_MAX:g}, got {self.bid:g}", f"出价不能高于 {SITE.BID_MAX:g} 元"
                )
            self.bid = round(self.bid, 1)
            return self

    @classmethod
    async def read(cls, driver, s):
        from ..pages.p4p import P4PKeywords

        k = await P4PKeywords(driver).keyword(int(s["target"]), s["precondition"]["keyword"])
        return {"exists": k is not None, "bid": k.bid if k else None}

    @classmethod
    async def show(cls, driver, s):
        from ..pages.p4p import P4PKeywords

        return await P4PKeywords(driver).row(int(s["target"]), s["precondition"]["keyword"])

    @classmethod
    async def write(cls, driver, s):
        from ..pages.p4p import P4PKeywords

        await P4PKeywords(driver).set_bid(int(s["target"]), s["precondition"]["keyword"], s["value"]["bid"])


def _campaign_name(s) -> str:
    """The campaign as the screen names it (标准推广, 智能推广)."""
    from ..pages.p4p import CAMPAIGN_TYPES

    return next((zh for zh, en in CAMPAIGN_TYPES.items() if en == s["target"]), s["target"])


async def _campaigns(driver, s) -> dict:
    from ..pages.p4p import P4PCampaigns

    c = await P4PCampaigns(driver).read()
    budget = next((x.daily_budget for x in c.campaigns if x.campaign == s["target"]), None)
    present = any(n.campaign == s["target"] and n.keyword == s["value"].get("keyword") for n in c.negative_keywords)
    return {"daily_budget": budget, "present": present}


@register
class SetBudget(Edit):
    kind, main_field = "set_budget", "daily_budget"
    label = {"zh": "调整日预算", "en": "set daily budget"}

    @classmethod
    def describe(cls, s: dict, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"campaign '{s['target']}'",
                f"daily budget {usd(s['precondition']['daily_budget'])}",
                f"daily budget {usd(s['value']['daily_budget'])}",
            )
        return (
            f"推广计划「{s['target']}」",
            f"日预算 {money(s['precondition']['daily_budget'])}",
            f"日预算 {money(s['value']['daily_budget'])}",
        )

    spot = classmethod(lambda cls, s: _campaign_name(s))
    watch = "daily_budget"

    class Pre(Model):
        daily_budget: float

    class Value(Model):
        daily_budget: float

        @field_validator("daily_budget")
        @classmethod
        def _range(cls, v: float) -> float:
            finite(v, "daily budget", "预算格式不正确")
            if not SITE.BUDGET_MIN <= v <= SITE.BUDGET_MAX:
                raise SiteRule(
                    f"a daily budget is between {SITE.BUDGET_MIN:g} and {SITE.BUDGET_MAX:g}, got {v:g}",
                    f"每日预算不能低于{SITE.BUDGET_MIN:g}元"
                    if v < SITE.BUDGET_MIN
                    else f"每日预算不能高于{SITE.BUDGET_MAX:g}元",
                )
            return round(v, 2)

    read = classmethod(lambda cls, driver, s: _campaigns(driver, s))

    @classmethod
    async def write(cls, driver, s):
        from ..pages.p4p import P4PCampaigns

        await P4PCampaigns(driver).set_budget(s["target"], s["value"]["daily_budget"])


@register
class AddNegativeKeyword(Edit):
    kind, main_field = "add_negative_keyword", "keyword"
    label = {"zh": "添加否定词", "en": "add negative keyword"}

    @classmethod
    def describe(cls, s: dict, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"smart campaign '{s['target']}'",
                "no such negative keyword",
                f"negative keyword '{s['value']['keyword']}'",
            )
        return (
            f"智能推广「{s['target']}」",
            "没有此否定词",
            f"否定词「{s['value']['keyword']}」",
        )

    spot = classmethod(lambda cls, s: _campaign_name(s))

    class Pre(Model):
        present: bool = False

    class Value(Model):
        keyword: str

        @field_validator("keyword")
        @classmethod
        def _text(cls, v: str) -> str:
            return clean_text(v, "a negative keyword", 200, "屏蔽词")

    read = classmethod(lambda cls, driver, s: _campaigns(driver, s))

    @classmethod
    def done(cls, c, s):
        return c["present"]

    @classmethod
    def ready(cls, c, s):
        return not c["present"]

    @classmethod
    async def write(cls, driver, s):
        from ..pages.p4p import P4PCampaigns

        await P4PCampaigns(driver).add_negative(s["target"], s["value"]["keyword"])

"""P4P edits: a keyword's bid, a campaign's daily budget, a negative keyword in a campaign."""

from __future__ import annotations

from pydantic import field_validator, model_validator

from agent.edits._base import Edit, Model, SiteRule, Urgency, Words, clean_text, finite, money, num, register, usd

from ..limits import LIMITS


def _spent(ev: dict, base: float) -> Urgency:
    """Money a keyword spent: without inquiries it is the money to save first."""
    spend, inq = num(ev.get("spend")), int(num(ev.get("inquiries")))
    if inq == 0 and spend > 0:
        return Urgency(
            base + 100 + spend / 10, f"7 天花费 ¥{spend:,.2f}，没有询盘", f"¥{spend:,.2f} spent in 7 days, no inquiry"
        )
    return Urgency(
        base + spend / 100, f"7 天花费 ¥{spend:,.2f}，{inq} 个询盘", f"¥{spend:,.2f} spent in 7 days, {inq} inquiries"
    )


def bid_rules(bid: float, floor: float) -> float:
    """A bid as the site takes it: a number, a multiple of its step, at least the floor, at most its cap."""
    finite(bid, "bid", "出价格式不正确")
    finite(floor, "floor bid", "底价格式不正确")
    steps = bid / LIMITS.BID_STEP
    if abs(round(steps) - steps) > 1e-6:
        raise SiteRule(
            f"a bid must be a multiple of {LIMITS.BID_STEP} (the site's step), got {bid:g}", "出价须为0.1元的整数倍"
        )
    if bid < floor:
        raise SiteRule(f"a bid must be at least the floor bid {floor:g}, got {bid:g}", f"出价不能低于底价 {floor:g}")
    if bid > LIMITS.BID_MAX:
        raise SiteRule(f"a bid is at most {LIMITS.BID_MAX:g}, got {bid:g}", f"出价不能高于 {LIMITS.BID_MAX:g} 元")
    return round(bid, 1)


class _Bid(Model):
    """A bid and the floor it must reach, checked as the site checks them."""

    bid: float
    base_price: float = 0.0

    @model_validator(mode="after")
    def _site_rules(self):
        self.bid = bid_rules(self.bid, self.base_price)
        return self


@register
class SetBid(Edit):
    kind, main_field = "set_bid", "bid"
    label = {"zh": "调整出价", "en": "set bid"}

    def urgency(self, waited: float) -> Urgency:
        return _spent(self.evidence, 300)

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"keyword '{self.pre.keyword or self.ev('keyword') or self.target}'",
                f"bid {usd(self.pre.bid)}",
                f"bid {usd(self.value.bid)}",
            )
        return (
            f"关键词「{self.pre.keyword or self.ev('keyword') or self.target}」",
            f"出价 {money(self.pre.bid)}",
            f"出价 {money(self.value.bid)}",
        )

    watch = "bid"

    def spot(self) -> str:
        return self.pre.keyword

    class Pre(Model):
        bid: float
        keyword: str

    class Value(_Bid):
        pass

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.p4p import P4PKeywords

        k = await P4PKeywords(driver).keyword(int(self.target), self.pre.keyword)
        return {"exists": k is not None, "bid": k.bid if k else None}

    async def show(self, driver):
        from ..pages.p4p import P4PKeywords

        return await P4PKeywords(driver).row(int(self.target), self.pre.keyword)

    async def write(self, driver):
        from ..pages.p4p import P4PKeywords

        await P4PKeywords(driver).set_bid(int(self.target), self.pre.keyword, self.value.bid)


def _campaign_name(campaign: str) -> str:
    """The campaign as the screen names it (标准推广, 智能推广)."""
    from ..pages.p4p import CAMPAIGN_TYPES

    return next((zh for zh, en in CAMPAIGN_TYPES.items() if en == campaign), campaign)


async def _campaigns(driver, campaign: str, keyword: str | None = None) -> dict:
    from ..pages.p4p import P4PCampaigns

    c = await P4PCampaigns(driver).read()
    budget = next((x.daily_budget for x in c.campaigns if x.campaign == campaign), None)
    present = any(n.campaign == campaign and n.keyword == keyword for n in c.negative_keywords)
    return {"daily_budget": budget, "present": present}


@register
class SetBudget(Edit):
    kind, main_field = "set_budget", "daily_budget"
    label = {"zh": "调整日预算", "en": "set daily budget"}

    def urgency(self, waited: float) -> Urgency:
        at = self.evidence.get("exhausted_at")
        return (
            Urgency(600, f"预算在 {at} 就花完了：之后买家看不到广告", f"the budget ran out at {at}: no ads after that")
            if at
            else Urgency(550, "", "")
        )

    def describe(self, lang: str = "zh") -> Words:
        name = self.ev("name") or (_campaign_name(self.target) if lang == "zh" else f"{self.target} campaign")
        if lang == "en":
            return (
                f"campaign '{name}'",
                f"daily budget {usd(self.pre.daily_budget)}",
                f"daily budget {usd(self.value.daily_budget)}",
            )
        return (
            f"推广计划「{name}」",
            f"日预算 {money(self.pre.daily_budget)}",
            f"日预算 {money(self.value.daily_budget)}",
        )

    def spot(self) -> str:
        return _campaign_name(self.target)

    watch = "daily_budget"

    class Pre(Model):
        daily_budget: float

    class Value(Model):
        daily_budget: float

        @field_validator("daily_budget")
        @classmethod
        def _range(cls, v: float) -> float:
            finite(v, "daily budget", "预算格式不正确")
            if not LIMITS.BUDGET_MIN <= v <= LIMITS.BUDGET_MAX:
                raise SiteRule(
                    f"a daily budget is between {LIMITS.BUDGET_MIN:g} and {LIMITS.BUDGET_MAX:g}, got {v:g}",
                    f"每日预算不能低于{LIMITS.BUDGET_MIN:g}元"
                    if v < LIMITS.BUDGET_MIN
                    else f"每日预算不能高于{LIMITS.BUDGET_MAX:g}元",
                )
            return round(v, 2)

    pre: Pre
    value: Value

    async def read(self, driver):
        return await _campaigns(driver, self.target)

    async def write(self, driver):
        from ..pages.p4p import P4PCampaigns

        await P4PCampaigns(driver).set_budget(self.target, self.value.daily_budget)


@register
class AddNegativeKeyword(Edit):
    kind, main_field = "add_negative_keyword", "keyword"
    label = {"zh": "添加否定词", "en": "add negative keyword"}

    def urgency(self, waited: float) -> Urgency:
        return _spent(self.evidence, 250)

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"campaign '{self.ev('campaign_name') or self.target}'",
                "no such negative keyword",
                f"negative keyword '{self.value.keyword}'",
            )
        return (
            f"推广计划「{self.ev('campaign_name') or _campaign_name(self.target)}」",
            "没有此否定词",
            f"否定词「{self.value.keyword}」",
        )

    def spot(self) -> str:
        return _campaign_name(self.target)

    class Pre(Model):
        present: bool = False

    class Value(Model):
        keyword: str

        @field_validator("keyword")
        @classmethod
        def _text(cls, v: str) -> str:
            return clean_text(v, "a negative keyword", 200, "屏蔽词")

    pre: Pre
    value: Value

    async def read(self, driver):
        return await _campaigns(driver, self.target, self.value.keyword)

    def done(self, c):
        return c["present"]

    def ready(self, c):
        return not c["present"]

    async def write(self, driver):
        from ..pages.p4p import P4PCampaigns

        await P4PCampaigns(driver).add_negative(self.target, self.value.keyword)


@register
class AddP4PKeyword(Edit):
    """A word added to a campaign with a bid — a rising or little-contested word of 关键词指数 that the
    store sells and no P4P keyword has yet. Target: the word (one open suggestion per word)."""

    kind, main_field = "add_p4p_keyword", "bid"
    label = {"zh": "添加直通车关键词", "en": "add P4P keyword"}

    def urgency(self, waited: float) -> Urgency:
        heat = int(num(self.evidence.get("heat")))
        return Urgency(90 + heat / 1000, f"关键词指数热度 {heat}，直通车还没有这个词", f"index heat {heat}, not in P4P")

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"P4P keyword '{self.target}'",
                "not in P4P",
                f"added to {self.value.campaign}, bid {usd(self.value.bid)}",
            )
        return (
            f"直通车关键词「{self.target}」",
            "直通车没有这个词",
            f"加入「{_campaign_name(self.value.campaign)}」，出价 {money(self.value.bid)}",
        )

    def spot(self) -> str:
        return self.target

    class Pre(Model):
        present: bool = False

    class Value(_Bid):
        campaign: str

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.p4p import P4PKeywords

        kws = P4PKeywords(driver)
        rows = await kws.report(*kws.week(), text=self.target)
        word = " ".join(self.target.split()).lower()
        return {"present": any(r.keyword.lower() == word and r.campaign == self.value.campaign for r in rows)}

    def done(self, c):
        return c["present"]

    def ready(self, c):
        return not c["present"]

    async def write(self, driver):
        from ..pages.p4p import P4PCampaigns

        await P4PCampaigns(driver).add_keyword(self.value.campaign, self.target, self.value.bid)

"""Customer edits: add an inquiry's buyer to the customers (客户管理), from the buyer card."""

from __future__ import annotations

from agent.edits._base import Edit, Model, Words, register


@register
class AddCustomer(Edit):
    """Target: the inquiry whose buyer becomes a customer (the card is read on its detail)."""

    kind = "add_customer"
    label = {"zh": "添加为客户", "en": "add to customers"}

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"buyer {self.ev('buyer') or self.target} ({self.value.country or '-'})",
                "not a customer",
                f"added as a customer: {self.value.company or '-'}, level {self.value.level or '-'}",
            )
        return (
            f"买家 {self.ev('buyer') or self.target}（{self.value.country or '-'}）",
            "不是客户",
            f"添加为客户：{self.value.company or '-'}，等级 {self.value.level or '-'}",
        )

    def spot(self) -> str:
        return self.ev("buyer") or self.target

    watch = "is_customer"

    class Pre(Model):
        is_customer: bool = False

    class Value(Model):
        is_customer: bool = True
        company: str | None = None
        country: str = ""
        level: str | None = None

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.crm import BuyerCardScreen

        return {"is_customer": (await BuyerCardScreen(driver).read(self.target)).is_customer}

    async def write(self, driver):
        from ..pages.crm import BuyerCardScreen

        await BuyerCardScreen(driver).add(self.target)

"""Customer edits: add an inquiry's buyer to the customers (客户管理), from the buyer card."""

from __future__ import annotations

from ._base import Edit, Model, Words, ev, register


@register
class AddCustomer(Edit):
    """Target: the inquiry whose buyer becomes a customer (the card is read on its detail)."""

    kind = "add_customer"
    label = {"zh": "添加为客户", "en": "add to customers"}

    @classmethod
    def describe(cls, s: dict, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"buyer {ev(s, 'buyer') or s['target']} ({s['value'].get('country') or '-'})",
                "not a customer",
                f"added as a customer: {s['value'].get('company') or '-'}, level {s['value'].get('level') or '-'}",
            )
        return (
            f"买家 {ev(s, 'buyer') or s['target']}（{s['value'].get('country') or '-'}）",
            "不是客户",
            f"添加为客户：{s['value'].get('company') or '-'}，等级 {s['value'].get('level') or '-'}",
        )

    spot = classmethod(lambda cls, s: str((s.get("evidence") or {}).get("buyer") or s["target"]))
    watch = "is_customer"

    class Pre(Model):
        is_customer: bool = False

    class Value(Model):
        is_customer: bool = True
        company: str | None = None
        country: str = ""
        level: str | None = None

    @classmethod
    async def read(cls, driver, s):
        from ..pages.crm import BuyerCardScreen

        return {"is_customer": (await BuyerCardScreen(driver).read(s["target"])).is_customer}

    @classmethod
    async def write(cls, driver, s):
        from ..pages.crm import BuyerCardScreen

        await BuyerCardScreen(driver).add(s["target"])

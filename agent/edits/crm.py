"""Customer edits: add an inquiry's buyer to the customers (客户管理), from the buyer card."""

from __future__ import annotations

from ._base import Edit, Model, register


@register
class AddCustomer(Edit):
    """Target: the inquiry whose buyer becomes a customer (the card is read on its detail)."""

    kind = "add_customer"
    label = {"zh": "添加为客户", "en": "add to customers"}
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

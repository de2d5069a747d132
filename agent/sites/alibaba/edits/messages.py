"""Buyer-facing edits: a reply to an inquiry, a quote on an RFQ."""

from __future__ import annotations

from pydantic import field_validator

from agent.edits._base import Edit, Model, SiteRule, Urgency, Words, clean_text, finite, num, register, short
from agent.errors import InvalidValue

from ..limits import LIMITS


def _squash(text: str) -> str:
    """Whitespace as a page renders it (line breaks in a reply show as spaces)."""
    return " ".join(text.split())


@register
class InquiryReply(Edit):
    kind, main_field, multiline = "inquiry_reply", "text", True
    label = {"zh": "回复询盘", "en": "reply to inquiry"}

    def urgency(self, waited: float) -> Urgency:
        h = num(self.evidence.get("waited_hours")) + waited
        rule = 2
        return Urgency(
            1000 + h,
            f"买家已等 {h:.0f} 小时（规则 {rule} 小时内回复）",
            f"the buyer has waited {h:.0f} h (rule: {rule} h)",
        )

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"inquiry of buyer {self.ev('buyer') or self.target}",
                "not replied",
                f"reply '{short(self.value.text)}'",
            )
        return (
            f"买家 {self.ev('buyer') or self.target} 的询盘",
            "未回复",
            f"回复「{short(self.value.text)}」",
        )

    def spot(self) -> str:
        return self.ev("buyer") or self.target

    class Pre(Model):
        replied: bool = False

    class Value(Model):
        text: str

        @field_validator("text")
        @classmethod
        def _text(cls, v: str) -> str:
            return clean_text(v, "a reply", LIMITS.REPLY_MAX, "回复内容")

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.inquiries import InquiryDetail

        replies = await InquiryDetail(driver).replies(self.target)
        return {"replied": bool(replies), "replies": replies}

    async def show(self, driver):
        """The inquiry's row in the list, not its detail: opening an inquiry marks it read for the
        people who work the inbox, and a suggestion must not change what they see."""
        from ..pages.inquiries import InquiryList

        return await InquiryList(driver).row(self.target)

    def done(self, c):
        return _squash(self.value.text) in map(_squash, c["replies"])

    def ready(self, c):
        return not c["replied"]

    async def write(self, driver):
        from ..pages.inquiries import InquiryDetail

        await InquiryDetail(driver).reply(self.target, self.value.text)


@register
class RfqQuote(Edit):
    kind = "rfq_quote"
    label = {"zh": "RFQ报价", "en": "quote RFQ"}

    def urgency(self, waited: float) -> Urgency:
        left = int(self.pre.quotes_left)
        # its age by the site's clock when it was suggested, and the hours the suggestion has waited since
        hours = self.evidence.get("posted_hours")
        age = num(hours) + waited if hours is not None else None
        aged = f"发布 {age:.0f} 小时，" if age is not None else ""
        aged_en = f"posted {age:.0f} h ago, " if age is not None else ""
        return Urgency(
            800 + (10 - min(left, 10)) * 5 - (age or 0) / 24,
            f"RFQ {aged}只剩 {left} 个报价名额",
            f"RFQ {aged_en}{left} quotes left",
        )

    fields = {
        "product_name": ("报价产品", "product"),
        "quantity": ("数量", "quantity"),
        "unit": ("单位", "unit"),
        "price": ("单价", "unit price"),
        "currency": ("币种", "currency"),
        "trade_term": ("贸易条款", "trade term"),
        "port": ("港口", "port"),
        "payment": ("付款方式", "payment"),
        "message": ("给买家的留言", "message to the buyer"),
    }
    choices = {
        "unit": LIMITS.UNITS,
        "currency": LIMITS.CURRENCIES,
        "trade_term": LIMITS.TRADE_TERMS,
        "payment": LIMITS.PAYMENTS,
    }
    texts = frozenset({"message"})

    def field_values(self) -> dict:
        qty, price = self.value.ladder[0]
        return {**super().field_values(), "quantity": qty, "price": f"{float(price):.2f}"}

    def with_fields(self, changes: dict[str, str]):
        """Quantity and price are the first step of the price ladder."""
        changes = dict(changes)
        qty, price = changes.pop("quantity", None), changes.pop("price", None)
        ladder = [list(x) for x in self.value.ladder]
        for i, raw, what, zh in ((0, qty, "quantity", "数量须为整数"), (1, price, "price", "价格格式不正确")):
            if raw is None:
                continue
            text = str(raw).strip()
            try:
                ladder[0][i] = int(text) if i == 0 else float(text)
            except ValueError:
                raise InvalidValue(f"rfq_quote: {what} {text!r} is not a number", zh=zh) from None
        base = Edit.with_fields(self, changes) if changes else self
        new = {**base.value.model_dump(), "ladder": ladder}
        typed = changes.get("message")
        if typed is None or typed.replace("\r\n", "\n").strip() == self.value.message:
            # the message says the figures the person just changed: it follows them
            new["message"] = self._message_with(new)
        return self.of(self.target, self.pre.model_dump(), new, self.evidence)

    def _message_with(self, new: dict) -> str:
        """The message with each figure it quotes (price, quantity, port, terms) as the quote now says."""
        old, text = self.value, self.value.message
        (q0, p0), (q1, p1) = old.ladder[0], new["ladder"][0]
        pairs = [(f"{float(p0):.2f}", f"{float(p1):.2f}"), (f" {q0} ", f" {q1} ")]
        pairs += [(getattr(old, k), new[k]) for k in ("port", "trade_term", "payment") if getattr(old, k)]
        for before, after in pairs:
            if before != after:
                text = text.replace(before, after)
        return text

    def describe(self, lang: str = "zh") -> Words:
        v = self.value
        steps = [f"{q}+ {v.unit} × {v.currency} {float(p):.2f}" for q, p in v.ladder]
        terms = f"{v.trade_term} {v.port}".strip() + f", {v.payment}"
        if lang == "en":
            return (
                f"RFQ '{self.ev('title') or self.target}'",
                f"{self.pre.quotes_left} quotes left",
                f"quote '{v.product_name}': " + "; ".join(steps) + f", {terms}",
            )
        return (
            f"RFQ「{self.ev('title') or self.target}」",
            f"剩余报价 {self.pre.quotes_left} 次",
            f"报价「{v.product_name}」：" + "；".join(steps) + f"，{terms.replace(', ', '，')}",
        )

    class Pre(Model):
        quotes_left: int

    class Value(Model):
        product_name: str
        ladder: list[tuple[int, float]]  # (from quantity, unit price)
        message: str
        port: str = ""
        trade_term: str = "FOB"
        payment: str = "T/T"
        currency: str = "USD"
        unit: str = "Pieces"
        details: str = ""

        @field_validator("ladder")
        @classmethod
        def _ladder(cls, v):
            if not v:
                raise SiteRule("a quote needs at least one price", "请填写报价")
            for qty, price in v:
                finite(price, "a price", "价格格式不正确")
                if qty <= 0 or price <= 0:
                    raise SiteRule(
                        f"a quote needs a quantity and a price above 0, got {qty} at {price}", "数量和单价须大于0"
                    )
                if round(price, 2) != price:
                    raise SiteRule(f"a price has at most 2 decimals, got {price}", "价格最多保留两位小数")
                if price > LIMITS.PRICE_MAX:
                    raise SiteRule(f"a price is at most {LIMITS.PRICE_MAX:,.0f}, got {price}", "价格超出范围")
            return v

        @field_validator("trade_term", "currency", "unit", "payment")
        @classmethod
        def _choice(cls, v, info):
            options = {
                "trade_term": LIMITS.TRADE_TERMS,
                "currency": LIMITS.CURRENCIES,
                "unit": LIMITS.UNITS,
                "payment": LIMITS.PAYMENTS,
            }[info.field_name]
            if v not in options:
                raise SiteRule(f"{info.field_name} must be one of {', '.join(options)}, got {v!r}", "请从选项中选择")
            return v

        @field_validator("message")
        @classmethod
        def _message(cls, v: str) -> str:
            return clean_text(v, "a quote's message", LIMITS.QUOTE_MESSAGE_MAX, "留言")

        @field_validator("product_name")
        @classmethod
        def _product(cls, v: str) -> str:
            return clean_text(v, "a quote's product", 128, "产品名称")

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.rfq import RfqMarket

        r = next((r for r in await RfqMarket(driver).search("") if r.id == self.target), None)
        return {"exists": r is not None, "quoted": r.quoted if r else None, "quotes_left": r.quotes_left if r else None}

    def done(self, c):
        return bool(c["quoted"])

    def ready(self, c):
        return c["exists"] and not c["quoted"] and (c["quotes_left"] or 0) > 0

    async def show(self, driver):
        from ..pages.rfq import RfqMarket

        return await RfqMarket(driver).card(self.target)

    async def write(self, driver):
        from ..pages.rfq import QuoteDraft, QuoteForm

        await QuoteForm(driver).quote(self.target, QuoteDraft(**self.value.model_dump()))

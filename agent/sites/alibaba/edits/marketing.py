"""Marketing edits: signing up for an activity of the activity centre; a 访客营销 message."""

from __future__ import annotations

from pydantic import field_validator

from agent.edits._base import Edit, Model, Urgency, Words, clean_text, num, register, short

MESSAGE_MAX = 2000  # a 访客营销 message has at most 2,000 characters (the sandbox's guess of the site's rule)


@register
class ActivitySignup(Edit):
    kind = "activity_signup"
    label = {"zh": "报名活动", "en": "sign up for activity"}

    def urgency(self, waited: float) -> Urgency:
        end = self.ev("deadline")
        return Urgency(500, f"报名截止 {end}", f"sign-up closes {end}") if end else Urgency(480, "", "")

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (f"activity '{self.ev('name') or self.target}'", "not signed up", "signed up")
        return (f"活动「{self.ev('name') or self.target}」", "未报名", "报名")

    def spot(self) -> str:
        return self.ev("name") or self.target

    watch = "signed_up"

    class Pre(Model):
        signed_up: bool = False

    class Value(Model):
        signed_up: bool = True

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.marketing import ActivityCenter

        a = await ActivityCenter(driver).find(self.target)
        return {"exists": a is not None, "signed_up": a.signed_up if a else None}

    async def write(self, driver):
        from ..pages.marketing import ActivityCenter

        await ActivityCenter(driver).sign_up(self.target)


@register
class VisitorMessage(Edit):
    """A 访客营销 message to a visitor who looked at products and sent no inquiry (within the day's quota)."""

    kind, main_field, multiline = "visitor_message", "text", True
    label = {"zh": "访客营销", "en": "message a visitor"}

    def urgency(self, waited: float) -> Urgency:
        visits = int(num(self.evidence.get("visits")))
        return Urgency(50 + visits, f"访客来过 {visits} 次，未询盘", f"{visits} visits, no inquiry")

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"visitor {self.target} ({self.ev('country') or '-'})",
                "not contacted",
                f"send '{short(self.value.text)}'",
            )
        return (
            f"访客 {self.target}（{self.ev('country') or '-'}）",
            "未营销",
            f"发送「{short(self.value.text)}」",
        )

    def spot(self) -> str:
        return self.target

    watch = "marketed"

    class Pre(Model):
        marketed: bool = False

    class Value(Model):
        text: str
        marketed: bool = True

        @field_validator("text")
        @classmethod
        def _text(cls, v: str) -> str:
            return clean_text(v, "a message", MESSAGE_MAX, "营销内容")

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.visitor_marketing import VisitorMarketing

        v = await VisitorMarketing(driver).find(self.target)
        return {"exists": v is not None, "marketed": v.marketed if v else None}

    async def write(self, driver):
        from ..pages.visitor_marketing import VisitorMarketing

        await VisitorMarketing(driver).send(self.target, self.value.text)

"""Marketing edits: signing up for an activity of the activity centre; a 访客营销 message."""

from __future__ import annotations

from pydantic import field_validator

from ._base import Edit, Model, Words, clean_text, ev, register, short

MESSAGE_MAX = 2000  # a 访客营销 message has at most 2,000 characters (the sandbox's guess of the site's rule)


@register
class ActivitySignup(Edit):
    kind = "activity_signup"
    label = {"zh": "报名活动", "en": "sign up for activity"}

    @classmethod
    def describe(cls, s: dict, lang: str = "zh") -> Words:
        if lang == "en":
            return (f"activity '{ev(s, 'name') or s['target']}'", "not signed up", "signed up")
        return (f"活动「{ev(s, 'name') or s['target']}」", "未报名", "报名")

    spot = classmethod(lambda cls, s: str((s.get("evidence") or {}).get("name") or s["target"]))
    watch = "signed_up"

    class Pre(Model):
        signed_up: bool = False

    class Value(Model):
        signed_up: bool = True

    @classmethod
    async def read(cls, driver, s):
        from ..pages.marketing import ActivityCenter

        a = await ActivityCenter(driver).find(s["target"])
        return {"exists": a is not None, "signed_up": a.signed_up if a else None}

    @classmethod
    async def write(cls, driver, s):
        from ..pages.marketing import ActivityCenter

        await ActivityCenter(driver).sign_up(s["target"])


@register
class VisitorMessage(Edit):
    """A 访客营销 message to a visitor who looked at products and sent no inquiry (within the day's quota)."""

    kind, main_field = "visitor_message", "text"
    label = {"zh": "访客营销", "en": "message a visitor"}

    @classmethod
    def describe(cls, s: dict, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"visitor {s['target']} ({ev(s, 'country') or '-'})",
                "not contacted",
                f"send '{short(s['value']['text'])}'",
            )
        return (
            f"访客 {s['target']}（{ev(s, 'country') or '-'}）",
            "未营销",
            f"发送「{short(s['value']['text'])}」",
        )

    spot = classmethod(lambda cls, s: s["target"])
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

    @classmethod
    async def read(cls, driver, s):
        from ..pages.visitor_marketing import VisitorMarketing

        v = await VisitorMarketing(driver).find(s["target"])
        return {"exists": v is not None, "marketed": v.marketed if v else None}

    @classmethod
    async def write(cls, driver, s):
        from ..pages.visitor_marketing import VisitorMarketing

        await VisitorMarketing(driver).send(s["target"], s["value"]["text"])

"""Marketing edits: signing up for an activity of the activity centre."""
from __future__ import annotations

from ._base import Edit, Model, register


@register
class ActivitySignup(Edit):
    kind = "activity_signup"
    label = {"zh": "报名活动", "en": "sign up for activity"}
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

"""Outreach edits (seed 002: 公海开发, EDM 客群营销, 老客户回访): a first message to a public-pool buyer, a
mailing to a customer group, a revisit message to an old customer — each sent once, within the
site's quotas, exactly as approved."""

from __future__ import annotations

from pydantic import field_validator

from agent.edits._base import Edit, Model, SiteRule, Urgency, Words, clean_text, num, register, short

from .marketing import MESSAGE_MAX

SUBJECT_MAX = 100  # a mailing's subject (the sandbox's guess of the site's rule)


def _same(a: str | None, b: str) -> bool:
    return " ".join(str(a or "").split()) == " ".join(b.split())


class _Text(Model):
    text: str

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        return clean_text(v, "a message", MESSAGE_MAX, "消息内容")


@register
class PoolMessage(Edit):
    """A first message (开发信) to a buyer of the public pool, naming what they looked for."""

    kind, main_field, multiline = "pool_message", "text", True
    label = {"zh": "公海开发", "en": "develop a public-pool buyer"}
    watch = "developed"

    def urgency(self, waited: float) -> Urgency:
        level = str(self.evidence.get("level") or "L0")
        return Urgency(40 + num(level[1:]), f"公海买家 {level}", f"public-pool buyer {level}")

    def describe(self, lang: str = "zh") -> Words:
        who = f"{self.ev('buyer') or self.target}（{self.ev('country') or '-'}，{self.ev('level') or '-'}）"
        if lang == "en":
            return (f"public-pool buyer {who}", "not developed", f"send '{short(self.value.text)}'")
        return (f"公海买家 {who}", "未开发", f"发送开发信「{short(self.value.text)}」")

    def spot(self) -> str:
        return self.ev("buyer") or self.target

    class Pre(Model):
        developed: bool = False

    class Value(_Text):
        developed: bool = True

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.outreach import PublicPool

        buyers, quota = await PublicPool(driver).read()
        b = next((x for x in buyers if x.buyer_id == self.target), None)
        return {"exists": b is not None, "developed": b.developed if b else None, "quota_left": quota.left}

    async def write(self, driver):
        from ..pages.outreach import PublicPool

        await PublicPool(driver).develop(self.target, self.value.text)


@register
class EdmCampaign(Edit):
    """The week's mailing to a customer group (客群营销). Target: the week it is for (one a week)."""

    kind = "edm_campaign"
    label = {"zh": "客群营销", "en": "customer-group mailing"}
    fields = {"subject": ("邮件主题", "subject"), "text": ("邮件内容", "mail")}
    texts = frozenset({"text"})

    def urgency(self, waited: float) -> Urgency:
        return Urgency(30, "本周还没有客群营销", "no group mailing this week")

    def describe(self, lang: str = "zh") -> Words:
        group, n = self.value.group, self.evidence.get("size", "-")
        if lang == "en":
            return (
                f"mailing of week {self.target}",
                "none sent this week",
                f"'{short(self.value.subject)}' to {group} ({n})",
            )
        return (
            f"{self.target} 周的客群营销",
            "本周未发送",
            f"「{short(self.value.subject)}」发给「{group}」（{n} 人）",
        )

    def spot(self) -> str:
        return self.value.group

    class Pre(Model):
        sent: bool = False

    class Value(_Text):
        group_id: str
        group: str
        subject: str

        @field_validator("subject")
        @classmethod
        def _subject(cls, v: str) -> str:
            v = clean_text(v, "a subject", SUBJECT_MAX, "邮件主题")
            if "\n" in v:
                raise SiteRule("a subject is one line", "邮件主题不能换行")
            return v

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.outreach import EdmCenter

        groups, mailings, quota = await EdmCenter(driver).read()
        sent = any(m.group_id == self.value.group_id and _same(m.subject, self.value.subject) for m in mailings)
        return {
            "sent": sent,
            "group_exists": any(g.group_id == self.value.group_id for g in groups),
            "quota_left": quota.left,
        }

    def done(self, c):
        return bool(c["sent"])

    def ready(self, c):
        return bool(c["group_exists"]) and not c["sent"]

    async def write(self, driver):
        from ..pages.outreach import EdmCenter

        await EdmCenter(driver).send(self.value.group_id, self.value.subject, self.value.text)


@register
class RevisitMessage(Edit):
    """A revisit message to a customer nobody has written to for the revisit days (seed 002: 30)."""

    kind, main_field, multiline = "revisit_message", "text", True
    label = {"zh": "老客户回访", "en": "revisit a customer"}

    def urgency(self, waited: float) -> Urgency:
        days = int(num(self.evidence.get("days")))
        return Urgency(35 + days / 10, f"{days} 天没有往来", f"no contact for {days} days")

    def describe(self, lang: str = "zh") -> Words:
        who = f"{self.ev('company') or self.target}（{self.ev('contact') or '-'}）"
        days = self.evidence.get("days", "-")
        if lang == "en":
            return (f"customer {who}", f"no contact for {days} days", f"send '{short(self.value.text)}'")
        return (f"客户 {who}", f"{days} 天没有往来", f"发送回访消息「{short(self.value.text)}」")

    def spot(self) -> str:
        return self.ev("company") or self.target

    class Pre(Model):
        last_contact: str | None = None  # lastContactTime as the suggestion saw it: nobody wrote since

    class Value(_Text):
        pass

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.crm import CustomerList

        c = next((x for x in await CustomerList(driver).read() if x.customer_id == self.target), None)
        return {
            "exists": c is not None,
            "messaged": c is not None and _same(c.note, self.value.text),
            "last_contact": c.last_contact if c else None,
        }

    def done(self, c):
        return bool(c["messaged"])

    def ready(self, c):
        return bool(c["exists"]) and c["last_contact"] == self.pre.last_contact

    async def write(self, driver):
        from ..pages.crm import CustomerList

        await CustomerList(driver).message(self.target, self.value.text)

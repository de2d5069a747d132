"""What every edit kind is: a typed precondition (what the screen must show before the write), a
typed value (what the write sets, checked as the site checks it), and the three steps apply needs:
read the current state on the screen, tell whether the target value is already there, write it.

The site's constants live in `SITE` below, in one place. Page objects are imported inside `read`
and `write`, so the queue commands and the review page never load Playwright."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import InvalidValue


class SITE:
    """Alibaba.com's own limits for the values an edit may set."""

    BID_STEP = 0.1  # P4P bids move in steps of 0.1
    BID_MAX = 999.0  # the bid dialog takes at most three digits before the point
    BUDGET_MIN = 30.0  # a campaign's daily budget is at least 30
    BUDGET_MAX = 100_000.0
    TITLE_MAX = 128  # a product title has at most 128 characters
    REPLY_MAX = 8000  # an inquiry reply has at most 8,000 characters


Words = tuple[str, str, str]  # a suggestion in plain words: (what it changes, before, after)


def money(x: Any) -> str:
    return f"{float(x):.2f} 元"


def usd(x: Any) -> str:
    return f"{float(x):.2f}"


def short(text: Any, n: int = 60) -> str:
    t = " ".join(str(text or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"


def ev(s: dict, *keys: str) -> str | None:
    """The first of `keys` the suggestion's evidence has (a title, a buyer's name …)."""
    found = s.get("evidence") or {}
    return next((str(found[k]) for k in keys if found.get(k)), None)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SiteRule(ValueError):
    """A value the site refuses, with the site's own words for it (`zh`)."""

    def __init__(self, message: str, zh: str):
        self.zh = zh
        super().__init__(message)


def finite(x: float, what: str, zh: str = "数值格式不正确") -> float:
    if not math.isfinite(x):
        raise SiteRule(f"{what} must be a number", zh)
    return x


def clean_text(text: str, what: str, limit: int, zh: str = "内容") -> str:
    """`zh`: the field as the site names it in its refusals (产品名称, 回复内容, …)."""
    text = text.strip()
    if not text:
        raise SiteRule(f"{what} must not be empty", f"请填写{zh}")
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise SiteRule(f"{what} must not contain control characters", f"{zh}含有非法字符")
    if len(text) > limit:
        raise SiteRule(
            f"{what} has at most {limit} characters, got {len(text)}", f"{zh}最多{limit}个字符（现在 {len(text)} 个）"
        )
    return text


class Edit:
    """One kind of change to the store. Subclasses set `kind`, `Pre`, `Value` and, when one field
    carries the value a person would type (a bid, a title), `main_field`."""

    kind: ClassVar[str]
    label: ClassVar[dict[str, str]]  # {"zh": ..., "en": ...}
    Pre: ClassVar[type[Model]]
    Value: ClassVar[type[Model]]
    main_field: ClassVar[str | None] = None
    standing: ClassVar[bool] = False  # a standing order (a plan): approved once, carried out by scheduled runs
    watch: ClassVar[str | None] = None  # the field on the screen the edit changes (done/ready compare it)

    # ---- values --------------------------------------------------------------------------------
    @classmethod
    def check(cls, precondition: dict, value: dict) -> tuple[dict, dict]:
        """Both parts validated and normalised; InvalidValue names the first problem."""
        try:
            pre = cls.Pre.model_validate(precondition).model_dump()
            val = cls.Value.model_validate(value).model_dump()
        except ValidationError as e:
            raise InvalidValue(f"{cls.kind}: {_first(e)}", zh=_zh(e)) from None
        return pre, val

    @classmethod
    def parse_value(cls, raw: str, current: dict) -> dict:
        """A person's new value (the main field as typed) applied to the current value."""
        if cls.main_field is None:
            raise InvalidValue(f"a {cls.kind} has no value to edit; approve or reject it")
        field = cls.Value.model_fields[cls.main_field]
        new: Any = raw
        if field.annotation is float:
            try:
                if "_" in raw:  # float() takes '1_000'; a person typing a bid means something else
                    raise ValueError(raw)
                new = float(raw)
            except ValueError:
                raise InvalidValue(
                    f"{cls.kind}: {cls.main_field} must be a number, got {raw!r}", zh="格式不正确，请填写数字"
                ) from None
        try:
            return cls.Value.model_validate({**current, cls.main_field: new}).model_dump()
        except ValidationError as e:
            raise InvalidValue(f"{cls.kind}: {_first(e)}", zh=_zh(e)) from None

    # ---- in words ------------------------------------------------------------------------------
    @classmethod
    def describe(cls, s: dict, lang: str = "zh") -> Words:
        """(what, before, after) for the people who approve it (the review page, `queue list`, the
        reports): what it changes named as the seller knows it (a title, a keyword, a buyer — not an
        id), the change as before → after, in Chinese or English (`lang="en"`). Every kind says it."""
        raise NotImplementedError

    # ---- on the screen -------------------------------------------------------------------------
    @classmethod
    async def read(cls, driver, s: dict) -> dict:
        raise NotImplementedError

    @classmethod
    async def show(cls, driver, s: dict):
        """Open the screen with the suggestion's row or field: a Locator of it, or the text that marks
        it (`spot`) on the screen `read` leaves open."""
        await cls.read(driver, s)
        return cls.spot(s)

    @classmethod
    def spot(cls, s: dict) -> str:
        """The text that marks the suggestion's row or field on the screen `read` leaves open (for
        its evidence screenshot): by default the title in its evidence, else its target."""
        return str((s.get("evidence") or {}).get("title") or s["target"])

    @classmethod
    def done(cls, current: dict, s: dict) -> bool:
        """The target value is on the screen."""
        return current[cls.watch] == s["value"][cls.watch]

    @classmethod
    def ready(cls, current: dict, s: dict) -> bool:
        """The screen shows what the suggestion expected (its precondition)."""
        return current.get("exists", True) and current[cls.watch] == s["precondition"][cls.watch]

    @classmethod
    async def write(cls, driver, s: dict) -> None:
        raise NotImplementedError


def _zh(e: ValidationError) -> str | None:
    """The site's words for the first problem, when a rule of the site's raised it."""
    err = e.errors()[0].get("ctx", {}).get("error")
    return getattr(err, "zh", None)


def _first(e: ValidationError) -> str:
    err = e.errors()[0]
    where = ".".join(str(x) for x in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


EDITS: dict[str, type[Edit]] = {}


def register(cls: type[Edit]) -> type[Edit]:
    """Add a kind to the registry; a kind must say itself in words and read, and write, its screen."""
    # a standing order is carried out by scheduled runs, not written by apply: it only says itself
    for part in ("describe",) if cls.standing else ("describe", "read", "write"):
        if getattr(cls, part).__func__ is getattr(Edit, part).__func__:
            raise TypeError(f"edit kind {cls.kind!r} ({cls.__name__}) has no {part}(); every kind defines it")
    if cls.kind in EDITS and EDITS[cls.kind] is not cls:
        raise TypeError(f"edit kind {cls.kind!r} is defined twice ({EDITS[cls.kind].__name__}, {cls.__name__})")
    EDITS[cls.kind] = cls
    return cls

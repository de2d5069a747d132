"""What every edit kind is: a typed precondition (what the screen must show before the write), a
typed value (what the write sets, checked as the site checks it), and the three steps apply needs:
read the current state on the screen, tell whether the target value is already there, write it.

Each site's limits live in its package (`agent/sites/<site>/limits.py`), its kinds beside them
(`agent/sites/<site>/edits`). Page objects are imported inside `read` and `write`, so the queue
commands and the review page never load Playwright."""

from __future__ import annotations

import math
from typing import Any, ClassVar, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import InvalidValue

Words = tuple[str, str, str]  # a suggestion in plain words: (what it changes, before, after)


class Urgency(NamedTuple):
    """Where a suggestion stands in the day's to-do: a score (higher first — a buyer waiting beats money
    spent, money spent beats tidying) and why, in both languages."""

    score: float
    zh: str
    en: str


def num(x: Any, default: float = 0.0) -> float:
    """A figure from evidence (None, a string, NaN: `default`)."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return default
    return v if math.isfinite(v) else default


def money(x: Any) -> str:
    return f"{float(x):.2f} 元"


def usd(x: Any) -> str:
    return f"{float(x):.2f}"


def short(text: Any, n: int = 60) -> str:
    t = " ".join(str(text or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"


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


BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # text that reads backwards on screen


def clean_text(text: str, what: str, limit: int, zh: str = "内容") -> str:
    """`zh`: the field as the site names it in its refusals (产品名称, 回复内容, …)."""
    text = text.replace("\r\n", "\n").strip()  # a page's form sends its line breaks as CR LF
    if not text:
        raise SiteRule(f"{what} must not be empty", f"请填写{zh}")
    if any((ord(c) < 32 and c not in "\n\t") or c in BIDI for c in text):
        raise SiteRule(f"{what} must not contain control characters", f"{zh}含有非法字符")
    if len(text) > limit:
        raise SiteRule(
            f"{what} has at most {limit} characters, got {len(text)}", f"{zh}最多{limit}个字符（现在 {len(text)} 个）"
        )
    return text


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, str) and isinstance(after, str):
        return " ".join(before.split()) == " ".join(after.split())
    if isinstance(before, float) or isinstance(after, float):
        return abs(float(before) - float(after)) < 1e-9
    return bool(before == after)


class Edit(BaseModel):
    """One change to a store, typed from the rule that suggests it to the write that applies it: what
    it changes (`target`: a keyword id, a campaign, a product id …), what the screen must show before
    the write (`pre`), what the write sets (`value`) and what the rule saw (`evidence`).

    A kind subclasses it: `kind`, `label`, its `Pre` and `Value` models (annotated as the `pre` and
    `value` fields) and, when one field carries the value a person would type (a bid, a title),
    `main_field`; then `describe`, `read` and `write` (and `done`/`ready` when comparing `watch`
    is not the test)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ClassVar[str]
    label: ClassVar[dict[str, str]]  # {"zh": ..., "en": ...}
    Pre: ClassVar[type[Model]]
    Value: ClassVar[type[Model]]
    main_field: ClassVar[str | None] = None
    multiline: ClassVar[bool] = False  # the main field is text a buyer reads: edited in a box that keeps its lines
    # several values a person may change, each shown and edited on its own: name -> (zh, en); the
    # site's fixed choices for some (a select), the text ones edited in a box that keeps their lines
    fields: ClassVar[dict[str, tuple[str, str]]] = {}
    choices: ClassVar[dict[str, tuple[str, ...]]] = {}
    texts: ClassVar[frozenset[str]] = frozenset()
    standing: ClassVar[bool] = False  # a standing order (a plan): approved once, carried out by scheduled runs
    watch: ClassVar[str | None] = None  # the field on the screen the edit changes (done/ready compare it)

    target: str
    pre: Model
    value: Model
    evidence: dict[str, Any] = {}

    # ---- values --------------------------------------------------------------------------------
    @classmethod
    def of(cls, target: Any, pre: dict, value: dict, evidence: dict | None = None) -> Self:
        """The edit, its parts validated and normalised as the site checks them; InvalidValue names
        the first problem."""
        try:
            return cls(target=str(target), pre=pre, value=value, evidence=evidence or {})  # type: ignore[arg-type]
        except ValidationError as e:
            raise InvalidValue(f"{cls.kind}: {_first(e)}", zh=_zh(e)) from None

    def with_value(self, raw: str) -> Self:
        """The same edit with a person's new value (the main field as typed)."""
        if self.main_field is None:
            raise InvalidValue(f"a {self.kind} has no value to edit; approve or reject it")
        field = self.Value.model_fields[self.main_field]
        new: Any = raw
        if field.annotation is str and not self.multiline and ("\n" in raw or "\r" in raw):
            raise InvalidValue(f"{self.kind}: {self.main_field} is one line; remove the line break", zh="不能换行")
        if field.annotation is float:
            try:
                if "_" in raw:  # float() takes '1_000'; a person typing a bid means something else
                    raise ValueError(raw)
                new = float(raw)
            except ValueError:
                raise InvalidValue(
                    f"{self.kind}: {self.main_field} must be a number, got {raw!r}", zh="格式不正确，请填写数字"
                ) from None
        return self.of(
            self.target, self.pre.model_dump(), {**self.value.model_dump(), self.main_field: new}, self.evidence
        )

    def changes_nothing(self) -> bool:
        """The value it would write is what the screen already shows (a title rewritten to itself, a
        bid set to the bid it has): never worth a person's approval."""
        names = [
            n
            for n in {self.main_field, self.watch} - {None}
            if n in type(self.pre).model_fields and n in type(self.value).model_fields
        ]
        return bool(names) and all(_same(getattr(self.pre, n), getattr(self.value, n)) for n in names)

    def field_values(self) -> dict[str, Any]:
        """The values of `fields` as they stand."""
        return {name: getattr(self.value, name, None) for name in self.fields}

    def with_fields(self, changes: dict[str, str]) -> Self:
        """The same edit with a person's new values for some of `fields` (as typed), checked as the
        site checks them; InvalidValue names the first problem in the site's words."""
        unknown = sorted(set(changes) - set(self.fields))
        if unknown:
            raise InvalidValue(f"a {self.kind} has no field {unknown[0]!r}; it has {', '.join(self.fields)}")
        return self.of(self.target, self.pre.model_dump(), {**self.value.model_dump(), **changes}, self.evidence)

    def ev(self, *keys: str) -> str | None:
        """The first of `keys` the evidence has (a title, a buyer's name …)."""
        return next((str(self.evidence[k]) for k in keys if self.evidence.get(k)), None)

    # ---- in words ------------------------------------------------------------------------------
    def urgency(self, waited: float) -> Urgency:
        """Its place in the day's to-do; `waited`: hours since it was suggested. A kind that matters
        more says so (a buyer waiting, money spent without inquiries, days without effect)."""
        return Urgency(10.0, "", "")

    def describe(self, lang: str = "zh") -> Words:
        """(what, before, after) for the people who approve it (the review page, `queue list`, the
        reports): what it changes named as the seller knows it (a title, a keyword, a buyer — not an
        id), the change as before → after, in Chinese or English (`lang="en"`). Every kind says it."""
        raise NotImplementedError

    # ---- on the screen -------------------------------------------------------------------------
    async def read(self, driver) -> dict:
        raise NotImplementedError

    async def show(self, driver):
        """Open the screen with the edit's row or field: a Locator of it, or the text that marks it
        (`spot`) on the screen `read` leaves open."""
        await self.read(driver)
        return self.spot()

    def spot(self) -> str:
        """The text that marks the edit's row or field on the screen `read` leaves open (for its
        evidence screenshot): by default the title in its evidence, else its target."""
        return self.ev("title") or self.target

    def done(self, current: dict) -> bool:
        """The target value is on the screen."""
        assert self.watch
        return current[self.watch] == getattr(self.value, self.watch)

    def ready(self, current: dict) -> bool:
        """The screen shows what the edit expected (its precondition)."""
        assert self.watch
        return current.get("exists", True) and current[self.watch] == getattr(self.pre, self.watch)

    async def write(self, driver) -> None:
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
        if getattr(cls, part) is getattr(Edit, part):
            raise TypeError(f"edit kind {cls.kind!r} ({cls.__name__}) has no {part}(); every kind defines it")
    for part, model in (("pre", cls.Pre), ("value", cls.Value)):
        if cls.model_fields[part].annotation is not model:
            raise TypeError(f"edit kind {cls.kind!r} ({cls.__name__}) must annotate `{part}: {model.__name__}`")
    if cls.kind in EDITS and EDITS[cls.kind] is not cls:
        raise TypeError(f"edit kind {cls.kind!r} is defined twice ({EDITS[cls.kind].__name__}, {cls.__name__})")
    EDITS[cls.kind] = cls
    return cls

"""What a diagnosis works on and what it produces: findings with the seeds' benchmark rule, and
typed suggested edits (each with rationale, evidence, the value expected on the screen, and the
value to set)."""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from pydantic import BaseModel, SerializeAsAny, model_serializer

from ..edits import Edit, edit_for
from ..errors import InvalidValue


def frame(rows: Sequence[BaseModel], model: type[BaseModel]) -> pd.DataFrame:
    """A frame of page-model rows with the model's columns even when there are no rows, so a store
    with nothing wrong (no zero-effect product, no inquiry) diagnoses like any other."""
    return pd.DataFrame([r.model_dump() for r in rows], columns=list(model.model_fields))


class Benchmark(BaseModel):
    """Seed 002: below the peer average, the target is the peer average; above it, the industry-
    excellent value; above that, last month's value."""

    value: float
    peer: float | None = None
    excellent: float | None = None
    last_month: float | None = None
    target: float | None = None
    rule: str = ""

    @classmethod
    def of(cls, value: float, peer: float, excellent: float, last_month: float) -> "Benchmark":
        if value < peer:
            target, rule = peer, "below peer average: target the peer average"
        elif value < excellent:
            target, rule = excellent, "above peer average: target industry excellent"
        else:
            target, rule = max(last_month, value), "above industry excellent: target last month"
        return cls(value=value, peer=peer, excellent=excellent, last_month=last_month, target=target, rule=rule)


class Finding(BaseModel):
    rule: str
    severity: str  # high | medium | low
    message: str  # in Chinese (reports' default)
    message_en: str = ""  # in English (lang = "en"); empty: the Chinese one
    metric: str | None = None
    value: float | None = None
    threshold: float | None = None
    benchmark: Benchmark | None = None
    items: list[str] = []


class Suggestion(BaseModel):
    """One typed edit (validated once, where a rule makes it, by its kind: `Suggestion.make`) and why
    the rule suggests it. The edit instance itself is what the queue stores and apply writes."""

    edit: SerializeAsAny[Edit] | None
    rationale: str  # why, in Chinese (what the review page shows by default)
    rationale_en: str = ""  # why, in English (lang=en); empty: the Chinese one is shown
    # a suggestion whose value the site would refuse (a title from the site holding a control
    # character …): kept out of the queue by `apply_rules`, said in a finding; the rest goes on
    refused: str = ""
    refused_zh: str = ""
    refused_kind: str = ""
    refused_target: str = ""

    @classmethod
    def make(
        cls,
        kind: str,
        target: Any,
        rationale: str,
        evidence: dict,
        precondition: dict,
        value: dict,
        rationale_en: str = "",
    ) -> Suggestion:
        """A rule's suggestion from plain parts, made into the kind's edit (InvalidValue names what
        is wrong)."""
        try:
            edit = edit_for(kind).of(target, precondition, value, evidence)
        except InvalidValue as e:
            if not _DIAGNOSING.get():  # made by hand: the mistake is said at once
                raise
            # inside a diagnosis: data from the site no write may carry — this suggestion only is left out
            return cls(
                edit=None,
                rationale=rationale,
                rationale_en=rationale_en,
                refused=str(e),
                refused_zh=f"{edit_for(kind).label['zh']}「{target}」：{getattr(e, 'zh', None) or e}",
                refused_kind=kind,
                refused_target=str(target),
            )
        return cls(edit=edit, rationale=rationale, rationale_en=rationale_en)

    @property
    def kind(self) -> str:
        return self.edit.kind if self.edit is not None else self.refused_kind

    @property
    def target(self) -> str:
        return self.edit.target if self.edit is not None else self.refused_target

    @property
    def evidence(self) -> dict:
        return self.edit.evidence if self.edit is not None else {}

    @property
    def pre(self) -> Any:
        return self.edit.pre if self.edit is not None else None

    @property
    def value(self) -> Any:
        return self.edit.value if self.edit is not None else None

    @model_serializer(mode="wrap")
    def _flat(self, handler, info) -> dict:
        """As stored and shown: kind, target, precondition, value and evidence beside the rationale."""
        assert self.edit is not None, "a refused suggestion is never stored"
        e = self.edit.model_dump(mode=info.mode)
        return {
            "kind": self.kind,
            "target": e["target"],
            "rationale": self.rationale,
            "rationale_en": self.rationale_en,
            "evidence": e["evidence"],
            "precondition": e["pre"],
            "value": e["value"],
        }


class Report(BaseModel):
    store: str
    data_date: date
    site_today: date
    findings: list[Finding] = []
    suggestions: list[Suggestion] = []
    metrics: dict[str, Benchmark] = {}
    skipped: list[dict] = []  # rules not run: {"rule", "screens": the unread screens they need}


_DIAGNOSING: ContextVar[bool] = ContextVar("diagnosing", default=False)


def apply_rules(inp, rep: Report, rules, want: set[str]) -> None:
    """Run each rule of `rules` ((group, name, fn(inp, rep), the inputs it reads)) whose group is
    wanted and whose inputs were all read; a rule that needs an input from a screen that could not
    be read is named in `rep.skipped` with that screen (`inp.missing`: input -> screen)."""
    for group, name, fn, needs in rules:
        if group not in want:
            continue
        lacking = sorted({inp.missing[n] for n in needs if n in inp.missing})
        if lacking:
            rep.skipped.append({"rule": name, "screens": lacking})
            continue
        token = _DIAGNOSING.set(True)
        try:
            fn(inp, rep)
        finally:
            _DIAGNOSING.reset(token)
        refused = [s for s in rep.suggestions if s.edit is None]
        if refused:
            rep.suggestions = [s for s in rep.suggestions if s.edit is not None]
            rep.findings.append(
                Finding(
                    rule="values_refused",
                    severity="low",
                    items=[s.refused_target for s in refused],
                    message=f"{len(refused)} 条建议没有提出：站点上的数据（如标题里的控制字符）写入时会被拒绝，"
                    f"请先在后台修正：{'；'.join(s.refused_zh[:120] for s in refused[:3])}",
                    message_en=f"{len(refused)} suggestions left out: a value from the site would be refused on "
                    f"writing; fix it in the back office first: {'; '.join(s.refused[:120] for s in refused[:3])}",
                )
            )


@dataclass(kw_only=True)
class SiteInputs:
    """What every site's rules read, whatever else they read: the store, the day the figures are of,
    the site's today and the screens that could not be read (input -> screen). Each site's `Inputs`
    adds its own lists and frames and its thresholds (`th`)."""

    store: str
    data_date: date
    today: date
    missing: dict[str, str] = field(default_factory=dict)  # input -> the screen that could not be read

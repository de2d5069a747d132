"""One suggestion as the queue keeps it: its typed edit (the kind's own instance, as the rule made
it) and where it stands (state, version, who approved it, which run holds it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..edits import Edit, Words, edit_for


@dataclass(frozen=True)
class Queued:
    id: int
    store: str
    edit: Edit
    state: str
    version: int
    rationale: str = ""
    rationale_en: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    approved_version: int | None = None
    claim_run: int | None = None
    lease_until: datetime | None = None
    recovered: bool = False  # taken over from a run that ended while applying it: re-checked on the screen

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> Queued:
        """A row of the suggestions table, its edit rebuilt by its kind."""
        edit = edit_for(row["kind"]).of(row["target"], row["precondition"] or {}, row["value"] or {}, row["evidence"])
        return cls(
            id=row["id"],
            store=row["store"],
            edit=edit,
            state=row["state"],
            version=row["version"],
            rationale=row["rationale"] or "",
            rationale_en=row["rationale_en"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            approved_by=row["approved_by"],
            approved_at=row["approved_at"],
            approved_version=row["approved_version"],
            claim_run=row["claim_run"],
            lease_until=row["lease_until"],
        )

    @property
    def kind(self) -> str:
        return self.edit.kind

    @property
    def target(self) -> str:
        return self.edit.target

    @property
    def evidence(self) -> dict[str, Any]:
        return self.edit.evidence

    @property
    def pre(self) -> Any:
        return self.edit.pre

    @property
    def value(self) -> Any:
        return self.edit.value

    @property
    def standing(self) -> bool:
        return self.edit.standing

    def describe(self, lang: str = "zh") -> Words:
        return self.edit.describe(lang)

    def but(self, **changes: Any) -> Queued:
        """The same suggestion with some fields changed (`state="applying"`, `recovered=True`)."""
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """As `queue list --json` and the review page's API give it: the stored columns, plain."""
        return {
            "id": self.id,
            "store": self.store,
            "kind": self.kind,
            "target": self.target,
            "state": self.state,
            "version": self.version,
            "rationale": self.rationale,
            "rationale_en": self.rationale_en,
            "evidence": self.evidence,
            "precondition": self.edit.pre.model_dump(mode="json"),
            "value": self.edit.value.model_dump(mode="json"),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "approved_by": self.approved_by,
            "approved_at": self.approved_at,
            "approved_version": self.approved_version,
        }

"""What a site's thresholds object is: typed numbers, each default with the seed it comes from (its
`description`), any of them set per store in the config (`[stores.thresholds]`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Thresholds(BaseModel):
    """Frozen: rules, routines and messages read one store's thresholds, never change them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def table(cls) -> list[tuple[str, object, str]]:
        """(key, default, where it comes from) for each threshold: the README and `config` show it."""
        return [(k, f.default, f.description or "") for k, f in cls.model_fields.items()]

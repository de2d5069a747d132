"""Stored rows every site's routines share: a page model's row as a metrics table keeps it, the latest
rank snapshot."""

from __future__ import annotations

from typing import Any


def stored_row(item: Any, table: Any) -> dict:
    """The stored columns of a row (a screen may show more than the table keeps, e.g. P4P's
    suggested price and campaign id); ids are kept as text."""
    keep = set(table.c.keys()) - {"store", "date", "run_id"}
    row = {k: v for k, v in item.model_dump().items() if k in keep}
    if "keyword_id" in row:
        row["keyword_id"] = str(row["keyword_id"])
    return row


def latest_ranks(db: Any, store: str) -> Any:
    """The store's latest rank snapshot (a frame; empty before the first `rankings`)."""
    from ..storage import models as m

    ranks = db.frame(m.rank_snapshots, store=store)
    return ranks[ranks["taken_at"] == ranks["taken_at"].max()] if len(ranks) else ranks

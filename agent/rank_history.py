"""Rank snapshots over time: storing a check, alerts against the previous check (a drop of more
than N places, or falling off the checked pages), and a PNG chart of rank over time."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from .browser import safe_name
from .ranking import KeywordResult
from .storage import Database
from .storage import models as m


def store_snapshot(db: Database, store: str, taken_at: datetime, results: list[KeywordResult], run_id: int | None = None) -> int:
    rows = []
    for r in results:
        base = {"store": store, "taken_at": taken_at, "keyword": r.keyword, "country": r.country,
                "pages_checked": r.pages_checked, "run_id": run_id}
        if not r.placements:
            rows.append({**base, "product_id": None, "page": None, "position": None, "rank": None,
                         "organic_rank": None, "kind": None})
        for p in r.placements:
            rows.append({**base, "product_id": p.product_id, "page": p.page, "position": p.position, "rank": p.rank,
                         "organic_rank": p.organic_rank, "kind": p.kind})
    return db.add_rows(m.rank_snapshots, rows)


def history(db: Database, store: str, keyword: str | None = None) -> pd.DataFrame:
    df = db.frame(m.rank_snapshots, store=store)
    if keyword is not None:
        df = df[df["keyword"] == keyword]
    return df.sort_values(["keyword", "taken_at", "rank"])


def alerts(db: Database, store: str, results: list[KeywordResult], drop_places: int) -> list[dict]:
    """Compare each keyword's new check with the check before it (same keyword and country)."""
    df = history(db, store)
    out = []
    for r in results:
        kd = df[(df["keyword"] == r.keyword) & (df["country"] == r.country)]
        times = sorted(kd["taken_at"].unique())
        if len(times) < 2:
            continue
        prev, cur = kd[kd["taken_at"] == times[-2]], kd[kd["taken_at"] == times[-1]]
        best_prev = prev.dropna(subset=["product_id"]).groupby(["product_id", "kind"])["rank"].min()
        best_cur = cur.dropna(subset=["product_id"]).groupby(["product_id", "kind"])["rank"].min()
        for (pid, kind), before in best_prev.items():
            now = best_cur.get((pid, kind))
            if now is None:
                out.append({"keyword": r.keyword, "product_id": pid, "kind": kind, "alert": "fell_off",
                            "before": int(before), "after": None,
                            "message": f"{pid} ({kind}) no longer within {r.pages_checked} pages for '{r.keyword}' (was rank {int(before)})"})
            elif now - before > drop_places:
                out.append({"keyword": r.keyword, "product_id": pid, "kind": kind, "alert": "dropped",
                            "before": int(before), "after": int(now),
                            "message": f"{pid} ({kind}) dropped {int(now - before)} places for '{r.keyword}': {int(before)} -> {int(now)}"})
    return out


def chart(db: Database, store: str, keywords: list[str], out_dir: Path) -> str | None:
    """One PNG: rank over time per keyword and product (rank 1 at the top)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    df = history(db, store)
    df = df[df["keyword"].isin(keywords)].dropna(subset=["product_id"])
    if df.empty:
        return None
    kws = [k for k in keywords if k in set(df["keyword"])]
    fig, axes = plt.subplots(len(kws), 1, figsize=(9, 2.8 * len(kws)), squeeze=False)
    for ax, kw in zip(axes[:, 0], kws):
        kd = df[df["keyword"] == kw]
        top = kd.groupby(["product_id", "kind"])["rank"].min().sort_values().index[:8]
        for pid, kind in top:
            line = kd[(kd["product_id"] == pid) & (kd["kind"] == kind)].groupby("taken_at")["rank"].min()
            ax.plot(line.index, line.values, marker="o", label=f"{pid} ({kind})")
        ax.invert_yaxis()
        ax.set_title(f"rank over time: {kw}")
        ax.set_ylabel("rank")
        ax.legend(fontsize=7, loc="best")
    fig.autofmt_xdate()
    fig.tight_layout()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{safe_name('rank', store, datetime.now().strftime('%Y%m%d-%H%M%S'))}.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return str(path)

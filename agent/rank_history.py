"""Rank snapshots over time: storing a check, alerts against the previous check (a drop of more
than N places, or falling off the checked pages), and a chart of rank over time.

Only the checked keywords' rows are read, with plain SQL through the database's own driver
(`storage.sql.Sql`: no SQLAlchemy, no pandas), and the chart is an SVG written directly (no
matplotlib): a `rank` run pays for none of them, and browsers draw its Chinese keywords with the
system's fonts."""

from __future__ import annotations

import html
from collections import defaultdict, namedtuple
from datetime import datetime
from pathlib import Path

from ._time import aware
from .ranking import KeywordResult
from .runtime.artifacts import safe_name
from .storage.sql import Sql

COLOURS = ("#e4393c", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f")
LINES = 8  # products drawn per keyword
CHECKS = 30  # checks read back: the chart's span; alerts and changes need the last two


Row = namedtuple("Row", "keyword country taken_at product_id kind rank organic_rank")


def record(
    db: Sql,
    store: str,
    taken_at: datetime,
    results: list[KeywordResult],
    run_id: int | None,
    drop_places: int,
    out_dir: Path,
) -> tuple[list[dict], list[dict], str | None]:
    """Store a check and compare it with the history, read once: (best-rank table, alerts, chart)."""
    keywords = list(dict.fromkeys(r.keyword for r in results))
    before = [r._replace(taken_at=aware(r.taken_at)) for r in _rows(db, store, keywords)]
    new = snapshot_rows(store, taken_at, results, run_id)
    db.insert("rank_snapshots", new)
    now = before + [
        Row(r["keyword"], r["country"], aware(taken_at), r["product_id"], r["kind"], r["rank"], r["organic_rank"])
        for r in new
    ]
    return (
        best_table(before, results, taken_at),
        alerts(now, results, drop_places),
        chart(now, store, keywords, out_dir),
    )


def snapshot_rows(
    store: str, taken_at: datetime, results: list[KeywordResult], run_id: int | None = None
) -> list[dict]:
    rows = []
    for r in results:
        base = {
            "store": store,
            "taken_at": taken_at,
            "keyword": r.keyword,
            "country": r.country,
            "pages_checked": r.pages_checked,
            "run_id": run_id,
        }
        if not r.placements:
            rows.append(
                {
                    **base,
                    "product_id": None,
                    "page": None,
                    "position": None,
                    "rank": None,
                    "organic_rank": None,
                    "kind": None,
                    "title": None,
                }
            )
        for p in r.placements:
            rows.append(
                {
                    **base,
                    "product_id": p.product_id,
                    "page": p.page,
                    "position": p.position,
                    "rank": p.rank,
                    "organic_rank": p.organic_rank,
                    "kind": p.kind,
                    "title": p.title or None,
                }
            )
    return rows


def _rows(db: Sql, store: str, keywords: list[str]) -> list:
    """The keywords' rows of their last CHECKS checks (a daily check's history would otherwise make
    every later check slower: 85 checks of 12 keywords took a `rank` run from 0.27 to 0.55 s)."""
    return db.rows(
        "select keyword, country, taken_at, product_id, kind, rank, organic_rank from rank_snapshots "
        "where store = :store and keyword in :keywords and taken_at >= (select min(t) from ("
        "select distinct taken_at as t from rank_snapshots where store = :store and keyword in :keywords "
        "order by t desc limit :checks) as recent) order by taken_at, id",
        {"store": store, "keywords": list(keywords), "checks": CHECKS},
        datetimes=("taken_at",),
    )


def _best(rows) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.product_id is not None:
            key = (r.product_id, r.kind)
            out[key] = min(out.get(key, r.rank), r.rank)
    return out


def alerts(history: list[Row], results: list[KeywordResult], drop_places: int) -> list[dict]:
    """Compare each keyword's new check with the check before it (same keyword and country)."""
    by: dict[tuple[str, str], dict[datetime, list]] = defaultdict(lambda: defaultdict(list))
    for r in history:
        by[(r.keyword, r.country)][r.taken_at].append(r)
    out = []
    for res in results:
        checks = by.get((res.keyword, res.country), {})
        if len(checks) < 2:
            continue
        prev_t, cur_t = sorted(checks)[-2:]
        best_prev, best_cur = _best(checks[prev_t]), _best(checks[cur_t])
        for (pid, kind), before in sorted(best_prev.items()):
            now = best_cur.get((pid, kind))
            if now is None:
                out.append(
                    {
                        "keyword": res.keyword,
                        "product_id": pid,
                        "kind": kind,
                        "alert": "fell_off",
                        "before": int(before),
                        "after": None,
                        "message": f"{pid} ({kind}) no longer within {res.pages_checked} pages "
                        f"for '{res.keyword}' (was rank {int(before)})",
                    }
                )
            elif now - before > drop_places:
                out.append(
                    {
                        "keyword": res.keyword,
                        "product_id": pid,
                        "kind": kind,
                        "alert": "dropped",
                        "before": int(before),
                        "after": int(now),
                        "message": f"{pid} ({kind}) dropped {int(now - before)} places for '{res.keyword}': {int(before)} -> {int(now)}",
                    }
                )
    return out


def best_table(history: list[Row], results: list[KeywordResult], taken_at: datetime) -> list[dict]:
    """Per keyword: the best organic rank and the best paid rank of any own product, its title, and
    the change of the organic rank since the check before this one (positive: moved up)."""
    before: dict[str, dict[datetime, list]] = defaultdict(lambda: defaultdict(list))
    for r in history:
        if aware(r.taken_at) < aware(taken_at):
            before[r.keyword][r.taken_at].append(r)
    out = []
    for res in results:
        org = [p for p in res.placements if p.kind == "organic"]
        paid = [p for p in res.placements if p.kind != "organic"]
        best = min(org, key=lambda p: p.organic_rank or 0, default=None)
        prev_checks = before.get(res.keyword)
        prev = None
        if prev_checks:
            last = prev_checks[max(prev_checks)]
            ranks = [r.organic_rank for r in last if r.kind == "organic" and r.organic_rank is not None]
            prev = min(ranks) if ranks else None
        now = best.organic_rank if best else None
        top = best or (paid[0] if paid else None)
        out.append(
            {
                "keyword": res.keyword,
                "organic": now,
                "paid": min((p.rank for p in paid), default=None),
                "title": top.title if top else "",
                "product_id": top.product_id if top else None,
                "change": (prev - now) if prev is not None and now is not None else None,
                "pages_checked": res.pages_checked,
            }
        )
    return sorted(out, key=lambda r: (r["organic"] is None, r["organic"] or 0, r["keyword"]))


def chart(history: list[Row], store: str, keywords: list[str], out_dir: Path) -> str | None:
    """One SVG: a panel per keyword, rank over time for its best products (rank 1 at the top)."""
    series: dict[str, dict[tuple[str, str], dict[datetime, int]]] = defaultdict(lambda: defaultdict(dict))
    for r in history:
        if r.product_id is not None:
            line = series[r.keyword][(r.product_id, r.kind)]
            t = aware(r.taken_at)
            line[t] = min(line.get(t, r.rank), r.rank)
    kws = [k for k in keywords if k in series]
    if not kws:
        return None
    w, h, pad, legend = 820, 220, 44, 200
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w + legend}" height="{h * len(kws)}" '
        'font-family="Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif" font-size="11">',
        f'<rect width="{w + legend}" height="{h * len(kws)}" fill="#fff"/>',
    ]
    for i, kw in enumerate(kws):
        lines = sorted(series[kw].items(), key=lambda kv: (min(kv[1].values()), kv[0]))[:LINES]
        times = sorted({t for _, pts in lines for t in pts})
        ranks = [v for _, pts in lines for v in pts.values()]
        lo, hi = min(ranks), max(ranks)
        t0, t1 = times[0].timestamp(), times[-1].timestamp()
        y0 = i * h

        def x(t: datetime) -> float:
            return pad + (w - 2 * pad) * ((t.timestamp() - t0) / (t1 - t0) if t1 > t0 else 0.5)

        def y(v: int) -> float:  # rank 1 at the top
            return y0 + 28 + (h - 60) * ((v - lo) / (hi - lo) if hi > lo else 0.5)

        parts.append(
            f'<text x="{pad}" y="{y0 + 16}" font-size="13" font-weight="bold">{html.escape(kw)} · 排名走势 rank over time</text>'
        )
        parts.append(f'<line x1="{pad}" y1="{y0 + 28}" x2="{pad}" y2="{y0 + h - 32}" stroke="#999"/>')
        for v in sorted({lo, hi}):
            parts.append(f'<text x="{pad - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>')
        for t in (times[0], times[-1]) if len(times) > 1 else times:
            parts.append(f'<text x="{x(t):.1f}" y="{y0 + h - 16}" text-anchor="middle">{t:%m-%d %H:%M}</text>')
        for j, ((pid, kind), pts) in enumerate(lines):
            colour = COLOURS[j % len(COLOURS)]
            xy = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in sorted(pts.items()))
            parts.append(f'<polyline class="rank-line" fill="none" stroke="{colour}" stroke-width="2" points="{xy}"/>')
            parts += [f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>' for t, v in pts.items()]
            parts.append(
                f'<text x="{w}" y="{y0 + 32 + 16 * j}" fill="{colour}">{html.escape(pid)} ({html.escape(str(kind))}) '
                f"#{pts[max(pts)]}</text>"
            )
    parts.append("</svg>")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{safe_name('rank', store, datetime.now().strftime('%Y%m%d-%H%M%S'))}.svg"
    path.write_text("\n".join(parts), encoding="utf-8")
    return str(path)

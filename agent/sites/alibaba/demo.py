"""`make demo`'s Alibaba.com store: made from the sandbox's ready line, and what it read and found,
said in the site's words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from agent.demo import waiting
from agent.settings import StoreSettings

if TYPE_CHECKING:
    from agent.queue.store import Queue


def store(url: str, ready: str) -> StoreSettings | None:
    m = re.search(r"company (\d+)", ready)
    if m is None:
        return None
    return StoreSettings(
        name="demo",
        base_url=url,
        search_url=url + "/trade/search?SearchText={keyword}&page={page}",
        company_id=m.group(1),
        username="demo@sandbox.test",
        password_env="AGENT_DEMO_PASSWORD",
        tracked_keywords=["bluetooth speaker", "power bank", "smart watch"],
    )


def metrics_line(res) -> str:
    """What the metrics run read — or, on a second demo the same day, what an earlier run stored."""
    md = res.details
    m = {**res.counts, **md.get("stored", {})}
    again = " (already read today: stored by an earlier run, not read again)" if md.get("resumed") else ""
    return (
        f"  数据管家 {md.get('date')}: overview, {m.get('products', 0)} products, {m.get('p4p_keywords', 0)} P4P keywords, "
        f"{m.get('traffic_keywords', 0)} traffic keywords, {m.get('traffic_sources', 0)} traffic sources{again}"
    )


def summarise(console: Console, results: dict, report: dict, queue: Queue, store: StoreSettings) -> None:
    c = {k: r.counts for k, r in results.items()}
    console.print(f"\n[bold]Alibaba.com store '{store.name}' — what it read[/bold]")
    console.print(metrics_line(results["metrics"]))
    i = c.get("inquiries", {})
    console.print(
        f"  {i.get('inquiries', 0)} inquiries and {i.get('tm_messages', 0)} TM messages; {i.get('unreplied', 0)} unreplied, "
        f"{i.get('over_2h', 0)} of them over {store.thresholds.reply_hours:g} hours"
    )
    r = c.get("rankings", {})
    console.print(
        f"  rankings: {r.get('keywords', 0)} keywords, {r.get('pages', 0)} result pages, {r.get('found', 0)} own placements, "
        f"{r.get('double_ranking', 0)} double rankings, {r.get('alerts', 0)} alerts"
    )
    console.print(f"  keepalive visited {c.get('keepalive', {}).get('pages_visited', 0)} activity pages")
    cu = results["customers"]
    console.print(
        f"  客户管理: {cu.counts.get('customers', 0)} customers, {cu.counts.get('name_cards_yesterday', 0)} business cards "
        f"yesterday, {cu.counts.get('queued', 0)} new buyers to add, {len(cu.details.get('revisit', []))} to revisit, "
        f"{len(cu.details.get('follow_up', []))} inquiries to follow up"
    )
    dd = results["diagnose"].details
    for p in dd.get("shop_visits", []):
        if p["page_type"] == "all":
            console.print(
                f"  店铺访问详情 (7 days): {p['visitors']} visitors, {p['avg_stay_s']:.0f} s average stay, "
                f"{p['pages_per_visit']} pages a visit"
            )
    for t in dd.get("top_display", []):
        console.print(escape(f"  顶级展位 '{t['keyword']}': {t['clicks']} clicks, {t['inquiries']} inquiries"))
    console.print("\n[bold]what it found[/bold]")
    rep = results["diagnose"].details.get("report", {})
    for f in rep.get("findings", [])[:8]:
        console.print(escape(f"  [{f['severity']}] {f['message']}"))
    waiting(console, queue, store.name)
    for k, res in results.items():
        if res.status != "ok":
            console.print("  [red]" + escape(f"{k}: {res.status} — {res.error}") + "[/red]")
    console.print(f"\nreport: {report['html']}\n        {report['xlsx']}")

"""`make demo`'s 1688 store: made from the sandbox's ready line (its login and member id), and what it
read and found, said in the site's words."""

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
    m = re.search(r"1688 login (\S+), member (\S+),", ready)
    if m is None:
        return None
    return StoreSettings(
        name="demo1688",
        site="1688",
        base_url=url,
        company_id=m.group(2),
        username=m.group(1),
        password_env="AGENT_DEMO_PASSWORD",
        search_url=url + "/selloffer/offer_search.htm?keywords={keyword}&beginPage={page}",
        tracked_keywords=["蓝牙音箱", "跨境灯具", "充电宝"],
    )


def summarise(console: Console, results: dict, report: dict, queue: Queue, store: StoreSettings) -> None:
    c = {k: r.counts for k, r in results.items()}
    d = results["metrics"].details
    console.print(f"\n[bold]1688 store '{store.name}' — what it read[/bold]")
    console.print(
        f"  生意参谋 {d.get('date')}: {c['metrics'].get('sycm_days', 0)} days stored, free visitors {d.get('free_uv')}, "
        f"paid visitors {d.get('paid_uv')}; 网销宝 {c['metrics'].get('wxb_keywords', 0)} keywords"
    )
    if d.get("resumed"):
        console.print(f"  (already stored for that day, not read again: {', '.join(d['resumed'])})")
    i = c.get("inquiries", {})
    console.print(f"  {i.get('inquiries', 0)} 询价, {i.get('unreplied', 0)} unreplied")
    r = c.get("rankings", {})
    console.print(
        f"  rankings: {r.get('keywords', 0)} keywords, {r.get('pages', 0)} result pages, {r.get('found', 0)} own placements "
        "(organic and 网销宝)"
    )
    k = results["keepalive"].details
    console.print(f"  工作台: 旺铺评分 {k.get('shop_score')}, {k.get('unread')} unread messages")
    console.print("\n[bold]what it found[/bold]")
    for f in results["diagnose"].details.get("report", {}).get("findings", [])[:10]:
        console.print(escape(f"  [{f['severity']}] {f['message']}"))
    kinds = waiting(console, queue, store.name)
    if "republish_plan" in kinds:
        console.print(
            "  approve the re-publish plan once; `storeagent schedule` then re-publishes every offer on sale once a day "
            "in four rounds (pause or revoke it in the queue)"
        )
    for name, res in results.items():
        if res.status != "ok":
            console.print("  [red]" + escape(f"{name}: {res.status} — {res.error}") + "[/red]")
    console.print(f"\nreport: {report['html']}\n        {report['xlsx']}")

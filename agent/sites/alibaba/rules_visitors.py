"""访客营销 (seed 001 §6): every marketable visitor gets a message, as far as the day's quota goes —
the visitors who came back most often, and most recently, first. Each message names the products
the visitor looked at."""

from __future__ import annotations

from agent.diagnosis.model import Finding, Report, Suggestion
from agent.sites.alibaba.inputs import Inputs

from .replies import visitor_message


def visitor_marketing(inp: Inputs, rep: Report) -> None:
    v = inp.marketing
    if v.empty:
        return
    todo = v[v["marketed"] == False].sort_values(["visits", "last_visit"], ascending=False)  # noqa: E712
    titles = dict(zip(inp.analysis30["product_id"], inp.analysis30["title"])) if len(inp.analysis30) else {}
    if len(inp.products):  # the product manager's titles are the newest
        titles.update(zip(inp.products["id"], inp.products["title"]))
    left = inp.marketing_left
    for _, r in todo.head(left).iterrows():
        seen = [titles[p] for p in r["product_ids"] if p in titles]
        rep.suggestions.append(
            Suggestion.make(
                kind="visitor_message",
                target=r["visitor_id"],
                precondition={"marketed": False},
                value={"text": visitor_message(seen, str(r["country"]))[0]},
                evidence={"country": r["country"], "visits": int(r["visits"]), "products": list(r["product_ids"])},
                rationale=f"访客营销：{r['country']} 访客访问 {int(r['visits'])} 次，看过「{'、'.join(seen) or '店铺产品'}」，未询盘",
                rationale_en=f"visitor from {r['country']}: {int(r['visits'])} visits, viewed {', '.join(seen) or 'the store'}, no inquiry",
            )
        )
    if len(todo):
        rep.findings.append(
            Finding(
                rule="marketable_visitors",
                severity="low",
                items=list(todo["visitor_id"]),
                message=f"可营销访客 {len(todo)} 个，今日营销额度还剩 {left} 个：已建议营销 {min(left, len(todo))} 个",
                message_en=f"{len(todo)} visitors to market, {left} left in today's quota: {min(left, len(todo))} suggested",
            )
        )

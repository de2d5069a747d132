"""The events worth a message, built from runs' results and the stores' login health: short, in the
channel's language, naming the store as people call it, saying what to do, with a link to the review
page when `public_url` is set. Each has a key: the same key is sent once per channel."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .._time import local_time
from .config import EVENTS

if TYPE_CHECKING:
    from ..health import Health
    from ..settings import Settings, StoreSettings


@dataclass(frozen=True)
class Event:
    kind: str  # a key of config.EVENTS
    store: str | None
    key: str  # what makes it the same event (sent once per channel)
    title: dict[str, str]  # {"zh", "en"}
    body: dict[str, str] = field(default_factory=dict)
    link: str = ""  # path on the review page
    attach: str | None = None  # a picture that goes with it where the channel takes files (a QR code)
    owner: str | None = None  # the salesperson it concerns (a channel may be theirs alone: `owners`)

    @property
    def urgent(self) -> bool:
        return EVENTS[self.kind]


def _todo(error_type: str | None, error: str, store: str) -> dict[str, str]:
    """What the person should do about a run that stopped for them."""
    text = error or ""
    if error_type == "Blocked":
        return {
            "zh": "站点拒绝了这台机器的网络，换一个网络（不要反复重试）后再运行",
            "en": "the site refuses this machine's network: move to another network before running again",
        }
    if "code" in text or "验证码" in text or "QR" in text or "scan" in text:
        return {
            "zh": f"需要邮件验证码或扫码：在有桌面的电脑上运行 storeagent login --store {store}",
            "en": f"the site asks for the e-mailed code or a QR scan: run storeagent login --store {store}",
        }
    if "slider" in text or "challenge" in text:
        return {
            "zh": "出现滑块验证：请运行同一任务并加 --headed，亲自完成滑块",
            "en": "a slider appeared: run the routine again with --headed and solve it yourself",
        }
    return {
        "zh": f"请检查后运行 storeagent login --store {store}",
        "en": f"check it, then run storeagent login --store {store}",
    }


def from_result(settings: Settings, st: StoreSettings, r, day: str) -> list[Event]:
    """A run's result: a stop for a person, or screens it could not read / a failure."""
    from ..pages.titles import routine_title

    name = st.shown
    error = (r.error or "").strip().splitlines()[0][:200] if r.error else ""
    out = []
    if r.status == "needs_human":
        todo = _todo(r.error_type, error, st.name)
        out.append(
            Event(
                "needs_person",
                st.name,
                f"needs:{st.name}:{r.error_type}:{day}",
                {
                    "zh": f"【需要人工】{name}：{routine_title(r.routine)}停下了",
                    "en": f"[Needs you] {name}: {routine_title(r.routine, 'en')} stopped",
                },
                {"zh": f"{todo['zh']}。原因：{error}", "en": f"{todo['en']}. Why: {error}"},
                f"/?store={st.name}",
            )
        )
    details = r.details or {}
    out += _inquiries(st, details)
    out += _reply_reminders(st, details)
    out += _ranks(st, details, day)
    if r.status in ("partial", "failed") and not (
        r.routine == "apply" and details.get("suggestions", {}).get("failed")
    ):
        what = {"partial": ("部分页面读不到", "some screens could not be read"), "failed": ("运行失败", "failed")}
        zh, en = what[r.status]
        out.append(
            Event(
                "run_failed",
                st.name,
                f"run:{st.name}:{r.routine}:{r.status}:{day}",
                {
                    "zh": f"【运行异常】{name}：{routine_title(r.routine)}{zh}",
                    "en": f"[Run] {name}: {routine_title(r.routine, 'en')} {en}",
                },
                {"zh": error, "en": error},
                f"/?store={st.name}",
            )
        )
    return out


def _inquiries(st: StoreSettings, details: dict) -> list[Event]:
    """Each unreplied inquiry nearing the reply rule, and each past it: said once each."""
    out = []
    hours = st.thresholds.reply_hours if st.thresholds is not None else 2
    for o in details.get("nearing", []):
        who = f"{o['buyer']}（{o.get('country', '—')}，买家当地 {o.get('buyer_local_time') or '—'}）"
        out.append(
            Event(
                "inquiry",
                st.name,
                f"inquiry-soon:{st.name}:{o['id']}",
                {
                    "zh": f"【询盘将超时】{st.shown}：{o['buyer']} 的询盘还有 {o['minutes_left']} 分钟到 {hours} 小时",
                    "en": f"[Inquiry] {st.shown}: {o['buyer']}'s inquiry reaches {hours} h in {o['minutes_left']} min",
                },
                {
                    "zh": f"{who} 已等 {o['age_hours']} 小时，请尽快回复",
                    "en": f"{o['buyer']} ({o.get('country', '—')}) has waited {o['age_hours']} h",
                },
                f"/?store={st.name}",
                owner=o.get("owner"),
            )
        )
    for o in details.get("over_2h", []):
        where = f"买家在 {o.get('country', '—')}，当地时间 {o.get('buyer_local_time') or '—'}"
        out.append(
            Event(
                "inquiry",
                st.name,
                f"inquiry-over:{st.name}:{o['id']}",
                {
                    "zh": f"【询盘超时】{st.shown}：{o['buyer']} 的询盘已等 {o['age_hours']} 小时未回复",
                    "en": f"[Inquiry] {st.shown}: {o['buyer']}'s inquiry unanswered for {o['age_hours']} h",
                },
                {
                    "zh": f"{where}；超过 {hours} 小时未回复会影响回复率",
                    "en": f"the buyer is in {o.get('country', '—')}, local time {o.get('buyer_local_time') or '—'}",
                },
                f"/?store={st.name}",
                owner=o.get("owner"),
            )
        )
    return out


def _reply_reminders(st: StoreSettings, details: dict) -> list[Event]:
    """Each salesperson with late or missing replies yesterday: reminded once that day, by name."""
    hours = st.thresholds.reply_hours if st.thresholds is not None else 2
    out = []
    for f in details.get("reply_reminders", []):
        who = "、".join(f["buyers"][:5]) + ("等" if len(f["buyers"]) > 5 else "")
        out.append(
            Event(
                "reply_reminder",
                st.name,
                f"reply-reminder:{st.name}:{f['owner']}:{f['day']}",
                {
                    "zh": f"【回复提醒】{f['owner']}（{st.shown}）：{f['day']} 有 {f['late']} 个询盘超过 {hours:g} 小时才回复，"
                    f"{f['unreplied']} 个未回复",
                    "en": f"[Replies] {f['owner']} ({st.shown}): on {f['day']} {f['late']} inquiries answered after "
                    f"{hours:g} h, {f['unreplied']} unanswered",
                },
                {
                    "zh": f"共分配 {f['assigned']} 个，按时回复 {f['within']} 个；需要跟进的买家：{who}",
                    "en": f"{f['assigned']} assigned, {f['within']} answered in time; buyers to follow: {who}",
                },
                f"/?store={st.name}",
                owner=f["owner"],
            )
        )
    return out


def _ranks(st: StoreSettings, details: dict, day: str) -> list[Event]:
    """Each product that dropped or fell off for a keyword (the rankings routine's alerts)."""
    out = []
    for a in details.get("alerts", []):
        after = a.get("after")
        zh = f"第 {a['before']} → {after} 名" if after else f"第 {a['before']} 名 → 检查的页内找不到"
        en = f"rank {a['before']} → {after}" if after else f"rank {a['before']} → not within the pages checked"
        what = {
            "zh": f"「{a['title']}」" if a.get("title") else f"产品 {a['product_id']}",
            "en": f"'{a['title']}'" if a.get("title") else f"product {a['product_id']}",
        }
        paid = a.get("kind") not in (None, "organic")
        where = {"zh": "（广告位）" if paid else "（自然排名）", "en": " (ad)" if paid else " (organic)"}
        out.append(
            Event(
                "rank_drop",
                st.name,
                f"rank:{st.name}:{a['keyword']}:{a['product_id']}:{a.get('kind')}:{day}",
                {
                    "zh": f"【排名下降】{st.shown}：关键词「{a['keyword']}」下 {what['zh']}{where['zh']} {zh}",
                    "en": f"[Rank] {st.shown}: '{a['keyword']}': {what['en']}{where['en']} {en}",
                },
                {"zh": f"{what['zh']}（{a['product_id']}）{zh}", "en": f"{what['en']} ({a['product_id']}) {en}"},
                "/",
            )
        )
    return out


def _said(suggestion, lang: str) -> str:
    """A suggestion in words: what, before → after."""
    what, before, after = suggestion.describe(lang)
    return f"{what} {before} → {after}" if before or after else str(what)


def _why(note: str) -> str:
    """A failure note as a person reads it: without the exception's class and the screenshot's path."""
    note = re.sub(r"^[A-Z][A-Za-z]+(Error|Failed|Exception): ", "", note.strip())
    return re.split(r";? screenshot /", note)[0][:200]


def apply_failed(st: StoreSettings, failed: list, notes: dict[int, str], day: str) -> list[Event]:
    """Approved edits the site did not take: each in words (what, before → after) and why."""
    if not failed:
        return []
    lines = {
        lang: [f"#{s.id} {_said(s, lang)}" + (f"：{_why(notes[s.id])}" if notes.get(s.id) else "") for s in failed]
        for lang in ("zh", "en")
    }
    return [
        Event(
            "run_failed",
            st.name,
            f"apply-failed:{st.name}:{','.join(str(s.id) for s in failed)}:{day}",
            {
                "zh": f"【写入失败】{st.shown}：{len(failed)} 条已批准的修改没有写成",
                "en": f"[Apply] {st.shown}: {len(failed)} approved edit(s) were not written",
            },
            {
                "zh": "\n".join(lines["zh"]) + "\n可在审批页面查看原因后「失败的重新批准」",
                "en": "\n".join(lines["en"]) + "\nsee why on the review page, then approve them again",
            },
            f"/?state=failed&store={st.name}",
        )
    ]


def from_health(st: StoreSettings, h: Health, tz) -> list[Event]:
    """A store's login that a person must renew."""
    if not h.needs_person:
        return []
    until = local_time(h.expires, tz)
    words = {
        "lapsing": ("登录 1 小时内失效", f"会话预计 {until} 失效", "the login lapses within the hour", f"at {until}"),
        "lapsed": ("登录已失效", f"会话已于 {until} 失效", "the login has lapsed", f"at {until}"),
        "signed_out": ("未登录", "最近一次运行没能登录", "signed out", "the last run could not sign in"),
    }[h.state]
    return [
        Event(
            "login",
            st.name,
            f"login:{st.name}:{h.state}:{h.expires.isoformat() if h.expires else ''}",
            {"zh": f"【登录】{st.shown}：{words[0]}", "en": f"[Login] {st.shown}: {words[2]}"},
            {
                "zh": f"{words[1]}。请运行 storeagent login --store {st.name} 重新登录，夜间任务才能继续",
                "en": f"{words[3]}. Run storeagent login --store {st.name} so the night's runs can go on",
            },
            "/",
        )
    ]


def suggestions_waiting(st: StoreSettings, waiting: list, day: str) -> list[Event]:
    """Suggestions waiting for approval: how many, the first three in words, a link."""
    if not waiting:
        return []
    top = {lang: [_said(w, lang) for w in waiting[:3]] for lang in ("zh", "en")}
    return [
        Event(
            "suggestions",
            st.name,
            f"suggestions:{st.name}:{day}",
            {
                "zh": f"【待审批】{st.shown}：{len(waiting)} 条修改建议等待审批",
                "en": f"[Approve] {st.shown}: {len(waiting)} suggestions wait",
            },
            {"zh": "；".join(top["zh"]), "en": "; ".join(top["en"])},
            f"/?state=proposed&store={st.name}",
        )
    ]


def _figure(v) -> str:
    """A figure as people write it: 22577, not 22577.0; 0.125 stays."""
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def report_written(st: StoreSettings, kind: str, built: dict) -> list[Event]:
    """A report was written: its summary's lines, the Excel file attached where the channel takes files."""
    from ..reports.labels import label

    summary = built.get("tables", {}).get("summary")
    lines: dict[str, list[str]] = {"zh": [], "en": []}
    if summary is not None and len(summary):
        for row in summary.astype(object).where(summary.notna(), "").head(8).itertuples(index=False):
            line = " · ".join(_figure(v) for v in row if str(v).strip())
            lines["zh"].append(line)
            lines["en"].append(line)
    stem = built["xlsx"].rsplit("/", 1)[-1]
    return [
        Event(
            "report",
            st.name,
            f"report:{st.name}:{stem}",
            {"zh": f"【{label(kind, 'zh')}】{st.shown}", "en": f"[{label(kind, 'en')}] {st.shown}"},
            {lang: "\n".join(v) or label(kind, lang) for lang, v in lines.items()},
            "/",
            built["xlsx"],
        )
    ]


def fleet_alert(key: str, title: dict[str, str], body: dict[str, str], store: str | None = None) -> Event:
    """A fleet alert (a worker gone silent, a standby that needs a login): recorded once by the fleet,
    said once."""
    return Event("fleet", store, f"fleet:{key}", title, body, "/")

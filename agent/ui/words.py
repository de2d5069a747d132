"""The review page's words in Chinese (the default) and English (`?lang=en`, or `lang` in the config)."""

from __future__ import annotations

LANGS = ("zh", "en")

STATES = {
    "zh": {
        "proposed": "待审批",
        "approved": "已批准",
        "rejected": "已拒绝",
        "applying": "写入中",
        "applied": "已写入",
        "failed": "失败",
        "conflict": "有冲突",
        "expired": "已过期",
        "paused": "已暂停",
    },
    "en": {
        "proposed": "proposed",
        "approved": "approved",
        "rejected": "rejected",
        "applying": "applying",
        "applied": "applied",
        "failed": "failed",
        "conflict": "conflict",
        "expired": "expired",
        "paused": "paused",
    },
}

SORTS = {
    "zh": {
        "todo": "按轻重缓急",
        "newest": "最新在前",
        "oldest": "最早在前",
        "kind": "按类型",
        "store": "按店铺",
        "state": "按状态",
    },
    "en": {
        "todo": "most urgent first",
        "newest": "newest first",
        "oldest": "oldest first",
        "kind": "by kind",
        "store": "by store",
        "state": "by state",
    },
}

NEXT_STEP = {
    "zh": {
        "proposed": "批准后，点「立即应用」（或 queue apply）写入店铺，写入前后都在页面上核对",
        "approved": "将在下次「应用」时写入店铺并读回核对：点「立即应用」或运行 queue apply",
        "applying": "正在写入",
        "failed": "写入失败：见原因，可重新批准再试",
        "conflict": "店铺上的值已变，未写入",
    },
    "en": {
        "proposed": "once approved, 'apply now' (or queue apply) writes it to the store, checked on the screen before and after",
        "approved": "written at the next apply and read back: press 'apply now' or run queue apply",
        "applying": "being written",
        "failed": "the write failed: see why; retry approves it again",
        "conflict": "the store's value changed; nothing written",
    },
}

T = {
    "zh": {
        "title": "待审批修改",
        "todo": "今日待办",
        "todo_note": "待审批的建议按轻重缓急排列：买家等了多久、钱花在哪里没有询盘、产品零效果多少天。",
        "plain_list": "全部建议列表",
        "approver": "审批人",
        "sign_out": "退出",
        "all": "全部",
        "logins": "店铺登录状态",
        "overview": "店铺总览",
        "add_store": "添加店铺",
        "alert_login": "需要有人登录",
        "alert_unread": "{n} 个页面未能读取",
        "alert_paused": "已暂停",
        "trends": "趋势",
        "told": "通知记录",
        "code_title": "店铺 {store} 等待验证码",
        "scan_title": "店铺 {store} 等待扫码登录",
        "scan_hint": "用千牛或手机阿里扫下面的二维码（约 120 秒有效）；扫码后任务会接着运行，刷新本页看最新状态",
        "code_hint": "站点把 6 位验证码发到了店铺的邮箱，在这里输入，任务会接着运行",
        "code_send": "提交验证码",
        "code_sent": "验证码已交给等待的任务",
        "code_gone": "这次请求已不再等待（已超时或已有人输入）",
        "code_bad": "验证码是 6 位数字，请重新输入",
        "told_failed": "有发送失败",
        "told_sent": "已送达",
        "told_failed_row": "发送失败",
        "told_quiet": "免打扰时段暂缓",
        "login_hint": "标 ⚠ 的店铺需要有人登录：在店铺所在电脑上运行 storeagent login --store 店铺名",
        "state": "状态",
        "store": "店铺",
        "kind": "类型",
        "search": "搜索",
        "search_hint": "产品、关键词、买家、理由…",
        "sort": "排序",
        "filter": "筛选",
        "total": "共",
        "count_word": "条",
        "page": "第",
        "of": "页，共",
        "pages": "页",
        "prev": "上一页",
        "next": "下一页",
        "approve": "批准所选",
        "reject": "拒绝所选",
        "retry": "失败的重新批准",
        "plans": "常设计划",
        "pause": "暂停",
        "resume": "恢复",
        "revoke": "撤销",
        "target": "对象",
        "change": "修改（之前 → 之后）",
        "why": "理由 · 证据",
        "evidence": "证据详情",
        "reason": "原因",
        "save": "保存",
        "new_value": "新值",
        "in_force": "生效中",
        "paused": "已暂停",
        "apply_now": "立即应用",
        "apply_waiting": "个已批准的修改等待写入",
        "apply_none": "没有等待写入的已批准修改",
        "applying": "正在写入…",
        "apply_done": "写入完成",
        "progress": "写入进度",
        "lang_other": "English",
        "no_shot": "（无截图）",
        "edit_error": "未保存：",
        "plan_line": "每天 {times} 重发{what}，每天最多 {cap} 个",
        "plan_all": "全部销售中产品",
        "plan_some": " {n} 个指定产品",
        "unread_title": "最近一次运行未能读取的页面",
        "unread_skipped": "因此未运行的诊断：",
    },
    "en": {
        "title": "Suggested edits",
        "todo": "Today's to-do",
        "todo_note": "Suggestions waiting for approval, most urgent first: how long a buyer has waited, money spent "
        "without inquiries, days a product has had no effect.",
        "plain_list": "the plain list of all suggestions",
        "approver": "Approver",
        "sign_out": "sign out",
        "all": "all",
        "logins": "stores' logins",
        "overview": "Stores",
        "add_store": "add a store",
        "alert_login": "a person must sign in",
        "alert_unread": "{n} screens not read",
        "alert_paused": "paused",
        "trends": "trends",
        "told": "messages sent",
        "code_title": "store {store} waits for the code",
        "scan_title": "store {store} waits for a QR scan",
        "scan_hint": "scan the QR code below with the phone app (valid ~120 s); the run goes on once it is scanned",
        "code_hint": "the site e-mailed a 6-digit code to the store's mailbox: type it here and the run goes on",
        "code_send": "send the code",
        "code_sent": "the code went to the waiting run",
        "code_gone": "that request waits no more (timed out, or someone typed it)",
        "code_bad": "the code is 6 digits; type it again",
        "told_failed": "some failed",
        "told_sent": "sent",
        "told_failed_row": "failed",
        "told_quiet": "held (quiet hours)",
        "login_hint": "a person must sign in the stores marked ⚠: run storeagent login --store NAME on the store's machine",
        "state": "state",
        "store": "store",
        "kind": "kind",
        "search": "search",
        "search_hint": "product, keyword, buyer, reason…",
        "sort": "sort",
        "filter": "filter",
        "total": "",
        "count_word": "suggestions",
        "page": "page",
        "of": "of",
        "pages": "",
        "prev": "previous",
        "next": "next",
        "approve": "approve selected",
        "reject": "reject selected",
        "retry": "retry failed",
        "plans": "standing plans",
        "pause": "pause",
        "resume": "resume",
        "revoke": "revoke",
        "target": "target",
        "change": "change (before → after)",
        "why": "why · evidence",
        "evidence": "evidence details",
        "reason": "reason",
        "save": "save",
        "new_value": "new value",
        "in_force": "in force",
        "paused": "paused",
        "apply_now": "apply now",
        "apply_waiting": "approved edits waiting to be written",
        "apply_none": "no approved edit is waiting",
        "applying": "writing…",
        "apply_done": "done",
        "progress": "progress",
        "lang_other": "中文",
        "no_shot": "(no screenshot)",
        "edit_error": "not saved: ",
        "plan_line": "re-publish every day at {times}{what}, at most {cap} a day",
        "plan_all": ", every offer on sale",
        "plan_some": ", {n} chosen offers",
        "unread_title": "screens the latest runs could not read",
        "unread_skipped": "diagnosis not run for it: ",
    },
}

DONE = {
    "zh": {
        "approve": "已批准",
        "reject": "已拒绝",
        "retry": "已重新批准",
        "pause": "计划已暂停",
        "resume": "计划已恢复",
        "revoke": "计划已撤销",
        "edited": "已修改",
        "nothing": "没有选择任何建议",
        "apply_started": "开始写入",
        "apply_busy": "已有一次写入在进行中",
        "apply_none": "没有等待写入的已批准修改",
    },
    "en": {
        "approve": "approved",
        "reject": "rejected",
        "retry": "retried",
        "pause": "paused",
        "resume": "resumed",
        "revoke": "revoked",
        "edited": "edited",
        "nothing": "nothing selected",
        "apply_started": "apply started",
        "apply_busy": "an apply is already running",
        "apply_none": "no approved edit is waiting",
    },
}


FIELDS = {  # the evidence's fields, as the page names them
    "keyword": ("关键词", "keyword"),
    "campaign": ("推广计划", "campaign"),
    "bid": ("出价", "bid"),
    "base_price": ("底价", "floor bid"),
    "qs_star": ("推广评分", "quality stars"),
    "est_rank": ("预估排名", "estimated rank"),
    "impressions": ("曝光", "impressions"),
    "clicks": ("点击", "clicks"),
    "ctr": ("点击率", "CTR"),
    "spend": ("花费", "spend"),
    "inquiries": ("询盘", "inquiries"),
    "zero_days": ("零效果天数", "days without effect"),
    "title": ("标题", "title"),
    "quality_score": ("产品质量分", "quality score"),
    "buyer": ("买家", "buyer"),
    "country": ("国家", "country"),
    "received": ("询盘时间", "received"),
    "buyer_local_time": ("买家当地时间", "buyer's local time"),
    "quantity": ("数量", "quantity"),
    "posted": ("发布时间", "posted"),
    "name": ("名称", "name"),
    "deadline": ("截止", "deadline"),
    "asked": ("买家原话", "the buyer wrote"),
    "language": ("回复语言", "reply language"),
    "waited_hours": ("建议时已等（小时）", "hours waited when suggested"),
    "saves_a_week": ("每周约省（元）", "saved a week (¥)"),
    "posted_hours": ("建议时已发布（小时）", "hours since posted, when suggested"),
    "listed_price": ("产品标价（美元）", "listed price (US $)"),
    "family_median_price": ("同类产品中位价（美元）", "family median price (US $)"),
    "visits": ("访问次数", "visits"),
    "products": ("看过的产品", "products viewed"),
    "in": ("放入", "in"),
    "out": ("撤下", "out"),
    "out_zero_days": ("撤下产品零效果天数", "days without effect (out)"),
    "out_clicks": ("撤下产品点击", "clicks (out)"),
    "in_feedback": ("放入产品询盘", "inquiries (in)"),
    "search_words": ("买家搜索词", "buyers' search words"),
    "site_day": ("日期", "day"),
    "since": ("放入橱窗", "in the showcase since"),
    "days": ("天数", "days"),
    "new_title": ("新产品", "new offer"),
    "offers_on_sale": ("销售中产品", "offers on sale"),
    "visitor_peaks": ("访客高峰（时）", "visitor peaks (hour)"),
    "product": ("产品", "product"),
    "valid_inquiries": ("有效询盘", "valid inquiries"),
    "row": ("页面上的这一行", "the row on the screen"),
    "eligible": ("可报名", "eligible"),
    "signed_up": ("已报名", "signed up"),
    "id": ("编号", "id"),
}
HIDDEN = ("screenshot", "highlighted")  # shown as the picture itself


LANGUAGE_NAMES = {"en": "英语", "es": "西班牙语", "pt": "葡萄牙语", "fr": "法语", "de": "德语", "ru": "俄语"}


def _shown_value(k: str, v, lang: str) -> str:
    """A figure as people read it: a rate as a percentage, money with its sign, a language by name."""
    if isinstance(v, list):
        return "、".join(map(str, v))
    if k in ("ctr", "rate") and isinstance(v, int | float) and not isinstance(v, bool):
        return f"{v:.2%}"
    if k == "spend" and isinstance(v, int | float) and not isinstance(v, bool):
        return f"¥{v:,.2f}"
    if k == "language" and lang == "zh":
        return LANGUAGE_NAMES.get(str(v), str(v))
    return str(v)


def fields(evidence: dict, lang: str) -> list[tuple[str, str]]:
    """The evidence as (label, value) lines in the page's language."""
    out = []
    for k, v in (evidence or {}).items():
        if k in HIDDEN or v in (None, "", [], {}):
            continue
        label = FIELDS.get(k, (k, k))[0 if lang == "zh" else 1]
        out.append((label, _shown_value(k, v, lang)))
    return out


def lang_of(value: str | None, default: str) -> str:
    return value if value in LANGS else default


OVERVIEW_COLUMNS = {
    "zh": ("店铺", "站点", "登录", "最近运行", "待审批", "提醒"),
    "en": ("store", "site", "login", "last run", "awaiting approval", "alerts"),
}

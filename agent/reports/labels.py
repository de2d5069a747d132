"""Report labels in Chinese and English (`lang` in the config)."""

from __future__ import annotations

from typing import Any

LABELS = {
    "daily": ("店铺日报", "Daily store report"),
    "weekly": ("周报：排名与关键词", "Weekly ranking and keyword review"),
    "monthly": ("月报：询盘分析", "Monthly inquiry report"),
    "store": ("店铺", "Store"),
    "date": ("数据日期", "Data date"),
    "generated": ("生成时间", "Generated"),
    "metrics": ("核心指标与对标", "Metrics against benchmarks"),
    "metric": ("指标", "Metric"),
    "value": ("数值", "Value"),
    "peer": ("同行平均", "Peer average"),
    "excellent": ("行业优秀", "Industry excellent"),
    "last_month": ("上月日均", "Last month"),
    "target": ("目标", "Target"),
    "rule": ("对标规则", "Benchmark rule"),
    "findings": ("诊断发现", "Diagnosis"),
    "severity": ("级别", "Severity"),
    "message": ("说明", "Finding"),
    "rankings": ("排名", "Rankings"),
    "keyword": ("关键词", "Keyword"),
    "product": ("产品", "Product"),
    "page": ("页", "Page"),
    "position": ("位置", "Position"),
    "rank": ("排名", "Rank"),
    "unread": ("未能读取的页面（各例程最近一次运行）", "Screens not read (the latest run of each routine)"),
    "routine": ("例程", "Routine"),
    "screen": ("页面", "Screen"),
    "reason": ("原因", "Reason"),
    "skipped_rules": ("因此跳过的诊断规则", "Diagnosis rules skipped for it"),
    "finished": ("结束时间", "Finished"),
    "detail": ("技术详情", "Technical detail"),
    "organic_rank": ("自然排名", "Organic rank"),
    "kind": ("类型", "Kind"),
    "queue": ("待审批修改", "Suggestion queue"),
    "state": ("状态", "State"),
    "count": ("数量", "Count"),
    "trend": ("近期趋势", "Trend"),
    "impressions": ("曝光", "Impressions"),
    "clicks": ("点击", "Clicks"),
    "visitors": ("访客", "Visitors"),
    "inquiries": ("询盘", "Inquiries"),
    "rank_changes": ("排名变化", "Rank changes"),
    "first": ("周初", "First"),
    "last": ("最新", "Latest"),
    "change": ("变化", "Change"),
    "traffic_keywords": ("引流关键词", "Traffic keywords"),
    "p4p": ("直通车关键词", "P4P keywords"),
    "spend": ("花费", "Spend"),
    "by_country": ("按国家", "By country"),
    "by_product": ("按产品", "By product"),
    "heatmap": ("买家活跃时段（买家当地时间）", "Buyer active hours (buyer local time)"),
    "country": ("国家", "Country"),
    "replied": ("已回复", "Replied"),
    "unreplied": ("未回复", "Unreplied"),
    "rationale": ("理由", "Why"),
    "what": ("修改对象", "What it changes"),
    "before_after": ("修改前 → 修改后", "Before → after"),
    "none": ("无", "none"),
    "proposed": ("待审批", "Awaiting approval"),
    "id": ("编号", "ID"),
    "product_id": ("产品ID", "Product ID"),
    "product_title": ("产品", "Product"),
    "sycm": ("生意参谋（昨天与前 7 天）", "生意参谋 (yesterday and the 7 days before)"),
    "uv": ("访客数", "Visitors"),
    "pv": ("浏览量", "Page views"),
    "free_uv": ("免费访客", "Free visitors"),
    "paid_uv": ("付费访客", "Paid visitors"),
    "wangwang_inquiries": ("旺旺咨询", "旺旺 inquiries"),
    "orders": ("订单数", "Orders"),
    "buyers": ("支付买家数", "Paying buyers"),
    "gmv": ("成交金额", "GMV"),
    "aov": ("客单价", "Average order value"),
    "click_rate": ("点击率", "Click rate"),
    "bounce_rate": ("跳失率", "Bounce rate"),
    "pay_conversion": ("支付转化率", "Paying conversion"),
    "wxb": ("网销宝关键词（昨天）", "网销宝 keywords (yesterday)"),
    "wxb_week": ("网销宝关键词（本周）", "网销宝 keywords (this week)"),
    "sales": ("成交金额", "Sales"),
    "roi": ("投产比", "ROI"),
    "bid": ("出价", "Bid"),
    "status": ("状态", "Status"),
    "best_ranks": ("关键词排名（最好名次）", "Best rank per keyword"),
    "organic": ("自然排名", "Organic rank"),
    "paid": ("网销宝排名", "网销宝 rank"),
    "peers_ahead": ("排在前面的同行", "Peers ahead"),
    "rank_stats": ("本周排名统计（对比同行）", "This week's ranks against peers"),
    "by_day": ("按日期", "By day"),
    "offer": ("产品", "Offer"),
    "by_offer": ("按产品", "By offer"),
    "week_start": ("周初", "Week start"),
    "week_end": ("周末", "Week end"),
    "shop_visits": ("店铺访问详情（近 7 天）", "Shop visits (last 7 days)"),
    "avg_stay_s": ("平均停留(秒)", "Average stay (s)"),
    "pages_per_visit": ("人均访问页数", "Pages per visit"),
    "top_display": ("顶级展位（近 7 天）", "Top display (last 7 days)"),
    "title": ("产品", "Product"),
    "summary": ("摘要（指标对目标、较前一天、今日行动）", "Summary (KPIs vs targets, change, actions)"),
    "item": ("项目", "Item"),
    "met": ("达标/级别", "Met / severity"),
    "action": ("行动", "Action"),
    "name_cards": ("昨天收到的名片", "Business cards collected yesterday"),
    "company": ("公司", "Company"),
    "contact": ("联系人", "Contact"),
    "created": ("时间", "Time"),
    "revisit": ("待回访客户（{revisit_days} 天无往来）", "Customers to revisit ({revisit_days} days)"),
    "days": ("天数", "Days"),
    "last_contact": ("最近往来", "Last contact"),
    "follow_up": ("待跟进询盘（{follow_up_days} 天未转化）", "Inquiries to follow up ({follow_up_days} days)"),
    "buyer": ("买家", "Buyer"),
    "received": ("询盘时间", "Received"),
    "totals": ("本期合计（对比上一期）", "Period totals (against the period before)"),
    "this_period": ("本期", "This period"),
    "previous_period": ("上一期", "Previous period"),
    "rule_id": ("规则", "Rule"),
    "weekday": ("星期", "Weekday"),
    "keyword_id": ("关键词ID", "Keyword ID"),
    "ctr": ("点击率", "CTR"),
    "conversion": ("询盘转化率", "Inquiry conversion"),
    "place": ("名次", "Place"),
    "salespeople": (
        "业务员回复（昨天，{reply_hours} 小时内为按时）",
        "Salespeople's replies (yesterday; in time: {reply_hours} h)",
    ),
    "salespeople_week": (
        "业务员回复（近 7 天，{reply_hours} 小时内为按时）",
        "Salespeople's replies (7 days; in time: {reply_hours} h)",
    ),
    "owner": ("业务员", "Salesperson"),
    "assigned": ("分配询盘", "Assigned"),
    "within": ("按时回复", "Answered in time"),
    "late": ("超时回复", "Answered late"),
    "avg_first_reply_h": ("平均首次回复（小时）", "Average first reply (h)"),
    "day": ("日期", "Day"),
    "name": ("产品", "Product"),
    "rank_trend": ("排名走势（每天最好名次）", "Rank over the days (best place a day)"),
    "trend_days": ("近期每日数据", "The days stored"),
    "inquiry_id": ("询盘编号", "Inquiry no."),
    "uv_target": ("访客目标", "Visitor target"),
}

# values, not headers: what a table's enum cells say in the report's language
VALUES: dict[str, dict[Any, tuple[str, str]]] = {
    "kind": {"organic": ("自然", "organic"), "brand": ("品牌专区", "brand zone")},  # the paid kind: the site's own name
    "state": {
        "proposed": ("待审批", "awaiting approval"),
        "approved": ("已批准", "approved"),
        "rejected": ("已拒绝", "rejected"),
        "applying": ("写入中", "being written"),
        "applied": ("已写入", "written"),
        "failed": ("写入失败", "failed"),
        "conflict": ("已变化未写入", "changed, not written"),
        "expired": ("已过期", "expired"),
        "paused": ("已暂停", "paused"),
    },
    "severity": {"high": ("高", "high"), "medium": ("中", "medium"), "low": ("低", "low")},
    "weekday": {
        i: pair
        for i, pair in enumerate(
            [
                ("周一", "Mon"),
                ("周二", "Tue"),
                ("周三", "Wed"),
                ("周四", "Thu"),
                ("周五", "Fri"),
                ("周六", "Sat"),
                ("周日", "Sun"),
            ]
        )
    },
}


def kind_words(lang: str, paid: str) -> dict[str, str]:
    """A placement's kind as people say it; the paid kind by the site's own name (`paid`: 直通车, 网销宝)."""
    return {k: v[0 if lang == "zh" else 1] for k, v in VALUES["kind"].items()} | {"p4p": paid}


def label(key: str, lang: str) -> str:
    zh, en = LABELS.get(key, (key, key))
    return zh if lang == "zh" else en


def bilingual(key: str) -> str:
    zh, en = LABELS.get(key, (key, key))
    return f"{zh} / {en}"


def period(days: int, lang: str, end) -> str:
    """The period a weekly or monthly report covers, ending on `end` (the site's day), stated."""
    from datetime import timedelta

    start = end - timedelta(days=days - 1)
    return f"{'统计周期' if lang == 'zh' else 'Period'}: {start:%Y-%m-%d} – {end:%Y-%m-%d}"

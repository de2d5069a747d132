"""Report labels in Chinese and English (`lang` in the config)."""
from __future__ import annotations

LABELS = {
    "daily": ("店铺日报", "Daily store report"), "weekly": ("周报：排名与关键词", "Weekly ranking and keyword review"),
    "monthly": ("月报：询盘分析", "Monthly inquiry report"), "store": ("店铺", "Store"), "date": ("数据日期", "Data date"),
    "generated": ("生成时间", "Generated"), "metrics": ("核心指标与对标", "Metrics against benchmarks"),
    "metric": ("指标", "Metric"), "value": ("数值", "Value"), "peer": ("同行平均", "Peer average"),
    "excellent": ("行业优秀", "Industry excellent"), "last_month": ("上月日均", "Last month"), "target": ("目标", "Target"),
    "rule": ("对标规则", "Benchmark rule"), "findings": ("诊断发现", "Diagnosis"), "severity": ("级别", "Severity"),
    "message": ("说明", "Finding"), "rankings": ("排名", "Rankings"), "keyword": ("关键词", "Keyword"),
    "product": ("产品", "Product"), "page": ("页", "Page"), "position": ("位置", "Position"), "rank": ("排名", "Rank"),
    "organic_rank": ("自然排名", "Organic rank"), "kind": ("类型", "Kind"), "queue": ("待审批修改", "Suggestion queue"),
    "state": ("状态", "State"), "count": ("数量", "Count"), "trend": ("近期趋势", "Trend"),
    "impressions": ("曝光", "Impressions"), "clicks": ("点击", "Clicks"), "visitors": ("访客", "Visitors"),
    "inquiries": ("询盘", "Inquiries"), "rank_changes": ("排名变化", "Rank changes"), "first": ("周初", "First"),
    "last": ("最新", "Latest"), "change": ("变化", "Change"), "traffic_keywords": ("引流关键词", "Traffic keywords"),
    "p4p": ("直通车关键词", "P4P keywords"), "spend": ("花费", "Spend"), "by_country": ("按国家", "By country"),
    "by_product": ("按产品", "By product"), "heatmap": ("买家活跃时段（买家当地时间）", "Buyer active hours (buyer local time)"),
    "country": ("国家", "Country"), "replied": ("已回复", "Replied"), "unreplied": ("未回复", "Unreplied"),
    "kind_col": ("类型", "Kind"), "target_col": ("对象", "Target"), "rationale": ("理由", "Why"),
    "none": ("无", "none"), "proposed": ("待审批", "Awaiting approval"), "id": ("编号", "ID"), "product_id": ("产品ID", "Product ID"), "product_title": ("产品", "Product"),
    "weekday": ("星期", "Weekday"), "keyword_id": ("关键词ID", "Keyword ID"), "ctr": ("点击率", "CTR"), "conversion": ("询盘转化率", "Inquiry conversion"),
}


def label(key: str, lang: str) -> str:
    zh, en = LABELS.get(key, (key, key))
    return zh if lang == "zh" else en


def bilingual(key: str) -> str:
    zh, en = LABELS.get(key, (key, key))
    return f"{zh} / {en}"

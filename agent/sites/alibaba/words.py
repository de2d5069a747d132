"""How people name Alibaba.com's screens, routines and diagnosis rules (Chinese, then English)."""

from __future__ import annotations

SCREENS: dict[str, tuple[str, str]] = {
    "HomePage": ("首页", "Home"),
    "InquiryList": ("询盘列表", "Inquiry list"),
    "InquiryDetail": ("询盘详情", "Inquiry detail"),
    "RfqMarket": ("RFQ 商机", "RFQ market"),
    "RfqQuota": ("RFQ 报价权益", "RFQ quota"),
    "P4PKeywords": ("外贸直通车 · 关键词", "P4P keywords"),
    "P4PCampaigns": ("外贸直通车 · 推广计划", "P4P campaigns"),
    "ProductManager": ("管理产品", "Product manager"),
    "DataOverview": ("数据管家 · 概览", "Data overview"),
    "ProductAnalysis": ("数据管家 · 产品分析", "Product analysis"),
    "ZeroEffectProducts": ("数据管家 · 零效果产品", "Zero-effect products"),
    "TrafficKeywords": ("数据管家 · 引流关键词", "Traffic keywords"),
    "TrafficSources": ("数据管家 · 流量来源", "Traffic sources"),
    "VisitorMarketing": ("数据管家 · 访客营销", "Visitor marketing"),
    "ShopVisits": ("店铺访问详情", "Shop visits"),
    "TopDisplay": ("顶级展位", "Top display"),
    "Orders": ("订单管理", "Orders"),
    "Reviews": ("评价管理", "Reviews"),
    "ActivityCenter": ("营销活动中心", "Activity centre"),
    "CustomerList": ("客户管理 · 客户列表", "Customer list"),
    "BuyerCardScreen": ("买家名片", "Buyer card"),
}

ROUTINES: dict[str, tuple[str, str]] = {
    "p4p_review": ("直通车复盘", "P4P review"),
    "zero_effect": ("零效果产品", "zero-effect products"),
    "activities": ("营销活动", "activities"),
    "customers": ("客户", "customers"),
}

RULES: dict[str, tuple[str, str]] = {
    "store_metrics": ("核心指标对标", "metrics against benchmarks"),
    "store_health": ("店铺健康", "store health"),
    "zero_effect": ("零效果产品", "zero-effect products"),
    "product_effect": ("产品效果", "product effect"),
    "p4p": ("直通车出价与屏蔽词", "P4P bids and negative words"),
    "double_ranking": ("自然与付费双排名", "double ranking"),
    "inquiries": ("询盘回复", "inquiry replies"),
    "rfq": ("RFQ 报价", "RFQ quotes"),
    "overdue_orders": ("超时未发货", "overdue orders"),
    "negative_reviews": ("差评", "negative reviews"),
    "open_activities": ("可报名活动", "open activities"),
    "traffic_keywords_in_titles": ("引流词入标题", "traffic keywords in titles"),
    "shop_pages": ("店铺页面", "shop pages"),
    "top_display": ("顶级展位", "top display"),
    "showcase": ("橱窗", "showcase"),
    "p4p_share": ("付费流量占比", "paid traffic share"),
    "visitor_marketing": ("访客营销", "visitor marketing"),
}

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
    "Visitors": ("数据管家 · 访客详情", "Visitors"),
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

COUNTS: dict[str, tuple[str, str]] = {
    "overview": ("{n} 天数据概览", "{n} day{s} of overview"),
    "products": ("{n} 个产品的数据", "{n} product{s}' figures"),
    "p4p_keywords": ("{n} 个直通车关键词", "{n} P4P keyword{s}"),
    "traffic_keywords": ("{n} 个引流关键词", "{n} traffic keyword{s}"),
    "traffic_sources": ("{n} 个流量来源", "{n} traffic source{s}"),
    "inquiries": ("{n} 个询盘", "{n} inquir{ies}"),
    "tm_messages": ("{n} 条 TM 消息", "{n} TM message{s}"),
    "products_listed": ("产品管理中 {n} 个产品", "{n} product{s} listed"),
    "zero_effect_products": ("{n} 个零效果产品", "{n} zero-effect product{s}"),
    "activities": ("{n} 个可报名活动", "{n} open activit{ies}"),
    "customers": ("{n} 个新客户", "{n} new customer{s}"),
    "cards_read": ("读取 {n} 张名片", "{n} business card{s} read"),
    "name_cards_yesterday": ("昨天收到 {n} 张名片", "{n} card{s} yesterday"),
    "left_unread": ("{n} 条保持未读", "{n} left unread"),
    "already_visited_today": ("{n} 个页面今天已访问", "{n} page{s} visited earlier today"),
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

"""The table screens of the seller back office: the real path of each (the sandbox serves every
host — hz-productposting, message, www2, data, sourcing — on one origin under the real paths), the
call that fills it and in which dialect, and its columns, filters and row actions with the Chinese
labels the real seller center shows. Column keys are the real answers' keys."""
from __future__ import annotations

NAV = [
    ("/index.htm", "首页"),
    ("/message/default.htm#feedback/all", "询盘"),
    ("/rfq/rfq_search_list.htm", "RFQ商机"),
    ("/ads/manage_ad_keyword.htm", "外贸直通车"),
    ("/ads/campaign_list.htm", "推广计划"),
    ("/product/products_manage.htm", "产品管理"),
    ("/traffic/overview", "数据管家"),
    ("/order/list.htm", "订单"),
    ("/order/reviews.htm", "评价"),
    ("/activity/center.htm", "营销活动中心"),
    ("/visitor/marketing", "访客营销"),
    ("/crm/customer_list.htm", "客户管理"),
    ("/shop/visit", "店铺访问详情"),
    ("/marketing/top_display", "顶级展位"),
]
GATEWAY = "/self/.json"


def col(key, label, fmt=None):
    return {"key": key, "label": label, "fmt": fmt}


_INQUIRY_COLUMNS = [col("sender.name", "买家"), col("sender.countryCode", "国家"),
                    col("subject", "主题"), col("productInfo.0.productName", "产品"), col("createTime", "接收时间", "ms"),
                    col("replyStatus", "是否回复", "bool"), col("ownerName", "负责人"), col("feedbackType", "类型", "ftype")]

SCREENS = {
    "inquiries": {
        "paths": ["/message/default.htm"], "title": "询盘", "dialect": "inquiries",
        "api": "/message/ajax/feedback/subjectList.htm", "sizes": [20], "columns": _INQUIRY_COLUMNS,
        "newer": {"dialect": "inquiriesV2", "sizes": [20, 50, 100]},
        "filters": [("replied", "回复状态", [("", "全部"), ("false", "未回复"), ("true", "已回复")])],
        "actions": [("view", "查看详情", "/message/default.htm?imInquiryId={id}#feedback/detail/all/{id}")],
    },
    "p4p": {
        "paths": ["/ads/manage_ad_keyword.htm"], "title": "外贸直通车 · 关键词", "dialect": "p4p",
        "api": "/api/campaign/{id}/bidword/query", "sizes": [20, 50], "daterange": True, "search": "q",
        "columns": [col("word", "关键词"), col("campaignName", "推广计划"), col("price", "出价"), col("basePrice", "底价"),
                    col("qsStar", "推广评分"), col("rank", "预估排名"), col("imprCnt", "曝光量"),
                    col("clkCnt", "点击量"), col("ctr", "点击率", "pct"), col("cpc", "平均点击花费"), col("cost", "花费"),
                    col("fbCnt", "询盘")],
        "filters": [("campaignId", "推广计划", [])],   # options: the store's campaigns
        "actions": [("bid", "出价", None)],
    },
    "products": {
        "paths": ["/product/products_manage.htm", "/product/manage_products.htm"], "title": "管理产品",
        "dialect": "products", "api": "/product/managementproducts/asyQueryProductsList.do", "sizes": [20, 50], "hash": True,
        "newer": {"dialect": "productsV2", "rows": "list", "columns": [
            col("subject", "产品信息"), col("id", "产品ID"), col("ggsNewScore", "产品质量分"), col("powerScoreLayer", "产品分层", "layer"),
            col("status", "审核状态", "status"), col("displayStatus", "上架状态", "yn"), col("isWindowProduct", "橱窗", "bool"),
            col("showNum", "曝光"), col("clickNum", "点击"), col("fbNum", "反馈"), col("gmtModified", "更新时间")]},
        "search": "subject",
        "columns": [col("subject", "产品信息"), col("id", "产品ID"), col("finalScore", "产品质量分"),
                    col("powerScoreLayer", "产品分层", "layer"), col("status", "审核状态", "status"),
                    col("displayStatus", "上架状态", "yn"), col("isWindowProduct", "橱窗", "bool"),
                    col("showNum", "曝光"), col("clickNum", "点击"), col("fbNum", "反馈"), col("gmtModified", "更新时间")],
        "filters": [("displayStatus", "上架状态", [("all", "全部"), ("y", "已上架"), ("n", "已下架")])],
        "actions": [("edit", "编辑", "/product/publish.htm?itemId={id}"),
                    ("similar", "发布类似产品", "/product/publish.htm?pubType=similarPost&itemId={id}"),
                    ("showcase", "橱窗", None), ("delete", "删除", None)],
    },
    "analysis": {
        "paths": ["/product/overview"], "title": "数据管家 · 产品分析", "dialect": "gateway", "iName": "getProductEffect",
        "newer": {"dialect": "vipProducts", "iName": "getVipEffectiveProductsAndStats"},
        "api": GATEWAY, "sizes": [20, 50], "datepick": True, "params": {"statisticsType": "day"}, "id_key": "productId",
        "export": "/product/overview/export.xls",
        "columns": [col("subject", "产品"), col("productId", "产品ID"), col("showNum", "曝光"), col("clickNum", "点击"),
                    col("clickRate", "点击率", "pct"), col("visitorCnt", "访客"), col("fbNum", "反馈")],
        "filters": [("statisticsType", "统计周期", [("day", "昨天"), ("week", "近7天"), ("month", "近30天")])],
        "actions": [],
    },
    "ineffective": {
        "paths": ["/product/ineffective"], "title": "数据管家 · 零效果产品", "dialect": "gateway",
        "iName": "getIneffectiveProducts", "api": GATEWAY, "sizes": [20, 50], "id_key": "productId",
        "columns": [col("subject", "产品"), col("productId", "产品ID"), col("ineffectiveDays", "零效果天数"),
                    col("finalScore", "产品质量分"), col("isWindowProduct", "橱窗", "bool")],
        "filters": [("minDays", "零效果时长", [("", "全部"), ("30", "30天以上"), ("90", "90天以上"), ("180", "180天以上")])],
        "actions": [("edit", "编辑", "/product/publish.htm?itemId={id}")],
    },
    "keywords": {
        "paths": ["/traffic/keyword"], "title": "数据管家 · 引流关键词", "dialect": "gateway",
        "iName": "vip/traffic/keyword/getKeywords", "api": GATEWAY, "sizes": [20, 50], "datepick": True, "id_key": "keyword",
        "newer": {"dialect": "gatewayPlain"},        # the name sent with a plain slash
        "columns": [col("keyword", "关键词"), col("showNum", "曝光"), col("clickNum", "点击"), col("clickRate", "点击率", "pct"),
                    col("visitorCnt", "访客"), col("fbNum", "询盘")],
        "filters": [], "actions": [],
    },
    "sources": {
        "paths": ["/traffic/source"], "title": "数据管家 · 流量来源", "dialect": "gateway", "iName": "getTrafficSource",
        "api": GATEWAY, "sizes": [20], "datepick": True, "id_key": "sourceName",
        "columns": [col("sourceName", "来源"), col("visitorCnt", "访问人数"), col("rate", "占比", "pct")],
        "filters": [], "actions": [],
    },
    "visitors": {
        "paths": ["/visitor/visitors"], "title": "数据管家 · 访客详情", "dialect": "gateway", "iName": "getVisitors",
        "api": GATEWAY, "sizes": [20, 50], "id_key": "visitorId",
        "columns": [col("visitorId", "访客"), col("countryCode", "国家"), col("pv", "浏览页数"), col("productId", "浏览产品"),
                    col("source", "来源"), col("visitTime", "访问时间", "ms"), col("hasInquiry", "是否询盘", "bool")],
        "filters": [], "actions": [],
    },
    "customers": {   # alicrm.alibaba.com: the answer is the real one (crm_customer_list.json); the paths are guesses
        "paths": ["/crm/customer_list.htm"], "title": "客户管理 · 客户列表", "dialect": "crm",
        "newer": {"dialect": "crmV2", "sizes": [100, 500]},
        "api": "/jsonp/customer/queryCustomerList.json", "sizes": [20, 50], "id_key": "customerId",
        "columns": [col("companyName", "公司"), col("mainContact.contactName", "联系人"), col("countryCode", "国家"),
                    col("customerSources", "来源"), col("createDate", "创建时间"), col("saleName", "负责人")],
        "filters": [], "actions": [],
    },
    "marketing": {   # a guess: 数据管家 · 访客营销
        "paths": ["/visitor/marketing"], "title": "数据管家 · 访客营销", "dialect": "gateway", "iName": "getMarketingVisitors",
        "api": GATEWAY, "sizes": [20, 50], "id_key": "visitorId",
        "columns": [col("visitorId", "访客"), col("countryCode", "国家"), col("productIds", "浏览产品"), col("visitCnt", "访问次数"),
                    col("lastVisitTime", "最近访问", "ms"), col("marketed", "已营销", "bool")],
        "filters": [], "actions": [("market", "营销", None)],
    },
    "shop_visits": {   # a guess: 数据管家 · 我的店铺
        "paths": ["/shop/visit"], "title": "数据管家 · 店铺访问详情（近7天）", "dialect": "gateway", "iName": "getShopVisitDetail",
        "api": GATEWAY, "sizes": [20], "id_key": "pageType",
        "columns": [col("pageName", "页面"), col("visitorCnt", "访客数"), col("avgStayTime", "平均停留时长(秒)"),
                    col("pvPerVisitor", "人均访问页面数"), col("fbNum", "询盘数"), col("clickNum", "点击数")],
        "filters": [], "actions": [],
    },
    "top_display": {   # a guess: 顶级展位's report
        "paths": ["/marketing/top_display"], "title": "顶级展位 · 效果（近7天）", "dialect": "gateway", "iName": "getTopDisplay",
        "api": GATEWAY, "sizes": [20], "id_key": "productId",
        "columns": [col("keyword", "关键词"), col("subject", "推广产品"), col("productId", "产品ID"), col("showNum", "曝光"),
                    col("clickNum", "点击"), col("fbNum", "询盘")],
        "filters": [], "actions": [],
    },
    "orders": {
        "paths": ["/order/list.htm"], "title": "订单管理", "dialect": "guess", "api": "/order/ajax/list.json", "sizes": [20, 50],
        "newer": {"dialect": "ordersV2", "api": "/list/ajax/ta/mainv2.json", "id_key": "baseInfo.orderId",
                  "columns": [col("baseInfo.orderId", "订单号"), col("buyer.fullName", "买家"), col("statusAction.status", "订单状态"),
                              col("paymentInfo.totalAmount.number", "金额"), col("baseInfo.shippingDeadline", "发货截止日"),
                              col("baseInfo.shippingOverdue", "是否逾期", "bool")]},
        "columns": [col("id", "订单号"), col("buyer", "买家"), col("status", "订单状态"), col("amount", "金额"),
                    col("ship_by", "发货截止日"), col("overdue", "是否逾期", "bool")],
        "filters": [("status", "订单状态", [("", "全部"), ("waiting_payment", "待付款"), ("waiting_shipment", "待发货"),
                                           ("shipped", "已发货"), ("completed", "已完成")])], "actions": [],
    },
    "reviews": {
        "paths": ["/order/reviews.htm"], "title": "评价管理", "dialect": "guess", "api": "/order/ajax/reviews.json", "sizes": [20, 50],
        "columns": [col("id", "评价ID"), col("order_id", "订单号"), col("rating", "评分"), col("date", "评价日期"),
                    col("text", "内容")], "filters": [], "actions": [],
    },
    "activities": {
        "paths": ["/activity/center.htm"], "title": "营销活动中心", "dialect": "guess", "api": "/activity/ajax/list.json",
        "sizes": [20, 50], "search": "q",
        "columns": [col("name", "活动名称"), col("type", "活动类型"), col("eligible", "是否符合报名条件", "bool"),
                    col("deadline", "报名截止"), col("signed_up", "已报名", "bool")],
        "filters": [], "actions": [("signup", "立即报名", None)],
    },
}

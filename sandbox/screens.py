"""The table screens of the seller back office: where each lives, which JSON call fills it, and
its columns, filters and row actions, with the Chinese labels the real seller center shows."""
from __future__ import annotations

NAV = [
    ("/home.htm", "首页"),
    ("/message/maillist.htm", "询盘"),
    ("/message/tmlist.htm", "TM消息"),
    ("/rfq_search_list.htm", "RFQ商机"),
    ("/p4p/keywords.htm", "外贸直通车"),
    ("/product/products_manage.htm", "产品管理"),
    ("/mydata/overview.htm", "数据管家"),
    ("/order/list.htm", "订单"),
    ("/order/reviews.htm", "评价"),
    ("/activity/center.htm", "营销活动中心"),
]


def col(key, label, sortable=False, fmt=None):
    return {"key": key, "label": label, "sortable": sortable, "fmt": fmt}


SCREENS = {
    "inquiries": {
        "path": "/message/maillist.htm", "title": "询盘", "api": "/message/ajax/list.json", "params": {"type": "inquiry"},
        "variant_api": "/message/v2/queryMessages.json", "sort": "received", "desc": True,
        "columns": [col("buyer", "买家"), col("country", "国家"), col("buyer_local_time", "买家当地时间"),
                    col("product_title", "产品"), col("received", "接收时间", True), col("replied", "是否回复", fmt="bool"),
                    col("owner", "负责人")],
        "filters": [("replied", "回复状态", [("", "全部"), ("false", "未回复"), ("true", "已回复")])],
        "actions": [("view", "查看", "/message/detail.htm?id={id}")],
    },
    "tm": {
        "path": "/message/tmlist.htm", "title": "TM消息", "api": "/message/ajax/list.json", "params": {"type": "tm"},
        "variant_api": "/message/v2/queryMessages.json", "sort": "received", "desc": True,
        "columns": [col("buyer", "买家"), col("country", "国家"), col("buyer_local_time", "买家当地时间"),
                    col("product_title", "产品"), col("received", "接收时间", True), col("replied", "是否回复", fmt="bool"),
                    col("owner", "负责人")],
        "filters": [("replied", "回复状态", [("", "全部"), ("false", "未回复"), ("true", "已回复")])],
        "actions": [("view", "查看", "/message/detail.htm?id={id}")],
    },
    "rfq": {
        "path": "/rfq_search_list.htm", "title": "RFQ商机", "api": "/rfq/ajax/search.json", "params": {},
        "variant_api": "/rfq/v2/searchRfq.json", "sort": "posted", "desc": True, "search": "SearchText",
        "columns": [col("title", "采购需求"), col("quantity", "采购数量", True), col("unit", "单位"), col("country", "国家"),
                    col("posted", "发布时间", True), col("quotes_left", "剩余报价名额", True), col("quoted", "已报价", fmt="bool")],
        "filters": [], "actions": [("detail", "详情", "/rfq/detail.htm?id={id}"), ("quote", "立即报价", "/rfq/quote.htm?rfqId={id}")],
    },
    "p4p": {
        "path": "/p4p/keywords.htm", "title": "外贸直通车 · 关键词", "api": "/p4p/ajax/keywords.json", "params": {},
        "variant_api": "/p4p/v2/kwList.json", "sort": "spend", "desc": True, "daterange": True, "search": "q",
        "columns": [col("keyword", "关键词"), col("campaign", "推广计划"), col("bid", "出价", True), col("base_price", "底价"),
                    col("qs_star", "推广评分", True), col("est_rank", "预估排名"), col("impressions", "曝光量", True),
                    col("clicks", "点击量", True), col("ctr", "点击率", True, "pct"), col("cpc", "平均点击花费", True),
                    col("spend", "花费", True), col("inquiries", "询盘", True)],
        "filters": [("campaign", "推广计划", [("", "全部"), ("standard", "标准推广"), ("smart", "智能推广")])],
        "actions": [("bid", "出价", None)], "id_key": "keyword_id",
    },
    "products": {
        "path": "/product/products_manage.htm", "title": "管理产品", "api": "/product/asyQueryProductsList.do", "params": {},
        "variant_api": "/product/v2/queryProducts.json", "sort": "id", "desc": False, "search": "q",
        "columns": [col("title", "产品信息"), col("id", "产品ID"), col("quality_score", "产品质量分", True),
                    col("tier", "产品分层"), col("status", "审核状态"), col("display", "上架状态"),
                    col("showcase", "橱窗", fmt="bool"), col("zero_days", "零效果天数", True), col("created", "发布时间", True)],
        "filters": [("status", "审核状态", [("", "全部"), ("approved", "审核通过"), ("pending", "审核中"), ("rejected", "审核不通过")]),
                    ("displayStatus", "上架状态", [("", "全部"), ("on", "已上架"), ("off", "已下架")]),
                    ("tier", "产品分层", [("", "全部"), ("new", "新品"), ("low_score", "低分品"), ("potential", "潜力品"),
                                       ("strong", "实力优品"), ("hot", "爆品")]),
                    ("zeroEffect", "零效果产品", [("", "全部"), ("30", "30天零效果"), ("90", "90天零效果"), ("180", "180天零效果")]),
                    ("maxScore", "质量分", [("", "全部"), ("4.5", "低于4.5分")])],
        "actions": [("edit", "编辑", "/product/publish.htm?itemId={id}"), ("republish", "重发", None),
                    ("showcase", "橱窗", None), ("delete", "删除", None)],
    },
    "analysis": {
        "path": "/mydata/products.htm", "title": "数据管家 · 产品分析", "api": "/mydata/ajax/products.json", "params": {"period": "1"},
        "variant_api": "/mydata/v2/productEffect.json", "sort": "feedback", "desc": True, "datepick": True,
        "columns": [col("title", "产品"), col("product_id", "产品ID"), col("impressions", "曝光", True), col("clicks", "点击", True),
                    col("ctr", "点击率", True, "pct"), col("visitors", "访客", True), col("feedback", "反馈", True)],
        "filters": [("period", "统计周期", [("1", "昨天"), ("7", "近7天"), ("30", "近30天")])], "actions": [],
        "id_key": "product_id",
    },
    "keywords": {
        "path": "/mydata/keywords.htm", "title": "数据管家 · 引流关键词", "api": "/mydata/ajax/keywords.json", "params": {},
        "variant_api": "/mydata/v2/kwEffect.json", "sort": "impressions", "desc": True, "datepick": True,
        "columns": [col("keyword", "关键词"), col("impressions", "曝光", True), col("clicks", "点击", True),
                    col("ctr", "点击率", True, "pct"), col("visitors", "访客", True), col("inquiries", "询盘", True)],
        "filters": [], "actions": [], "id_key": "keyword",
    },
    "sources": {
        "path": "/mydata/sources.htm", "title": "数据管家 · 流量来源", "api": "/mydata/ajax/sources.json", "params": {},
        "variant_api": "/mydata/v2/trafficSource.json", "sort": "visits", "desc": True, "datepick": True,
        "columns": [col("source", "来源"), col("visits", "访问人数", True), col("share", "占比", True, "pct")],
        "filters": [], "actions": [], "id_key": "source",
    },
    "visitors": {
        "path": "/mydata/visitors.htm", "title": "数据管家 · 访客详情", "api": "/mydata/ajax/visitors.json", "params": {},
        "variant_api": "/mydata/v2/visitorList.json", "sort": "time", "desc": True,
        "columns": [col("visitor_id", "访客"), col("country", "国家"), col("pages", "浏览页数", True),
                    col("product_id", "浏览产品"), col("source", "来源"), col("time", "访问时间", True),
                    col("inquired", "是否询盘", fmt="bool")],
        "filters": [], "actions": [], "id_key": "visitor_id",
    },
    "orders": {
        "path": "/order/list.htm", "title": "订单管理", "api": "/order/ajax/list.json", "params": {},
        "variant_api": "/order/v2/orderList.json", "sort": "ship_by", "desc": False,
        "columns": [col("id", "订单号"), col("buyer", "买家"), col("status", "订单状态"), col("amount", "金额", True),
                    col("ship_by", "发货截止日", True), col("overdue", "是否逾期", fmt="bool")],
        "filters": [("status", "订单状态", [("", "全部"), ("waiting_payment", "待付款"), ("waiting_shipment", "待发货"),
                                           ("shipped", "已发货"), ("completed", "已完成")])], "actions": [],
    },
    "reviews": {
        "path": "/order/reviews.htm", "title": "评价管理", "api": "/order/ajax/reviews.json", "params": {},
        "variant_api": "/order/v2/reviewList.json", "sort": "date", "desc": True,
        "columns": [col("id", "评价ID"), col("order_id", "订单号"), col("rating", "评分", True), col("date", "评价日期", True),
                    col("text", "内容")], "filters": [], "actions": [],
    },
    "activities": {
        "path": "/activity/center.htm", "title": "营销活动中心", "api": "/activity/ajax/list.json", "params": {},
        "variant_api": "/activity/v2/list.json", "sort": "deadline", "desc": False, "search": "q",
        "columns": [col("name", "活动名称"), col("type", "活动类型"), col("eligible", "是否符合报名条件", fmt="bool"),
                    col("deadline", "报名截止", True), col("signed_up", "已报名", fmt="bool")],
        "filters": [], "actions": [("signup", "立即报名", None)],
    },
}

BY_API = {s["api"]: name for name, s in SCREENS.items()}

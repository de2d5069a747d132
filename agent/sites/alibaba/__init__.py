"""Alibaba.com (国际站): the seller center on i.alibaba.com and its hosts."""

from .._site import Site

R = "agent.routines"
SITE = Site(
    name="alibaba",
    label={"zh": "国际站", "en": "Alibaba.com"},
    routines={
        "keepalive": f"{R}.keepalive:keepalive",
        "metrics": f"{R}.metrics:metrics",
        "inquiries": f"{R}.inquiries:inquiries",
        "rankings": f"{R}.rankings:rankings",
        "diagnose": f"{R}.diagnose:diagnose",
        "p4p_review": f"{R}.reviews:p4p_review",
        "zero_effect": f"{R}.reviews:zero_effect",
        "activities": f"{R}.reviews:activities",
        "doctor": f"{R}.doctor:doctor",
        "capture": f"{R}.doctor:capture",
        "customers": f"{R}.customers:customers",
    },
    schedule={
        "keepalive": ["0 9 * * mon-fri"],  # working days at 09:00
        "inquiries": ["0,30 8-21 * * *", "0 22 * * *"],  # every 30 minutes, 08:00-22:00
        "p4p_review": ["0 9 * * *", "0 15 * * *", "0 20 * * *"],
        "activities": ["0 10 * * mon"],  # official activity centre on Mondays
        "zero_effect": ["0 10 * * tue"],  # zero-effect products on Tuesdays
        "customers": ["15 9 * * *"],  # new inquiries' buyers into 客户管理, yesterday's 名片
        "metrics": ["30 10 * * *"],  # 数据管家 has updated by 10:00
        "rankings": ["0 11 * * *"],
        "diagnose": ["30 11 * * *"],
        "report:daily": ["0 12 * * *"],
        "report:weekly": ["15 12 * * mon"],
        "report:monthly": ["0 9 1 * *"],  # the monthly inquiry report on the 1st
    },
    login="agent.pages.login:LoginPage",
    login_url="https://login.alibaba.com/newlogin/icbuLogin.htm",
    search="agent.pages.buyer_search:BuyerSearch",
    search_url="https://www.alibaba.com/trade/search?SearchText={keyword}&page={page}",
    paid_keywords=f"{R}.rankings:p4p_keywords",
    reports="agent.reports.alibaba",
    paid_label={"zh": "直通车", "en": "P4P"},
    member_id="the company id, digits",
    member_id_pattern=r"^[0-9]{3,20}$",
    doctor=f"{R}.doctor:alibaba_checks",
    thresholds="agent.sites.alibaba.thresholds:Thresholds",
)

"""Alibaba.com (国际站): the seller center on i.alibaba.com and its hosts. Everything of this site
lives in this package: its screens (`pages/`), routines (`routines/`), diagnosis rules (`rules*.py`),
edit kinds (`edits/`) and their limits (`limits.py`), reports (`reports.py`), thresholds and the
words people use for its screens (`words.py`)."""

from .._site import Site

R, OWN = "agent.routines", "agent.sites.alibaba"
SITE = Site(
    name="alibaba",
    default=True,  # a store without `site` is an Alibaba.com store
    label={"zh": "国际站", "en": "Alibaba.com"},
    routines={
        "keepalive": f"{OWN}.routines.keepalive:keepalive",
        "metrics": f"{OWN}.routines.metrics:metrics",
        "inquiries": f"{OWN}.routines.inquiries:inquiries",
        "rankings": f"{R}.rankings:rankings",
        "diagnose": f"{OWN}.routines.diagnose:diagnose",
        "p4p_review": f"{OWN}.routines.reviews:p4p_review",
        "zero_effect": f"{OWN}.routines.reviews:zero_effect",
        "activities": f"{OWN}.routines.reviews:activities",
        "doctor": f"{R}.doctor:doctor",
        "capture": f"{R}.doctor:capture",
        "customers": f"{OWN}.routines.customers:customers",
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
    search=f"{OWN}.pages.search:AlibabaSearch",
    search_url="https://www.alibaba.com/trade/search?SearchText={keyword}&page={page}",
    paid_keywords=f"{OWN}.routines.checks:p4p_keywords",
    reports="agent.sites.alibaba.reports",
    paid_label={"zh": "直通车", "en": "P4P"},
    member_id="the company id, digits",
    member_id_pattern=r"^[0-9]{3,20}$",
    member_id_zh="公司 ID，是一串数字",
    back_office="https://i.alibaba.com",
    doctor=f"{OWN}.routines.checks:checks",
    thresholds=f"{OWN}.thresholds:Thresholds",
    edits=f"{OWN}.edits",
    words=f"{OWN}.words",
    demo=f"{OWN}.demo",
    hosts=("alibaba.com",),
    login_markers=("/newlogin/", "login.alibaba.com", "passport.alibaba.com/mini_login"),
    home=f"{OWN}.pages.home:HomePage",  # 我的阿里 home: its star-level call answers only a signed-in seller
    screens=(
        "home",
        "inquiries",
        "inquiry_detail",
        "customers",
        "public_pool",
        "edm",
        "rfq",
        "rfq_quote",
        "products",
        "product_editor",
        "p4p",
        "p4p_campaigns",
        "activities",
        "fans_posts",
        "orders",
        "reviews",
        "top_display",
        "mydata_overview",
        "mydata_products",
        "mydata_ineffective",
        "mydata_visitors",
        "mydata_sources",
        "mydata_keywords",
        "mydata_shop_visits",
        "mydata_marketing",
        "mydata_keyword_index",
    ),
    session_cookies=("xman_t", "xman_us_t"),  # REAL_SITE.md: the session and the one carrying ctoken
)

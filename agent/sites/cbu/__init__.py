"""1688 (诚信通): work.1688.com, offer.1688.com, sycm.1688.com and s.1688.com. Its week follows
seed 003: re-publish in four rounds a day under a standing plan, 生意参谋 and 网销宝 every morning,
inquiries and 旺旺, titles, showcase swaps every 15 days. Everything of this site lives in this
package, laid out as Alibaba.com's is (`agent/sites/alibaba`)."""

from .._site import Site

R, OWN = "agent.routines", "agent.sites.cbu"
SITE = Site(
    name="1688",
    label={"zh": "1688", "en": "1688"},
    routines={
        "keepalive": f"{OWN}.routines.daily:keepalive",
        "metrics": f"{OWN}.routines.daily:metrics",
        "inquiries": f"{OWN}.routines.daily:inquiries",
        "rankings": f"{R}.rankings:rankings",
        "diagnose": f"{OWN}.routines.diagnose:diagnose",
        "republish": f"{OWN}.routines.republish:republish",
        "wxb_review": f"{OWN}.routines.daily:wxb_review",
        "doctor": f"{R}.doctor:doctor",
        "capture": f"{R}.doctor:capture",
    },
    schedule={
        "republish": ["30 8,11,14,16 * * *"],  # seed 003: 08:30, 11:30, 14:30, 16:30
        "keepalive": ["0 9 * * *"],
        "inquiries": ["0 9-21/2 * * *"],  # inquiries and 旺旺 through the day
        "metrics": ["45 8 * * *"],  # 生意参谋 and 网销宝 for yesterday, every morning
        "wxb_review": ["0 9 * * *", "0 14 * * *", "0 20 * * *"],  # 网销宝 three times a day
        "rankings": ["15 9 * * *"],  # keyword ranks in the morning
        "diagnose": ["30 9 * * *"],
        "report:daily": ["0 10 * * *"],
        "report:weekly": ["0 17 * * fri"],  # weekly ranking statistics and next week's plan
        "report:monthly": ["0 17 28 * *"],  # the month's inquiry report, at the month's end
    },
    login="agent.sites.cbu.pages.login:CbuLoginPage",
    login_url="https://login.1688.com/member/signin.htm",
    search="agent.sites.cbu.pages.search:CbuSearch",
    search_url="https://s.1688.com/selloffer/offer_search.htm?keywords={keyword}&beginPage={page}",
    paid_keywords=f"{OWN}.routines.daily:wxb_keywords",
    reports="agent.sites.cbu.reports",
    paid_label={"zh": "网销宝", "en": "网销宝 ads"},
    member_id="the member id, e.g. b2b-2208123456",
    member_id_pattern=r"^b2b-[0-9]{6,20}$",
    member_id_zh="会员 ID，形如 b2b-2208123456",
    back_office="https://work.1688.com",
    doctor=f"{OWN}.routines.checks:checks",
    thresholds=f"{OWN}.thresholds:Thresholds",
    edits=f"{OWN}.edits",
    words=f"{OWN}.words",
    demo=f"{OWN}.demo",
    hosts=("1688.com",),
    login_markers=("login.1688.com", "/member/signin"),
    screens=(
        "cbu_work",
        "cbu_inquiries",
        "cbu_offers",
        "cbu_offer_editor",
        "cbu_showcase",
        "cbu_sycm",
        "cbu_wxb",
        "cbu_experience",
    ),
    home=f"{OWN}.pages.workbench:Workbench",  # 工作台: its calls answer only a signed-in seller
    session_cookies=("cookie2", "__cn_logon__"),  # REAL_SITE.md: 1688's cookies live about 6 days
)

"""Every part of the sandbox's 1688 that no public source shows, in one place. When a real capture
shows one of these, change it here (and in the module named) and in the page object that reads it.

- 重发 (re-publish): the offer list's 批量重发 button posts offer/ajax/repost.json (offerIds,
  _csrf_token) answering {success, data: {successIds, failList[{offerId, reason}]}}; an offer may be
  re-published once a calendar day, only while on sale, not after 18:00 (seed 003: the site no longer
  refreshes then), at most REPOST_DAILY_LIMIT a day (seller.py, __init__.py).
- the offer list's keys beyond REAL_SITE.md's: gmtModified (the last re-publish) and infoStar
  (information quality) (views.py).
- the offer editor: offer/post/edit.htm?offerId= with the title in #subject, at most 30 characters,
  answering with .publish-success or .error-msg (seller.py).
- the older 工作台's store score call home/ajax/shopScore.json carrying 旺铺评分 (shopScore) and 新灯塔's
  nlhScore with the real keys (seller.py). The newer 工作台's gateway getValuesFromGateway and its
  CDT_7nkFnu…moduleServiceScoreModelList are public evidence; its CDT_shopScore module (旺铺评分), the
  indexSet codes and the componentKeys it is asked with are guesses (seller.py).
- 生意参谋: the older call paths under /ms/ (flow/overview, inquiry/overview, trade/overview,
  flow/source, flow/keyword) — the newer ones are public evidence — and, in both forms, flow/trend and
  flow/hourly and the {code, message, data} envelope's message; the figures' keys are the real ones
  (sycm.py).
- the newer offer list: which rows lack statusName (every third, never one taken down) and which
  have pictureURL {} (every fourth); that lifePeriod is ignored on every call, not only sometimes;
  the csrf query parameter's name (seller.py).
- 1688 search's newer shape: the keys inside data.data.offerList[] are the older items' data keys
  (search.py).
- 网销宝's keyword report (/wxb/keyword.htm, wxb/ajax/keywordReport.json), 商品体验中心
  (/experience/index.htm, experience/ajax/problems.json), 询价 (/inquiry/manage.htm,
  inquiry/ajax/list.json) and the showcase (/showcase/manage.htm, showcase/ajax/list.json and
  replace.json), each answering {success, data} (sycm.py, seller.py).
- the QR panel's poll /member/qrcode/query.do and the password form's post /member/signin.do
  (loginId, password2) (seller.py).
"""

"""Rows in the real answers' shapes, filled from the sandbox's store: a product of the product
manager's list call, an inquiry of the inquiry list call, a P4P keyword of the keyword calls.
Templates in `shapes.py` carry every key of the real answers; only the values change here."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from .shapes import INQUIRY, KEYWORD_INFO, PRODUCT

# powerScoreLayer of the real list for the sandbox's product tiers (low-score ones are "ordinary"
# with isLowScore); "new" products are ordinary too.
LAYER = {
    "new": "ordinary",
    "low_score": "ordinary",
    "potential": "potential",
    "strong": "highQuality",
    "hot": "superHighQuality",
}
COUNTRY = {
    "US": "United States",
    "GB": "United Kingdom",
    "DE": "Germany",
    "IN": "India",
    "BR": "Brazil",
    "AE": "United Arab Emirates",
    "AU": "Australia",
    "NG": "Nigeria",
    "MX": "Mexico",
    "FR": "France",
    "SA": "Saudi Arabia",
    "CA": "Canada",
}
LEVELS = ("L1", "L2", "L3", "L4")


def ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def product(rt, p, month: dict | None) -> dict:
    """One product of asyQueryProductsList.do; `month`: the product's 30-day figures (statisticsType=month)."""
    r: dict[str, Any] = copy.deepcopy(PRODUCT)
    pid = int(p.id)
    slug = "-".join(p.title.split())
    modified = rt.store.start - timedelta(days=p.created_days)
    m = month or {"impressions": 0, "clicks": 0, "feedback": 0, "visitors": 0}
    hi = round(p.price * 1.12, 2)
    r.update(
        id=pid,
        subject=p.title,
        keywords=",".join(p.keywords),
        finalScore=p.quality_score,
        qualityScore=p.quality_score,
        powerScoreLayer=LAYER[p.tier],
        isLowScore=p.tier == "low_score",
        status=p.status,
        displayStatus="y" if p.display == "on" else "n",
        isDisplay="Y" if p.display == "on" else "N",
        isWindowProduct=p.showcase,
        isZeroEffectiveOffProduct=p.zero_days >= 30,
        showNum=m["impressions"],
        clickNum=m["clicks"],
        fbNum=m["feedback"],
        visitorCnt=m["visitors"],
        clickRate=round(m["clicks"] / m["impressions"], 4) if m["impressions"] else 0,
        fbRate=round(m["feedback"] / m["clicks"], 4) if m["clicks"] else 0,
        gmtModified=modified.date().isoformat(),
        modifyTime=ms(modified),
        fobPrice=f"US ${p.price:.2f} - {hi:.2f} / Piece",
        skuMinPrice=f"{p.price:.2f}",
        skuMaxPrice=f"{hi:.2f}",
        minOrderQuantity=f"{float(p.moq)}",
        priceUnit="Piece",
        redModel="customize",
        tradeType="notRts",
        groupName1=p.family.title(),
        groupName2="",
        ownerMemberId="sandboxseller01",
        ownerMemberName="张伟",
        detailUrl=f"https://www.alibaba.com/product-detail/{slug}_{pid}.html",
        productDetailUrl=f"https://www.alibaba.com/product-detail/{slug}_{pid}.html",
    )
    r["groupSourcing"]["groupsourcingPID"] = pid
    post = "//post.alibaba.com/product"
    r["option"].update(
        editUrl=f"{post}/publish.htm?itemId={pid}",
        copyToNewProduct=f"{post}/publish.htm?pubType=similarPost&itemId={pid}",
        countryPreferenceUrl=f"{post}/countryPreference/publish.htm?itemId={pid}",
        propUrl=f"{post}/prop/publish.htm?itemId={pid}",
        sampleEditUrl=f"{post}/publish.htm?itemId={pid}#struct-marketSample",
        videoUrl=f"{post}/video/publish.htm?itemId={pid}",
        canDelete="true",
    )
    return r


def inquiry(rt, m: dict, products: dict) -> dict:
    """One row of subjectList.htm's data.list (the list holds one-row lists)."""
    r: dict[str, Any] = copy.deepcopy(INQUIRY)
    fid = int(m["id"])
    created = datetime.fromisoformat(m["received"])
    last = datetime.fromisoformat(m["replies"][-1]["at"]) if m["replies"] else created
    p = products.get(m["product_id"])
    name = COUNTRY[m["country"]]
    sec = f"s{fid:x}Sandbox"
    r.update(
        id=fid,
        feedbackId=fid,
        requestNo=str(fid),
        tradeId=fid,
        messageId=fid + 1,
        secFeedbackId=sec,
        secTradeId=sec,
        feedbackType=6 if m["type"] == "tm" else 1,
        subject=m["subject"],
        createTime=ms(created),
        lastestReplyTime=ms(last),
        modifiedTime=ms(last),
        readTime=ms(datetime.fromisoformat(m["read_at"])) if m.get("read_at") else 0,
        replyStatus=1 if m["replied"] else 0,
        hasUnread=not m["replied"] and not m.get("read_at"),
        unreadCount=0 if m["replied"] or m.get("read_at") else 1,
        distributeStatus=2,
        ownerName=m["owner"],
        process="洽谈中" if m["replied"] else "新询盘",
        mark="NOT_FOLLOW",
        targetIds=[int(m["product_id"])],
        imContent=m["message"],
        messageType="SEND" if m["replied"] else "REC",
        url=f"/message/default.htm?imInquiryId={fid}#feedback/detail/all/{fid}/{fid}/{sec}",
        source="main_en_detail",
        inquiryCount=1 + len(m["replies"]),
    )
    r["sender"].update(
        name=m["buyer"],
        nameFirstLetter=m["buyer"][:1].upper(),
        countryCode=m["country"],
        countryName=name,
        userNewLevel=LEVELS[fid % 4],
        accountId=fid * 3 % 10**9,
        secAccountId=f"b{fid:x}Sandbox",
        isContact=bool(m["replied"]),
    )
    if m.get("company"):  # the real rows carry companyName only sometimes
        r["sender"]["companyName"] = m["company"]
    info = copy.deepcopy(INQUIRY["productInfo"][0])  # type: ignore[index]  # the real row's shape
    info.update(
        productId=int(m["product_id"]),
        productName=m["product_title"],
        quantity=m.get("quantity", 1000),
        unit="piece",
        id=fid + 2,
        url=f"https://www.alibaba.com/product-detail/_{m['product_id']}.html",
        imageUrl=f"https://sc04.alicdn.com/kf/S{m['product_id']}.jpg",
    )
    info["properties"] = info["properties"].replace("1600524250037", m["product_id"])
    r["productInfo"] = [info] if p is not None or m["product_id"] else []
    content = m["replies"][-1]["content"] if m["replies"] else m["message"]
    r["latestMessage"].update(
        content=content, gmtChat=ms(last), gmtChatLong=ms(last), sendType="send" if m["replies"] else "receive"
    )
    return r


def keyword_info(k, best) -> dict:
    """One keyword of recommend/bidword/keywordInfo/v2 (the bid dialog's price advice), in CNY."""
    r: dict[str, Any] = copy.deepcopy(KEYWORD_INFO)
    suggest = round(k.base_price * 2.2, 1)
    r.update(
        bidword=k.keyword,
        normalWord=k.keyword.upper(),
        star=k.qs_star,
        suggestPrice=suggest,
        avgPrice=round((suggest + k.base_price) / 2, 1),
        basePrice=k.base_price,
        currency="CNY",
        inCurrentCampaign=True,
        bestProductId=int(best.id) if best else None,
        top10SeKw=[k.keyword, k.keyword + "s", k.keyword.title()],
    )
    if best is not None:
        r["bestProduct"].update(
            id=int(best.id),
            subject=best.title,
            editUrl=f"https://post.alibaba.com/product/publish.htm?itemId={best.id}",
            detailUrl=f"https://hz-productposting.alibaba.com/product/product_detail.htm?id={best.id}",
        )
    else:
        r["bestProduct"] = None
    return r

"""Alibaba.com's own limits for the values an edit may set (the site's rules, not thresholds)."""


class LIMITS:
    BID_STEP = 0.1  # P4P bids move in steps of 0.1
    BID_MAX = 999.0  # the bid dialog takes at most three digits before the point
    BUDGET_MIN = 30.0  # a campaign's daily budget is at least 30
    BUDGET_MAX = 100_000.0
    TITLE_MAX = 128  # a product title has at most 128 characters
    REPLY_MAX = 8000  # an inquiry reply has at most 8,000 characters
    # the RFQ quote form's own choices (its selects) and limits
    TRADE_TERMS = ("FOB", "CIF", "EXW", "CFR")
    CURRENCIES = ("USD", "EUR", "CNY")
    UNITS = ("Pieces", "Sets", "Units", "Boxes")
    PAYMENTS = ("T/T", "L/C", "Western Union")
    QUOTE_MESSAGE_MAX = 8000
    PRICE_MAX = 1_000_000.0

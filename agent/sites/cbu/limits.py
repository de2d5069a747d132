"""1688's own limits (guesses where no public source shows them: sandbox/cbu/guesses.py)."""


class LIMITS:
    TITLE_MAX = 30  # an offer title has at most 30 characters
    REPOST_LAST_HOUR = 18  # seed 003: after 18:00 the site no longer refreshes re-published offers
    REPOST_DAILY_LIMIT = 500
    ROUNDS = ("08:30", "11:30", "14:30", "16:30")  # seed 003

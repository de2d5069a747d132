"""Tables: runs, daily metric snapshots (store, product, P4P keyword, traffic keyword, traffic
source), inquiries seen, rank snapshots, suggestions and the audit log."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("store", String(40), nullable=False, index=True),
    Column("routine", String(40), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(20), nullable=False),  # running | ok | partial | needs_human | failed | stopped
    Column("counts", JSON, nullable=False, default=dict),
    Column("error", Text),
    Column("screenshots", JSON, nullable=False, default=list),
    Column("traces", JSON, nullable=False, default=list),
    Column("details", JSON),
    Column("worker", String(80)),  # the fleet worker that made the run (None: one machine)
)

metric_overview = Table(
    "metric_overview",
    metadata,
    Column("store", String(40), primary_key=True),
    Column("date", Date, primary_key=True),
    *[
        Column(k, Integer)
        for k in (
            "impressions",
            "clicks",
            "visitors",
            "inquiries",
            "search_clicks",
            "peer_impressions",
            "peer_clicks",
            "peer_visitors",
            "peer_inquiries",
            "excellent_impressions",
            "excellent_clicks",
            "excellent_visitors",
            "excellent_inquiries",
            "last_month_impressions",
            "last_month_clicks",
            "last_month_visitors",
            "last_month_inquiries",
        )
    ],
    Column("ctr", Float),
    Column("conversion", Float),
    Column("search_share", Float),
    *[Column(k, Float) for k in ("l1_share", "peer_l1_share", "excellent_l1_share", "last_month_l1_share")],
    Column("run_id", Integer),
)

metric_product = Table(
    "metric_product",
    metadata,
    Column("store", String(40), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("period", Integer, primary_key=True),
    Column("product_id", String(32), primary_key=True),
    Column("title", Text),
    *[Column(k, Integer) for k in ("impressions", "clicks", "visitors", "feedback")],
    Column("ctr", Float),
    Column("run_id", Integer),
)

metric_p4p_keyword = Table(
    "metric_p4p_keyword",
    metadata,
    Column("store", String(40), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("keyword_id", String(32), primary_key=True),
    Column("keyword", Text),
    Column("campaign", String(20)),
    Column("status", String(20)),
    Column("bid", Float),
    Column("base_price", Float),
    Column("qs_star", Integer),
    Column("est_rank", Integer),
    Column("impressions", Integer),
    Column("clicks", Integer),
    Column("ctr", Float),
    Column("cpc", Float),
    Column("spend", Float),
    Column("inquiries", Integer),
    Column("run_id", Integer),
)

metric_traffic_keyword = Table(
    "metric_traffic_keyword",
    metadata,
    Column("store", String(40), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("keyword", String(200), primary_key=True),
    *[Column(k, Integer) for k in ("impressions", "clicks", "visitors", "inquiries")],
    Column("ctr", Float),
    Column("run_id", Integer),
)

metric_keyword_index = Table(  # 数据管家 · 关键词指数: a word's heat, its 3-month growth, its seller competition
    "metric_keyword_index",
    metadata,
    Column("store", String(40), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("keyword", String(200), primary_key=True),
    Column("heat", Integer),
    Column("growth", Float),
    Column("competition", Integer),
    Column("run_id", Integer),
)

metric_traffic_source = Table(
    "metric_traffic_source",
    metadata,
    Column("store", String(40), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("source", String(40), primary_key=True),
    Column("visits", Integer),
    Column("share", Float),
    Column("run_id", Integer),
)

# 1688: 生意参谋's day (traffic free vs paid, inquiries, orders, GMV, AOV, conversion) and 网销宝's keywords
metric_sycm = Table(
    "metric_sycm",
    metadata,
    Column("store", String(40), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("impressions", Integer),
    Column("pv", Integer),
    Column("uv", Integer),
    Column("click_rate", Float),
    Column("bounce_rate", Float),
    Column("free_uv", Integer),
    Column("paid_uv", Integer),
    Column("inquiries", Integer),
    Column("wangwang_inquiries", Integer),
    Column("orders", Integer),
    Column("buyers", Integer),
    Column("gmv", Float),
    Column("aov", Float),
    Column("conversion", Float),
    Column("run_id", Integer),
)

metric_wxb_keyword = Table(
    "metric_wxb_keyword",
    metadata,
    Column("store", String(40), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("keyword_id", String(32), primary_key=True),
    Column("keyword", Text),
    Column("bid", Float),
    Column("status", String(20)),
    Column("impressions", Integer),
    Column("clicks", Integer),
    Column("ctr", Float),
    Column("spend", Float),
    Column("orders", Integer),
    Column("sales", Float),
    Column("roi", Float),
    Column("run_id", Integer),
)

inquiries_seen = Table(
    "inquiries_seen",
    metadata,
    Column("store", String(40), primary_key=True),
    Column("inquiry_id", String(40), primary_key=True),
    Column("kind", String(10)),  # inquiry | tm
    Column("buyer", Text),
    Column("country", String(8)),
    Column("buyer_local_time", String(20)),
    Column("tz_offset", Integer),
    Column("product_title", Text),
    Column("owner", Text),
    Column("received", DateTime(timezone=True)),
    Column("replied", Boolean),
    Column("first_seen", DateTime(timezone=True)),
    Column("last_seen", DateTime(timezone=True)),
    Column("unread", Boolean),  # the inbox shows it unread (hasUnread): never opened by the agent
    # the seller's first reply as first seen answered (the list's latest reply time then; kept after)
    Column("first_reply", DateTime(timezone=True)),
)

rank_snapshots = Table(
    "rank_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("store", String(40), nullable=False, index=True),
    Column("taken_at", DateTime(timezone=True), nullable=False),
    Column("keyword", String(200), nullable=False, index=True),
    Column("country", String(8), nullable=False, default=""),
    Column("product_id", String(32)),  # null: nothing found within the pages checked
    Column("page", Integer),
    Column("position", Integer),
    Column("rank", Integer),
    Column("organic_rank", Integer),
    Column("kind", String(10)),  # organic | p4p | brand
    Column("title", String(500)),  # the product's title as the search showed it
    Column("pages_checked", Integer),
    Column("run_id", Integer),
)

suggestions = Table(
    "suggestions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("store", String(40), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("target", String(80), nullable=False),
    Column("rationale", Text),
    Column("evidence", JSON),
    Column("precondition", JSON),
    Column("value", JSON),
    Column("state", String(20), nullable=False, default="proposed"),
    Column("created_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True)),
    Column("approved_by", String(80)),
    Column("approved_at", DateTime(timezone=True)),
    Column("dedupe_key", String(200), unique=True),  # store|kind|target while open, NULL once closed
    Column("claim_run", Integer),  # the apply run that claimed it (`applying`)
    Column("lease_until", DateTime(timezone=True)),  # the claim is that run's until then
    Column("version", Integer, nullable=False, default=1, server_default="1"),  # bumped on every change of value
    Column("approved_version", Integer),  # the version the approver saw
    Column("approved_digest", String(64)),  # SHA-256 of what was approved (kind, target, precondition, value)
    Column("rationale_en", Text),  # why, in English (`rationale` is Chinese)
)

locks = Table(
    "locks",
    metadata,  # one holder per name (e.g. apply:<store>)
    Column("name", String(120), primary_key=True),
    Column("run_id", Integer),
    Column("owner", String(120), nullable=False),  # host:pid of the holder
    Column("lease_until", DateTime(timezone=True), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("store", String(40)),
    Column("suggestion_id", Integer),
    Column("actor", String(80)),
    Column("action", String(40), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Column("screenshot", Text),
    Column("note", Text),
)


# ---- the fleet (agent/fleet): several machines, one shared database --------------------------------
fleet_workers = Table(
    "fleet_workers",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("host", String(120)),
    Column("pid", Integer),
    Column("concurrency", Integer),
    Column("stores", JSON),
    Column("started_at", DateTime(timezone=True)),
    Column("heartbeat_at", DateTime(timezone=True)),
)

fleet_jobs = Table(  # each message run once (a redelivered one is not run again)
    "fleet_jobs",
    metadata,
    Column("task_id", String(80), primary_key=True),
    Column("store", String(40), nullable=False, index=True),
    Column("routine", String(40), nullable=False),
    Column("worker", String(80)),
    Column("state", String(20), nullable=False),  # running | done | skipped | missed
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("run_id", Integer),
    Column("note", Text),
)

fleet_events = Table(  # the fleet's alerts, each recorded once (key)
    "fleet_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("store", String(40)),
    Column("worker", String(80)),
    Column("message", Text, nullable=False),
    Column("key", String(200), unique=True),
)

notifications = Table(  # every message the agent sent or tried to send, one per channel and event key
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("event", String(40), nullable=False),
    Column("store", String(40)),
    Column("key", String(200), nullable=False),
    Column("status", String(20), nullable=False),  # sent | failed | quiet (held back in quiet hours)
    Column("title", Text, nullable=False),
    Column("error", Text),
    Column("payload", Text),  # quiet: the whole event (JSON), sent by the first dispatch after quiet hours
    UniqueConstraint("channel", "key", name="uq_notifications_channel_key"),
)

code_requests = Table(  # a run waiting for the code the site e-mailed, typed by a person on the review page
    "code_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("store", String(40), nullable=False),
    Column("run_id", Integer),
    Column("asked_at", DateTime(timezone=True), nullable=False),
    Column("kind", String(10), nullable=False, default="code"),  # code (typed on the page) | scan (QR, by phone)
    Column("status", String(20), nullable=False),  # waiting | answered | used | expired
    Column("code", String(12)),  # kept only until the run has typed it
    Column("picture", Text),  # scan: the screenshot of the QR code the person scans
    Column("answered_by", String(80)),
    Column("answered_at", DateTime(timezone=True)),
)

ui_devices = Table(  # a person's phone or computer kept signed in to the review page (only the secret's hash)
    "ui_devices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("name", String(40), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)

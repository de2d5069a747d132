"""1688 stores: metric_sycm (生意参谋's day) and metric_wxb_keyword (网销宝 keywords per day).

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "metric_sycm",
        sa.Column("store", sa.String(40), primary_key=True), sa.Column("date", sa.Date(), primary_key=True),
        *[sa.Column(c, sa.Integer()) for c in ("impressions", "pv", "uv")],
        sa.Column("click_rate", sa.Float()), sa.Column("bounce_rate", sa.Float()),
        *[sa.Column(c, sa.Integer()) for c in ("free_uv", "paid_uv", "inquiries", "wangwang_inquiries", "orders", "buyers")],
        sa.Column("gmv", sa.Float()), sa.Column("aov", sa.Float()), sa.Column("conversion", sa.Float()),
        sa.Column("run_id", sa.Integer()),
    )
    op.create_table(
        "metric_wxb_keyword",
        sa.Column("store", sa.String(40), primary_key=True), sa.Column("date", sa.Date(), primary_key=True),
        sa.Column("keyword_id", sa.String(32), primary_key=True),
        sa.Column("keyword", sa.Text()), sa.Column("bid", sa.Float()), sa.Column("status", sa.String(20)),
        sa.Column("impressions", sa.Integer()), sa.Column("clicks", sa.Integer()), sa.Column("ctr", sa.Float()),
        sa.Column("spend", sa.Float()), sa.Column("orders", sa.Integer()), sa.Column("sales", sa.Float()),
        sa.Column("roi", sa.Float()), sa.Column("run_id", sa.Integer()),
    )


def downgrade() -> None:
    op.drop_table("metric_wxb_keyword")
    op.drop_table("metric_sycm")

"""metric_keyword_index: 数据管家's 关键词指数 per day — each word's search heat, its growth over the last
3 months and its seller competition; metric_overview's L1+ buyer share and its benchmarks.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None
L1 = ("l1_share", "peer_l1_share", "excellent_l1_share", "last_month_l1_share")


def upgrade() -> None:
    op.create_table(
        "metric_keyword_index",
        sa.Column("store", sa.String(40), primary_key=True),
        sa.Column("date", sa.Date(), primary_key=True),
        sa.Column("keyword", sa.String(200), primary_key=True),
        sa.Column("heat", sa.Integer()),
        sa.Column("growth", sa.Float()),
        sa.Column("competition", sa.Integer()),
        sa.Column("run_id", sa.Integer()),
    )
    with op.batch_alter_table("metric_overview") as t:
        for c in L1:
            t.add_column(sa.Column(c, sa.Float()))


def downgrade() -> None:
    with op.batch_alter_table("metric_overview") as t:
        for c in L1:
            t.drop_column(c)
    op.drop_table("metric_keyword_index")

"""metric_keyword_index: 数据管家's 关键词指数 per day — each word's search heat, its growth over the last
3 months and its seller competition.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


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


def downgrade() -> None:
    op.drop_table("metric_keyword_index")

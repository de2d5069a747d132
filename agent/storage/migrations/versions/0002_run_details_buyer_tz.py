"""runs.details (what a routine found, for reports) and inquiries_seen.tz_offset (buyer time zone,
for the active-hours heatmap)

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as b:
        b.add_column(sa.Column("details", sa.JSON(), nullable=True))
    with op.batch_alter_table("inquiries_seen") as b:
        b.add_column(sa.Column("tz_offset", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inquiries_seen") as b:
        b.drop_column("tz_offset")
    with op.batch_alter_table("runs") as b:
        b.drop_column("details")

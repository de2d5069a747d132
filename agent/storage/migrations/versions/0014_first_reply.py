"""inquiries_seen.first_reply: when the seller first answered an inquiry (the salespeople's reply
figures: within the reply rule, late, the average first-reply time).

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inquiries_seen") as t:
        t.add_column(sa.Column("first_reply", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("inquiries_seen") as t:
        t.drop_column("first_reply")
